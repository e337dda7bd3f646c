/**
 * A bot's SQLite file from before a table had its bot column (the Chatwoot mapping, until the adapter opens the file
 * again): the purge and a resident's export still work on it, taking its rows as the bot's own.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { find, purge, retentionOf, type Holdings } from '../../src/privacy';
import { SqliteSql } from '../../src/storage';

describe('privacy on a bot file with a table from before its bot column', () => {
  let dir: string;
  let bot: SqliteSql;
  let shared: SqliteSql;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'loket-legacy-'));
    bot = SqliteSql.open(join(dir, 'bot.sqlite'));
    shared = SqliteSql.open(join(dir, 'state.sqlite'));
    // The Chatwoot mapping as the adapter made it before it kept rows per bot.
    await bot.run(`CREATE TABLE chatwoot_conversations (conversation_id TEXT PRIMARY KEY, chatwoot_id INTEGER NOT NULL, contact_id INTEGER NOT NULL,
      status TEXT NOT NULL, assignee_id INTEGER, updated_at TEXT NOT NULL)`);
    await bot.run("INSERT INTO chatwoot_conversations VALUES ('directline:oud', 7, 3, 'closed', NULL, '2026-01-01T00:00:00.000Z')");
    await bot.run("INSERT INTO chatwoot_conversations VALUES ('directline:nieuw', 8, 4, 'open', NULL, '2026-03-09T00:00:00.000Z')");
  });

  afterEach(async () => {
    await bot.close();
    await shared.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const holdings = (): Holdings => ({ botId: 'voorbeeldgemeente', retention: retentionOf({}), bot, shared, stateDir: dir });

  it('purges what is past retention instead of failing the whole purge', async () => {
    expect(await purge(holdings(), new Date('2026-03-10T00:00:00Z'))).toEqual({ chatwoot_conversations: 1 });
    expect(await bot.all('SELECT conversation_id FROM chatwoot_conversations')).toEqual([{ conversation_id: 'directline:nieuw' }]);
  });

  it('finds a conversation\'s row for an export', async () => {
    const found = await find(holdings(), { conversation: 'directline:nieuw' });
    expect(found.tables.chatwoot_conversations).toEqual([expect.objectContaining({ conversation_id: 'directline:nieuw', chatwoot_id: 8 })]);
  });
});
