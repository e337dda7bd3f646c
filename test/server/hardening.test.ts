import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, symlinkSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import pino from 'pino';
import { cacheDirIn, PACKAGE_ROOT } from '../../src/paths';
import { startServer, type RunningServer } from '../../src/server';
import { TEST_NLU_CACHE } from '../nluCache';

const NOW = new Date('2026-03-10T10:00:00+01:00');

/** What a client gets back on a raw socket (for requests fetch cannot send). */
function raw(url: string, request: string): Promise<string> {
  const { port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1', () => socket.write(request));
    let data = '';
    socket.on('data', (d) => (data += d));
    socket.on('close', () => resolve(data));
    socket.on('error', reject);
    socket.setTimeout(5000, () => reject(new Error(`no answer within 5 s; got ${JSON.stringify(data)}`)));
  });
}

const nested = (levels: number) => `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;

describe('hardening: every bad request gets a clear 4xx in JSON', () => {
  let s: RunningServer;
  beforeAll(async () => {
    process.env.LOKET_DIRECTLINE_SECRET = 'hardening-test-secret-0123456789';
    s = await startServer({ root: PACKAGE_ROOT, port: 0, anonymous: true, log: pino({ level: 'silent' }), now: () => NOW, stateFile: join(mkdtempSync(join(tmpdir(), 'loket-hard-')), 'state.sqlite') });
  });
  afterAll(() => s.close());

  const activity = (extra: object) => ({ type: 'message', text: 'hoi', deliveryMode: 'expectReplies', channelId: 'test', conversation: { id: 'h1' }, from: { id: 'r' }, recipient: { id: 'loket' }, serviceUrl: 'http://127.0.0.1:9', ...extra });
  const post = async (path: string, body: string, headers: Record<string, string> = {}) => {
    const res = await fetch(`${s.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
    return { status: res.status, json: (await res.json()) as any };
  };

  it.each([
    ['attachments that are not a list', { attachments: 'x' }, '"attachments" must be a list of at most 50 objects'],
    ['a text of 200,000 characters', { text: 'a'.repeat(200_000) }, '"text" is longer than 10000 characters'],
    ['a service URL that is not a URL', { serviceUrl: '/v3', deliveryMode: 'normal' }, '"serviceUrl" must be an http(s) URL'],
    ['a sender name that is a list', { from: { id: 'r', name: [] } }, '"from.name" must be a string'],
    ['an invoke', { type: 'invoke', name: 'adaptiveCard/action' }, 'Loket takes no invoke activities; send a message or an event'],
    ['no conversation', { conversation: undefined }, 'the activity needs "conversation": {"id": "..."}'],
    ['an activity id with a lone surrogate', { id: '\ud800' }, '"id" must be printable ASCII of at most 1024 characters'],
    ['a conversation id with an emoji', { id: 'a1', conversation: { id: 'gesprek-😀' } }, '"conversation.id" must be printable ASCII of at most 1024 characters'],
    ['a conversation id of 9,000 characters', { conversation: { id: 'c'.repeat(9000) } }, '"conversation.id" must be printable ASCII of at most 1024 characters'],
    ['no service URL and no expectReplies', { serviceUrl: undefined, deliveryMode: undefined }, 'the activity needs a "serviceUrl" (where replies go), or "deliveryMode": "expectReplies"'],
  ])('/api/messages refuses %s', async (_, extra, error) => {
    expect(await post('/api/messages', JSON.stringify(activity(extra)))).toEqual({ status: 400, json: { error } });
  });

  it('/api/messages refuses deeply nested channelData', async () => {
    const body = JSON.stringify(activity({})).replace('{', `{"channelData":${nested(5000)},`);
    expect(await post('/api/messages', body)).toEqual({ status: 400, json: { error: 'the body nests deeper than 32 levels' } });
  });

  it('Direct Line refuses deeply nested channelData with 400 in its own error shape, and goes on', async () => {
    const token = (await post('/v3/directline/tokens/generate', '')).json.token;
    const auth = { authorization: `Bearer ${token}` };
    const started = await post('/v3/directline/conversations', '', auth);
    const path = `/v3/directline/conversations/${started.json.conversationId}/activities`;
    const deep = await post(path, `{"type":"message","text":"hoi","channelData":${nested(5000)}}`, auth);
    expect(deep).toEqual({ status: 400, json: { error: { code: 'BadArgument', message: 'the body nests deeper than 32 levels' } } });
    // An attachment name that is a number was taken, and failed the turn ("Sorry, er ging iets mis").
    const named = await post(path, JSON.stringify({ type: 'message', attachments: [{ contentType: 'image/png', contentUrl: 'https://x.example/y.png', name: 5 }] }), auth);
    expect(named).toEqual({ status: 400, json: { error: { code: 'BadArgument', message: 'an attachment\'s "name" must be a string of at most 256 characters' } } });
    const fine = await post(path, JSON.stringify({ type: 'message', text: 'hoi' }), auth);
    expect(fine.status).toBe(200);
  });

  it('refuses a compressed body with 415 instead of dying on it, and goes on', async () => {
    // One byte with Content-Encoding: gzip took the process down (restify inflated it without an error handler).
    for (const path of ['/healthz', '/api/messages', '/v3/directline/tokens/generate']) {
      const answer = await raw(s.url, `${path === "/healthz" ? "GET" : "POST"} ${path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Encoding: gzip\r\nContent-Length: 1\r\nConnection: close\r\n\r\nx`);
      expect(answer).toMatch(/^HTTP\/1\.1 415 /);
      expect(answer).toMatch(/compressed request bodies are not accepted/);
    }
    const bomb = gzipSync(Buffer.alloc(20_000_000, 0x20));
    const res = await fetch(`${s.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' }, body: bomb });
    expect(res.status).toBe(415);
    expect((await fetch(`${s.url}/healthz`)).status).toBe(200);
  });

  it('refuses bodies it does not read (CSV) with 415 in JSON, on each route', async () => {
    expect(await post('/api/messages', '"', { 'content-type': 'text/csv' })).toEqual({ status: 415, json: { error: 'this type of body is not accepted: send JSON (Content-Type: application/json)' } });
    const token = (await post('/v3/directline/tokens/generate', '')).json.token;
    const csv = await post('/v3/directline/conversations', '"', { 'content-type': 'text/csv', authorization: `Bearer ${token}` });
    expect(csv).toEqual({ status: 415, json: { error: { code: 'BadArgument', message: 'this type of body is not accepted: send JSON (Content-Type: application/json)' } } });
  });

  it('treats an agent cookie that does not decode as no session (401), not a failure', async () => {
    const res = await fetch(`${s.url}/agent/api/me`, { headers: { cookie: `loket_agent=%.${'A'.repeat(43)}` } });
    expect(res.status).toBe(401);
  });

  it('answers headers over 16 KiB with 431 and a JSON body', async () => {
    const answer = await raw(s.url, `GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
    expect(answer).toMatch(/^HTTP\/1\.1 431 Request Header Fields Too Large\r\n/);
    expect(answer).toMatch(/Content-Type: application\/json/);
    expect(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4))).toEqual({ error: 'the request headers are too large (at most 16 KiB)' });
  });

  it('answers 40 WebSocket upgrades to paths without a stream, each with 404 JSON, none held open', async () => {
    const upgrade = (path: string) => raw(s.url, `GET ${path} HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n`);
    const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => upgrade(i % 2 ? `/foo/${i}` : '/v3/directline/conversations')));
    for (const answer of answers) {
      expect(answer).toMatch(/^HTTP\/1\.1 404 Not Found\r\n/);
      expect(answer.endsWith('{"error":"no WebSocket endpoint here"}')).toBe(true);
    }
  });

  it('answers broken HTTP with 400 and a JSON body', async () => {
    const answer = await raw(s.url, 'HELLO\r\n\r\n');
    expect(answer).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(answer).toContain('{"error":"the request is not valid HTTP"}');
  });
});

