import pino from 'pino';
import type { HandoverEvent, HandoverTicket, InboundRequest } from '../../src/handover/adapter';
import { RemoteHandoverError, WebhookHandoverAdapter, type WebhookAdapterOptions } from '../../src/handover/webhook';
import { FakeDesk, hmac, nowSeconds } from './fakeDesk';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const SECRET = 'gedeeld-geheim-0123456789abcdef';
const BOT = 'voorbeeldgemeente';
const AT = '2026-03-10T09:00:00.000Z';

function ticket(extra: Partial<HandoverTicket> = {}): HandoverTicket {
  return {
    botId: BOT, conversationId: 'webchat:c-42', channel: 'webchat', lang: 'nl', reasons: ['person'], priority: 'normal', slots: { product: 'Paspoort' },
    transcript: [{ from: 'resident', text: 'ik wil een medewerker spreken', at: AT }, { from: 'bot', text: 'Ik zet uw vraag door naar een medewerker.', at: AT }],
    createdAt: AT, ...extra,
  };
}

let desk: FakeDesk;
let adapter: WebhookHandoverAdapter;
let events: HandoverEvent[];
let logs: string[];

function make(opts: Partial<WebhookAdapterOptions> & { url?: string; timeoutMs?: number } = {}): WebhookHandoverAdapter {
  logs = [];
  const a = new WebhookHandoverAdapter(
    { url: opts.url ?? desk.url, secret_env: 'LOKET_DESK_SECRET', timeout_ms: opts.timeoutMs },
    { secret: SECRET, botId: BOT, retryDelayMs: 0, log: pino({ level: 'info' }, { write: (l: string) => void logs.push(l) }), ...opts },
  );
  events = [];
  a.onEvent(async (e) => {
    events.push(e);
    return { delivered: true };
  });
  return a;
}

beforeEach(async () => {
  desk = new FakeDesk(SECRET, BOT);
  await desk.start();
  adapter = make();
});
afterEach(() => desk.stop());

describe('webhook adapter: Loket to the desk', () => {
  it('posts a signed handover.initiate with the ticket, and takes the queue place from the answer', async () => {
    desk.answers = [{ status: 200, body: { position: 2, waitMinutes: 6 } }];
    expect(await adapter.available()).toBe(true);
    expect(await adapter.initiate(ticket())).toEqual({ position: 2, waitMinutes: 6 });
    expect(desk.received).toEqual([{ type: 'handover.initiate', ticket: ticket() }]);
    expect(desk.violations).toEqual([]);
  });

  it.each([
    ['no body', undefined],
    ['no numbers', { ok: true }],
    ['strings', { position: '2', waitMinutes: '6' }],
    ['a position below 1', { position: 0, waitMinutes: 3 }],
  ])('gives no queue place for %s', async (_, body) => {
    desk.answers = [{ status: 202, body }];
    expect(await adapter.initiate(ticket())).toBeUndefined();
  });

  it('forwards resident messages, escalates a crisis and withdraws', async () => {
    await adapter.forward('webchat:c-42', { from: 'resident', text: 'Hallo?', at: AT });
    await adapter.escalate('webchat:c-42');
    await adapter.cancel('webchat:c-42');
    expect(desk.received).toEqual([
      { type: 'handover.message', conversationId: 'webchat:c-42', message: { from: 'resident', text: 'Hallo?', at: AT } },
      { type: 'handover.escalate', conversationId: 'webchat:c-42', priority: 'urgent', reason: 'crisis' },
      { type: 'handover.cancel', conversationId: 'webchat:c-42' },
    ]);
    expect(desk.violations).toEqual([]);
  });

  it('tries again after a 5xx with the same delivery id', async () => {
    desk.answers = [{ status: 500 }, { status: 503, body: { error: 'busy' } }];
    await adapter.initiate(ticket());
    expect(desk.attempts.map((a) => a.status)).toEqual([500, 503, 200]);
    expect(new Set(desk.attempts.map((a) => a.delivery)).size).toBe(1);
    expect(desk.received).toHaveLength(1);
  });

  it('fails the hand-over after three 5xx answers', async () => {
    desk.answers = [{ status: 502 }, { status: 502 }, { status: 503, body: { error: 'desk is down' } }];
    const error: RemoteHandoverError = await adapter.initiate(ticket()).catch((e) => e);
    expect(error).toBeInstanceOf(RemoteHandoverError);
    expect(error.code).toBe('unavailable');
    expect(error.message).toBe('the handover webhook answered 503 to handover.initiate: desk is down');
  });

  it('fails at once on a 4xx', async () => {
    desk.answers = [{ status: 422, body: { error: 'unknown bot' } }];
    await expect(adapter.initiate(ticket())).rejects.toThrow('the handover webhook answered 422 to handover.initiate: unknown bot');
    expect(desk.attempts).toHaveLength(1);
  });

  it('fails after trying a desk that cannot be reached three times', async () => {
    const gone = new FakeDesk(SECRET, BOT);
    await gone.start();
    const url = gone.url;
    await gone.stop();
    const error: RemoteHandoverError = await make({ url }).forward('webchat:c-42', { from: 'resident', text: 'x', at: AT }).catch((e) => e);
    expect(error.code).toBe('network');
    expect(error.message).toBe('the handover webhook could not be reached for handover.message (ECONNREFUSED)');
    expect(logs.filter((l) => l.includes('trying again'))).toHaveLength(2);
  });

  it('times out without trying again', async () => {
    desk.hang = true;
    const error: RemoteHandoverError = await make({ timeoutMs: 100 }).initiate(ticket()).catch((e) => e);
    expect(error.code).toBe('timeout');
    expect(error.message).toBe('the handover webhook did not answer handover.initiate within 100 ms');
    expect(logs.filter((l) => l.includes('trying again'))).toHaveLength(0);
  });

  it('logs types and statuses, never texts', async () => {
    await adapter.initiate(ticket());
    await adapter.forward('webchat:c-42', { from: 'resident', text: 'mijn BSN is 123456782', at: AT });
    const all = logs.join('\n');
    expect(all).toContain('"type":"handover.message"');
    for (const secret of ['123456782', 'medewerker spreken', 'Paspoort', 'c-42', SECRET]) expect(all).not.toContain(secret);
  });

  it('needs a secret', () => {
    expect(() => make({ secret: '' })).toThrow('the webhook handover adapter needs a secret (handover.webhook.secret_env)');
  });
});

