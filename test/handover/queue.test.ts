import { HandoverQueue, QueueError, type HandoverEvent, type HandoverTicket, type QueueChange, type QueueOptions } from '../../src/handover';
import { LocalBus, PostgresBus, type Bus } from '../../src/storage';
import { freshDatabase } from '../storage/fresh';

const BOT = 'gemeente';
const anne = { username: 'anne', name: 'Anne' };
const bram = { username: 'bram', name: 'Bram' };

function ticket(conversationId: string, at: string, extra: Partial<HandoverTicket> = {}): HandoverTicket {
  return {
    botId: BOT, conversationId, channel: 'webchat', lang: 'nl', reasons: ['person'], priority: 'normal', slots: {},
    transcript: [{ from: 'resident', text: 'ik wil iemand spreken', at }, { from: 'bot', text: 'Ik zet u door.', at }], createdAt: at, ...extra,
  };
}

/** What a listener heard, and a promise for when it has heard `n` things: no waiting on timers. */
function heard<T>() {
  const items: T[] = [];
  const waiting: { n: number; resolve: () => void }[] = [];
  return {
    items,
    push(item: T) {
      items.push(item);
      for (const w of waiting.filter((w) => items.length >= w.n)) w.resolve();
    },
    async until(n: number): Promise<T[]> {
      if (items.length < n) await new Promise<void>((resolve) => waiting.push({ n, resolve }));
      return items;
    },
  };
}

