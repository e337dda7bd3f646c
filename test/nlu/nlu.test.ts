import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { builtinActionNames } from '../../src/actions';
import { loadBot } from '../../src/content';
import { Nlu } from '../../src/nlu';
import { PACKAGE_ROOT } from '../../src/paths';

const content = loadBot(PACKAGE_ROOT, 'voorbeeldgemeente', builtinActionNames());
/**
 * Training the example bot takes 20–30 s on two quiet cores; beside another suite in the second Jest worker it can
 * take twice that. A limit, not a measure of speed (that is `npm run bench`).
 */
const TRAINING_MS = 180_000;

describe('NLU', () => {
  const cacheDir = mkdtempSync(join(tmpdir(), 'loket-nlu-'));
  let nlu: Nlu;
  beforeAll(async () => { nlu = await Nlu.create(content, { cacheDir }); }, TRAINING_MS);

  it('trains once and loads the cached model on the next start', async () => {
    expect(nlu.timings.loadedFromCache).toBe(false);
    const again = await Nlu.create(content, { cacheDir });
    expect(again.timings.loadedFromCache).toBe(true);
    // Whole understandings: the classifiers, and the kept vocabulary (a compound typed apart, words known or not).
    for (const [text, lang] of [['de lantaarnpaal voor mijn huis doet het niet', 'nl'], ['ik wil een afspraak maken', 'nl'], ['wat kost een paspoort', 'nl'], ['I lost my passport', 'en'], ['ik kom uit het buiten land en wil me in schrijven', 'nl'], ['wie wint de eredivisie dit jaar', 'nl']] as const) {
      expect(await again.classify(text, lang)).toEqual(await nlu.classify(text, lang));
    }
  });

  it('screens every message it can read for danger, with a crisis screen learnt from the corpus and kept in the cache', async () => {
    expect(readdirSync(cacheDir).filter((f) => f.endsWith('.screen'))).toHaveLength(1);
    const danger = await nlu.classify('mijn opa zit onder het bloed en hij zegt niks meer terug', 'nl');
    const errand = await nlu.classify('mag ik mijn kliko een dag eerder buiten zetten', 'nl');
    expect(danger.crisisScreen!.score).toBeGreaterThan(errand.crisisScreen!.score);
    expect(danger.crisisScreen!.words.length).toBeGreaterThan(0);
    // A language the classifiers do not know is not screened either: its lean would be noise.
    expect((await nlu.classify('Здравствуйте, мой отец не дышит, помогите', 'nl')).crisisScreen).toBeUndefined();
  });

  it('loads in the built code the model its sources trained (tests, then `npm start`)', () => {
    const script = `const { loadBot } = require('./dist/content'); const { builtinActionNames } = require('./dist/actions'); const { Nlu } = require('./dist/nlu');
      Nlu.create(loadBot('.', 'voorbeeldgemeente', builtinActionNames()), { cacheDir: ${JSON.stringify(cacheDir)} }).then((n) => console.log(n.timings.loadedFromCache))`;
    expect(execFileSync(process.execPath, ['-e', script], { cwd: PACKAGE_ROOT, encoding: 'utf8' }).trim()).toBe('true');
  });

  it('retrains over a damaged model file', async () => {
    const file = readdirSync(cacheDir).find((f) => f.endsWith('.json'))!;
    writeFileSync(join(cacheDir, file), '{ not json');
    const fresh = await Nlu.create(content, { cacheDir });
    expect(fresh.timings.loadedFromCache).toBe(false);
    expect((await fresh.understand('ik wil een afspraak maken', 'nl')).intent).toBe('afspraak_maken');
  }, TRAINING_MS);

  it('works out the vocabulary and keyword index again over a damaged file of them, without retraining', async () => {
    const file = join(cacheDir, readdirSync(cacheDir).find((f) => f.endsWith('.derived'))!);
    const kept = readFileSync(file, 'utf8');
    writeFileSync(file, '{ not json');
    const again = await Nlu.create(content, { cacheDir });
    expect(again.timings.loadedFromCache).toBe(true);
    expect(readFileSync(file, 'utf8')).toBe(kept);
    const text = 'ik kom uit het buiten land en wil me in schrijven';
    expect(await again.classify(text, 'nl')).toEqual(await nlu.classify(text, 'nl'));
  });

  it('starts from the cache when the vocabulary file cannot be written (a read-only cache)', async () => {
    const file = join(cacheDir, readdirSync(cacheDir).find((f) => f.endsWith('.derived'))!);
    rmSync(file);
    mkdirSync(file);
    const again = await Nlu.create(content, { cacheDir });
    expect(again.timings.loadedFromCache).toBe(true);
    const text = 'de lantaarnpaal voor mijn huis doet het niet';
    expect(await again.classify(text, 'nl')).toEqual(await nlu.classify(text, 'nl'));
    rmSync(file, { recursive: true });
  });

  it('recognises chatter from other domains as not for us, which plain NLP.js does not', async () => {
    for (const text of ['wat is het weer morgen', 'Zet de lampen in de woonkamer aan', 'wie wint de eredivisie dit jaar']) {
      const u = await nlu.understand(text, 'nl');
      expect({ text, outOfScope: u.outOfScope, notForUs: content.intents.get(u.intent ?? '')?.out_of_scope }).toEqual({ text, outOfScope: true, notForUs: true });
    }
  });

  it('takes a resident searching for a word as not understood yet, not as a question that is not for us', async () => {
    for (const text of ['uhm hoe heet het', 'eh... dinges', 'hoe heet dat nou']) {
      const u = await nlu.understand(text, 'nl');
      expect({ text, intent: u.intent, outOfScope: u.outOfScope }).toEqual({ text, intent: null, outOfScope: true });
    }
    expect((await nlu.understand('hoe heet het gemeentehuis', 'nl')).intent).not.toBeNull();
  });

  it.each([
    ['nl', 'Er zit iets niet goed bij ons thuis en ik wil dat iemand eens met ons aan tafel gaat zitten', ['zit', 'zitten', 'iets', 'ons', 'iemand', 'eens', 'gaat', 'ik', 'wil']],
    // "There's …", "I'm …" open a pothole report as often as a call for help.
    ['en', "There's someone at my door and I'm scared, he won't leave", ['theres', 'there', 'im', 'someone', 'he', 'my', 'and', 'at', 'i']],
  ] as const)('names content words, not pronouns or auxiliaries, as the cues for a handover reason (%s)', async (lang, text, carriers) => {
    const cues = Object.values((await nlu.understand(text, lang)).cues).flat();
    expect(cues.length).toBeGreaterThan(0);
    expect(cues.filter((c) => c.split(' ').every((w) => (carriers as readonly string[]).includes(w)))).toEqual([]);
  });

  it('reads a compound typed as two words as the examples write it, not words the examples use side by side', async () => {
    const ranking = async (text: string) => (await nlu.classify(text, 'nl')).ranking;
    expect(await ranking('ik kom uit het buiten land hier wonen')).toEqual(await ranking('ik kom uit het buitenland hier wonen'));
    expect(await ranking('ik moet me in schrijven')).toEqual(await ranking('ik moet me inschrijven'));
    expect(await ranking('hoe lang duurt een paspoort')).not.toEqual(await ranking('hoelang duurt een paspoort'));
    expect(await ranking('ik heb pijn op de borst en zweet')).not.toEqual(await ranking('ik heb pijn op de borsten zweet'));
  });

  it('hears two angry faces as a raised voice, one as a shrug', async () => {
    expect((await nlu.understand('krijg ik een boete voor één dag te laat 😡😡', 'nl')).shouting).toBe(true);
    expect((await nlu.understand('krijg ik een boete voor één dag te laat 😡', 'nl')).shouting).toBe(false);
  });

  it('reads a row of friendly emoji after a request as one word, so the request stays the request', async () => {
    expect((await nlu.understand('ik wil een afspraak 🙏🏽🙏🏽', 'nl')).intent).toBe('afspraak_maken');
    expect((await nlu.understand('de lamp is kapot 😊 😊 😊', 'nl')).intent).toBe('melding_openbare_ruimte');
    expect((await nlu.understand('👍🏻👍🏻', 'nl')).intent).toBe('smalltalk_bedankt');
  });

  it('reads a word with invisible characters in it (copied from a web page) as the word', async () => {
    const u = await nlu.understand('a\u200Bf\u200Bs\u200Bp\u200Br\u200Ba\u200Ba\u200Bk', 'nl');
    expect({ lang: u.lang, intent: u.intent }).toEqual({ lang: 'nl', intent: 'afspraak_maken' });
    expect((await nlu.understand('mijn rijbe\u00ADwijs verloopt', 'nl')).intent).toBe('rijbewijs_verlengen');
  });

  it('takes shouted spam with a link as not for us, so tone alone cannot hand it to a person', async () => {
    for (const text of ['VERDIEN €400 PER WEEK VANUIT HUIS!!! 💰 klik hier 👉 rijkworden.example', 'BIJVERDIENEN VANUIT HUIS!!! klik hier www.snelgeld.biz']) {
      const u = await nlu.understand(text, 'nl');
      expect({ text, notForUs: content.intents.get(u.intent ?? '')?.out_of_scope }).toEqual({ text, notForUs: true });
    }
  });

  it('reads no words inside a web address: a crisis word in a link is not the resident\'s', async () => {
    const spam = await nlu.understand('Uw account wordt VERWIJDERD tenzij u nu klikt: bit.ly/noodgeval-actie', 'nl');
    expect(spam.keywordHits.filter((k) => k.intent === 'handover_crisis')).toEqual([]);
    // The same word outside the link still counts, and a link with its scheme still marks spam.
    const said = await nlu.understand('noodgeval, kijk op bit.ly/abc', 'nl');
    expect(said.keywordHits.some((k) => k.intent === 'handover_crisis')).toBe(true);
    const linked = await nlu.understand('klik op https://snelgeld.example/noodgeval', 'nl');
    expect(linked.keywordHits.filter((k) => k.intent === 'handover_crisis')).toEqual([]);
    expect(content.intents.get(linked.intent ?? '')?.out_of_scope).toBe(true);
  });

  it('remembers a short answer, never one with a number or an e-mail address in it', async () => {
    expect(await nlu.understand('ja graag', 'nl')).toBe(await nlu.understand('ja graag', 'nl'));
    expect(await nlu.understand('06 12345678', 'nl')).not.toBe(await nlu.understand('06 12345678', 'nl'));
    expect(await nlu.understand('jan@example.nl', 'nl')).not.toBe(await nlu.understand('jan@example.nl', 'nl'));
  });

  it('finds entities, also with a typo', async () => {
    expect((await nlu.understand('afspraak voor een identiteitskaart', 'nl')).entities).toContainEqual({ entity: 'product', value: 'id-kaart' });
    expect((await nlu.understand('de lantaarnpall is kapot', 'nl')).entities).toContainEqual({ entity: 'melding_categorie', value: 'verlichting' });
  });

  it('puts a slip right towards the word, also when the examples hold a slip with the same stem', async () => {
    // An example writes "paspor"; "paspoor" shares its stem, and was read as it stood: no keyword named it, and
    // "school" took the message to appointments elsewhere.
    const u = await nlu.understand('ik wil een afspraak maken voor een paspoor voor mijn zoon van 12, hij gaat met school naar engeland', 'nl');
    expect(u.intent).toBe('afspraak_maken');
    // The examples' own slip "afspaak" is no target: "afspaark", which a keyword pattern lists, stays as it is.
    expect((await nlu.understand('kan ik een afspaark krijgen voor een indentiteitskaart voor mijn zoon', 'nl')).keywords).toContain('afspraak_maken');
  });

  it('answers English messages in English', async () => {
    const u = await nlu.understand('I would like to renew my driving licence please', 'nl');
    expect(u.lang).toBe('en');
    expect(u.intent).toBe('rijbewijs_verlengen');
  });

  it('scores sentiment: negative for anger, not for a neutral request', async () => {
    expect((await nlu.understand('ik ben woedend en verdrietig, dit is verschrikkelijk', 'nl')).sentiment).toBeLessThan(-0.1);
    expect((await nlu.understand('ik wil een afspraak maken', 'nl')).sentiment).toBeGreaterThanOrEqual(0);
  });
});
