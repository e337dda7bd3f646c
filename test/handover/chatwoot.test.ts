import { createHmac } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import type { HandoverEvent, HandoverTicket } from '../../src/handover/adapter';
import { ChatwootAdapter, handoverNote, type ChatwootAdapterOptions } from '../../src/handover/chatwoot';
import { RemoteHandoverError } from '../../src/handover/webhook';
import { SqliteSql, type Sql } from '../../src/storage';
import { openDatabase } from '../../src/storage/sqlite';
import { FakeChatwoot, type FakeUser } from './fakeChatwoot';

const ACCOUNT = 7;
const INBOX = 3;
const WIDGET_INBOX = 4;
const WEBHOOK_TOKEN = 'chatwoot-hook-token-5f1e';
const ADMIN: FakeUser = { id: 1, name: 'Loket koppeling', email: 'loket@voorbeeld.nl', role: 'administrator', token: 'cw-admin-token' };
const ANNA: FakeUser = { id: 2, name: 'Anna de Vries', available_name: 'Anna', email: 'anna@voorbeeld.nl', role: 'agent', token: 'cw-anna-token' };
const BOT = { id: 9, name: 'Loket bot', token: 'cw-agent-bot-token' };
const RESIDENT = 'whatsapp:31612345678';
const AT = '2026-03-10T09:00:00.000Z';

function ticket(extra: Partial<HandoverTicket> = {}): HandoverTicket {
  return {
    botId: 'voorbeeldgemeente', conversationId: RESIDENT, channel: 'whatsapp', lang: 'nl', reasons: ['person'], priority: 'normal', flow: 'afspraak',
    slots: { product: 'Paspoort', datum: 'dinsdag 14 maart' },
    transcript: [
      { from: 'resident', text: 'ik wil een afspraak voor een paspoort', at: AT },
      { from: 'bot', text: 'Op welke dag wilt u komen?', at: AT },
      { from: 'resident', text: 'ik wil een medewerker spreken', at: AT },
    ],
    createdAt: AT, ...extra,
  };
}

interface Setup { fake: FakeChatwoot; adapter: ChatwootAdapter; events: HandoverEvent[]; logs: string[]; sql?: Sql }

const running: Setup[] = [];

async function setup(opts: Partial<ChatwootAdapterOptions> & { timeoutMs?: number; fake?: FakeChatwoot } = {}): Promise<Setup> {
  const fake = opts.fake ?? new FakeChatwoot({ accountId: ACCOUNT, inboxes: [{ id: INBOX, name: 'Loket', channel_type: 'Channel::Api' }, { id: WIDGET_INBOX, name: 'Website', channel_type: 'Channel::WebWidget' }], users: [ADMIN, ANNA], bot: BOT });
  if (!opts.fake) await fake.start();
  const logs: string[] = [];
  const adapter = new ChatwootAdapter(
    { url: `${fake.url}/`, account_id: ACCOUNT, inbox_id: INBOX, token_env: 'CW_TOKEN', timeout_ms: opts.timeoutMs },
    { token: ADMIN.token, webhookToken: WEBHOOK_TOKEN, botId: 'voorbeeldgemeente', retryDelayMs: 0, log: pino({ level: 'info' }, { write: (line: string) => void logs.push(line) }), ...opts },
  );
  const events: HandoverEvent[] = [];
  adapter.onEvent(async (e) => {
    events.push(e);
    return { delivered: true };
  });
  fake.webhook = (raw) => adapter.receive({ rawBody: Buffer.from(raw), headers: { 'content-type': 'application/json' }, query: { token: WEBHOOK_TOKEN } });
  const s = { fake, adapter, events, logs, sql: opts.sql };
  running.push(s);
  return s;
}

afterEach(async () => {
  for (const s of running.splice(0)) {
    await s.fake.stop();
    await s.adapter.close();
    await s.sql?.close();
  }
});

function webhook(s: Setup, body: unknown, query: Record<string, string> = { token: WEBHOOK_TOKEN }) {
  return s.adapter.receive({ rawBody: Buffer.from(typeof body === 'string' ? body : JSON.stringify(body)), headers: {}, query });
}

/** The Chatwoot conversation Loket made for RESIDENT. */
function only(fake: FakeChatwoot) {
  expect(fake.conversations.size).toBe(1);
  return [...fake.conversations.values()][0];
}