describe.each(['sqlite', 'postgres'] as const)('the built-in queue on %s', (dialect) => {
  const queues: HandoverQueue[] = [];
  const buses: Bus[] = [];
  // Before the database's own hooks, so the queues stop before their connections close.
  afterEach(async () => {
    for (const q of queues.splice(0)) await q.close();
    for (const b of buses.splice(0)) await b.close();
  });
  const db = freshDatabase(dialect);

  function setup(opts: QueueOptions = {}, sql = db.open()) {
    const clock = { at: Date.parse('2026-03-10T09:00:00Z') };
    const queue = new HandoverQueue(sql, { now: () => new Date(clock.at), sweepEveryMs: 0, averageMinutes: 6, keepDays: 30, ...opts });
    queues.push(queue);
    const events: HandoverEvent[] = [];
    const changes = heard<QueueChange>();
    queue.onEvent(async (e) => {
      events.push(e);
      return { delivered: true };
    });
    queue.onChange((c) => changes.push(c));
    return { sql, clock, queue, events, changes };
  }

  it('orders crisis first, then by waiting time, and estimates the wait from agents and capacity', async () => {
    const { queue } = setup({ capacity: 2 });
    queue.connect(BOT, anne);
    expect(await queue.initiate(ticket('a', '2026-03-10T08:50:00Z'))).toEqual({ position: 1, waitMinutes: 1 });
    await queue.initiate(ticket('b', '2026-03-10T08:51:00Z'));
    const c = await queue.initiate(ticket('c', '2026-03-10T08:52:00Z', { priority: 'urgent', reasons: ['crisis'] }));
    expect(c.position).toBe(1);
    expect((await queue.waiting(BOT)).map((t) => t.conversationId)).toEqual(['c', 'a', 'b']);
    // One agent, capacity 2: the third waits for a free place, ~6 minutes per conversation over 2 places.
    expect(await queue.place((await queue.ticketOf('b'))!.id)).toEqual({ position: 3, waitMinutes: 3 });
    expect(await queue.initiate(ticket('a', '2026-03-10T08:53:00Z'))).toEqual({ position: 2, waitMinutes: 1 }); // no second ticket
    expect(await queue.waiting(BOT)).toHaveLength(3);
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
    expect(await queue.onlineAgents(BOT)).toBe(0);
  });

  it('lets one agent claim, refuses a second, and keeps to the capacity', async () => {
    const { queue, events } = setup({ capacity: 1 });
    await queue.initiate(ticket('a', '2026-03-10T08:50:00Z'));
    await queue.initiate(ticket('b', '2026-03-10T08:51:00Z'));
    const [a, b] = await queue.waiting(BOT);
    expect(await queue.claim(a.id, BOT, anne)).toMatchObject({ status: 'assigned', agent: anne });
    await expect(queue.claim(a.id, BOT, bram)).rejects.toThrow(new QueueError('taken', 'Dit gesprek is al opgepakt door Anne.'));
    await expect(queue.claim(b.id, BOT, anne)).rejects.toThrow(/U heeft al 1 gesprekken/);
    await expect(queue.reply(a.id, BOT, bram, 'hallo')).rejects.toThrow(/van Anne/);
    await expect(queue.claim(a.id, 'other', anne)).rejects.toThrow(/bestaat niet/);
    expect(events).toEqual([{ type: 'assigned', conversationId: 'a', agent: 'Anne' }]);
  });

  it('keeps the whole conversation and logs every transition', async () => {
    const { queue, sql, events, changes } = setup();
    await queue.initiate(ticket('a', '2026-03-10T08:50:00Z'));
    const { id } = (await queue.ticketOf('a'))!;
    await queue.forward('a', { from: 'resident', text: 'hallo?', at: '2026-03-10T08:55:00Z' });
    await queue.claim(id, BOT, anne);
    await queue.reply(id, BOT, anne, '  Goedemorgen!  ');
    await expect(queue.reply(id, BOT, anne, '   ')).rejects.toThrow(/leeg/);
    await expect(queue.sendLink(id, BOT, anne, 'Site', 'javascript:alert(1)')).rejects.toThrow(/https:/);
    await queue.sendLink(id, BOT, anne, 'Bijstand', 'https://www.voorbeeld.nl/bijstand');
    await expect(queue.resolve(id, BOT, anne, '  ')).rejects.toThrow(/uitkomst/);
    await queue.resolve(id, BOT, anne, 'opgelost');
    expect((await queue.messages(id)).map((m) => [m.from, m.text])).toEqual([
      ['resident', 'ik wil iemand spreken'], ['bot', 'Ik zet u door.'], ['resident', 'hallo?'], ['agent', 'Goedemorgen!'], ['agent', 'Bijstand: https://www.voorbeeld.nl/bijstand'],
    ]);
    expect(await queue.ticket(id)).toMatchObject({ status: 'resolved', outcome: 'opgelost', lastResidentAt: '2026-03-10T08:55:00Z' });
    expect(await sql.all('SELECT from_status, to_status, actor FROM handover_log WHERE ticket = ? ORDER BY id', [id])).toEqual([
      { from_status: null, to_status: 'pending', actor: 'bot' },
      { from_status: 'pending', to_status: 'assigned', actor: 'anne' },
      { from_status: 'assigned', to_status: 'resolved', actor: 'anne' },
    ]);
    expect(events.map((e) => e.type)).toEqual(['assigned', 'message', 'link', 'resolved']);
    const seen = await changes.until(6);
    expect(seen.map((c) => c.kind)).toEqual(['created', 'message', 'status', 'message', 'message', 'status']);
    // A message change carries the message itself, read from the store: the bus carried only its id.
    expect(seen[1].message).toMatchObject({ from: 'resident', text: 'hallo?' });
    expect(seen[3].message).toMatchObject({ from: 'agent', text: 'Goedemorgen!', agent: 'Anne' });
    await expect(queue.reply(id, BOT, anne, 'nog iets')).rejects.toThrow(new QueueError('closed', 'Dit gesprek is niet meer open.'));
  });

  it('a resident who stops waiting returns the ticket without an event back to them', async () => {
    const { queue, events } = setup();
    await queue.initiate(ticket('a', '2026-03-10T08:50:00Z'));
    await queue.cancel('a');
    expect((await queue.recent(BOT))[0]).toMatchObject({ conversationId: 'a', status: 'returned', outcome: 'ingetrokken door inwoner' });
    expect(events).toEqual([]);
    expect(await queue.ticketOf('a')).toBeUndefined();
  });

  it('sweeps: offers once after a while, expires after longer, deletes closed tickets after the retention period', async () => {
    const { queue, clock, events, sql } = setup();
    await queue.initiate(ticket('a', '2026-03-10T09:00:00Z'));
    clock.at += 9 * 60_000;
    await queue.sweep();
    expect(events).toEqual([]);
    clock.at += 2 * 60_000;
    await queue.sweep();
    await queue.sweep();
    expect(events).toEqual([{ type: 'waiting_long', conversationId: 'a' }]);
    clock.at += 120 * 60_000;
    await queue.sweep();
    expect(events.at(-1)).toEqual({ type: 'expired', conversationId: 'a' });
    const { id } = (await queue.recent(BOT))[0];
    clock.at += 29 * 86_400_000;
    await queue.sweep();
    expect(await queue.ticket(id)).toBeDefined();
    clock.at += 2 * 86_400_000;
    await queue.sweep();
    expect(await queue.ticket(id)).toBeUndefined();
    expect(Number((await sql.get<{ n: number }>('SELECT COUNT(*) AS n FROM handover_messages'))!.n)).toBe(0);
  });

  describe('two instances on one database', () => {
    /** Two queues as two servers would have them: each its own connections and bus, one database. */
    async function pair(opts: QueueOptions = {}) {
      // NOTIFY between the instances on PostgreSQL; SQLite has one instance by design, so one bus in this process.
      const local = new LocalBus();
      const bus = () => (dialect === 'postgres' ? new PostgresBus(db.target) : local);
      const [busA, busB] = [bus(), bus()];
      buses.push(...new Set([busA, busB]));
      const both = [setup({ bus: busA, ...opts }, db.open()), setup({ bus: busB, ...opts }, db.open())];
      // Both instances listen before either acts, as a server does before it takes its first turn: a NOTIFY sent
      // before the other's LISTEN is done never reaches it.
      await Promise.all(both.map((i) => i.queue.listening()));
      return both;
    }

    it('gives a waiting conversation to exactly one of two agents who take it at the same moment', async () => {
      const [a, b] = await pair();
      for (let i = 0; i < 5; i++) await a.queue.initiate(ticket(`c${i}`, `2026-03-10T08:5${i}:00Z`));
      for (const t of await a.queue.waiting(BOT)) {
        const results = await Promise.allSettled([a.queue.claim(t.id, BOT, anne), b.queue.claim(t.id, BOT, bram)]);
        const won = results.filter((r) => r.status === 'fulfilled');
        const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
        expect(won).toHaveLength(1);
        expect(lost).toHaveLength(1);
        expect(lost[0].reason).toMatchObject({ code: 'taken' });
        const winner = (won[0] as PromiseFulfilledResult<{ agent: typeof anne }>).value.agent;
        expect(lost[0].reason.message).toBe(`Dit gesprek is al opgepakt door ${winner.name}.`);
        // Both instances read the same owner, and the log has one assignment.
        expect((await b.queue.ticket(t.id))?.agent).toEqual(winner);
        expect(await a.sql.all("SELECT actor FROM handover_log WHERE ticket = ? AND to_status = 'assigned'", [t.id])).toEqual([{ actor: winner.username }]);
        // Capacity 3 each: hand it back, so the next round starts from the same place.
        const owner = winner.username === 'anne' ? a : b;
        await owner.queue.handBack(t.id, BOT, winner);
      }
    });

    it('tells the consoles on the other instance what changed, with the message', async () => {
      const [a, b] = await pair();
      await a.queue.initiate(ticket('x', '2026-03-10T08:50:00Z'));
      await a.queue.forward('x', { from: 'resident', text: 'bent u er nog?', at: '2026-03-10T08:51:00Z' });
      const seen = await b.changes.until(2);
      expect(seen.map((c) => [c.kind, c.status])).toEqual([['created', 'pending'], ['message', 'pending']]);
      expect(seen[1].message).toMatchObject({ from: 'resident', text: 'bent u er nog?' });
      const id = seen[0].ticketId;
      await b.queue.claim(id, BOT, bram);
      expect((await a.changes.until(3)).at(-1)).toEqual({ botId: BOT, ticketId: id, kind: 'status', status: 'assigned' });
    });

    it('counts an agent whose console is open on the other instance as available', async () => {
      const [a, b] = await pair();
      a.queue.connect(BOT, anne);
      // The other instance hears of the agent through the database; ask until the write has landed.
      while (!(await b.queue.available(BOT))) await new Promise((r) => setImmediate(r));
      const tab = b.queue.connect(BOT, anne); // the same agent in a second tab, on the other instance
      expect(await b.queue.onlineAgents(BOT)).toBe(1);
      await a.queue.close(); // the first instance stops: its agents are off the list at once
      expect(await b.queue.onlineAgents(BOT)).toBe(1);
      tab();
      expect(await b.queue.onlineAgents(BOT)).toBe(0);
    });

    it('sweeps once: two instances sweeping at the same moment offer a callback once and expire once', async () => {
      const [a, b] = await pair();
      await a.queue.initiate(ticket('slow', '2026-03-10T08:45:00Z'));
      await a.queue.initiate(ticket('slower', '2026-03-10T06:00:00Z'));
      await Promise.all([a.queue.sweep(), b.queue.sweep()]);
      const all = [...a.events, ...b.events];
      expect(all.sort((x, y) => x.type.localeCompare(y.type))).toEqual([
        { type: 'expired', conversationId: 'slower' },
        { type: 'waiting_long', conversationId: 'slow' },
      ]);
    });
  });
});
