import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { QueueError, SqliteHandoverQueue, type HandoverEvent, type HandoverTicket, type QueueChange } from '../../src/handover';
import { openDatabase, type Database } from '../../src/storage/sqlite';

const BOT = 'gemeente';
const anne = { username: 'anne', name: 'Anne' };
const bram = { username: 'bram', name: 'Bram' };

function ticket(conversationId: string, at: string, extra: Partial<HandoverTicket> = {}): HandoverTicket {
  return {
    botId: BOT, conversationId, channel: 'webchat', lang: 'nl', reasons: ['person'], priority: 'normal', slots: {},
    transcript: [{ from: 'resident', text: 'ik wil iemand spreken', at }, { from: 'bot', text: 'Ik zet u door.', at }], createdAt: at, ...extra,
  };
}

function setup(opts: { capacity?: number } = {}) {
  const db: Database = openDatabase(join(mkdtempSync(join(tmpdir(), 'loket-q-')), 'q.sqlite'));
  const clock = { at: Date.parse('2026-03-10T09:00:00Z') };
  const queue = new SqliteHandoverQueue(db, { now: () => new Date(clock.at), sweepEveryMs: 0, averageMinutes: 6, keepDays: 30, ...opts });
  const events: HandoverEvent[] = [];
  const changes: QueueChange[] = [];
  queue.onEvent(async (e) => {
    events.push(e);
    return { delivered: true };
  });
  queue.onChange((c) => changes.push(c));
  return { db, clock, queue, events, changes };
}

