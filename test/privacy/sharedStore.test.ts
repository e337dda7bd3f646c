/**
 * With DATABASE_URL a bot's human queue is in PostgreSQL, one table for every bot: the purge, export and erasure find
 * its rows there, and touch only the rows of the bot they are for.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HandoverQueue, type HandoverTicket } from '../../src/handover';
import { erase, find, purge, retentionOf, type Holdings } from '../../src/privacy';
import { openSql, SqliteSql, type Sql } from '../../src/storage';
import { startCluster, type Cluster } from '../storage/postgres';

const NOW = new Date('2026-03-10T09:00:00Z');
const anne = { username: 'anne', name: 'Anne' };

function ticket(botId: string, conversationId: string): HandoverTicket {
  const at = NOW.toISOString();
  return {
    botId, conversationId, channel: 'webchat', lang: 'nl', reasons: ['person'], priority: 'normal', slots: {}, createdAt: at,
    transcript: [{ from: 'resident', text: 'mijn e-mailadres is jan@example.nl', at }],
  };
}

describe('privacy for the human queue in PostgreSQL', () => {
  let cluster: Cluster;
  let dir: string;
  let shared: Sql;
  let bot: SqliteSql;
  let queue: HandoverQueue;
  const holdings = (botId: string, handoverDays = 30): Holdings => ({ botId, retention: retentionOf({ privacy: { handover: handoverDays } }), bot, shared, stateDir: dir });

  beforeAll(async () => {
    cluster = await startCluster();
    dir = mkdtempSync(join(tmpdir(), 'loket-privacy-pg-'));
    shared = openSql(cluster.url);
    bot = SqliteSql.open(join(dir, 'bot.sqlite'));
    queue = new HandoverQueue(shared, { now: () => NOW, sweepEveryMs: 0 });
    for (const [botId, conversation] of [['een', 'c1'], ['een', 'c2'], ['twee', 'c3']]) {
      await queue.initiate(ticket(botId, conversation));
      const t = (await queue.ticketOf(conversation))!;
      await queue.claim(t.id, botId, anne);
      await queue.resolve(t.id, botId, anne, 'opgelost');
    }
  });

  afterAll(async () => {
    await queue?.close();
    await shared?.close();
    await bot?.close();
    cluster?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('exports and erases a resident\'s handover by a contact detail, in their bot only', async () => {
    const found = await find(holdings('een'), { email: 'jan@example.nl' });
    expect(found.conversations.sort()).toEqual(['c1', 'c2']);
    expect(found.tables.handover_tickets.map((t) => t.conversation).sort()).toEqual(['c1', 'c2']);
    expect(found.tables.handover_messages).toHaveLength(2);
    await erase(holdings('een'), { conversation: 'c1' });
    expect(await shared.all('SELECT conversation FROM handover_tickets ORDER BY conversation')).toEqual([{ conversation: 'c2' }, { conversation: 'c3' }]);
  });

  it('purges closed handovers past the bot\'s retention, and leaves other bots\' alone', async () => {
    expect(await purge(holdings('een'), new Date(NOW.getTime() + 31 * 86_400_000))).toMatchObject({ handover_tickets: 1 });
    expect(await purge(holdings('twee', 60), new Date(NOW.getTime() + 31 * 86_400_000))).toEqual({});
    expect(await shared.all('SELECT conversation FROM handover_tickets')).toEqual([{ conversation: 'c3' }]);
    expect(Number((await shared.get<{ n: string }>('SELECT COUNT(*) AS n FROM handover_messages'))!.n)).toBe(1);
  });
});
