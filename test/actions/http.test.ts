// restify patches http.ServerResponse for the whole process (writeHead then returns nothing), so these
// handlers never chain on writeHead: other test files in the same Jest worker may have loaded restify.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHttpPostAction } from '../../src/actions/http';
import { capturingLog, makeCtx } from './helpers';

interface Received { method?: string; contentType?: string; auth?: string; body: unknown }

/** A real server on 127.0.0.1; each path plays one kind of backend. */
function startServer(received: Received[]): Promise<{ server: http.Server; base: string }> {
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk) => { raw += chunk; });
    req.on('end', () => {
      let body: unknown = raw;
      try { body = JSON.parse(raw); } catch { /* keep raw */ }
      received.push({ method: req.method, contentType: req.headers['content-type'], auth: req.headers.authorization, body });
      switch (req.url) {
        case '/zaken':
          if (req.method !== 'POST' || req.headers['content-type'] !== 'application/json' || typeof body !== 'object') {
            res.writeHead(400); res.end();
            return;
          }
          res.writeHead(201, { 'content-type': 'application/json' }); res.end(JSON.stringify({ zaak: 'Z-2023-1', echo: body }));
          return;
        case '/empty': res.writeHead(204); res.end(); return;
        case '/text': res.writeHead(200, { 'content-type': 'text/plain' }); res.end('OK'); return;
        case '/bad-json': res.writeHead(200, { 'content-type': 'application/json' }); res.end('{not json'); return;
        case '/array': res.writeHead(200, { 'content-type': 'application/json' }); res.end('[1,2]'); return;
        case '/fail': res.writeHead(500, { 'content-type': 'text/plain' }); res.end('kapot'); return;
        case '/hang': return; // holds the request: never answers
        default: res.writeHead(404); res.end();
      }
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      resolve({ server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
    });
  });
}

/** A port nobody listens on: listen, note the port, close. */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const s = http.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

describe('http.post', () => {
  const action = createHttpPostAction();
  const received: Received[] = [];
  let server: http.Server;
  let base: string;

  beforeAll(async () => ({ server, base } = await startServer(received)));
  afterAll(() => new Promise<void>((resolve) => {
    server.closeAllConnections(); // also the held /hang request
    server.close(() => resolve());
  }));
  beforeEach(() => { received.length = 0; });

  const ctxFor = (config: Record<string, unknown>) => makeCtx({ config });

  it('posts the arguments as JSON and returns the JSON answer', async () => {
    const args = { category: 'afval', location: { latitude: 52, longitude: 5 }, url: 'http://evil.example/steal' };
    const result = await action.run(args, ctxFor({ url: `${base}/zaken`, headers: { Authorization: 'Bearer abc' } }));
    expect(result).toEqual({ ok: true, data: { zaak: 'Z-2023-1', echo: args } });
    // args.url went along in the body but did not choose the destination
    expect(received).toEqual([{ method: 'POST', contentType: 'application/json', auth: 'Bearer abc', body: args }]);
  });

  it('keeps content-type JSON even when the config sets another', async () => {
    const result = await action.run({ a: 1 }, ctxFor({ url: `${base}/zaken`, headers: { 'Content-Type': 'text/plain' } }));
    expect(result.ok).toBe(true);
    expect(received[0].contentType).toBe('application/json');
  });

  it('returns only the status for an empty or non-JSON answer', async () => {
    expect(await action.run({}, ctxFor({ url: `${base}/empty` }))).toEqual({ ok: true, data: { status: 204 } });
    expect(await action.run({}, ctxFor({ url: `${base}/text` }))).toEqual({ ok: true, data: { status: 200 } });
  });

  it('calls a JSON answer that is not a JSON object a bad response', async () => {
    expect(await action.run({}, ctxFor({ url: `${base}/bad-json` }))).toMatchObject({ ok: false, error: 'bad_response' });
    expect(await action.run({}, ctxFor({ url: `${base}/array` }))).toMatchObject({ ok: false, error: 'bad_response' });
  });

  it('reports a 500 as http_error', async () => {
    expect(await action.run({ a: 1 }, ctxFor({ url: `${base}/fail` })))
      .toEqual({ ok: false, error: 'http_error', detail: 'HTTP 500' });
  });

  it('gives up after timeout_ms when the server holds the request', async () => {
    const started = Date.now();
    const result = await action.run({ a: 1 }, ctxFor({ url: `${base}/hang`, timeout_ms: 200 }));
    expect(result).toMatchObject({ ok: false, error: 'timeout' });
    expect(Date.now() - started).toBeLessThan(3000);
    expect(received).toHaveLength(1); // it did arrive; the answer never came
  });

  it('reports a refused connection as network_error', async () => {
    const port = await closedPort();
    expect(await action.run({}, ctxFor({ url: `http://127.0.0.1:${port}/x` })))
      .toMatchObject({ ok: false, error: 'network_error' });
  });

  it('is not_configured without a usable url, and args.url does not help', async () => {
    for (const config of [{}, { url: '' }, { url: 'not a url' }, { url: 'file:///etc/passwd' }]) {
      expect(await action.run({ url: `${base}/zaken` }, ctxFor(config))).toMatchObject({ ok: false, error: 'not_configured' });
    }
    expect(received).toHaveLength(0);
  });

  it('can be registered under another name and logs no body', async () => {
    const capture = capturingLog();
    const zaak = createHttpPostAction('zaak.aanmaken');
    expect(zaak.name).toBe('zaak.aanmaken');
    const result = await zaak.run({ email: 'piet@example.nl' }, makeCtx({ config: { url: `${base}/zaken` }, log: capture.log }));
    expect(result.ok).toBe(true);
    expect(capture.text()).toContain('zaak.aanmaken');
    expect(capture.text()).not.toContain('piet@example');
  });
});
