import { CallbackTasks, type CallbackTask } from '../../src/handover';
import { PostgresBus } from '../../src/storage';
import { DIALECTS, freshDatabase } from '../storage/fresh';

const REQUEST = { botId: 'g', conversationId: 'c1', name: 'Jan', phone: '+31612345678', moment: 'morgen, ochtend', reasons: ['complex' as const], summary: 'schulden' };

/** The next `n` changes a list announces. */
function changes(tasks: CallbackTasks, n: number): Promise<string[]> {
  const seen: string[] = [];
  return new Promise((resolve) => {
    const off = tasks.onChange((t: CallbackTask) => {
      seen.push(`${t.reference}:${t.status}`);
      if (seen.length === n) {
        off();
        resolve(seen);
      }
    });
  });
}

describe.each(DIALECTS)('callback tasks on %s', (dialect) => {
  const database = freshDatabase(dialect);

  it('stores a request with a reference, lists open ones oldest first, closes once', async () => {
    const clock = { at: Date.parse('2026-03-10T09:00:00Z') };
    const tasks = new CallbackTasks(database.sql, 'g', { now: () => new Date(clock.at) });
    const seen = changes(tasks, 3);
    const first = await tasks.add(REQUEST);
    clock.at += 1000;
    const second = await tasks.add({ ...REQUEST, conversationId: 'c2' });
    expect(first.reference).toMatch(/^TBV-[A-Z2-9]{6}$/);
    expect(second.reference).not.toBe(first.reference);
    expect((await tasks.list('g')).map((t) => t.conversationId)).toEqual(['c1', 'c2']);
    expect(await tasks.list('other')).toEqual([]);
    expect(await tasks.close(first.id, 'other', 'anne', 'gebeld')).toBe(false);
    expect(await tasks.close(first.id, 'g', 'anne', '  ')).toBe(true);
    expect(await tasks.close(first.id, 'g', 'anne', 'nog eens')).toBe(false);
    expect((await tasks.list('g', 'done'))[0]).toMatchObject({ id: first.id, status: 'done', closedBy: 'anne', outcome: 'gebeld' });
    expect(await tasks.get(second.id)).toMatchObject({ reference: second.reference, reasons: ['complex'], status: 'open' });
    expect(await seen).toEqual([`${first.reference}:open`, `${second.reference}:open`, `${first.reference}:done`]);
  });

  it('makes one task of a request made again after a crash (the same action key)', async () => {
    const first = await new CallbackTasks(database.sql, 'g').add({ ...REQUEST, key: 'k1' });
    const again = await new CallbackTasks(database.open(), 'g').add({ ...REQUEST, key: 'k1' });
    expect(again).toMatchObject({ id: first.id, reference: first.reference });
    expect(await new CallbackTasks(database.sql, 'g').list('g')).toHaveLength(1);
  });

  it('closes a task once when two agents on two instances close it at the same moment', async () => {
    const [a, b] = [new CallbackTasks(database.sql, 'g'), new CallbackTasks(database.open(), 'g')];
    const task = await a.add(REQUEST);
    const closed = await Promise.all([a.close(task.id, 'g', 'anne', 'gebeld'), b.close(task.id, 'g', 'piet', 'gebeld')]);
    expect(closed.filter(Boolean)).toHaveLength(1);
  });
});

describe('callback tasks on two instances on PostgreSQL', () => {
  const database = freshDatabase('postgres');

  it('announces a change on one instance to the consoles of every instance, for its own bot only', async () => {
    const busA = new PostgresBus(database.target);
    const busB = new PostgresBus(database.target);
    try {
      const onA = new CallbackTasks(database.sql, 'g', { bus: busA });
      const onB = new CallbackTasks(database.open(), 'g', { bus: busB });
      const otherBot = new CallbackTasks(database.open(), 'x', { bus: busB });
      const heardOnB = changes(onB, 2);
      const heardOnOther = changes(otherBot, 1);
      // Instance B listens before A acts, as a server does before it takes its first turn.
      await Promise.all([onB.listening(), otherBot.listening()]);
      const task = await onA.add(REQUEST);
      await onA.close(task.id, 'g', 'anne', 'gebeld');
      // Each change is heard; the task is read when its news arrives, so the last one shows it done.
      expect((await heardOnB)[1]).toBe(`${task.reference}:done`);
      // The other bot's list heard the same notices first, in order, and let them pass.
      const own = await otherBot.add({ ...REQUEST, botId: 'x' });
      expect(await heardOnOther).toEqual([`${own.reference}:open`]);
    } finally {
      await busA.close();
      await busB.close();
    }
  });
});
