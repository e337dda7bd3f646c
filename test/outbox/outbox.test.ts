import { once } from 'node:events';
import { loggable, OutboxWorker, SqlOutbox, type OutboxItem } from '../../src/outbox';
import { SqliteSql } from '../../src/storage';
import { openDatabase } from '../../src/storage/sqlite';
import { silentLog } from '../actions/helpers';
import { DIALECTS, freshDatabase } from '../storage/fresh';

/** A clock the test moves by hand, so retry times are exact. */
function clock(start = '2026-03-10T09:00:00Z') {
  let t = new Date(start).getTime();
  return { now: () => new Date(t), advance: (ms: number) => void (t += ms) };
}

const ITEM = { topic: 'email', kind: 'appointment_booked', reference: 'AFS-7K3M9Q', payload: { to: 'jan@example.nl' } };

describe.each(DIALECTS)('the outbox on %s', (dialect) => {
  const database = freshDatabase(dialect);

  it('keeps a pending item across a restart and drops its payload once delivered', async () => {
    const c = clock();
    const id = await new SqlOutbox(database.sql, 'bot').add(ITEM, c.now());
    const store = new SqlOutbox(database.open(), 'bot');
    const [claimed] = await store.claim('email', c.now(), 10, new Date(c.now().getTime() + 60_000));
    expect(claimed).toMatchObject({ id, botId: 'bot', kind: 'appointment_booked', reference: 'AFS-7K3M9Q', status: 'pending', attempts: 0, payload: { to: 'jan@example.nl' } });
    await store.delivered(id, c.now());
    expect(await store.get(id)).toMatchObject({ status: 'sent', attempts: 1, payload: {} });
    const row = await database.sql.get<{ payload_json: string | null }>('SELECT payload_json FROM outbox WHERE id = ?', [id]);
    expect(row!.payload_json).toBeNull();
  });

  it('adds an item with a key once: an action run again after a crash queues no second e-mail', async () => {
    const c = clock();
    const store = new SqlOutbox(database.sql, 'bot');
    const id = await store.add({ ...ITEM, key: 'k1' }, c.now());
    expect(await new SqlOutbox(database.open(), 'bot').add({ ...ITEM, key: 'k1' }, c.now())).toBe(id);
    // Another bot's key, and items without one, are items of their own.
    expect(await new SqlOutbox(database.sql, 'andere-gemeente').add({ ...ITEM, key: 'k1' }, c.now())).not.toBe(id);
    expect(await store.add(ITEM, c.now())).not.toBe(await store.add(ITEM, c.now()));
    expect(await store.claim('email', c.now(), 10, new Date(c.now().getTime() + 60_000))).toHaveLength(3);
  });

  it('leases what one worker took, so a second instance on the same database does not take it too', async () => {
    const c = clock();
    const first = new SqlOutbox(database.sql, 'bot');
    await first.add(ITEM, c.now());
    const second = new SqlOutbox(database.open(), 'bot');
    const lease = new Date(c.now().getTime() + 60_000);
    expect(await first.claim('email', c.now(), 10, lease)).toHaveLength(1);
    expect(await second.claim('email', c.now(), 10, lease)).toHaveLength(0);
    // A worker that died holding it: after the lease the item is free again.
    c.advance(60_000);
    expect(await second.claim('email', c.now(), 10, new Date(c.now().getTime() + 60_000))).toHaveLength(1);
  });

  it('claims only its own bot\'s and topic\'s due items, oldest first', async () => {
    const c = clock();
    const store = new SqlOutbox(database.sql, 'bot');
    const a = await store.add(ITEM, c.now());
    await store.add({ ...ITEM, topic: 'signalen' }, c.now());
    const otherBot = await new SqlOutbox(database.sql, 'andere-gemeente').add(ITEM, c.now());
    c.advance(1000);
    const b = await store.add(ITEM, c.now());
    await store.retry(a, 'down', new Date(c.now().getTime() + 5000));
    expect((await store.claim('email', c.now(), 10, c.now())).map((i) => i.id)).toEqual([b]);
    await store.delivered(b, c.now());
    expect(await store.nextDue('email')).toEqual(new Date(c.now().getTime() + 5000));
    expect(await store.get(otherBot)).toBeUndefined();
    expect(await new SqlOutbox(database.sql, 'andere-gemeente').get(otherBot)).toMatchObject({ status: 'pending' });
  });

  it('gives each item to one of many claims made at once from two instances', async () => {
    const [storeA, storeB] = [new SqlOutbox(database.sql, 'bot'), new SqlOutbox(database.open(), 'bot')];
    const now = new Date();
    const ids = await Promise.all(Array.from({ length: 60 }, () => storeA.add(ITEM, now)));
    const claims = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? storeA : storeB).claim('email', now, 3, new Date(now.getTime() + 60_000))));
    const claimed = claims.flat().map((item) => item.id);
    expect(claimed.sort((x, y) => x - y)).toEqual(ids.sort((x, y) => x - y));
  });

  it('sends each message once with two workers on two instances, both woken at once', async () => {
    const [storeA, storeB] = [new SqlOutbox(database.sql, 'bot'), new SqlOutbox(database.open(), 'bot')];
    const ids = await Promise.all(Array.from({ length: 30 }, (_, i) => (i % 2 ? storeA : storeB).add({ ...ITEM, payload: { n: i } }, new Date())));
    const sent: number[] = [];
    const deliver = async (item: OutboxItem) => {
      sent.push(item.id);
      await new Promise((r) => setImmediate(r)); // others get their turn while this one is "sending"
    };
    const workers = [storeA, storeB, storeA, storeB].map((store) => new OutboxWorker({ store, topic: 'email', deliver, log: silentLog, batch: 3 }));
    await Promise.all(workers.map(async (w) => { while ((await w.runOnce()) > 0); }));
    expect([...sent].sort((x, y) => x - y)).toEqual([...ids].sort((x, y) => x - y));
    expect((await storeA.list('email', 'sent')).length).toBe(30);
  });

  /** A given-up item, and a worker on "instance B" that polls every 30 ms on real timers. */
  async function givenUpWithPollingWorker(deliver: (item: OutboxItem) => Promise<void>) {
    const [storeA, storeB] = [new SqlOutbox(database.sql, 'bot'), new SqlOutbox(database.open(), 'bot')];
    const id = await storeA.add(ITEM, new Date());
    await storeA.failed(id, 'mail server said no', new Date());
    const workerB = new OutboxWorker({ store: storeB, topic: 'email', deliver, log: silentLog, pollMs: 30 });
    workerB.start();
    return { storeA, storeB, id, workerB };
  }

  it('delivers an item a person sent back on one instance from another instance\'s worker, without waking it', async () => {
    const sent: number[] = [];
    const { storeA, id, workerB } = await givenUpWithPollingWorker(async (item) => void sent.push(item.id));
    try {
      // The agent console on instance A: back to pending and due at once; A has no worker for the topic to wake.
      expect(await storeA.requeue(id)).toBe(true);
      const [delivered] = await once(workerB, 'delivered');
      expect(delivered.id).toBe(id);
    } finally {
      await workerB.stop();
    }
    expect(sent).toEqual([id]);
    expect(await storeA.get(id)).toMatchObject({ status: 'sent', attempts: 1 });
  });

  it('delivers a sent-back item once when the local worker is woken and another instance\'s polls', async () => {
    const sent: number[] = [];
    const deliver = async (item: OutboxItem) => {
      sent.push(item.id);
      await new Promise((r) => setImmediate(r));
    };
    const { storeA, storeB, id, workerB } = await givenUpWithPollingWorker(deliver);
    const workerA = new OutboxWorker({ store: storeA, topic: 'email', deliver, log: silentLog, pollMs: 30 });
    workerA.start();
    try {
      expect(await storeA.requeue(id)).toBe(true);
      workerA.wake(); // what the console does on its own instance
      await Promise.race([once(workerA, 'delivered'), once(workerB, 'delivered')]);
    } finally {
      await Promise.all([workerA.stop(), workerB.stop()]);
    }
    expect(await new OutboxWorker({ store: storeB, topic: 'email', deliver, log: silentLog }).runOnce()).toBe(0);
    expect(sent).toEqual([id]);
  });
});

