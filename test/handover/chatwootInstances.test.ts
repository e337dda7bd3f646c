/**
 * Two Loket instances on one PostgreSQL database, both with the Chatwoot adapter: a handover made through one is
 * answered through Chatwoot's webhook on the other, both make a resident the same pseudonym, and `loket privacy`
 * finds the mapping in PostgreSQL.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import type { HandoverEvent, HandoverTicket } from '../../src/handover/adapter';
import { ChatwootAdapter } from '../../src/handover/chatwoot';
import { erase, find, purge, retentionOf, type Holdings } from '../../src/privacy';
import { openSql, SqliteSql, type Sql } from '../../src/storage';
import { freshPostgres } from '../storage/fresh';
import { FakeChatwoot, type FakeUser } from './fakeChatwoot';

const ACCOUNT = 7;
const INBOX = 3;
const HOOK_TOKEN = 'chatwoot-instances-hook-9d2a';
const ADMIN: FakeUser = { id: 1, name: 'Loket koppeling', email: 'loket@voorbeeld.nl', role: 'administrator', token: 'cw-instances-admin' };
const ANNA: FakeUser = { id: 2, name: 'Anna de Vries', available_name: 'Anna', email: 'anna@voorbeeld.nl', role: 'agent', token: 'cw-instances-anna' };
const BOT = 'voorbeeldgemeente';
const RESIDENT = 'whatsapp:31612345678';
const DAY_MS = 86_400_000;

function ticket(conversationId = RESIDENT, botId = BOT): HandoverTicket {
  const at = new Date().toISOString();
  return {
    botId, conversationId, channel: 'whatsapp', lang: 'nl', reasons: ['person'], priority: 'normal', slots: {}, createdAt: at,
    transcript: [{ from: 'resident', text: 'ik wil een medewerker spreken', at }],
  };
}

interface Instance { adapter: ChatwootAdapter; sql: Sql; events: HandoverEvent[] }

describe('Chatwoot handover on two instances sharing PostgreSQL', () => {
  let fake: FakeChatwoot;
  let url: string;
  let dir: string;
  const opened: Instance[] = [];
  const extra: Sql[] = [];

  /** One instance: its own connection pool to the shared database, its own adapter. */
  function instance(botId = BOT): Instance {
    const sql = openSql(url);
    const adapter = new ChatwootAdapter(
      { url: fake.url, account_id: ACCOUNT, inbox_id: INBOX, token_env: 'CW_TOKEN' },
      { token: ADMIN.token, webhookToken: HOOK_TOKEN, botId, retryDelayMs: 0, log: pino({ level: 'silent' }), sql },
    );
    const events: HandoverEvent[] = [];
    adapter.onEvent(async (e) => {
      events.push(e);
      return { delivered: true };
    });
    const made = { adapter, sql, events };
    opened.push(made);
    return made;
  }

  /** Chatwoot's webhooks go to this instance (the load balancer picked it). */
  function webhooksTo(i: Instance): void {
    fake.webhook = (raw) => i.adapter.receive({ rawBody: Buffer.from(raw), headers: { 'content-type': 'application/json' }, query: { token: HOOK_TOKEN } });
  }

  beforeEach(async () => {
    fake = new FakeChatwoot({ accountId: ACCOUNT, inboxes: [{ id: INBOX, name: 'Loket', channel_type: 'Channel::Api' }], users: [ADMIN, ANNA] });
    await fake.start();
    url = await freshPostgres();
    dir = mkdtempSync(join(tmpdir(), 'loket-cw-pg-'));
  });

  afterEach(async () => {
    await fake.stop();
    for (const i of opened.splice(0)) {
      await i.adapter.close();
      await i.sql.close();
    }
    for (const sql of extra.splice(0)) await sql.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** The bot's holdings as a server with DATABASE_URL has them: its own SQLite file, and the shared PostgreSQL. */
  function holdings(botId = BOT): Holdings {
    const bot = SqliteSql.open(join(dir, `${botId}.sqlite`));
    const shared = openSql(url);
    extra.push(bot, shared);
    return { botId, retention: retentionOf({ privacy: { handover: 30 } }), bot, shared, stateDir: dir };
  }

  it('answers a handover made on one instance through a webhook that reaches the other', async () => {
    // Started together: the migration and the pseudonym key are made once.
    const [one, two] = [instance(), instance()];
    webhooksTo(two);
    await one.adapter.initiate(ticket());
    await fake.settled();
    expect(fake.conversations.get(1)?.status).toBe('open');

    await fake.reply(1, ANNA.id, 'Goedemorgen, ik help u verder.');
    expect(two.events).toEqual([
      { type: 'assigned', conversationId: RESIDENT, agent: 'Anna de Vries' },
      { type: 'message', conversationId: RESIDENT, text: 'Goedemorgen, ik help u verder.', agent: 'Anna de Vries' },
    ]);
    expect(one.events).toEqual([]);

    // What the webhook changed on the second instance, the first one sees: the resident's next line still goes out.
    await one.adapter.forward(RESIDENT, { from: 'resident', text: 'Dank u wel', at: new Date().toISOString() });
    expect(fake.conversations.get(1)?.messages.at(-1)).toMatchObject({ content: 'Dank u wel', message_type: 'incoming' });

    // Handed back on the second instance: the first no longer forwards into the closed conversation.
    await fake.setStatus(1, 'pending');
    expect(two.events.at(-1)).toEqual({ type: 'returned', conversationId: RESIDENT });
    await expect(one.adapter.forward(RESIDENT, { from: 'resident', text: 'nog iets', at: new Date().toISOString() })).rejects.toThrow('no open Chatwoot conversation');
    expect(fake.violations).toEqual([]);
  });

  it('gives a resident the same pseudonym on every instance', async () => {
    const [one, two] = [instance(), instance()];
    webhooksTo(two);
    await one.adapter.initiate(ticket());
    await fake.setStatus(1, 'resolved');
    expect(two.events).toEqual([{ type: 'resolved', conversationId: RESIDENT }]);
    // Past retention the mapping is purged: a new handover finds the contact by its pseudonym alone.
    expect(await purge(holdings(), new Date(Date.now() + 31 * DAY_MS))).toMatchObject({ chatwoot_conversations: 1 });

    await two.adapter.initiate(ticket());
    expect(fake.contacts).toHaveLength(1);
    expect(fake.conversationOfContact(fake.contacts[0].id)).toHaveLength(2);
    expect(fake.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/contacts'))).toHaveLength(1);
    expect(await one.sql.all('SELECT bot_id FROM chatwoot_pseudonym_key')).toEqual([{ bot_id: BOT }]);
    expect(fake.violations).toEqual([]);
  });

  it('exports and erases a resident\'s mapping in PostgreSQL, in their bot only', async () => {
    const [mine, other] = [instance(), instance('anderegemeente')];
    webhooksTo(mine);
    await mine.adapter.initiate(ticket());
    await other.adapter.initiate(ticket(RESIDENT, 'anderegemeente'));
    // Each bot its own key: the same number is two different residents to two municipalities.
    expect(fake.contacts).toHaveLength(2);

    const found = await find(holdings(), { conversation: RESIDENT });
    expect(found.tables.chatwoot_conversations).toEqual([expect.objectContaining({ bot_id: BOT, conversation_id: RESIDENT, chatwoot_id: '1', status: 'open' })]);
    await erase(holdings(), { conversation: RESIDENT });
    expect(await mine.sql.all('SELECT bot_id, conversation_id FROM chatwoot_conversations')).toEqual([{ bot_id: 'anderegemeente', conversation_id: RESIDENT }]);
    // Erased: Chatwoot's webhooks for it are no longer Loket's.
    await fake.reply(1, ANNA.id, 'Bent u er nog?');
    expect(fake.deliveries.at(-1)).toMatchObject({ status: 200, body: { ok: true, ignored: 'unknown conversation' } });
    expect(mine.events).toEqual([]);
  });
});
