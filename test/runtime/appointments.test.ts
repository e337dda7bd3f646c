import type { Loket } from '../../src/runtime';
import { exampleBot, say } from './helpers';

describe('appointments end to end', () => {
  let bot: Loket;
  beforeAll(async () => { bot = await exampleBot(); });
  afterAll(() => bot.close());

  async function book(id: string): Promise<string> {
    const done = await say(bot, id, 'ik wil een afspraak voor een paspoort', 'morgen', 'overslaan', '1', 'Jan de Vries', 'jan@example.nl', 'ja');
    const ref = /AFS-[A-Z0-9]{6}/.exec(done)?.[0];
    expect(ref).toBeDefined();
    return ref!;
  }

  it('books, then moves the appointment with its reference', async () => {
    const ref = await book('a1');
    expect(await say(bot, 'a2', 'ik wil mijn afspraak verzetten')).toContain('afspraaknummer');
    expect(await say(bot, 'a2', ref.toLowerCase().replace('-', ' '))).toContain('Naar welke dag');
    const times = await say(bot, 'a2', 'vrijdag');
    expect(times).toContain('Welke tijd past u');
    const moved = await say(bot, 'a2', '2');
    expect(moved).toContain(`Uw afspraaknummer blijft ${ref}`);
    expect(moved).toMatch(/verzet naar vr 13 maart \d\d:\d\d/);
    const found = await bot.actions.get('calendar.find')!.run({ reference: ref }, { botId: 'x', conversationId: 'x', lang: 'nl', now: new Date('2026-03-10T10:00:00+01:00'), config: {}, log: bot.log });
    expect(found).toMatchObject({ ok: true, data: { found: true, slot: expect.stringMatching(/^2026-03-13T/) } });
  });

  it('cancels an appointment after a yes', async () => {
    const ref = await book('c1');
    expect(await say(bot, 'c2', 'ik wil mijn afspraak afzeggen', ref)).toContain('Wilt u deze afspraak afzeggen');
    expect(await say(bot, 'c2', 'ja')).toContain('Uw afspraak is afgezegd');
    expect(await say(bot, 'c3', 'afspraak annuleren', ref)).toContain('Ik kan geen afspraak vinden');
  });

  it('keeps the appointment on a no', async () => {
    const ref = await book('k1');
    expect(await say(bot, 'k2', 'ik wil mijn afspraak annuleren', ref, 'nee')).toContain('blijft staan');
  });
});
