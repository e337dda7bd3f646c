import { createBuiltinActions } from '../../src/actions';
import { SqliteSql } from '../../src/storage';
import { openDatabase } from '../../src/storage/sqlite';
import { makeCtx } from './helpers';

describe('createBuiltinActions', () => {
  it('registers every built-in action once, on one database', async () => {
    const db = openDatabase(':memory:');
    const registry = createBuiltinActions({ sql: new SqliteSql(db), bot: { calendar: { desks: 1 } } });
    expect(registry.list().map((a) => a.name).sort()).toEqual([
      'calendar.book', 'calendar.cancel', 'calendar.find', 'calendar.free_slots', 'calendar.reschedule',
      'callback.request', 'cases.create', 'cases.find', 'email.available', 'http.post', 'reports.create', 'reports.find',
    ]);
    for (const action of registry.list()) {
      expect(action.description).not.toBe('');
      expect(Array.isArray(action.params)).toBe(true);
    }
    const ctx = makeCtx();
    const booked = await registry.get('calendar.book')!.run(
      { product: 'verhuizing', slot: '2023-03-14T09:00', name: 'A', email: 'a@b.nl' }, ctx);
    expect(booked.ok).toBe(true);
    // every module's migrations ran on the shared database
    expect(db.prepare('SELECT DISTINCT name FROM schema_migrations ORDER BY name').all()).toEqual([{ name: 'calendar' }, { name: 'callbacks' }, { name: 'cases' }, { name: 'reports' }]);
    db.close();
  });
});
