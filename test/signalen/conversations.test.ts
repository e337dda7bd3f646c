/**
 * The example municipality's melding flows against the stand-in Signalen: the resident gets Signalen's number, and
 * "hoe staat het met mijn melding?" answers from Signalen's status. Without signalen: in bot.yaml, the same question
 * answers from Loket's own table.
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { parseDocument } from 'yaml';
import { PACKAGE_ROOT } from '../../src/paths';
import { Loket } from '../../src/runtime';
import { exampleBot, NOW, say } from '../runtime/helpers';
import { startFakeSignalen, type FakeSignalen } from './fakeSignalen';
import { TEST_NLU_CACHE } from '../nluCache';

function contentWithSignalen(fake: FakeSignalen): string {
  const root = mkdtempSync(join(tmpdir(), 'loket-signalen-'));
  for (const dir of ['bots/voorbeeldgemeente', 'flows', 'intents']) cpSync(join(PACKAGE_ROOT, dir), join(root, dir), { recursive: true });
  const file = join(root, 'bots/voorbeeldgemeente/bot.yaml');
  const doc = parseDocument(readFileSync(file, 'utf8'));
  doc.set('signalen', {
    url: fake.url,
    categories: { verlichting: 'wegen-verkeer-straatmeubilair/lantaarnpaal-straatverlichting' },
    default_category: 'overig/overig',
    geocoder: { url: fake.geocoderUrl },
  });
  writeFileSync(file, doc.toString());
  return root;
}

describe('the example municipality with Signalen', () => {
  let fake: FakeSignalen;
  let bot: Loket;

  beforeAll(async () => {
    fake = await startFakeSignalen({
      categories: ['wegen-verkeer-straatmeubilair/lantaarnpaal-straatverlichting', 'overig/overig'],
      addresses: { 'kerkstraat 12': { centroide_ll: 'POINT(5.12142 52.09074)', straatnaam: 'Kerkstraat', huisnummer: 12, postcode: '1234AB', woonplaatsnaam: 'Voorbeeld' } },
    });
    const root = contentWithSignalen(fake);
    bot = await Loket.create({
      botId: 'voorbeeldgemeente', root, dbFile: join(root, 'bot.sqlite'), cacheDir: TEST_NLU_CACHE,
      now: () => NOW, log: pino({ level: 'silent' }),
    });
  });

  afterAll(async () => {
    await bot.close();
    await fake.close();
  });

  it('gives the resident Signalen\'s number, and only the e-mail address they agreed to share', async () => {
    await say(bot, 'm1', 'de lantaarnpaal bij Kerkstraat 12 is kapot', 'hij brandt al een week niet meer', 'overslaan', 'ja', 'zoe@example.nl');
    const done = await say(bot, 'm1', 'ja');
    expect(done).toContain('Uw meldnummer is SIG-1.');
    expect(fake.refused).toEqual([]);
    const [signal] = fake.signals;
    expect(signal.body.text).toBe('hij brandt al een week niet meer');
    expect(signal.body.reporter).toEqual({ email: 'zoe@example.nl', sharing_allowed: false });
    expect(signal.body.location.geometrie.coordinates).toEqual([5.12142, 52.09074]);

    await say(bot, 'm2', 'de lantaarnpaal bij Kerkstraat 12 is kapot', 'hij knippert de hele nacht', 'overslaan', 'nee');
    expect(await say(bot, 'm2', 'ja')).toContain('Uw meldnummer is SIG-2.');
    expect(fake.signals[1].body.reporter).toEqual({ sharing_allowed: false });
  });

  it('answers "hoe staat het met mijn melding?" from Signalen', async () => {
    expect(await say(bot, 's1', 'hoe staat het met mijn melding')).toContain('Wat is uw meldnummer?');
    expect(await say(bot, 's1', 'sig 1')).toContain('Uw melding SIG-1 heeft nu de status: Gemeld.');
    fake.setState(fake.signals[0].signal_id, 'b', 'In behandeling');
    expect(await say(bot, 's2', 'is mijn melding al opgepakt', 'SIG-1')).toContain('Uw melding SIG-1 heeft nu de status: In behandeling.');
    expect(await say(bot, 's3', 'hoe staat het met mijn melding', 'SIG-404')).toContain('Ik kan geen melding vinden met nummer SIG-404');
    fake.down = true;
    try {
      expect(await say(bot, 's4', 'wat is de status van mijn melding', 'SIG-1')).toContain('Het lukt nu even niet om uw melding op te zoeken');
    } finally {
      fake.down = false;
    }
  });
});

describe('the example municipality as shipped, without Signalen', () => {
  it('answers the status of a melding from Loket\'s own table', async () => {
    const bot = await exampleBot();
    try {
      await say(bot, 'a', 'de lantaarnpaal bij Kerkstraat 12 is kapot', 'hij brandt al een week niet meer', 'overslaan', 'nee');
      const done = await say(bot, 'a', 'ja');
      const reference = /MLD-[A-Z0-9]{6}/.exec(done)![0];
      expect(await say(bot, 'b', 'hoe staat het met mijn melding', reference.toLowerCase())).toContain(`Uw melding ${reference} heeft nu de status: ontvangen.`);
    } finally {
      await bot.close();
    }
  });
});
