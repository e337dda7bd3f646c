import { openSql, PostgresBus } from '../../src/storage';
import { pg } from '../../src/storage/pg';
import { freshDatabase, freshPostgres } from './fresh';

/** Resolves with the messages once `n` have been heard. */
function hear(bus: PostgresBus, channel: string, n: number): Promise<string[]> {
  const heard: string[] = [];
  return new Promise((resolve) => {
    void bus.subscribe(channel, (m) => {
      heard.push(m);
      if (heard.length === n) resolve(heard);
    });
  });
}

describe('the PostgreSQL bus', () => {
  const database = freshDatabase('postgres');

  it('delivers many news items published at once, in order, in a few round trips on one connection', async () => {
    const listening = new PostgresBus(database.target);
    const publishing = new PostgresBus(database.target);
    const query = jest.spyOn(pg().Client.prototype, 'query');
    try {
      const heard = hear(listening, 'news', 50);
      await listening.subscribe('news', () => undefined);
      query.mockClear();
      await Promise.all(Array.from({ length: 50 }, (_, i) => publishing.publish('news', String(i))));
      expect(await heard).toEqual(Array.from({ length: 50 }, (_, i) => String(i)));
      // News published while a round trip is under way waits for the next one: not fifty round trips, one or two.
      expect(query.mock.calls.length).toBeLessThanOrEqual(2);
    } finally {
      query.mockRestore();
      await listening.close();
      await publishing.close();
    }
  });

  it('listens again after its connection was cut (a database restart), so news reaches this instance again', async () => {
    const errors: string[] = [];
    const listening = new PostgresBus(database.target, (e) => errors.push(e.message), 20);
    const publishing = new PostgresBus(database.target);
    try {
      const first = hear(listening, 'news', 1);
      await listening.subscribe('news', () => undefined);
      await publishing.publish('news', 'before');
      expect(await first).toEqual(['before']);
      const cut = await database.sql.all<{ cut: boolean }>("SELECT pg_terminate_backend(pid) AS cut FROM pg_stat_activity WHERE query LIKE 'LISTEN%' AND pid <> pg_backend_pid()");
      expect(cut.length).toBe(1);
      // News published while the connection is down is lost; the bus promises only that news flows again.
      const after = new Promise<void>((resolve) => void listening.subscribe('news', (m) => m === 'after' && resolve()));
      const deadline = Date.now() + 10_000;
      let done = false;
      void after.then(() => (done = true));
      while (!done && Date.now() < deadline) {
        await publishing.publish('news', 'after');
        await new Promise<void>((r) => setImmediate(r));
        await Promise.race([after, new Promise<void>((r) => setTimeout(r, 50))]);
      }
      expect(done).toBe(true);
      expect(errors.length).toBeGreaterThan(0);
    } finally {
      await listening.close();
      await publishing.close();
    }
  });
});

describe('the PostgreSQL bus while the database is away', () => {
  it('refuses a subscription it cannot listen for, and listens when asked again once the database is there', async () => {
    const url = await freshPostgres();
    const admin = openSql(url);
    const later = url.replace(/\/[^/]*$/, '/loket_bus_later');
    const bus = new PostgresBus(later, () => undefined, 20);
    const publisher = new PostgresBus(later);
    try {
      // The database does not exist yet: the LISTEN fails.
      await expect(bus.subscribe('news', () => undefined)).rejects.toThrow(/does not exist/);
      await admin.run('CREATE DATABASE loket_bus_later');
      const heard = hear(bus, 'news', 1);
      await bus.subscribe('news', () => undefined);
      await publisher.publish('news', 'hallo');
      expect(await heard).toEqual(['hallo']);
    } finally {
      await bus.close();
      await publisher.close();
      await admin.close();
    }
  });
});
