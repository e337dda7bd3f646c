import { connect } from 'node:net';
import restify, { type Request, type Response, type Server } from 'restify';
import { sendError, writeError } from '../../src/channels/httpError';

/** A real restify server on 127.0.0.1 with a route per way of refusing. */
describe('the HTTP error helper', () => {
  let server: Server;
  let url: string;

  beforeAll(async () => {
    server = restify.createServer();
    server.get('/plain', async (_req: Request, res: Response) => sendError(res, 404, 'unknown bot "x"'));
    server.get('/coded', async (_req: Request, res: Response) => sendError(res, 403, { code: 'Forbidden', message: 'this token is for another bot' }));
    server.get('/headers', async (_req: Request, res: Response) => sendError(res, 429, 'te vaak', { 'Retry-After': '60' }));
    server.get('/late', async (_req: Request, res: Response) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('begun');
      sendError(res, 500, 'too late to say so');
      res.end();
    });
    server.server.on('upgrade', (_req, socket) => writeError(socket, 404, 'no WebSocket endpoint here'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = server.url.replace('[::]', '127.0.0.1');
  });

  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('answers with the status and {"error": …}, plain or as a code and message', async () => {
    const plain = await fetch(`${url}/plain`);
    expect([plain.status, plain.headers.get('content-type'), await plain.json()]).toEqual([404, 'application/json', { error: 'unknown bot "x"' }]);
    const coded = await fetch(`${url}/coded`);
    expect([coded.status, await coded.json()]).toEqual([403, { error: { code: 'Forbidden', message: 'this token is for another bot' } }]);
  });

  it('adds the headers it is given', async () => {
    const r = await fetch(`${url}/headers`);
    expect([r.status, r.headers.get('retry-after'), await r.json()]).toEqual([429, '60', { error: 'te vaak' }]);
  });

  it('leaves an answer that has begun alone', async () => {
    const r = await fetch(`${url}/late`);
    expect([r.status, await r.text()]).toEqual([200, 'begun']);
  });

  it('writes the same answer to a socket restify does not handle, and closes it', async () => {
    const raw = await new Promise<string>((resolve, reject) => {
      const { port } = server.address();
      const socket = connect(port, '127.0.0.1', () => socket.write('GET /chat HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n'));
      let text = '';
      socket.on('data', (d) => (text += d));
      socket.on('end', () => resolve(text));
      socket.on('error', reject);
    });
    const [head, body] = raw.split('\r\n\r\n');
    expect(head.split('\r\n')).toEqual(['HTTP/1.1 404 Not Found', 'Content-Type: application/json', `Content-Length: ${Buffer.byteLength(body)}`, 'Connection: close']);
    expect(JSON.parse(body)).toEqual({ error: 'no WebSocket endpoint here' });
  });
});
