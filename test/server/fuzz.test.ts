/**
 * Property-based fuzzing of every public route of a real server on 127.0.0.1: generated and mutated bodies, headers,
 * paths and texts. Whatever comes in, the server answers within 5 s, never with a 5xx, never crashes, and afterwards
 * still serves and can read every conversation it stored. fast-check prints the seed of a failure, so it replays.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import fc from 'fast-check';
import pino from 'pino';
import { AgentAccounts } from '../../src/agentconsole';
import { whatsAppChannel } from '../../src/channels/whatsapp';
import { startServer, type RunningServer } from '../../src/server';
import { BOT, ENV, PHONE_ID, TOKEN, VERSION, contentRoot, sign } from '../channels/whatsapp/helpers';
import { FakeGraph } from '../channels/whatsapp/fakeGraph';

/** Runs per property; over 5,000 requests in all. */
const RUNS = Number(process.env.LOKET_FUZZ_RUNS ?? 700);
/** Fixed, so CI is repeatable; LOKET_FUZZ_SEED=random (or a number) explores further. */
const SEED = process.env.LOKET_FUZZ_SEED === 'random' ? undefined : Number(process.env.LOKET_FUZZ_SEED ?? 20260310);
const runs = (numRuns: number): fc.Parameters<unknown> => ({ numRuns, ...(SEED === undefined ? {} : { seed: SEED }) });
const ANSWER_WITHIN_MS = 5000;
const PASSWORD = 'correct paard batterij';

interface Answer { status: number; type: string; text: string }

/** Every answer must come within the limit and be no 5xx; a 4xx says what was wrong as JSON. */
async function request(url: string, init: RequestInit = {}): Promise<Answer> {
  const res = await fetch(url, { ...init, signal: AbortSignal.timeout(ANSWER_WITHIN_MS) });
  const answer = { status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text() };
  if (answer.status >= 500) throw new Error(`${init.method ?? 'GET'} ${url} answered ${answer.status}: ${answer.text.slice(0, 300)}`);
  if (answer.status >= 400 && init.method !== 'HEAD' && !answer.type.startsWith('application/json')) throw new Error(`${url} answered ${answer.status} without a JSON error: ${answer.text.slice(0, 200)}`);
  return answer;
}

// ---- generators

const json = fc.jsonValue({ maxDepth: 4 });
const words = fc.constantFrom('hoi', 'ik wil een afspraak maken', 'lantaarnpaal kapot', 'medewerker', 'stop', 'ja', 'nee', '1', 'paspoort', '111222333', 'morgen om 10 uur', '😀'.repeat(3));
const text = fc.oneof({ weight: 6, arbitrary: words }, { weight: 2, arbitrary: fc.string({ maxLength: 200 }) }, { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 50 }) }, { weight: 1, arbitrary: fc.integer({ min: 9_990, max: 10_010 }).map((n) => 'a'.repeat(n)) });
const deep = fc.integer({ min: 1, max: 3000 }).map((n) => JSON.parse(`${'{"a":'.repeat(n)}1${'}'.repeat(n)}`));
/** Mostly what a real client sends, sometimes anything at all: the checks must hold for both. */
const usually = <T>(valid: fc.Arbitrary<T>) => fc.oneof({ weight: 30, arbitrary: valid }, { weight: 1, arbitrary: json });
const attachment = fc.record({ contentType: usually(fc.constantFrom('image/png', 'text/plain', 'application/pdf')), contentUrl: usually(fc.constantFrom('http://127.0.0.1:9/x.png', 'file:///etc/passwd', 'x')), name: usually(fc.string()) }, { requiredKeys: [] });
const activityFields = {
  type: fc.oneof({ weight: 8, arbitrary: fc.constant('message') }, { weight: 2, arbitrary: fc.constantFrom('event', 'typing', 'conversationUpdate', 'invoke', '') }, { weight: 1, arbitrary: json }),
  text: usually(text),
  value: usually(words),
  name: usually(fc.constantFrom('webchat/join', 'x')),
  attachments: usually(fc.oneof({ weight: 4, arbitrary: fc.array(attachment, { maxLength: 2 }) }, { weight: 1, arbitrary: fc.array(attachment, { maxLength: 12 }) })),
  entities: usually(fc.array(fc.record({ type: fc.constant('GeoCoordinates'), latitude: usually(fc.double()), longitude: usually(fc.double()) }), { maxLength: 4 })),
  channelData: fc.oneof({ weight: 8, arbitrary: fc.record({ clientActivityID: fc.string() }) }, { weight: 1, arbitrary: json }, { weight: 1, arbitrary: deep }),
  from: usually(fc.record({ id: usually(fc.string({ minLength: 1 })), name: usually(fc.string()) }, { requiredKeys: [] })),
  locale: usually(fc.constantFrom('nl-NL', 'en-US')),
  membersAdded: usually(fc.array(fc.record({ id: fc.string() }), { maxLength: 3 })),
};
const activity = fc.record(activityFields, { requiredKeys: ['type'] });

