import type { IncomingMessage } from '../../../src/channels/whatsapp';
import type { WhatsAppAdapter } from '../../../src/channels/whatsapp/adapter';
import { WhatsAppInbox } from '../../../src/channels/whatsapp/inbox';
import { InboxWorker } from '../../../src/channels/whatsapp/worker';
import { ProcessedMessages } from '../../../src/channels/whatsapp/processed';
import type { Sql } from '../../../src/storage';
import pino from 'pino';
import { DIALECTS, freshDatabase } from '../../storage/fresh';

const BOT = 'voorbeeldgemeente';
const NOW = new Date('2026-03-10T10:00:00Z');
const LEASE = 10_000;

const message = (id: string, from: string, body = 'hallo'): IncomingMessage => ({ id, from, timestamp: '1773136800', type: 'text', text: { body } });

describe.each(DIALECTS)('the WhatsApp inbox on %s', (dialect) => {
  const db = freshDatabase(dialect);
  // The clock of the leases: each test moves it by hand.
  let clock = NOW.getTime();
  beforeEach(() => {
    clock = NOW.getTime();
  });
  /** One instance's view of the inbox, on a connection of its own. */
  const instance = (owner: string, sql: Sql = db.open()) => new WhatsAppInbox(sql, BOT, new ProcessedMessages(sql, BOT), { owner, leaseMs: LEASE, clock: () => clock });

  it('keeps each new message with the profile name, refuses a message id it saw, and gives a resident\'s oldest first', async () => {
    const a = instance('a');
    const fresh = await a.accept([{ message: message('wamid.1', '31611111111'), profileName: 'Jan' }, { message: message('wamid.2', '31611111111', 'tweede') }, { message: message('wamid.1', '31611111111') }], NOW);
    expect(fresh.map((m) => m.id)).toEqual(['wamid.1', 'wamid.2']);
    expect(await a.accept([{ message: message('wamid.2', '31611111111') }], NOW)).toEqual([]);
    expect(await a.next('31611111111')).toMatchObject({ waId: '31611111111', message: { id: 'wamid.1' }, profileName: 'Jan', owner: 'a', attempts: 1, sent: 0 });
    expect(await a.next('31699999999')).toBeUndefined();
  });

  it('gives a resident\'s new message to the live instance already answering them, so it goes on with it', async () => {
    const [a, b] = [instance('a'), instance('b')];
    await a.accept([{ message: message('wamid.1', '31611111111') }], NOW);
    await b.accept([{ message: message('wamid.2', '31611111111', 'tweede') }, { message: message('wamid.3', '31622222222') }], NOW);
    const first = (await a.next('31611111111'))!;
    expect(await a.done(first.id)).toBe(true);
    expect(await a.next('31611111111')).toMatchObject({ message: { id: 'wamid.2' }, owner: 'a' });
    // Another resident's message, and one for a resident whose instance has gone quiet, stay with the one that took it.
    expect(await b.next('31622222222')).toMatchObject({ owner: 'b' });
    clock += LEASE + 1;
    await b.accept([{ message: message('wamid.4', '31611111111', 'vierde') }], NOW);
    expect((await db.sql.all<{ owner: string }>("SELECT owner FROM whatsapp_inbox WHERE message_json LIKE '%wamid.4%'"))[0].owner).toBe('b');
  });

  it('erases the message and the name when the turn is done, and still knows the id as handled', async () => {
    const a = instance('a');
    await a.accept([{ message: message('wamid.1', '31611111111', 'mijn geheim'), profileName: 'Jan de Vries' }], NOW);
    const entry = (await a.next('31611111111'))!;
    expect(await a.done(entry.id)).toBe(true);
    expect(await db.sql.all('SELECT * FROM whatsapp_inbox')).toEqual([]);
    expect(JSON.stringify(await db.sql.all('SELECT * FROM whatsapp_processed'))).not.toMatch(/geheim|Jan|31611111111|wamid/);
    expect(await a.accept([{ message: message('wamid.1', '31611111111') }], NOW)).toEqual([]);
  });

  it('lets another instance take a message only once its lease ran out, and only one of two that try at once', async () => {
    const a = instance('a');
    const [b, c] = [instance('b'), instance('c')];
    await a.accept([{ message: message('wamid.1', '31611111111') }], NOW);
    const seen = (await b.next('31611111111'))!;
    expect(b.expired(seen)).toBe(false);
    expect(await b.take(seen)).toBeUndefined();
    expect(await b.residents()).toEqual([]);
    clock += LEASE + 1;
    expect(b.expired(seen)).toBe(true);
    expect(await b.residents()).toEqual(['31611111111']);
    const [byB, byC] = await Promise.all([b.take(seen), c.take(seen)]);
    expect([byB, byC].filter(Boolean)).toHaveLength(1);
    const winner = byB ? b : c;
    expect(await winner.next('31611111111')).toMatchObject({ owner: winner.owner, attempts: 2 });
    // The instance that lost it (alive after all, but too slow) can no longer count replies or finish it.
    expect(await a.sentOne(seen.id)).toBe(false);
    expect(await a.done(seen.id)).toBe(false);
    expect(await winner.sentOne(seen.id)).toBe(true);
    expect(await winner.next('31611111111')).toMatchObject({ sent: 1 });
  });

  it('keeps the messages of a living instance its own by renewing the lease', async () => {
    const a = instance('a');
    const b = instance('b');
    await a.accept([{ message: message('wamid.1', '31611111111') }, { message: message('wamid.2', '31622222222') }], NOW);
    clock += LEASE - 1;
    await a.renew();
    clock += LEASE - 1;
    expect(await b.residents()).toEqual([]);
    expect(await a.residents()).toEqual(['31611111111', '31622222222']);
    expect(await b.take((await b.next('31611111111'))!)).toBeUndefined();
  });

  it('keeps renewing its lease while it finishes a turn at stop, however long that takes', async () => {
    const a = instance('a');
    const b = instance('b');
    await a.accept([{ message: message('wamid.1', '31611111111') }], NOW);
    let begun: () => void = () => undefined;
    let finish: () => void = () => undefined;
    const started = new Promise<void>((r) => (begun = r));
    const adapter = { receive: () => (begun(), new Promise<void>((r) => (finish = r))) } as unknown as WhatsAppAdapter;
    const worker = new InboxWorker(a, adapter, pino({ level: 'silent' }));
    worker.start(20, false);
    await started;
    const stopping = worker.stop();
    // Long past the lease the turn goes on; a's stop renews it, so b must not take the message.
    clock += 3 * LEASE;
    const seen = await until(async () => {
      const entry = (await b.next('31611111111'))!;
      return !b.expired(entry) && entry;
    });
    expect(await b.take(seen)).toBeUndefined();
    finish();
    await stopping;
    expect(await b.next('31611111111')).toBeUndefined();
  });

  it('hands everything of other instances over at once when told they are gone, and its own when it stops', async () => {
    const a = instance('a');
    const b = instance('b');
    await a.accept([{ message: message('wamid.1', '31611111111') }], NOW);
    await b.accept([{ message: message('wamid.2', '31622222222') }], NOW);
    await b.expire('others');
    expect(await b.residents()).toEqual(['31611111111', '31622222222']);
    expect(await a.residents()).toEqual(['31611111111']);
    await b.expire('own');
    expect(await a.residents()).toEqual(['31611111111', '31622222222']);
  });
});

/** Polls until `check` gives a value (the stop's renewal runs on its own timer), or fails after a few seconds. */
async function until<T>(check: () => Promise<T | false>): Promise<T> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const found = await check();
    if (found) return found;
    if (Date.now() > deadline) throw new Error('not within 5 s');
    await new Promise((r) => setTimeout(r, 20));
  }
}