describe('loket serve logs', () => {
  it('writes its JSON log lines to stderr and nothing to stdout', async () => {
    const root = mkdtempSync(join(tmpdir(), 'loket-logs-'));
    for (const dir of ['bots', 'flows', 'intents']) cpSync(join(PACKAGE_ROOT, dir), join(root, dir), { recursive: true });
    const cache = TEST_NLU_CACHE;
    mkdirSync(cache, { recursive: true });
    mkdirSync(join(root, '.loket'));
    symlinkSync(cache, cacheDirIn(root));
    const child = spawn(process.execPath, [join(PACKAGE_ROOT, 'bin', 'loket.js'), 'serve', '--anonymous', '--port', '0', '--root', root], { env: { ...process.env, LOG_LEVEL: 'info', DATABASE_URL: '' } });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    const listening = new Promise<void>((resolve) => child.stderr.on('data', (d) => {
      err += d;
      if (err.includes('"msg":"loket is listening"')) resolve();
    }));
    const exited = new Promise((resolve) => child.once('exit', resolve));
    try {
      await Promise.race([listening, exited]);
      expect(err).toContain('"msg":"loket is listening"');
      expect(out).toBe('');
    } finally {
      child.kill('SIGTERM');
      await exited;
    }
    // Without a model in the shared test cache the server trains one first (~20 s alone, more beside other suites).
  }, 180_000);
});