/** A request from the desk, signed as the protocol says. */
function signed(body: unknown, opts: { secret?: string; ts?: number } = {}): InboundRequest {
  const raw = typeof body === 'string' ? body : JSON.stringify(body);
  const ts = String(opts.ts ?? nowSeconds());
  return { rawBody: Buffer.from(raw), headers: { 'x-loket-signature': hmac(opts.secret ?? SECRET, ts, raw), 'x-loket-timestamp': ts }, query: {} };
}

describe('webhook adapter: the desk to Loket', () => {
  const id = 'webchat:c-42';

  it.each<[string, Json, HandoverEvent]>([
    ['assigned', { type: 'assigned', conversationId: id, agent: 'Anna' }, { type: 'assigned', conversationId: id, agent: 'Anna' }],
    ['message', { type: 'message', conversationId: id, text: 'Goedemiddag', agent: 'Anna' }, { type: 'message', conversationId: id, text: 'Goedemiddag', agent: 'Anna' }],
    ['message without agent', { type: 'message', conversationId: id, text: 'Hallo' }, { type: 'message', conversationId: id, text: 'Hallo' }],
    ['link', { type: 'link', conversationId: id, title: 'Paspoort', url: 'https://www.voorbeeld.nl/paspoort' }, { type: 'link', conversationId: id, title: 'Paspoort', url: 'https://www.voorbeeld.nl/paspoort' }],
    ['waiting_long', { type: 'waiting_long', conversationId: id }, { type: 'waiting_long', conversationId: id }],
    ['returned', { type: 'returned', conversationId: id }, { type: 'returned', conversationId: id }],
    ['resolved', { type: 'resolved', conversationId: id, outcome: 'afspraak gemaakt' }, { type: 'resolved', conversationId: id, outcome: 'afspraak gemaakt' }],
    ['expired', { type: 'expired', conversationId: id }, { type: 'expired', conversationId: id }],
  ])('turns a signed %s into an event', async (_, body, event) => {
    expect(await adapter.receive(signed(body))).toEqual({ status: 200, body: { ok: true } });
    expect(events).toEqual([event]);
  });

  it.each<[string, InboundRequest, string]>([
    ['no signature', { rawBody: Buffer.from('{}'), headers: { 'x-loket-timestamp': String(nowSeconds()) }, query: {} }, 'missing X-Loket-Signature or X-Loket-Timestamp'],
    ['no timestamp', { ...signed({ type: 'returned', conversationId: id }), headers: { 'x-loket-signature': `sha256=${'0'.repeat(64)}` } }, 'missing X-Loket-Signature or X-Loket-Timestamp'],
    ['the wrong secret', signed({ type: 'returned', conversationId: id }, { secret: 'een ander geheim' }), 'X-Loket-Signature does not match the body'],
    ['a malformed signature', { ...signed({}), headers: { ...signed({}).headers, 'x-loket-signature': 'sha1=abc' } }, 'X-Loket-Signature must be "sha256=" followed by 64 hex digits'],
    ['a timestamp in milliseconds', signed({ type: 'returned', conversationId: id }, { ts: Date.now() }), 'X-Loket-Timestamp must be unix time in seconds'],
    ['a request older than 5 minutes', signed({ type: 'returned', conversationId: id }, { ts: nowSeconds() - 301 }), 'X-Loket-Timestamp is more than 5 minutes off: refused as a possible replay'],
    ['a request from the future', signed({ type: 'returned', conversationId: id }, { ts: nowSeconds() + 400 }), 'X-Loket-Timestamp is more than 5 minutes off: refused as a possible replay'],
  ])('refuses %s with 401', async (_, req, error) => {
    expect(await adapter.receive(req)).toEqual({ status: 401, body: { error } });
    expect(events).toEqual([]);
  });

  it('refuses a body changed after signing', async () => {
    const req = signed({ type: 'message', conversationId: id, text: 'Goedemiddag' });
    const tampered = { ...req, rawBody: Buffer.from(req.rawBody.toString().replace('Goedemiddag', 'Klik hier')) };
    expect((await adapter.receive(tampered)).status).toBe(401);
    expect(events).toEqual([]);
  });

  it('applies a request sent twice (a replay or a retry) once', async () => {
    const req = signed({ type: 'message', conversationId: id, text: 'Goedemiddag' });
    expect(await adapter.receive(req)).toEqual({ status: 200, body: { ok: true } });
    expect(await adapter.receive(req)).toEqual({ status: 200, body: { ok: true, duplicate: true } });
    expect(events).toHaveLength(1);
    // Signed again (a new timestamp), the same message is new.
    expect(await adapter.receive(signed({ type: 'message', conversationId: id, text: 'Goedemiddag' }, { ts: nowSeconds() - 1 }))).toEqual({ status: 200, body: { ok: true } });
    expect(events).toHaveLength(2);
  });

  it.each<[string, unknown, string]>([
    ['bad JSON', '{"type":', 'the body is not valid JSON'],
    ['a list', [], 'the body must be a JSON object with a string "type"'],
    ['an unknown type', { type: 'closed', conversationId: id }, 'unknown type "closed"; expected one of assigned, message, link, waiting_long, returned, resolved, expired'],
    ['a missing conversationId', { type: 'returned' }, '"conversationId" must be a non-empty string'],
    ['a blank text', { type: 'message', conversationId: id, text: '   ' }, '"text" must be a non-empty string'],
    ['a numeric agent', { type: 'assigned', conversationId: id, agent: 7 }, '"agent" must be a non-empty string'],
    ['a text over 4096 characters', { type: 'message', conversationId: id, text: 'é'.repeat(4097) }, '"text" is longer than 4096 characters'],
    ['a javascript: link', { type: 'link', conversationId: id, title: 'Klik', url: 'javascript:alert(1)' }, '"url" must be an http(s) URL'],
    ['a relative link', { type: 'link', conversationId: id, title: 'Klik', url: '/paspoort' }, '"url" must be an http(s) URL'],
    ['an unexpected field', { type: 'returned', conversationId: id, text: 'x' }, 'unexpected field(s) for "returned": text'],
  ])('refuses %s with 400 and says why', async (_, body, error) => {
    expect(await adapter.receive(signed(body))).toEqual({ status: 400, body: { error } });
    expect(events).toEqual([]);
  });

  it('answers 409 with the reason for the agent when Loket refuses the event, and does not count it as seen', async () => {
    const reason = 'De inwoner schreef meer dan 24 uur geleden.';
    adapter.onEvent(async () => ({ delivered: false, code: 'window_closed', reason }));
    const req = signed({ type: 'message', conversationId: id, text: 'Bent u er nog?' });
    expect(await adapter.receive(req)).toEqual({ status: 409, body: { error: 'window_closed', message: reason } });
    expect(await adapter.receive(req)).toEqual({ status: 409, body: { error: 'window_closed', message: reason } });
  });

  it('answers 500 when applying the event fails, so the desk can send it again', async () => {
    let fail = true;
    adapter.onEvent(async () => {
      if (fail) throw new Error('state store unavailable');
      return { delivered: true };
    });
    const req = signed({ type: 'returned', conversationId: id });
    expect(await adapter.receive(req)).toEqual({ status: 500, body: { error: 'failed', message: 'state store unavailable' } });
    fail = false;
    expect(await adapter.receive(req)).toEqual({ status: 200, body: { ok: true } });
  });

  it('accepts a text of exactly 4096 characters, emoji counted as one', async () => {
    const text = '😀'.repeat(4096);
    expect((await adapter.receive(signed({ type: 'message', conversationId: id, text }))).status).toBe(200);
    expect(events).toEqual([{ type: 'message', conversationId: id, text }]);
  });
});