describe('the outbox in a bot\'s SQLite file from before it was per bot', () => {
  const database = freshDatabase('sqlite');

  it('takes the items written without a bot as the file\'s bot\'s', async () => {
    const db = openDatabase(database.target);
    db.exec(`CREATE TABLE schema_migrations (name TEXT NOT NULL, version INTEGER NOT NULL, applied_at TEXT NOT NULL, PRIMARY KEY (name, version));
      CREATE TABLE outbox (id INTEGER PRIMARY KEY AUTOINCREMENT, topic TEXT NOT NULL, kind TEXT NOT NULL, reference TEXT, bot_id TEXT,
        payload_json TEXT, status TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, next_attempt_at TEXT NOT NULL, lease_until TEXT,
        last_error TEXT, created_at TEXT NOT NULL, done_at TEXT);
      CREATE INDEX outbox_due ON outbox (topic, status, next_attempt_at);
      INSERT INTO schema_migrations VALUES ('outbox', 1, '2026-01-01T00:00:00Z');
      INSERT INTO outbox (topic, kind, reference, payload_json, status, next_attempt_at, created_at)
        VALUES ('signalen', 'melding', 'MLD-7K3M9Q', '{}', 'pending', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z');`);
    const store = new SqlOutbox(new SqliteSql(db), 'gemeente');
    expect(await store.claim('signalen', new Date(), 10, new Date())).toEqual([expect.objectContaining({ botId: 'gemeente', reference: 'MLD-7K3M9Q' })]);
    db.close();
  });
});

