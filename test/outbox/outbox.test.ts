import { once } from 'node:events';
import { OutboxWorker, SqliteOutbox, type OutboxItem } from '../../src/outbox';
import { openDatabase } from '../../src/storage/sqlite';
import { scratchDatabase, silentLog } from '../actions/helpers';

/** A clock the test moves by hand, so retry times are exact. */
function clock(start = '2026-03-10T09:00:00Z') {
  let t = new Date(start).getTime();
  return { now: () => new Date(t), advance: (ms: number) => void (t += ms) };
}

const ITEM = { topic: 'email', kind: 'appointment_booked', reference: 'AFS-7K3M9Q', botId: 'bot', payload: { to: 'jan@example.nl' } };

describe('SqliteOutbox', () => {
  const scratch = scratchDatabase();

  it('keeps a pending item across a restart and drops its payload once delivered', async () => {
    const c = clock();
    const id = await new SqliteOutbox(scratch.db).add(ITEM, c.now());
    const store = new SqliteOutbox(scratch.reopen());
    const [claimed] = await store.claim('email', c.now(), 10, new Date(c.now().getTime() + 60_000));
    expect(claimed).toMatchObject({ id, kind: 'appointment_booked', reference: 'AFS-7K3M9Q', status: 'pending', attempts: 0, payload: { to: 'jan@example.nl' } });
    await store.delivered(id, c.now());
    expect(await store.get(id)).toMatchObject({ status: 'sent', attempts: 1, payload: {} });
    const row = scratch.db.prepare('SELECT payload_json FROM outbox WHERE id = ?').get(id) as { payload_json: string | null };
    expect(row.payload_json).toBeNull();
  });

  it('leases what one worker took, so a second process on the same file does not take it too', async () => {
    const c = clock();
    const first = new SqliteOutbox(scratch.db);
    await first.add(ITEM, c.now());
    const second = new SqliteOutbox(openDatabase(scratch.file));
    const lease = new Date(c.now().getTime() + 60_000);
    expect(await first.claim('email', c.now(), 10, lease)).toHaveLength(1);
    expect(await second.claim('email', c.now(), 10, lease)).toHaveLength(0);
    // A worker that died holding it: after the lease the item is free again.
    c.advance(60_000);
    expect(await second.claim('email', c.now(), 10, new Date(c.now().getTime() + 60_000))).toHaveLength(1);
  });

  it('claims only its own topic, due items, oldest first', async () => {
    const c = clock();
    const store = new SqliteOutbox(scratch.db);
    const a = await store.add(ITEM, c.now());
    await store.add({ ...ITEM, topic: 'signalen' }, c.now());
    c.advance(1000);
    const b = await store.add(ITEM, c.now());
    await store.retry(a, 'down', new Date(c.now().getTime() + 5000));
    expect((await store.claim('email', c.now(), 10, c.now())).map((i) => i.id)).toEqual([b]);
    await store.delivered(b, c.now());
    expect(await store.nextDue('email')).toEqual(new Date(c.now().getTime() + 5000));
  });
});

describe('OutboxWorker', () => {
  const scratch = scratchDatabase();

  function worker(store: SqliteOutbox, deliver: (item: OutboxItem) => Promise<void>, c = clock(), extra = {}) {
    return new OutboxWorker({ store, topic: 'email', deliver, log: silentLog, now: c.now, retry: { firstMs: 1000, maxMs: 4000, maxAttempts: 5 }, ...extra });
  }

  it('retries with a doubling wait up to the maximum, then delivers', async () => {
    const c = clock();
    const store = new SqliteOutbox(scratch.db);
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
    const store = new SqliteOutbox(scratch.db);
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
    const store = new SqliteOutbox(scratch.db);
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
    const store = new SqliteOutbox(scratch.db);
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
