/**
 * Whether agents are online is asked on every resident's turn: the other instances' answer is reused for a moment,
 * the console's own count is always fresh.
 */
import { AgentPresence } from '../../src/handover/queue/presence';
import { SqliteSql } from '../../src/storage';
import { openDatabase } from '../../src/storage/sqlite';

const BOT = 'voorbeeldgemeente';
const anne = { username: 'anne', name: 'Anne' };

function setup() {
  const sql = new SqliteSql(openDatabase(':memory:'));
  const presence = new AgentPresence(sql, { now: () => new Date(), onError: (e) => { throw e; } });
  const all = jest.spyOn(sql, 'all');
  return { sql, presence, all };
}

test('many turns at once ask the database once whether agents elsewhere are online', async () => {
  const { presence, all, sql } = setup();
  const answers = await Promise.all(Array.from({ length: 50 }, () => presence.anyOnline(BOT)));
  expect(answers.every((a) => a === false)).toBe(true);
  expect(all).toHaveBeenCalledTimes(1);
  await presence.close();
  await sql.close();
});

test('an agent with a console open on this instance counts at once, without asking the database', async () => {
  const { presence, all, sql } = setup();
  expect(await presence.anyOnline(BOT)).toBe(false);
  const leave = presence.connect(BOT, anne);
  expect(await presence.anyOnline(BOT)).toBe(true);
  leave();
  all.mockClear();
  // The console's own count asks every time.
  expect(await presence.online(BOT)).toBe(0);
  expect(await presence.online(BOT)).toBe(0);
  expect(all).toHaveBeenCalledTimes(2);
  await presence.close();
  await sql.close();
});
