/** The console page and its files from web/agent/: plain HTML, CSS and JS under a strict policy (no inline code). */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Request, Response, Server } from 'restify';
import { PACKAGE_ROOT } from '../paths';
import type { Desk } from './desk';
import { fail, SECURITY_HEADERS, sessionCookie } from './http';

export const AGENT_WEB_DIR = join(PACKAGE_ROOT, 'web', 'agent');

const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');

const FILES: Record<string, string> = {
  'agent.js': 'text/javascript; charset=utf-8',
  'agent.css': 'text/css; charset=utf-8',
  'icon.svg': 'image/svg+xml',
};

export function registerPage(server: Server, desks: Map<string, Desk>): void {
  const page = async (req: Request, res: Response) => {
    const options = [...desks.values()].map((d) => `<option value="${escapeHtml(d.botId)}">${escapeHtml(d.name)}</option>`).join('');
    // Tells the script whether to load the console or show the sign-in form, without a 401 round trip first.
    const cookie = sessionCookie(req);
    const signedIn = Boolean(cookie && (await desks.get(cookie.botId)?.accounts.session(cookie.token)));
    const html = read('index.html').replace('{{bots}}', options).replace('{{signedIn}}', String(signedIn));
    write(res, 'text/html; charset=utf-8', Buffer.from(html), { 'Content-Security-Policy': CONTENT_SECURITY_POLICY });
  };
  server.get('/agent', page);
  server.get('/agent/', page);

  server.get('/agent/static/:file', async (req: Request, res: Response) => {
    const file = String(req.params.file);
    const type = Object.hasOwn(FILES, file) ? FILES[file] : undefined;
    if (!type) return fail(res, 404, 'Dit bestand bestaat niet.');
    const body = read(file);
    // Revalidated each time (cheap with the ETag): a changed console must reach every agent at once.
    const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
    if (req.headers['if-none-match'] === etag) return void write(res, type, Buffer.alloc(0), { ETag: etag, 'Cache-Control': 'no-cache' }, 304);
    write(res, type, Buffer.from(body), { ETag: etag, 'Cache-Control': 'no-cache' });
  });
}

const files = new Map<string, string>();
function read(file: string): string {
  // Read once in production; development edits the files, so re-read when LOKET_DEV is set.
  let text = files.get(file);
  if (text === undefined || process.env.LOKET_DEV) files.set(file, (text = readFileSync(join(AGENT_WEB_DIR, file), 'utf8')));
  return text;
}

function write(res: Response, type: string, body: Buffer, headers: Record<string, string>, status = 200): void {
  for (const [k, v] of Object.entries({ ...SECURITY_HEADERS, 'Content-Type': type, ...headers })) res.setHeader(k, v);
  if (status !== 304) res.setHeader('Content-Length', String(body.length));
  res.writeHead(status);
  res.end(status === 304 ? undefined : body);
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