describe('Chatwoot adapter: handing over', () => {
  it('creates a pseudonymous contact and a pending conversation, adds the note, then opens it', async () => {
    const s = await setup();
    expect(await s.adapter.available()).toBe(true);
    expect(await s.adapter.initiate(ticket())).toBeUndefined();
    await s.fake.settled();

    expect(s.fake.requests.map((r) => `${r.method} ${r.path.split('?')[0]} ${r.status}`)).toEqual([
      `GET /api/v1/accounts/${ACCOUNT}/contacts/search 200`,
      `POST /api/v1/accounts/${ACCOUNT}/contacts 200`,
      `POST /api/v1/accounts/${ACCOUNT}/conversations 200`,
      `POST /api/v1/accounts/${ACCOUNT}/conversations/1/messages 200`,
      `POST /api/v1/accounts/${ACCOUNT}/conversations/1/toggle_status 200`,
    ]);
    const [contact] = s.fake.contacts;
    expect(contact.name).toMatch(/^Inwoner [0-9a-f]{8}$/);
    expect(contact.identifier).toMatch(/^loket-[0-9a-f]{32}$/);
    expect(JSON.stringify(s.fake.requests)).not.toMatch(/31612345678|whatsapp:/);
    expect(s.fake.requests[2].body).toEqual({ inbox_id: INBOX, contact_id: contact.id, source_id: contact.identifier, status: 'pending' });
    expect(s.fake.requests[4].body).toEqual({ status: 'open' });

    const c = only(s.fake);
    expect(c).toMatchObject({ inbox_id: INBOX, contact_id: contact.id, status: 'open', priority: null });
    expect(c.messages).toHaveLength(1);
    expect(c.messages[0]).toMatchObject({ message_type: 'outgoing', private: true });
    expect(c.messages[0].content!.split('\n')).toEqual(expect.arrayContaining([
      'Reden: wil een medewerker spreken', 'Prioriteit: normaal', 'Kanaal: whatsapp, taal: nl', 'Onderwerp (flow): afspraak',
      '- product: Paspoort', '- datum: dinsdag 14 maart',
      'Inwoner: ik wil een afspraak voor een paspoort', 'Chatbot: Op welke dag wilt u komen?', 'Inwoner: ik wil een medewerker spreken',
    ]));
    // Chatwoot's webhooks about our own doing (created, the note, opened) change nothing for the resident.
    expect(s.fake.deliveries.map((d) => [d.event, d.status])).toEqual([['conversation_created', 200], ['message_created', 200], ['conversation_status_changed', 200]]);
    expect(s.events).toEqual([]);
    expect(s.fake.violations).toEqual([]);
  });

  it('marks a crisis urgent in Chatwoot and in the note', async () => {
    const s = await setup();
    const evidence = [{ reason: 'crisis' as const, signal: 'keyword' as const, score: 0.987, threshold: 0.05, words: ['niet meer leven'] }];
    await s.adapter.initiate(ticket({ reasons: ['crisis'], evidence, priority: 'urgent', flow: undefined, slots: {} }));
    const c = only(s.fake);
    expect(c.priority).toBe('urgent');
    expect(c.messages[0].content).toContain('Prioriteit: URGENT');
    expect(c.messages[0].content).toContain('Reden: crisis');
    // Why, as the bot saw it: the agent can judge the handover at a glance.
    expect(c.messages[0].content).toContain("Waarom: crisis (de chatbot heeft 112 en 113 genoemd): woorden 'niet meer leven' (zeker 99%, nodig 5%)");
    expect(c.messages[0].content).not.toContain('Verzameld door de chatbot');
    expect(s.fake.violations).toEqual([]);
  });

  it('keeps the note within Chatwoot\'s message limit by leaving out the oldest lines', () => {
    const long = 'x'.repeat(1000);
    const note = handoverNote(ticket({ transcript: Array.from({ length: 200 }, (_, i) => ({ from: 'resident' as const, text: `${i} ${long}`, at: AT })) }));
    expect(note.length).toBeLessThanOrEqual(150_000);
    expect(note).toContain('(eerdere regels weggelaten)');
    expect(note).toContain('Inwoner: 199 ');
    expect(note).not.toContain('Inwoner: 0 ');
  });

  it('reuses the contact of an earlier handover, also when only Chatwoot still knows it', async () => {
    const s = await setup({ sql: SqliteSql.open(join(mkdtempSync(join(tmpdir(), 'loket-cw-')), 'bot.sqlite')) });
    await s.adapter.initiate(ticket());
    await s.fake.setStatus(1, 'resolved');
    await s.adapter.initiate(ticket());
    await s.sql!.run('DELETE FROM chatwoot_conversations');
    await s.adapter.initiate(ticket());
    expect(s.fake.contacts).toHaveLength(1);
    expect(s.fake.conversationOfContact(s.fake.contacts[0].id)).toHaveLength(3);
    expect(s.fake.requests.filter((r) => r.path.includes('/contacts/search'))).toHaveLength(2);
    const other = await s.adapter.initiate(ticket({ conversationId: 'directline:abc' }));
    expect(other).toBeUndefined();
    expect(s.fake.contacts).toHaveLength(2);
    expect(s.fake.violations).toEqual([]);
  });

  it('makes a conversation urgent when a crisis comes up after the handover, with a note saying why', async () => {
    const s = await setup();
    await s.adapter.initiate(ticket());
    expect(only(s.fake).priority).not.toBe('urgent');
    await s.adapter.escalate(RESIDENT);
    const c = only(s.fake);
    expect(c.priority).toBe('urgent');
    expect(c.messages.at(-1)).toMatchObject({ private: true, content: expect.stringContaining('crisis') });
    expect(s.fake.violations).toEqual([]);
  });

  it('forwards resident messages as incoming messages, and refuses conversations it never handed over', async () => {
    const s = await setup();
    await s.adapter.initiate(ticket());
    await s.adapter.forward(RESIDENT, { from: 'resident', text: 'Hallo, is daar iemand?', at: AT });
    await s.fake.settled();
    expect(only(s.fake).messages.at(-1)).toMatchObject({ content: 'Hallo, is daar iemand?', message_type: 'incoming', private: false, sender: { type: 'contact' } });
    expect(s.events).toEqual([]);
    await expect(s.adapter.forward('webchat:nobody', { from: 'resident', text: 'hoi', at: AT })).rejects.toThrow('no open Chatwoot conversation');
    expect(s.fake.violations).toEqual([]);
  });

  it('withdraws: a private note and status resolved, without telling the resident it was closed by an agent', async () => {
    const s = await setup();
    await s.adapter.initiate(ticket());
    await s.adapter.cancel(RESIDENT);
    await s.fake.settled();
    const c = only(s.fake);
    expect(c.status).toBe('resolved');
    expect(c.messages.at(-1)).toMatchObject({ private: true, content: expect.stringContaining('wacht niet meer') });
    expect(s.events).toEqual([]);
    await expect(s.adapter.forward(RESIDENT, { from: 'resident', text: 'nog iets', at: AT })).rejects.toThrow('no open Chatwoot conversation');
    await s.adapter.cancel(RESIDENT);
    expect(s.fake.requests.filter((r) => r.path.endsWith('/toggle_status'))).toHaveLength(2);
  });
});