describe('OutboxWorker', () => {
  it('logs a refusal without the address or number it names', () => {
    expect(loggable('550 5.1.1 <jan.jansen@example.nl>: Recipient address rejected')).toBe('550 5.1.1 <[e-mail]>: Recipient address rejected');
    expect(loggable('invalid phone +31 6 12345678 for reporter')).toBe('invalid phone [nummer] for reporter');
    expect(loggable('connect ECONNREFUSED 127.0.0.1:2525')).toBe('connect ECONNREFUSED 127.0.0.1:2525');
  });

  const database = freshDatabase('sqlite');

  function worker(store: SqlOutbox, deliver: (item: OutboxItem) => Promise<void>, c = clock(), extra = {}) {
    return new OutboxWorker({ store, topic: 'email', deliver, log: silentLog, now: c.now, retry: { firstMs: 1000, maxMs: 4000, maxAttempts: 5 }, ...extra });
  }

  it('retries with a doubling wait up to the maximum, then delivers', async () => {
    const c = clock();
    const store = new SqlOutbox(database.sql, 'bot');
    const id = await store.add(ITEM, c.now());
    let up = false;
    const w = worker(store, async () => { if (!up) throw new Error('connect ECONNREFUSED 127.0.0.1:2525'); }, c);
    const waits: number[] = [];
    for (let i = 0; i < 4; i++) {
      expect(await w.runOnce()).toBe(1);
      const item = (await store.get(id))!;
      waits.push(new Date(item.nextAttemptAt).getTime() - c.now().getTime());
      expect(await w.runOnce()).toBe(0); // not due yet
      c.advance(waits[i]);
    }
    expect(waits).toEqual([1000, 2000, 4000, 4000]);
    expect((await store.get(id))!).toMatchObject({ status: 'pending', attempts: 4, lastError: 'connect ECONNREFUSED 127.0.0.1:2525' });
    up = true;
    expect(await w.runOnce()).toBe(1);
    expect((await store.get(id))!).toMatchObject({ status: 'sent', attempts: 5 });
  });

  it('gives up after the last try, and at once on a refusal for good, keeping the item as failed', async () => {
    const c = clock();
    const store = new SqlOutbox(database.sql, 'bot');
    const refused = Object.assign(new Error('550 no such user'), { permanent: true });
    const id = await store.add(ITEM, c.now());
    const w = worker(store, async () => { throw refused; }, c, { permanent: (e: any) => e.permanent === true });
    await w.runOnce();
    expect(await store.get(id)).toMatchObject({ status: 'failed', attempts: 1, lastError: '550 no such user', payload: { to: 'jan@example.nl' } });

    const other = await store.add(ITEM, c.now());
    const down = worker(store, async () => { throw new Error('down'); }, c, { retry: { firstMs: 10, maxMs: 10, maxAttempts: 2 } });
    await down.runOnce();
    c.advance(10);
    await down.runOnce();
    expect(await store.get(other)).toMatchObject({ status: 'failed', attempts: 2, lastError: 'down' });
  });

  it('delivers at once when woken, and again when a retry falls due, on real timers', async () => {
    const store = new SqlOutbox(database.sql, 'bot');
    let calls = 0;
    const w = new OutboxWorker({
      store, topic: 'email', log: silentLog, retry: { firstMs: 20, maxMs: 20, maxAttempts: 5 },
      deliver: async () => { calls++; if (calls === 1) throw new Error('421 try again later'); },
    });
    w.start();
    const id = await store.add(ITEM, new Date());
    w.wake();
    const [retried] = await once(w, 'retry');
    expect(retried.id).toBe(id);
    const [delivered] = await once(w, 'delivered'); // the timer set for the retry fired by itself
    expect(delivered.id).toBe(id);
    expect(calls).toBe(2);
    await w.stop();
  });

  it('stop() lets the delivery under way finish and starts no new one', async () => {
    const store = new SqlOutbox(database.sql, 'bot');
    await store.add(ITEM, new Date());
    let release!: () => void;
    let begun!: () => void;
    const started = new Promise<void>((resolve) => { begun = resolve; });
    const w = new OutboxWorker({
      store, topic: 'email', log: silentLog,
      deliver: () => { begun(); return new Promise<void>((r) => { release = r; }); },
    });
    w.start();
    await started;
    const stopping = w.stop();
    const second = await store.add(ITEM, new Date());
    w.wake(); // ignored: stopped
    release();
    await stopping;
    expect((await store.list('email', 'sent')).length).toBe(1);
    expect((await store.get(second))!.status).toBe('pending');
  });
});

