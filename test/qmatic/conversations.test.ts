/**
 * The example municipality's appointment flow against the stand-in Qmatic: booking, moving and cancelling reach
 * Qmatic with the reference the resident was given, and when Qmatic is away or a time is gone, the resident hears
 * what happened and nothing is booked twice.
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { parseDocument } from 'yaml';
import { PACKAGE_ROOT } from '../../src/paths';
import { Loket } from '../../src/runtime';
import { NOW, say } from '../runtime/helpers';
import { startFakeQmatic, type FakeQmatic } from './fakeQmatic';
import { TEST_NLU_CACHE } from '../nluCache';

const BRANCH = '3c82d69fa404728006a8386aff26ff05';
const PRODUCTS = ['paspoort', 'id-kaart', 'rijbewijs', 'uittreksel-brp', 'verhuizing', 'huwelijk'];

function contentWithQmatic(fake: FakeQmatic): string {
  const root = mkdtempSync(join(tmpdir(), 'loket-qmatic-'));
  for (const dir of ['bots/voorbeeldgemeente', 'flows', 'intents']) cpSync(join(PACKAGE_ROOT, dir), join(root, dir), { recursive: true });
  const file = join(root, 'bots/voorbeeldgemeente/bot.yaml');
  const doc = parseDocument(readFileSync(file, 'utf8'));
  doc.delete('calendar');
  doc.set('qmatic', {
    url: fake.url, api_key_env: 'LOKET_TEST_QMATIC_KEY', branch: BRANCH, timeout_ms: 2000,
    products: Object.fromEntries(PRODUCTS.map((p) => [p, { service: `${p}-dienst`, label: p === 'paspoort' ? { nl: 'Paspoort', en: 'Passport' } : p }])),
  });
  writeFileSync(file, doc.toString());
  return root;
}

describe('the example municipality with Qmatic', () => {
  let fake: FakeQmatic;
  let bot: Loket;

  beforeAll(async () => {
    process.env.LOKET_TEST_QMATIC_KEY = 'sleutel';
    fake = await startFakeQmatic({
      apiKey: 'sleutel', branch: { publicId: BRANCH, name: 'Stadhuis' },
      services: PRODUCTS.map((p) => ({ publicId: `${p}-dienst`, name: p, duration: 10 })),
      // Tuesday 10 March 2026 is today.
      schedule: { 'paspoort-dienst': { '2026-03-11': ['09:00', '09:15', '09:30'], '2026-03-13': ['14:00', '14:30'] } },
    });
    const root = contentWithQmatic(fake);
    bot = await Loket.create({
      botId: 'voorbeeldgemeente', root, dbFile: join(root, 'bot.sqlite'), cacheDir: TEST_NLU_CACHE,
      now: () => NOW, log: pino({ level: 'silent' }),
    });
  });

  afterAll(async () => {
    await bot.close();
    await fake.close();
    delete process.env.LOKET_TEST_QMATIC_KEY;
  });

  const confirmed = () => [...fake.appointments.values()].filter((a) => a.status === 20);

  it('books, moves and cancels in Qmatic under the reference the resident was given', async () => {
    await say(bot, 'b1', 'ik wil een afspraak voor een paspoort', 'morgen', 'overslaan');
    expect(await say(bot, 'b1', '1', 'Jan de Vries', 'jan@example.nl')).toContain('Wanneer: wo 11 maart 09:00');
    const done = await say(bot, 'b1', 'ja');
    expect(done).toContain('Uw afspraak staat vast: wo 11 maart 09:00. Uw afspraaknummer is AFS-');
    const reference = /AFS-[A-Z0-9]{6}/.exec(done)![0];
    expect(confirmed()).toEqual([expect.objectContaining({ date: '2026-03-11', time: '09:00', title: `Paspoort (${reference})`, customers: [{ lastName: 'Jan de Vries', email: 'jan@example.nl' }] })]);

    expect(await say(bot, 'm1', 'ik wil mijn afspraak verzetten', reference)).toContain('Ik heb uw afspraak gevonden: wo 11 maart 09:00.');
    expect(await say(bot, 'm1', 'vrijdag')).toContain('Welke tijd past u');
    expect(await say(bot, 'm1', '2')).toContain(`Uw afspraak is verzet naar vr 13 maart 14:30. Uw afspraaknummer blijft ${reference}.`);
    expect(confirmed()).toEqual([expect.objectContaining({ date: '2026-03-13', time: '14:30', title: `Paspoort (${reference})` })]);

    expect(await say(bot, 'c1', 'ik wil mijn afspraak afzeggen', reference)).toContain('vr 13 maart 14:30. Wilt u deze afspraak afzeggen?');
    expect(await say(bot, 'c1', 'ja')).toContain('Uw afspraak is afgezegd.');
    expect(fake.appointments.size).toBe(0);
    expect(await say(bot, 'c2', 'afspraak annuleren', reference)).toContain('Ik kan geen afspraak vinden');
    expect(fake.refused).toEqual([]);
  });

  it('offers the next free time when the chosen one was taken in the meantime', async () => {
    await say(bot, 't1', 'ik wil een afspraak voor een paspoort', 'morgen', 'overslaan', '1', 'Sara Bakker', 'sara@example.nl');
    fake.appointments.set('ab12', { publicId: 'ab12', status: 20, service: 'paspoort-dienst', date: '2026-03-11', time: '09:00' });
    const reply = await say(bot, 't1', 'ja');
    expect(reply).toContain('Sorry, die tijd is net door iemand anders gekozen.');
    expect(reply).toContain('Welke tijd past u');
    expect(await say(bot, 't1', '1')).toContain('Uw afspraak staat vast: wo 11 maart 09:15.');
    expect(confirmed().map((a) => a.time).sort()).toEqual(['09:00', '09:15']);
    fake.appointments.clear();
  });

  it('tells the resident honestly when Qmatic is away, and books nothing', async () => {
    await say(bot, 'd1', 'ik wil een afspraak voor een paspoort', 'morgen', 'overslaan', '1', 'Piet Jansen', 'piet@example.nl');
    fake.down = true;
    try {
      expect(await say(bot, 'd1', 'ja')).toContain('Het lukt nu niet om uw afspraak te maken. Er staat dus geen afspraak voor u.');
      expect(await say(bot, 'd2', 'ik wil een afspraak voor een paspoort', 'morgen', 'overslaan')).toContain('Het lukt nu even niet om in de agenda te kijken.');
    } finally {
      fake.down = false;
    }
    expect(fake.appointments.size).toBe(0);
  });
});