describe('Chatwoot adapter: what comes back through the webhook', () => {
  it("turns an agent's assignment and public reply into events, and ignores private notes", async () => {
    const s = await setup();
    await s.adapter.initiate(ticket());
    await s.fake.assign(1, ANNA.id);
    await s.fake.note(1, ANNA.id, 'Even het dossier erbij pakken');
    await s.fake.reply(1, ANNA.id, 'Goedemiddag, u spreekt met Anna.');
    await s.fake.assign(1, ANNA.id);
    expect(s.events).toEqual([
      { type: 'assigned', conversationId: RESIDENT, agent: 'Anna' },
      { type: 'message', conversationId: RESIDENT, text: 'Goedemiddag, u spreekt met Anna.', agent: 'Anna de Vries' },
    ]);
    expect(s.fake.deliveries.at(-3)).toMatchObject({ event: 'message_created', body: { ok: true, ignored: 'not a public reply' } });
    expect(s.fake.violations).toEqual([]);
  });

  it('announces the agent who answers without being assigned first, once', async () => {
    const s = await setup();
    await s.adapter.initiate(ticket());
    await s.fake.reply(1, ANNA.id, 'Goedemiddag.');
    await s.fake.reply(1, ANNA.id, 'Waarmee kan ik helpen?');
    expect(s.events.map((e) => e.type)).toEqual(['assigned', 'message', 'message']);
    expect(s.events[0]).toEqual({ type: 'assigned', conversationId: RESIDENT, agent: 'Anna de Vries' });
  });

  it('sends files an agent attaches as links, with the text first; a file-only reply counts too', async () => {
    const s = await setup();
    await s.adapter.initiate(ticket());
    await s.fake.reply(1, ANNA.id, 'Hier is het formulier.', [{ file_type: 'file', name: 'Aanvraag gehandicaptenparkeerkaart.pdf' }]);
    await s.fake.reply(1, ANNA.id, null, [{ file_type: 'image', name: 'plattegrond stadhuis.png' }]);
    const links = s.events.filter((e) => e.type === 'link');
    expect(s.events.map((e) => e.type)).toEqual(['assigned', 'message', 'link', 'link']);
    expect(links).toEqual([
      { type: 'link', conversationId: RESIDENT, title: 'Bestand: Aanvraag gehandicaptenparkeerkaart.pdf', url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/rails\/active_storage\/blobs\/redirect\/.+\/Aanvraag%20gehandicaptenparkeerkaart\.pdf$/), agent: 'Anna de Vries' },
      { type: 'link', conversationId: RESIDENT, title: 'Afbeelding: plattegrond stadhuis.png', url: expect.stringContaining('/plattegrond%20stadhuis.png'), agent: 'Anna de Vries' },
    ]);
    expect(s.fake.violations).toEqual([]);
  });

  it('puts a reply the resident cannot get back in Chatwoot as a private note saying why', async () => {
    const s = await setup();
    const reason = 'De inwoner schreef meer dan 24 uur geleden. Via WhatsApp kan dan alleen nog een vast sjabloonbericht.';
    s.adapter.onEvent(async (e) => (e.type === 'message' ? { delivered: false, code: 'window_closed', reason } : { delivered: true }));
    await s.adapter.initiate(ticket());
    await s.fake.reply(1, ANNA.id, 'Bent u er nog?');
    expect(only(s.fake).messages.at(-1)).toMatchObject({ content: `Niet verstuurd naar de inwoner. ${reason}`, message_type: 'outgoing', private: true });
    expect(s.fake.deliveries.find((d) => d.event === 'message_created' && d.body.ignored === 'not delivered: window_closed')).toBeDefined();
    expect(s.fake.violations).toEqual([]);
  });

  it('hands back to the bot when the agent sets the conversation to pending; later replies are ignored', async () => {
    const s = await setup();
    await s.adapter.initiate(ticket());
    await s.fake.setStatus(1, 'pending');
    expect(s.events).toEqual([{ type: 'returned', conversationId: RESIDENT }]);
    await s.fake.reply(1, ANNA.id, 'nog een bericht');
    await s.fake.setStatus(1, 'resolved');
    expect(s.events).toHaveLength(1);
    expect(s.fake.deliveries.slice(-2).map((d) => d.body)).toEqual([{ ok: true, ignored: 'unknown conversation' }, { ok: true, ignored: 'unknown conversation' }]);
  });

  it('does not take an assignment while Loket is still opening the conversation for a hand-back', async () => {
    const s = await setup();
    let arrived!: () => void;
    let release!: () => void;
    const held = new Promise<void>((r) => (arrived = r));
    s.fake.gate = (route) => (route.endsWith('toggle_status') ? (arrived(), new Promise<void>((r) => (release = r))) : Promise.resolve());
    const initiate = s.adapter.initiate(ticket());
    await held;
    const early = { event: 'conversation_updated', id: 1, inbox_id: INBOX, status: 'pending', meta: { assignee: { id: ANNA.id, name: ANNA.name, available_name: 'Anna', type: 'user' } } };
    expect(await webhook(s, early)).toEqual({ status: 200, body: { ok: true } });
    release();
    await initiate;
    expect(s.events).toEqual([{ type: 'assigned', conversationId: RESIDENT, agent: 'Anna' }]);
    await s.fake.setStatus(1, 'pending');
    expect(s.events.at(-1)).toEqual({ type: 'returned', conversationId: RESIDENT });
  });

  it('reports a conversation resolved by the agent', async () => {
    const s = await setup();
    await s.adapter.initiate(ticket());
    await s.fake.setStatus(1, 'resolved');
    expect(s.events).toEqual([{ type: 'resolved', conversationId: RESIDENT }]);
  });

  it('refuses a webhook without the right token, and bad bodies', async () => {
    const s = await setup();
    await s.adapter.initiate(ticket());
    const reply = { event: 'conversation_status_changed', id: 1, inbox_id: INBOX, status: 'resolved', meta: {} };
    expect(await webhook(s, reply, {})).toEqual({ status: 401, body: { error: 'missing or wrong ?token= on the webhook URL' } });
    expect(await webhook(s, reply, { token: `${WEBHOOK_TOKEN}x` })).toEqual({ status: 401, body: { error: 'missing or wrong ?token= on the webhook URL' } });
    expect(await webhook(s, '{"event":')).toEqual({ status: 400, body: { error: 'the body is not valid JSON' } });
    expect(await webhook(s, { id: 1 })).toEqual({ status: 400, body: { error: 'not a Chatwoot webhook: the body needs a string "event"' } });
    expect(s.events).toEqual([]);
    expect(await webhook(s, reply)).toEqual({ status: 200, body: { ok: true } });
    expect(s.events).toEqual([{ type: 'resolved', conversationId: RESIDENT }]);
  });

  it('ignores events of other inboxes, accounts and unknown conversations with 200', async () => {
    const s = await setup();
    await s.adapter.initiate(ticket());
    const base = { event: 'conversation_status_changed', id: 1, inbox_id: INBOX, status: 'resolved', meta: {} };
    expect((await webhook(s, { ...base, inbox_id: WIDGET_INBOX })).body).toEqual({ ok: true, ignored: 'another inbox' });
    expect((await webhook(s, { ...base, id: 99 })).body).toEqual({ ok: true, ignored: 'unknown conversation' });
    const message = { event: 'message_created', message_type: 'outgoing', private: false, content: 'hoi', sender: { id: 2, name: 'Anna', type: 'user' }, account: { id: ACCOUNT + 1 }, conversation: { id: 1, inbox_id: INBOX } };
    expect((await webhook(s, message)).body).toEqual({ ok: true, ignored: 'another account' });
    expect((await webhook(s, { event: 'contact_created', id: 5 })).body).toEqual({ ok: true, ignored: 'event not used' });
    expect(s.events).toEqual([]);
  });

  it('keeps the mapping in SQLite, so a webhook after a restart reaches the right conversation', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'loket-cw-')), 'bot.sqlite');
    const first = await setup({ sql: SqliteSql.open(file) });
    await first.adapter.initiate(ticket());
    await first.fake.settled();
    await first.sql!.close();
    const second = await setup({ sql: SqliteSql.open(file), fake: first.fake });
    await first.fake.reply(1, ANNA.id, 'Ik ben er weer.');
    expect(second.events.map((e) => e.type)).toEqual(['assigned', 'message']);
    expect(second.events[1]).toMatchObject({ conversationId: RESIDENT, text: 'Ik ben er weer.' });
    running.splice(running.indexOf(first), 1);
  });

  it('takes over the mapping and the pseudonym key of a bot file from before they were per bot', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'loket-cw-')), 'bot.sqlite');
    const key = Buffer.alloc(32, 7);
    const old = openDatabase(file);
    old.exec(`CREATE TABLE chatwoot_conversations (conversation_id TEXT PRIMARY KEY, chatwoot_id INTEGER NOT NULL, contact_id INTEGER NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('pending', 'open', 'closed')), assignee_id INTEGER, updated_at TEXT NOT NULL);
      CREATE INDEX chatwoot_conversations_by_chatwoot ON chatwoot_conversations (chatwoot_id, status);
      CREATE TABLE chatwoot_pseudonym_key (id INTEGER PRIMARY KEY CHECK (id = 1), key BLOB NOT NULL);`);
    old.prepare('INSERT INTO chatwoot_pseudonym_key (id, key) VALUES (1, ?)').run(key);
    old.prepare("INSERT INTO chatwoot_conversations VALUES ('directline:oud', 42, 500, 'open', 2, ?)").run(AT);
    old.close();

    const s = await setup({ sql: SqliteSql.open(file) });
    expect((await webhook(s, { event: 'conversation_status_changed', id: 42, inbox_id: INBOX, status: 'resolved', meta: {} })).body).toEqual({ ok: true });
    expect(s.events).toEqual([{ type: 'resolved', conversationId: 'directline:oud' }]);
    // The same key: a resident handed over again finds the contact made before the upgrade.
    await s.adapter.initiate(ticket());
    const hash = createHmac('sha256', key).update(`voorbeeldgemeente\n${RESIDENT}`).digest('hex');
    expect(s.fake.contacts[0].identifier).toBe(`loket-${hash.slice(0, 32)}`);
  });

  it('logs ids and statuses, never what residents or agents wrote or their names', async () => {
    const s = await setup();
    await s.adapter.initiate(ticket());
    await s.adapter.forward(RESIDENT, { from: 'resident', text: 'mijn BSN is 123456782', at: AT });
    await s.fake.assign(1, ANNA.id);
    await s.fake.reply(1, ANNA.id, 'Dank u, ik kijk het na.');
    await s.fake.setStatus(1, 'pending');
    const logs = s.logs.join('\n');
    expect(logs).toContain('"chatwoot":1');
    for (const secret of ['123456782', 'paspoort', 'medewerker spreken', 'Anna', 'kijk het na', '31612345678', 'Inwoner ', ADMIN.token]) expect(logs).not.toContain(secret);
  });
});