describe.each(DIALECTS)('the outbox in the privacy purge on %s', (dialect) => {
  const database = freshDatabase(dialect);

  it('deletes sent and handled items after `emails` days, but keeps a given-up item for an employee up to `undelivered` days', async () => {
    const { purge, retentionOf } = await import('../../src/privacy');
    const c = clock();
    const store = new SqlOutbox(database.sql, 'bot');
    const sent = await store.add(ITEM, c.now());
    await store.delivered(sent, c.now());
    const givenUp = await store.add({ ...ITEM, reference: 'MLD-1' }, c.now());
    await store.failed(givenUp, 'refused', c.now());
    const handled = await store.add({ ...ITEM, reference: 'MLD-2' }, c.now());
    await store.failed(handled, 'refused', c.now());
    await store.handled(handled, 'anne', 'gebeld', c.now());
    const holdings = { botId: 'bot', retention: retentionOf({ privacy: { emails: 7, undelivered: 30 } }), bot: database.sql, shared: database.sql, stateDir: '/nonexistent' };
    const day = 86_400_000;
    expect(await purge(holdings, new Date(c.now().getTime() + 8 * day))).toMatchObject({ outbox: 2 });
    expect((await database.sql.all<{ reference: string }>('SELECT reference FROM outbox')).map((r) => r.reference)).toEqual(['MLD-1']);
    expect(await purge(holdings, new Date(c.now().getTime() + 29 * day))).toEqual({});
    expect(await purge(holdings, new Date(c.now().getTime() + 31 * day))).toMatchObject({ outbox: 1 });
    expect(await database.sql.all('SELECT id FROM outbox')).toEqual([]);
  });
});
