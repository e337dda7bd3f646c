/**
 * The web chat on a municipality's own site, without Azure or a CDN: the embed script (web/embed.js), Bot Framework
 * Web Chat's bundle from node_modules, each bot's public theme from bot.yaml, the static files in web/ and a demo page
 * "Gemeente Voorbeeld" that embeds the chat the way a municipality would. The chat itself talks to the Direct Line
 * endpoint (src/channels/directline/) on the same server.
 *
 *   GET /                       demo site page with the embed snippet
 *   GET /embed.js               the embed script: <script src="https://loket.example/embed.js" data-bot="ID" defer>
 *   GET /webchat/webchat.js     botframework-webchat's dist/webchat.js
 *   GET /bots/:bot/theme.json   colours, logo, name, assistant name and languages of one bot (/theme.json: the first)
 *   GET /static/:file           css and svg files from web/
 */
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Request, Response } from 'restify';
import { PACKAGE_ROOT } from '../../paths';
import { sendError } from '../httpError';
import type { ChannelRegistration } from '../types';
import { publicTheme } from './theme';

export const WEB_DIR = join(PACKAGE_ROOT, 'web');

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.html': 'text/html; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

/** A file held in memory with its ETag and, for text, a gzipped copy. */
interface Asset { body: Buffer; gzip?: Buffer; etag: string; type: string }

function asset(body: Buffer, type: string): Asset {
  const compressible = !type.startsWith('image/png');
  return { body, type, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`, ...(compressible && body.length > 1024 ? { gzip: gzipSync(body) } : {}) };
}

/** botframework-webchat exports only its CommonJS entry; the browser bundle sits in dist/ beside lib/. */
export function webChatBundlePath(): string {
  return join(dirname(require.resolve('botframework-webchat')), '..', 'dist', 'webchat.js');
}

/**
 * The demo page's policy, without 'unsafe-inline' or 'unsafe-eval' (the Web Chat bundle needs neither;
 * test/web/webchat.test.ts fails on any CSP violation). Web Chat's styles come in through a nonce (renderWebChat's
 * `nonce`), except react-scroll-to-bottom's in Web Chat 4.18, which creates its <style> without the nonce: it is empty
 * and filled through the CSSOM (insertRule, which CSP does not restrict), so the hash of the empty string lets exactly
 * that element in. Chrome treats 'self' in connect-src as the same host over ws: and wss: too (the Direct Line stream).
 */
const EMPTY_STYLE = `sha256-${createHash('sha256').update('').digest('base64')}`;

export function contentSecurityPolicy(nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'self' 'nonce-${nonce}'`,
    `style-src 'self' 'nonce-${nonce}' '${EMPTY_STYLE}'`,
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "media-src 'self' data: blob:",
    // Uploads: Web Chat makes the thumbnail in a worker from a blob: URL, and Direct Line reads the file from one.
    "worker-src blob:",
    "connect-src 'self' blob:",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'self'",
    "object-src 'none'",
  ].join('; ');
}

const STATIC_FILE = /^[a-z0-9][a-z0-9-]*\.(css|svg|png|ico)$/;

export const registerWeb: ChannelRegistration = ({ server, bots }) => {
  const cache = new Map<string, Asset>();
  const cached = (key: string, load: () => Asset): Asset => {
    let a = cache.get(key);
    if (!a) cache.set(key, (a = load()));
    return a;
  };
  const fromWeb = (file: string) => cached(`web:${file}`, () => asset(readFileSync(join(WEB_DIR, file)), TYPES[extname(file)] ?? 'application/octet-stream'));
  const staticFiles = new Set(readdirSync(WEB_DIR).filter((f) => STATIC_FILE.test(f)));

  server.get('/', async (req: Request, res: Response) => {
    const nonce = randomBytes(16).toString('base64');
    const botId = [...bots.keys()][0];
    const bot = bots.get(botId)!.loket.content.bot;
    const html = readTemplate()
      .replaceAll('{{nonce}}', nonce)
      .replaceAll('{{bot}}', escapeHtml(botId))
      .replaceAll('{{name}}', escapeHtml(bot.name))
      .replaceAll('{{assistant}}', escapeHtml(bot.assistant_name ?? 'Loket'));
    send(req, res, asset(Buffer.from(html), TYPES['.html']), { 'Cache-Control': 'no-store', 'Content-Security-Policy': contentSecurityPolicy(nonce), 'Referrer-Policy': 'strict-origin-when-cross-origin' });
  });

  server.get('/embed.js', async (req: Request, res: Response) => {
    // Short cache: municipalities embed this URL without a version, so changes must reach them within minutes.
    send(req, res, fromWeb('embed.js'), { 'Cache-Control': 'public, max-age=300', 'Access-Control-Allow-Origin': '*', 'Cross-Origin-Resource-Policy': 'cross-origin' });
  });

  server.get('/webchat/webchat.js', async (req: Request, res: Response) => {
    const bundle = cached('webchat', () => asset(readFileSync(webChatBundlePath()), TYPES['.js']));
    send(req, res, bundle, { 'Cache-Control': 'public, max-age=86400', 'Access-Control-Allow-Origin': '*', 'Cross-Origin-Resource-Policy': 'cross-origin' });
  });

  // theme.json without a bot id is the first bot's: the embed script without data-bot uses it.
  const theme = async (req: Request, res: Response) => {
    const botId = req.params.bot ?? [...bots.keys()][0];
    const bot = bots.get(botId);
    if (!bot) return sendError(res, 404, `unknown bot "${botId}"`);
    const body = Buffer.from(JSON.stringify(publicTheme(bot.loket.content.bot)));
    send(req, res, asset(body, TYPES['.json']), { 'Cache-Control': 'public, max-age=300', 'Access-Control-Allow-Origin': '*', 'Cross-Origin-Resource-Policy': 'cross-origin' });
  };
  server.get('/theme.json', theme);
  server.get('/bots/:bot/theme.json', theme);

  server.get('/static/:file', async (req: Request, res: Response) => {
    const file = String(req.params.file);
    if (!staticFiles.has(file)) return sendError(res, 404, `no such file "${file}"`);
    send(req, res, fromWeb(file), { 'Cache-Control': 'public, max-age=3600', 'Access-Control-Allow-Origin': '*', 'Cross-Origin-Resource-Policy': 'cross-origin' });
  });
};

let template: string | undefined;
function readTemplate(): string {
  // Read once in production; tests and development edit the file, so re-read when LOKET_DEV is set.
  if (template === undefined || process.env.LOKET_DEV) template = readFileSync(join(WEB_DIR, 'index.html'), 'utf8');
  return template;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Writes an asset with its type, nosniff, ETag (304 when it matches) and gzip when the client accepts it. */
function send(req: Request, res: Response, a: Asset, headers: Record<string, string>): void {
  res.setHeader('Content-Type', a.type);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('ETag', a.etag);
  res.setHeader('Vary', 'Accept-Encoding');
  for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
  if (req.headers['if-none-match'] === a.etag) {
    res.writeHead(304);
    return void res.end();
  }
  const gzip = a.gzip && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
  const body = gzip ? a.gzip! : a.body;
  if (gzip) res.setHeader('Content-Encoding', 'gzip');
  res.setHeader('Content-Length', String(body.length));
  res.writeHead(200);
  res.end(req.method === 'HEAD' ? undefined : body);
}