describe('Chatwoot adapter: when Chatwoot fails', () => {
  it('tries again after a 5xx', async () => {
    const s = await setup();
    s.fake.failNext = [500, 503];
    await s.adapter.initiate(ticket());
    expect(s.fake.requests.slice(0, 3).map((r) => r.status)).toEqual([500, 503, 200]);
    expect(only(s.fake).status).toBe('open');
  });

  it('gives up after three failures with a clear error', async () => {
    const s = await setup();
    s.fake.failNext = [502, 502, 502];
    const error: RemoteHandoverError = await s.adapter.initiate(ticket()).catch((e) => e);
    expect(error).toBeInstanceOf(RemoteHandoverError);
    expect(error.code).toBe('unavailable');
    expect(error.message).toBe('Chatwoot answered 502 to search contact: told to answer 502');
    expect(s.fake.requests.map((r) => r.status)).toEqual([502, 502, 502]);
    expect(s.fake.conversations.size).toBe(0);
  });

  it('stops at once on a 4xx', async () => {
    const s = await setup({ token: 'not-a-token' });
    await expect(s.adapter.initiate(ticket())).rejects.toThrow('Chatwoot answered 401 to search contact: Invalid Access Token');
    expect(s.fake.requests).toHaveLength(1);
  });

  it('explains that an agent bot token cannot create contacts', async () => {
    const s = await setup({ token: BOT.token });
    await expect(s.adapter.initiate(ticket())).rejects.toThrow(/401 to search contact: Access to this endpoint is not authorized for bots \(token_env must hold a Chatwoot user's access token/);
  });

  it('times out instead of keeping the resident waiting, without trying again', async () => {
    const s = await setup({ timeoutMs: 100 });
    s.fake.hang = true;
    const error: RemoteHandoverError = await s.adapter.initiate(ticket()).catch((e) => e);
    expect(error.code).toBe('timeout');
    expect(error.message).toBe('Chatwoot did not answer search contact within 100 ms');
  });

  it('forgets a half-made handover: no events from it, nothing forwarded to it', async () => {
    const s = await setup({ tries: 1 });
    s.fake.failOn('POST /conversations/:id/messages', 500);
    await expect(s.adapter.initiate(ticket())).rejects.toThrow('Chatwoot answered 500 to add private note');
    expect(only(s.fake).status).toBe('pending');
    await s.fake.reply(1, ANNA.id, 'Goedemiddag.');
    expect(s.fake.deliveries.at(-1)?.body).toEqual({ ok: true, ignored: 'unknown conversation' });
    expect(s.events).toEqual([]);
    await expect(s.adapter.forward(RESIDENT, { from: 'resident', text: 'hallo?', at: AT })).rejects.toThrow('no open Chatwoot conversation');
  });
});
