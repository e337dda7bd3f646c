import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import WebSocket from 'ws';
import { PACKAGE_ROOT } from '../../../src/paths';
import { startServer, type RunningServer, type ServeOptions } from '../../../src/server';

export const SECRET = 'direct-line-test-secret-0123456789abcdef';

export function stateFile(): string {
  return join(mkdtempSync(join(tmpdir(), 'loket-dl-')), 'state.sqlite');
}

/** The real server on a free port, with a fixed token secret so tokens survive a restart. */
export function start(extra: Partial<ServeOptions> = {}): Promise<RunningServer> {
  process.env.LOKET_DIRECTLINE_SECRET = SECRET;
  return startServer({ root: PACKAGE_ROOT, port: 0, anonymous: true, log: pino({ level: 'silent' }), stateFile: stateFile(), now: () => OFFICE_HOURS, ...extra });
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export async function call(method: string, url: string, opts: { token?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<{ status: number; json: Json }> {
  const headers: Record<string, string> = { ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}), ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}), ...opts.headers };
  const res = await fetch(url, { method, headers, body: opts.body === undefined ? undefined : typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body) });
  return { status: res.status, json: await res.json().catch(() => undefined) };
}

export interface Started {
  conversationId: string;
  token: string;
  streamUrl: string;
}

/** tokens/generate, then POST /conversations with that token: what Web Chat does with a token. */
/** Tuesday 10 March 2026, 10:00 in Amsterdam: the chat desk is open. */
export const OFFICE_HOURS = new Date('2026-03-10T10:00:00+01:00');

export async function startConversation(s: RunningServer, user?: { id: string; name?: string }): Promise<Started> {
  const gen = await call('POST', `${s.url}/v3/directline/tokens/generate`, user ? { body: { user } } : {});
  expect(gen.status).toBe(200);
  const conv = await call('POST', `${s.url}/v3/directline/conversations`, { token: gen.json.token });
  expect(conv.status).toBe(201);
  return conv.json;
}

export async function activities(s: RunningServer, c: Started, watermark = ''): Promise<{ activities: Json[]; watermark?: string }> {
  const r = await call('GET', `${s.url}/v3/directline/conversations/${c.conversationId}/activities?watermark=${watermark}`, { token: c.token });
  expect(r.status).toBe(200);
  return r.json;
}

export function say(s: RunningServer, c: Started, text: string, extra: object = {}): Promise<{ status: number; json: Json }> {
  return call('POST', `${s.url}/v3/directline/conversations/${c.conversationId}/activities`, { token: c.token, body: { type: 'message', text, from: { id: 'resident-1', name: 'Resident' }, ...extra } });
}

/** A WebSocket client that collects every activity it is sent. */
export class Stream {
  readonly messages: { activities: Json[]; watermark: string }[] = [];
  readonly opened: Promise<void>;

  constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => this.messages.push(JSON.parse(String(data))));
    this.opened = new Promise((resolve, reject) => { ws.once('open', () => resolve()); ws.once('error', reject); });
  }

  static open(url: string): Stream {
    return new Stream(new WebSocket(url));
  }

  get activities(): Json[] {
    return this.messages.flatMap((m) => m.activities);
  }

  async waitFor(predicate: (a: Json) => boolean, timeoutMs = 5000): Promise<Json> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const found = this.activities.find(predicate);
      if (found) return found;
      if (Date.now() > until) throw new Error(`no such activity on the stream; got ${JSON.stringify(this.activities.map((a) => a.text ?? a.type))}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  close(): Promise<void> {
    if (this.ws.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((r) => { this.ws.once('close', () => r()); this.ws.close(); });
  }
}

/** How the server answers a WebSocket handshake it refuses. */
export function refusedWith(url: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.on('unexpected-response', (_req, res) => { resolve(res.statusCode ?? 0); res.resume(); ws.terminate(); });
    ws.on('open', () => { ws.close(); reject(new Error('the handshake was accepted')); });
    ws.on('error', () => undefined);
  });
}
