import { RouteStore } from '../../src/channels/routes';
import { SqliteSql, type Sql } from '../../src/storage';
import { openDatabase } from '../../src/storage/sqlite';
import { DIALECTS, freshDatabase } from '../storage/fresh';

const HOUR = 3_600_000;
const reference = (activityId: string, serviceUrl = 'https://dl.example/') => ({ activityId, serviceUrl, channelId: 'directline', conversation: { id: 'c1' } as never, user: { id: 'u1', name: 'u1' } });

describe.each(DIALECTS)('RouteStore on %s', (dialect) => {
  const database = freshDatabase(dialect);
  let clock: number;
  let routes: RouteStore;
  const updatedAt = async () => (await database.sql.get<{ updated_at: string }>('SELECT updated_at FROM conversation_routes WHERE conversation = ?', ['c1']))!.updated_at;

  beforeEach(() => {
    clock = Date.parse('2026-03-10T10:00:00Z');
    routes = new RouteStore(database.sql, 'gemeente', () => new Date(clock));
  });

  it('keeps the route without the activity id, and does not write it again for each message', async () => {
    await routes.save('c1', { adapter: 'directline', reference: reference('a1') });
    clock += HOUR;
    await routes.save('c1', { adapter: 'directline', reference: reference('a2') });
    expect(await updatedAt()).toBe('2026-03-10T10:00:00.000Z');
    expect(await routes.get('c1')).toEqual({ adapter: 'directline', reference: { serviceUrl: 'https://dl.example/', channelId: 'directline', conversation: { id: 'c1' }, user: { id: 'u1', name: 'u1' } } });
  });

  it('writes at once when the way back changes, and at least daily while the conversation goes on', async () => {
    await routes.save('c1', { adapter: 'directline', reference: reference('a1') });
    clock += HOUR;
    await routes.save('c1', { adapter: 'directline', reference: reference('a2', 'https://other.example/') });
    expect((await routes.get('c1'))?.reference.serviceUrl).toBe('https://other.example/');
    expect(await updatedAt()).toBe('2026-03-10T11:00:00.000Z');
    clock += 25 * HOUR;
    await routes.save('c1', { adapter: 'directline', reference: reference('a3', 'https://other.example/') });
    expect(await updatedAt()).toBe('2026-03-11T12:00:00.000Z');
  });

  it('is read by another instance, and kept per bot: one number may write to two bots', async () => {
    const whatsapp = (bot: string) => ({ adapter: 'whatsapp', reference: { channelId: 'whatsapp', conversation: { id: '31612345678' } as never, bot: { id: bot, name: bot } } });
    await routes.save('whatsapp:31612345678', whatsapp('111'));
    await new RouteStore(database.sql, 'buurgemeente').save('whatsapp:31612345678', whatsapp('222'));
    const elsewhere = database.open();
    expect((await new RouteStore(elsewhere, 'gemeente').get('whatsapp:31612345678'))?.reference.bot?.id).toBe('111');
    expect((await new RouteStore(elsewhere, 'buurgemeente').get('whatsapp:31612345678'))?.reference.bot?.id).toBe('222');
    expect(await new RouteStore(elsewhere, 'derde').get('whatsapp:31612345678')).toBeUndefined();
  });
});

describe('RouteStore in a bot\'s SQLite file from before routes were per bot', () => {
  const database = freshDatabase('sqlite');

  it('keeps the routes it had, as the file\'s bot\'s', async () => {
    const db = openDatabase(database.target);
    db.exec(`CREATE TABLE schema_migrations (name TEXT NOT NULL, version INTEGER NOT NULL, applied_at TEXT NOT NULL, PRIMARY KEY (name, version));
      CREATE TABLE conversation_routes (conversation TEXT PRIMARY KEY, adapter TEXT NOT NULL, reference TEXT NOT NULL, updated_at TEXT NOT NULL);
      CREATE INDEX conversation_routes_updated ON conversation_routes (updated_at);
      INSERT INTO schema_migrations VALUES ('routes', 1, '2026-01-01T00:00:00Z');
      INSERT INTO conversation_routes VALUES ('directline:c1', 'directline', '{"serviceUrl":"https://dl.example/"}', '2026-01-01T00:00:00Z');`);
    const sql: Sql = new SqliteSql(db);
    expect(await new RouteStore(sql, 'gemeente').get('directline:c1')).toEqual({ adapter: 'directline', reference: { serviceUrl: 'https://dl.example/' } });
    await sql.close();
  });
});
