/** The crisis screen learns danger, and what needs nobody, from a corpus of messages marked so; here a small one. */
import type { CorpusMessage } from '../../src/content/corpus';
import { screened, trainCrisisScreen } from '../../src/nlu/crisisScreen';
import { featuresOf, LinearClassifier } from '../../src/nlu/linear';

const crises = [
  'er komt rook onder de deur van de buren door',
  'mijn buurman ligt op de grond en ademt niet',
  'ik wil niet meer leven, vanavond stop ik ermee',
  'hij heeft een mes en staat voor mijn deur',
  'mijn zoontje is in het water gevallen',
  'de keuken staat in brand en ik kom er niet uit',
  'ik heb alle pillen genomen die ik had',
  'mijn vriend reageert niet meer, hij ademt raar',
  'iemand slaat mijn moeder, nu, help',
  'ik heb mijn arm opengesneden en het bloed stopt niet',
  'de kinderen van hiernaast zijn al twee dagen alleen',
  'ik sta op de brug en ik spring',
];
const others = [
  'de lantaarnpaal in mijn straat is kapot',
  'ik wil een afspraak maken voor een paspoort',
  'wanneer wordt het grofvuil opgehaald',
  'mijn rijbewijs verloopt volgende maand',
  'er ligt een dode kat op de stoep',
  'ik schrok me dood van het onweer',
  'de brandweer heeft vorige week een oefening gehouden',
  'hoe vraag ik een parkeervergunning aan',
  'er staat een boom schuin boven het fietspad',
  'ik ga dood van het lachen om jullie website',
  'wat zijn de openingstijden van het gemeentehuis',
  'de stoeptegel voor mijn deur ligt los',
];
const colleagues = [
  'ik heb schulden en weet niet hoe ik de huur moet betalen',
  'ik wil een klacht indienen over de medewerker aan de balie',
  'kan ik iemand van jullie spreken over bijstand',
  'mijn vader heeft thuiszorg nodig, hoe vraag ik de wmo aan',
  'ik ben zo boos, niemand luistert naar mij bij de gemeente',
  'wie in de raad heeft voor die windmolens gestemd',
];
const corpus: CorpusMessage[] = [
  ...crises.map((text) => ({ text, crisis: true, handover: true })),
  ...colleagues.map((text) => ({ text, crisis: false, handover: true })),
  ...others.map((text) => ({ text, crisis: false, handover: false })),
];
const screen = trainCrisisScreen(corpus);
const score = (text: string) => screened(screen, text, featuresOf(text), () => false);

describe('crisis screen', () => {
  it('hears danger in words the corpus taught, and none in ordinary requests', () => {
    expect(score('er komt rook onder de deur door en niemand doet open').score).toBeGreaterThan(0.5);
    expect(score('ik wil niet meer leven').score).toBeGreaterThan(0.5);
    expect(score('de lantaarnpaal bij de school is kapot').score).toBeLessThan(0.5);
    expect(score('wanneer is het gemeentehuis open').score).toBeLessThan(0.5);
  });

  it('is surer that an ordinary request needs no colleague than a message of debts, anger or danger', () => {
    const none = (text: string) => score(text).none;
    expect(none('de stoeptegel bij de bakker ligt los')).toBeGreaterThan(0.5);
    for (const text of ['ik heb schulden bij de energie', 'ik ben boos op de medewerker', 'hij heeft een mes']) expect(none(text)).toBeLessThan(none('de stoeptegel bij de bakker ligt los'));
  });

  it('names the words that pushed it towards danger, for the evidence a colleague sees', () => {
    const { words } = score('de keuken staat in brand');
    expect(words.length).toBeGreaterThan(0);
    expect(words.length).toBeLessThanOrEqual(3);
    expect(words.some((w) => ['brand', 'keuken', 'in brand', 'staat in'].includes(w))).toBe(true);
  });

  it('trains the same screen from the same corpus, and keeps its scores when exported and read back (the model cache)', () => {
    const again = (text: string) => screened(trainCrisisScreen(corpus), text, featuresOf(text), () => false).score;
    expect(again('ik sta op het dak en ik spring')).toBe(score('ik sta op het dak en ik spring').score);
    const read = LinearClassifier.import(screen.export());
    const text = 'hij ademt niet meer';
    expect(screened(read, text, featuresOf(text), () => false)).toEqual(score(text));
  });
});
