// The custom channel keeps Loket's channel contract, and refuses a caller without the token.
const { createServer } = require('node:http');
const { join } = require('node:path');
const { describeChannelContract, startServer } = require('loket');
const pino = require('pino');
const jsonWebhook = require('../channels/jsonWebhook');

process.env.JSON_WEBHOOK_TOKEN = 'test-token';
const auth = { 'content-type': 'application/json', authorization: 'Bearer test-token' };

/**
 * The platform on the other side of the webhook: it posts the resident's messages and takes, at its outbox on
 * 127.0.0.1, what Loket sends later.
 */
class Platform {
  constructor(url, botId) {
    this.endpoint = `${url}/api/json/${botId}`;
    this.pushed = new Map();
    this.waiting = new Map();
    this.outbox = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c)).on('end', () => {
        const ok = req.headers.authorization === auth.authorization;
        res.writeHead(ok ? 204 : 401);
        res.end();
        if (ok) this.deliver(JSON.parse(body));
      });
    });
  }

  async start() {
    await new Promise((r) => this.outbox.listen(0, '127.0.0.1', r));
    process.env.JSON_WEBHOOK_OUTBOX = `http://127.0.0.1:${this.outbox.address().port}/outbox`;
    return this;
  }

  deliver({ conversation, messages }) {
    const seen = seenOf(messages);
    const waiter = this.waiting.get(conversation);
    if (waiter) {
      this.waiting.delete(conversation);
      waiter(seen);
    } else this.pushed.set(conversation, [...(this.pushed.get(conversation) ?? []), seen]);
  }

  async send(conversation, text) {
    const res = await fetch(this.endpoint, { method: 'POST', headers: auth, body: JSON.stringify({ conversation, text }) });
    if (res.status !== 200) throw new Error(`the webhook answered HTTP ${res.status}`);
    const { messages } = await res.json();
    this.lastButtons = messages.flatMap((m) => m.buttons);
    return seenOf(messages);
  }

  choose(conversation, title) {
    const button = this.lastButtons.find((b) => b.title === title);
    return this.send(conversation, button ? button.value : title);
  }

  nextPush(conversation) {
    const queued = this.pushed.get(conversation) ?? [];
    if (queued.length) return Promise.resolve(queued.shift());
    return new Promise((resolve) => this.waiting.set(conversation, resolve));
  }

  async sendMalformed() {
    const res = await fetch(this.endpoint, { method: 'POST', headers: auth, body: JSON.stringify({ conversation: 'x' }) });
    return { status: res.status, error: (await res.json()).error };
  }

  close() {
    return new Promise((r) => this.outbox.close(r));
  }
}

const seenOf = (messages) => ({ texts: messages.map((m) => m.text), options: messages.flatMap((m) => m.buttons.map((b) => b.title)) });

describeChannelContract('JSON webhook', { channel: jsonWebhook, connect: ({ url, botId }) => new Platform(url, botId).start() });

describe('the JSON webhook itself', () => {
  let server;
  beforeAll(async () => {
    const root = join(__dirname, '..');
    server = await startServer({ root, port: 0, anonymous: true, log: pino({ level: 'silent' }), stateFile: join(root, '.loket', 'test', `state-${process.pid}.sqlite`) });
  });
  afterAll(() => server?.close());

  test('refuses a caller without the token', async () => {
    const res = await fetch(`${server.url}/api/json/bergendal`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ conversation: 'c', text: 'hallo' }) });
    expect(res.status).toBe(401);
    expect((await res.json()).error).toContain('Authorization: Bearer');
  });

  test('answers an unknown bot with 404', async () => {
    const res = await fetch(`${server.url}/api/json/elders`, { method: 'POST', headers: auth, body: JSON.stringify({ conversation: 'c', text: 'hallo' }) });
    expect(res.status).toBe(404);
  });
});