/** A body as bytes: a generated activity, or one mangled (cut, bytes changed), or any JSON at all. */
function bodies(of: fc.Arbitrary<unknown>): fc.Arbitrary<string> {
  const mangled = fc.tuple(of.map((v) => JSON.stringify(v) ?? ''), fc.nat(), fc.string({ maxLength: 3 })).map(([s, at, junk]) => s.slice(0, at % (s.length + 1)) + junk + s.slice((at % (s.length + 1)) + junk.length));
  return fc.oneof({ weight: 12, arbitrary: of.map((v) => JSON.stringify(v) ?? 'null') }, { weight: 2, arbitrary: mangled }, { weight: 1, arbitrary: json.map((v) => JSON.stringify(v)) }, { weight: 1, arbitrary: fc.string() });
}

const headerValue = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 60 });
const contentType = fc.constantFrom('application/json', 'application/json; charset=utf-8', 'text/plain', 'text/csv', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/vnd.microsoft.activity');
/** A compressed body took the process down once (restify inflated it without an error handler). */
const encoding = fc.option(fc.constantFrom('gzip', 'deflate', 'br', 'identity', 'x-unknown'), { nil: undefined });

describe('fuzzing every public route', () => {
  const graph = new FakeGraph({ version: VERSION, phoneNumberId: PHONE_ID, token: TOKEN });
  /** The Bot Framework's connector, where replies to activities without expectReplies go: it takes them all. */
  const connector: Server = createServer((req, res) => {
    req.resume().on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"id":"1"}');
    });
  });
  let serviceUrl: string;
  let s: RunningServer;
  let requests = 0;

  beforeAll(async () => {
    Object.assign(process.env, ENV, { LOKET_WHATSAPP_RETRY_BASE_MS: '1', LOKET_DIRECTLINE_SECRET: 'fuzz-direct-line-secret-0123456789' });
    await graph.start();
    await new Promise<void>((r) => connector.listen(0, '127.0.0.1', r));
    serviceUrl = `http://127.0.0.1:${(connector.address() as AddressInfo).port}`;
    const root = contentRoot(graph.url);
    s = await startServer({ root, port: 0, anonymous: true, log: pino({ level: 'silent' }), stateFile: join(root, '.loket', 'state.sqlite') });
    await new AgentAccounts(s.bots.get(BOT)!.loket.sql, BOT).add('anne', 'Anne de Vries', PASSWORD);
  });

  afterAll(async () => {
    await s.close();
    await graph.stop();
    await new Promise((r) => connector.close(r));
  });

  const send = async (path: string, init: RequestInit = {}) => {
    requests++;
    const a = await request(`${s.url}${path}`, init);
    return a;
  };
  const postJson = (path: string, body: string, headers: Record<string, string> = {}) => send(path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

  it('Direct Line: activities posted to a conversation', async () => {
    const token = JSON.parse((await postJson('/v3/directline/tokens/generate', '')).text).token as string;
    const started = JSON.parse((await postJson('/v3/directline/conversations', '', { authorization: `Bearer ${token}` })).text);
    const path = `/v3/directline/conversations/${started.conversationId}/activities`;
    await fc.assert(fc.asyncProperty(bodies(activity), async (body) => void (await postJson(path, body, { authorization: `Bearer ${started.token}` }))), runs(RUNS));
    const log = JSON.parse((await send(`${path}?watermark=`, { headers: { authorization: `Bearer ${started.token}` } })).text);
    expect(log.activities.length).toBeGreaterThan(0);
  });

  it('Direct Line: tokens, conversations, watermarks and uploads with any token, id and body', async () => {
    const token = JSON.parse((await postJson('/v3/directline/tokens/generate', '')).text).token as string;
    const route = fc.constantFrom('tokens/generate', 'tokens/refresh', 'conversations', 'conversations/ID', 'conversations/ID/activities', 'conversations/ID/upload', 'attachments/ID');
    const id = fc.oneof(fc.string({ maxLength: 40 }), fc.constant('%E0%A4%A'), fc.constant('..%2F..%2Fetc'));
    const auth = fc.oneof(fc.constant(`Bearer ${token}`), headerValue, fc.constant(`Bearer ${token.slice(0, -3)}abc`));
    await fc.assert(fc.asyncProperty(route, id, fc.constantFrom('GET', 'POST'), auth, contentType, bodies(activity), fc.oneof(fc.constant(''), fc.string({ maxLength: 20 })), async (r, i, method, authorization, type, body, watermark) => {
      const path = `/v3/directline/${r.replace('ID', encodeURIComponent(i))}?watermark=${encodeURIComponent(watermark)}`;
      await send(path, { method, headers: { authorization, 'content-type': type }, ...(method === 'POST' ? { body } : {}) });
    }), runs(RUNS));
  });

  it('Bot Framework endpoint: /api/messages', async () => {
    // Replies come back in the answer, or go to the local connector.
    const botActivity = fc.record({
      ...activityFields,
      deliveryMode: fc.oneof({ weight: 8, arbitrary: fc.constant('expectReplies') }, { weight: 1, arbitrary: fc.constant('normal') }, { weight: 1, arbitrary: json }),
      // Never another host: the fuzz stays on 127.0.0.1.
      serviceUrl: fc.oneof({ weight: 30, arbitrary: fc.constant(null).map(() => serviceUrl) }, { weight: 1, arbitrary: fc.oneof(fc.integer(), fc.constant(null), fc.constantFrom('x', '/v3', 'ftp://127.0.0.1')) }),
      conversation: usually(fc.record({ id: usually(fc.oneof(fc.constantFrom('fuzz-1', 'fuzz-2'), fc.string({ minLength: 1, maxLength: 30 }))) })),
      channelId: usually(fc.constantFrom('test', 'msteams')),
      recipient: usually(fc.constant({ id: 'loket' })),
    }, { requiredKeys: ['type', 'deliveryMode', 'serviceUrl', 'conversation', 'channelId', 'recipient'] });
    await fc.assert(fc.asyncProperty(bodies(botActivity), fc.constantFrom('/api/messages', `/api/bots/${BOT}/messages`, '/api/bots/elders/messages'), async (body, path) => void (await postJson(path, body))), runs(RUNS * 2));
  });

  it('WhatsApp webhook: signed payloads of any shape', async () => {
    const now = () => String(Math.floor(Date.now() / 1000));
    const message = fc.record({
      from: usually(fc.constantFrom('31611111111', '31622222222')),
      id: usually(fc.uuid().map((u) => `wamid.${u}`)),
      timestamp: usually(fc.constant(null).map(now)),
      type: usually(fc.constantFrom('text', 'text', 'text', 'interactive', 'button', 'location', 'image', 'reaction', 'sticker')),
      text: usually(fc.record({ body: text })),
      interactive: usually(fc.record({ type: fc.constant('button_reply'), button_reply: fc.record({ id: usually(fc.string()), title: usually(fc.string()) }) })),
      location: usually(fc.record({ latitude: usually(fc.double()), longitude: usually(fc.double()), name: usually(fc.string()) })),
      image: usually(fc.record({ id: usually(fc.string()), caption: usually(fc.string()) })),
    }, { requiredKeys: ['from', 'id', 'timestamp', 'type'] });
    const payload = fc.record({
      object: fc.constant('whatsapp_business_account'),
      entry: usually(fc.array(fc.record({ id: fc.string(), changes: usually(fc.array(fc.record({ field: fc.constant('messages'), value: usually(fc.record({
        metadata: usually(fc.constant({ phone_number_id: PHONE_ID })),
        contacts: usually(fc.array(fc.record({ wa_id: fc.string(), profile: usually(fc.record({ name: usually(fc.string()) })) }))),
        messages: usually(fc.array(message, { minLength: 1, maxLength: 3 })),
        statuses: usually(fc.array(json, { maxLength: 2 })),
      }, { requiredKeys: ['metadata', 'messages'] })) }), { minLength: 1, maxLength: 2 })) }), { minLength: 1, maxLength: 2 })),
    }, { requiredKeys: ['entry'] });
    await fc.assert(fc.asyncProperty(bodies(payload), fc.oneof({ weight: 5, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }), async (raw, signed) => {
      await postJson(`/api/whatsapp/${BOT}/webhook`, raw, signed ? { 'x-hub-signature-256': sign(raw) } : {});
    }), runs(RUNS * 2));
    await whatsAppChannel(s.server)!.idle();
  });

  it('agent console API: signed in, any body to any action', async () => {
    const login = await fetch(`${s.url}/agent/api/login`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-loket-agent': '1' }, body: JSON.stringify({ bot: BOT, username: 'anne', password: PASSWORD }) });
    expect(login.status).toBe(200);
    const cookie = login.headers.get('set-cookie')!.split(';')[0];
    const route = fc.constantFrom('login', 'me', 'queue', 'tickets/ID', 'tickets/ID/claim', 'tickets/ID/reply', 'tickets/ID/link', 'tickets/ID/handback', 'tickets/ID/close', 'tickets/ID/export', 'tickets/ID/erase', 'callbacks', 'callbacks/ID/close');
    const id = fc.oneof(fc.nat().map(String), fc.string({ maxLength: 12 }), fc.constant('1e999'));
    const body = bodies(fc.record({ text: text, title: text, url: fc.oneof(fc.webUrl(), json), outcome: text, bot: fc.oneof(fc.constant(BOT), json), username: fc.oneof(fc.string(), json), password: fc.oneof(fc.string(), json), confirm: fc.oneof(fc.boolean(), json) }, { requiredKeys: [] }));
    await fc.assert(fc.asyncProperty(route, id, fc.constantFrom('GET', 'POST'), body, fc.boolean(), async (r, i, method, b, csrf) => {
      const path = `/agent/api/${r.replace('ID', encodeURIComponent(i))}`;
      // Never sign out: the session stays for every run.
      if (r === 'login') return;
      await send(path, { method, headers: { cookie, 'content-type': 'application/json', ...(csrf ? { 'x-loket-agent': '1' } : {}) }, ...(method === 'POST' ? { body: b } : {}) });
    }), runs(RUNS));
  });

  it('any route, method and headers: the handover callback, pages, static files, unknown paths', async () => {
    const path = fc.oneof(
      fc.constantFrom('/', '/healthz', '/readyz', '/embed.js', '/theme.json', `/bots/${BOT}/theme.json`, '/agent', '/agent/static/app.js', `/api/bots/${BOT}/handover`, '/api/bots/x/handover', '/static/x', '/v3/directline/attachments/x.png', '/api/messages', '/v3/directline/tokens/generate', '/agent/api/login'),
      fc.webPath(),
      fc.string({ maxLength: 30 }).map((p) => `/${encodeURIComponent(p)}`),
    );
    const headers = fc.dictionary(fc.constantFrom('x-forwarded-for', 'x-forwarded-proto', 'x-forwarded-host', 'origin', 'accept', 'cookie', 'authorization', 'x-hub-signature-256', 'x-loket-signature', 'range'), headerValue, { maxKeys: 4 });
    await fc.assert(fc.asyncProperty(path, fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'HEAD'), headers, contentType, encoding, bodies(json), async (p, method, h, type, enc, body) => {
      await send(p, { method, headers: { ...h, 'content-type': type, ...(enc ? { 'content-encoding': enc } : {}) }, ...(method === 'GET' || method === 'HEAD' ? {} : { body }) });
    }), runs(RUNS));
  });

  it('still serves afterwards, and every stored conversation reads back', async () => {
    expect(JSON.parse((await send('/healthz')).text)).toEqual({ status: 'ok' });
    const states = s.bots.get(BOT)!.loket;
    const db = (await import('../../src/storage/sqlite')).openDatabase(join(s.bots.get(BOT)!.loket.content.root, '.loket', 'state.sqlite'));
    try {
      const keys = (db.prepare('SELECT key FROM storage').all() as { key: string }[]).map((r) => r.key);
      expect(keys.length).toBeGreaterThan(1);
      for (const key of keys) {
        const state = await states.state(key.slice(`loket/${BOT}/conversations/`.length));
        expect(Array.isArray(state.transcript)).toBe(true);
      }
    } finally {
      db.close();
    }
    const r = await postJson('/api/messages', JSON.stringify({ type: 'message', text: 'hoe laat is het gemeentehuis open', deliveryMode: 'expectReplies', channelId: 'test', conversation: { id: 'after-fuzz' }, from: { id: 'r' }, recipient: { id: 'loket' }, serviceUrl: 'http://127.0.0.1:9' }));
    expect(r.text).toContain('9.00 tot 17.00');
    expect(requests).toBeGreaterThanOrEqual(RUNS * 7);
    if (RUNS >= 700) expect(requests).toBeGreaterThanOrEqual(5000);
  });
});
