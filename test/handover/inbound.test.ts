import { createHmac } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import restify, { type Server } from 'restify';
import type { LoketBot } from '../../src/channels/loketBot';
import type { HandoverAdapter, HandoverEvent, InboundHandover } from '../../src/handover/adapter';
import { WebhookHandoverAdapter } from '../../src/handover/webhook';
import { PACKAGE_ROOT } from '../../src/paths';
import { startServer, type RunningServer } from '../../src/server';
import type { ChannelContext } from '../../src/server/channels';
import { registerHandoverInbound } from '../../src/server/handover';

const SECRET = 'gedeeld-geheim-0123456789abcdef';

async function post(url: string, body: string, headers: Record<string, string> = {}) {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  return { status: res.status, json: await res.json().catch(() => undefined) };
}

function signedHeaders(raw: string): Record<string, string> {
  const ts = String(Math.floor(Date.now() / 1000));
  return { 'x-loket-timestamp': ts, 'x-loket-signature': `sha256=${createHmac('sha256', SECRET).update(`${ts}.${raw}`).digest('hex')}` };
}

describe('POST /api/bots/:bot/handover on the real server', () => {
  let s: RunningServer;
  beforeAll(async () => {
    s = await startServer({ root: PACKAGE_ROOT, port: 0, anonymous: true, log: pino({ level: 'silent' }), stateFile: join(mkdtempSync(join(tmpdir(), 'loket-hi-')), 'state.sqlite') });
  });
  afterAll(() => s.close());

  it('answers 404 for an unknown bot and for a bot whose adapter takes no callbacks (the built-in queue)', async () => {
    expect(await post(`${s.url}/api/bots/elders/handover`, '{}')).toEqual({ status: 404, json: { error: 'unknown bot "elders"' } });
    expect(await post(`${s.url}/api/bots/voorbeeldgemeente/handover`, '{}')).toEqual({ status: 404, json: { error: 'bot "voorbeeldgemeente" takes no handover callbacks: its handover.adapter is not webhook or chatwoot' } });
  });

  it('refuses bodies over 256 KiB with 413', async () => {
    expect(await post(`${s.url}/api/bots/voorbeeldgemeente/handover`, JSON.stringify({ text: 'a'.repeat(300 * 1024) }))).toEqual({ status: 413, json: { error: 'the body is larger than 256 KiB' } });
  });

  it('leaves other routes to the body parser', async () => {
    expect((await post(`${s.url}/api/messages`, '{"type":')).json).toEqual({ error: 'the body is not valid JSON' });
  });
});

/** The route on a restify server set up like startServer's (query and body parsers), with bots of our own. */
async function harness(adapters: Record<string, HandoverAdapter>): Promise<{ url: string; server: Server }> {
  const server = restify.createServer({ handleUncaughtExceptions: false });
  server.use(restify.plugins.queryParser({ mapParams: false }));
  server.use(restify.plugins.bodyParser({ maxBodySize: 256 * 1024, mapParams: false, rejectUnknown: false }));
  const bots = new Map(Object.entries(adapters).map(([id, handover]) => [id, { loket: { handover } } as unknown as LoketBot]));
  registerHandoverInbound({ server, bots, log: pino({ level: 'silent' }) } as unknown as ChannelContext);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: server.url.replace('[::]', '127.0.0.1'), server };
}

describe('POST /api/bots/:bot/handover with an adapter that takes callbacks', () => {
  const events: HandoverEvent[] = [];
  const seen: { query: Record<string, string>; headers: Record<string, unknown> }[] = [];
  let h: { url: string; server: Server };

  beforeAll(async () => {
    const webhook = new WebhookHandoverAdapter({ url: 'http://127.0.0.1:9/unused', secret_env: 'X' }, { secret: SECRET, botId: 'demo', log: pino({ level: 'silent' }) });
    webhook.onEvent(async (e) => {
      events.push(e);
      return { delivered: true };
    });
    const recording = {
      ...webhook,
      receive: async (req: Parameters<InboundHandover['receive']>[0]) => {
        seen.push({ query: req.query, headers: req.headers });
        return { status: 202, body: { raw: req.rawBody.toString('utf8') } };
      },
    } as unknown as HandoverAdapter;
    const failing = { receive: async () => { throw new Error('boom'); } } as unknown as HandoverAdapter;
    h = await harness({ demo: webhook, recording, failing });
  });
  afterAll(() => new Promise<void>((r) => h.server.close(() => r())));

  it('hands the exact bytes to the adapter, so a signature over them holds', async () => {
    // Spacing and key order a JSON round trip would change.
    const raw = '{ "type":"message",  "conversationId":"webchat:c-1", "text":"Goedemiddag \\u00e9" }';
    expect(await post(`${h.url}/api/bots/demo/handover`, raw, signedHeaders(raw))).toEqual({ status: 200, json: { ok: true } });
    expect(events).toEqual([{ type: 'message', conversationId: 'webchat:c-1', text: 'Goedemiddag é' }]);
    expect(await post(`${h.url}/api/bots/demo/handover`, raw, { ...signedHeaders(raw), 'x-loket-signature': `sha256=${'0'.repeat(64)}` })).toEqual({ status: 401, json: { error: 'X-Loket-Signature does not match the body' } });
  });

  it("passes the adapter's status and body, the query (first value) and headers", async () => {
    expect(await post(`${h.url}/api/bots/recording/handover?token=abc&token=def`, 'not json', { 'x-extra': '1' })).toEqual({ status: 202, json: { raw: 'not json' } });
    expect(seen.at(-1)).toMatchObject({ query: { token: 'abc' }, headers: { 'x-extra': '1' } });
  });

  it('answers 500 without details when the adapter throws', async () => {
    expect(await post(`${h.url}/api/bots/failing/handover`, '{}')).toEqual({ status: 500, json: { error: 'the handover callback could not be handled' } });
  });
});
