import { CallbackTasks } from '../../src/handover';
import { openDatabase } from '../../src/storage/sqlite';

describe('callback tasks', () => {
  it('stores a request with a reference, lists open ones oldest first, closes once, purges done ones later', () => {
    const clock = { at: Date.parse('2026-03-10T09:00:00Z') };
    const tasks = new CallbackTasks(openDatabase(':memory:'), () => new Date(clock.at));
    const seen: string[] = [];
    tasks.onChange((t) => seen.push(`${t.reference}:${t.status}`));
    const req = { botId: 'g', conversationId: 'c1', name: 'Jan', phone: '+31612345678', moment: 'morgen, ochtend', reasons: ['complex' as const], summary: 'schulden' };
    const first = tasks.add(req);
    clock.at += 1000;
    const second = tasks.add({ ...req, conversationId: 'c2' });
    expect(first.reference).toMatch(/^TBV-[A-Z2-9]{6}$/);
    expect(second.reference).not.toBe(first.reference);
    expect(tasks.list('g').map((t) => t.conversationId)).toEqual(['c1', 'c2']);
    expect(tasks.list('other')).toEqual([]);
    expect(tasks.close(first.id, 'other', 'anne', 'gebeld')).toBe(false);
    expect(tasks.close(first.id, 'g', 'anne', '  ')).toBe(true);
    expect(tasks.close(first.id, 'g', 'anne', 'nog eens')).toBe(false);
    expect(tasks.list('g', 'done')[0]).toMatchObject({ id: first.id, status: 'done', closedBy: 'anne', outcome: 'gebeld' });
    expect(seen).toEqual([`${first.reference}:open`, `${second.reference}:open`, `${first.reference}:done`]);
    clock.at += 31 * 86_400_000;
    expect(tasks.purge(30)).toBe(1);
    expect(tasks.get(first.id)).toBeUndefined();
    expect(tasks.get(second.id)).toBeDefined(); // open tasks stay until someone calls
  });
});
