import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RouteStore } from '../../src/channels/routes';
import { openDatabase, type Database } from '../../src/storage/sqlite';

const HOUR = 3_600_000;
const reference = (activityId: string, serviceUrl = 'https://dl.example/') => ({ activityId, serviceUrl, channelId: 'directline', conversation: { id: 'c1' } as never, user: { id: 'u1', name: 'u1' } });

describe('RouteStore', () => {
  let dir: string;
  let db: Database;
  let clock: number;
  let routes: RouteStore;
  const updatedAt = () => (db.prepare('SELECT updated_at FROM conversation_routes WHERE conversation = ?').get('c1') as { updated_at: string }).updated_at;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'loket-routes-'));
    db = openDatabase(join(dir, 'state.sqlite'));
    clock = Date.parse('2026-03-10T10:00:00Z');
    routes = new RouteStore(db, () => new Date(clock));
  });

  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps the route without the activity id, and does not write it again for each message', () => {
    routes.save('c1', { adapter: 'directline', reference: reference('a1') });
    clock += HOUR;
    routes.save('c1', { adapter: 'directline', reference: reference('a2') });
    expect(updatedAt()).toBe('2026-03-10T10:00:00.000Z');
    expect(routes.get('c1')).toEqual({ adapter: 'directline', reference: { serviceUrl: 'https://dl.example/', channelId: 'directline', conversation: { id: 'c1' }, user: { id: 'u1', name: 'u1' } } });
  });

  it('writes at once when the way back changes, and at least daily while the conversation goes on', () => {
    routes.save('c1', { adapter: 'directline', reference: reference('a1') });
    clock += HOUR;
    routes.save('c1', { adapter: 'directline', reference: reference('a2', 'https://other.example/') });
    expect(routes.get('c1')?.reference.serviceUrl).toBe('https://other.example/');
    expect(updatedAt()).toBe('2026-03-10T11:00:00.000Z');
    clock += 25 * HOUR;
    routes.save('c1', { adapter: 'directline', reference: reference('a3', 'https://other.example/') });
    expect(updatedAt()).toBe('2026-03-11T12:00:00.000Z');
  });

  it('forgets conversations nobody wrote in for longer than the retention period', () => {
    routes.save('c1', { adapter: 'directline', reference: reference('a1') });
    clock += 31 * 24 * HOUR;
    expect(routes.purge(30)).toBe(1);
    expect(routes.get('c1')).toBeUndefined();
    routes.save('c1', { adapter: 'directline', reference: reference('a2') });
    expect(routes.get('c1')?.adapter).toBe('directline');
  });
});