describe('the built-in queue', () => {
  it('orders crisis first, then by waiting time, and estimates the wait from agents and capacity', async () => {
    const { queue } = setup({ capacity: 2 });
    queue.connect(BOT, anne);
    expect(await queue.initiate(ticket('a', '2026-03-10T08:50:00Z'))).toEqual({ position: 1, waitMinutes: 1 });
    await queue.initiate(ticket('b', '2026-03-10T08:51:00Z'));
    const c = await queue.initiate(ticket('c', '2026-03-10T08:52:00Z', { priority: 'urgent', reasons: ['crisis'] }));
    expect(c.position).toBe(1);
    expect(queue.waiting(BOT).map((t) => t.conversationId)).toEqual(['c', 'a', 'b']);
    // One agent, capacity 2: the third waits for a free place, ~6 minutes per conversation over 2 places.
    expect(queue.place(queue.ticketOf('b')!.id)).toEqual({ position: 3, waitMinutes: 3 });
    expect(await queue.initiate(ticket('a', '2026-03-10T08:53:00Z'))).toEqual({ position: 2, waitMinutes: 1 }); // no second ticket
    expect(queue.waiting(BOT)).toHaveLength(3);
  });

  it('only counts agents with the console open as available', async () => {
    const { queue } = setup();
    expect(await queue.available(BOT)).toBe(false);
    const leave = queue.connect(BOT, anne);
    const leaveAgain = queue.connect(BOT, anne); // a second tab
    expect(await queue.available(BOT)).toBe(true);
    expect(await queue.available('other')).toBe(false);
    leave();
    leave();
    expect(await queue.available(BOT)).toBe(true);
    leaveAgain();
    expect(queue.onlineAgents(BOT)).toBe(0);
  });

  it('lets one agent claim, refuses a second, and keeps to the capacity', async () => {
    const { queue, events } = setup({ capacity: 1 });
    await queue.initiate(ticket('a', '2026-03-10T08:50:00Z'));
    await queue.initiate(ticket('b', '2026-03-10T08:51:00Z'));
    const [a, b] = queue.waiting(BOT);
    expect(queue.claim(a.id, BOT, anne)).toMatchObject({ status: 'assigned', agent: anne });
    expect(() => queue.claim(a.id, BOT, bram)).toThrow(new QueueError('taken', 'Dit gesprek is al opgepakt door Anne.'));
    expect(() => queue.claim(b.id, BOT, anne)).toThrow(/U heeft al 1 gesprekken/);
    expect(() => queue.reply(a.id, BOT, bram, 'hallo')).toThrow(/van Anne/);
    expect(() => queue.claim(a.id, 'other', anne)).toThrow(/bestaat niet/);
    expect(events).toEqual([{ type: 'assigned', conversationId: 'a', agent: 'Anne' }]);
  });

  it('keeps the whole conversation and logs every transition', async () => {
    const { queue, db, events, changes } = setup();
    await queue.initiate(ticket('a', '2026-03-10T08:50:00Z'));
    const { id } = queue.ticketOf('a')!;
    await queue.forward('a', { from: 'resident', text: 'hallo?', at: '2026-03-10T08:55:00Z' });
    queue.claim(id, BOT, anne);
    queue.reply(id, BOT, anne, '  Goedemorgen!  ');
    expect(() => queue.reply(id, BOT, anne, '   ')).toThrow(/leeg/);
    expect(() => queue.sendLink(id, BOT, anne, 'Site', 'javascript:alert(1)')).toThrow(/https:/);
    queue.sendLink(id, BOT, anne, 'Bijstand', 'https://www.voorbeeld.nl/bijstand');
    expect(() => queue.resolve(id, BOT, anne, '  ')).toThrow(/uitkomst/);
    queue.resolve(id, BOT, anne, 'opgelost');
    expect(queue.messages(id).map((m) => [m.from, m.text])).toEqual([
      ['resident', 'ik wil iemand spreken'], ['bot', 'Ik zet u door.'], ['resident', 'hallo?'], ['agent', 'Goedemorgen!'], ['agent', 'Bijstand: https://www.voorbeeld.nl/bijstand'],
    ]);
    expect(queue.ticket(id)).toMatchObject({ status: 'resolved', outcome: 'opgelost', lastResidentAt: '2026-03-10T08:55:00Z' });
    expect(db.prepare('SELECT from_status, to_status, actor FROM handover_log WHERE ticket = ? ORDER BY id').all(id)).toEqual([
      { from_status: null, to_status: 'pending', actor: 'bot' },
      { from_status: 'pending', to_status: 'assigned', actor: 'anne' },
      { from_status: 'assigned', to_status: 'resolved', actor: 'anne' },
    ]);
    expect(events.map((e) => e.type)).toEqual(['assigned', 'message', 'link', 'resolved']);
    expect(changes.map((c) => c.kind)).toEqual(['created', 'message', 'status', 'message', 'message', 'status']);
    expect(() => queue.reply(id, BOT, anne, 'nog iets')).toThrow(new QueueError('closed', 'Dit gesprek is niet meer open.'));
  });

  it('a resident who stops waiting returns the ticket without an event back to them', async () => {
    const { queue, events } = setup();
    await queue.initiate(ticket('a', '2026-03-10T08:50:00Z'));
    await queue.cancel('a');
    expect(queue.recent(BOT)[0]).toMatchObject({ conversationId: 'a', status: 'returned', outcome: 'ingetrokken door inwoner' });
    expect(events).toEqual([]);
    expect(queue.ticketOf('a')).toBeUndefined();
  });

  it('sweeps: offers once after a while, expires after longer, deletes closed tickets after the retention period', async () => {
    const { queue, clock, events, db } = setup();
    await queue.initiate(ticket('a', '2026-03-10T09:00:00Z'));
    clock.at += 9 * 60_000;
    queue.sweep();
    expect(events).toEqual([]);
    clock.at += 2 * 60_000;
    queue.sweep();
    queue.sweep();
    expect(events).toEqual([{ type: 'waiting_long', conversationId: 'a' }]);
    clock.at += 120 * 60_000;
    queue.sweep();
    expect(events.at(-1)).toEqual({ type: 'expired', conversationId: 'a' });
    const { id } = queue.recent(BOT)[0];
    clock.at += 29 * 86_400_000;
    queue.sweep();
    expect(queue.ticket(id)).toBeDefined();
    clock.at += 2 * 86_400_000;
    queue.sweep();
    expect(queue.ticket(id)).toBeUndefined();
    expect(db.prepare('SELECT COUNT(*) AS n FROM handover_messages').get()).toEqual({ n: 0 });
  });
});
