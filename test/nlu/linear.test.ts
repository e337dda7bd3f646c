/** The n-gram classifier and the cross-validation built on it: what they learn, and what they tell an editor. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkBot } from '../../src/content';
import { calibrationError, confusedPairs, type OutOfFold } from '../../src/nlu/crossValidate';
import { featuresOf, LinearClassifier } from '../../src/nlu/linear';
import { overlapWarnings } from '../../src/nlu/overlap';

const EXAMPLES = [
  ...['de lantaarnpaal is kapot', 'straatlamp doet het niet', 'lamp in de straat brandt niet', 'kapotte straatverlichting', 'de lantaarnpaal knippert'].map((text) => ({ text, label: 'melding' })),
  ...['afspraak maken voor een paspoort', 'ik wil een afspraak', 'wanneer kan ik langskomen voor mijn paspoort', 'tijdslot boeken', 'afspraak voor een id kaart'].map((text) => ({ text, label: 'afspraak' })),
  ...['wie wint de eredivisie', 'wat wordt het weer morgen', 'recept voor pannenkoeken', 'mijn internet doet het niet', 'goedkope vliegtickets'].map((text) => ({ text, label: 'anders' })),
];

describe('n-gram classifier', () => {
  const model = LinearClassifier.train(EXAMPLES);

  it('learns its examples and gives probabilities that sum to one', () => {
    const ranking = model.classify('de lantaarnpaal is kapot');
    expect(ranking[0].intent).toBe('melding');
    expect(ranking.reduce((s, r) => s + r.score, 0)).toBeCloseTo(1, 5);
  });

  it('tolerates typing errors through character n-grams', () => {
    expect(model.classify('lantarenpaal kaput')[0].intent).toBe('melding');
    expect(model.classify('afsprak paspoortt')[0].intent).toBe('afspraak');
  });

  it('weighs a function word less than a content word as a single-word feature', () => {
    const f = featuresOf('heel de tunnel');
    expect(f.get('w:heel')!).toBeLessThan(f.get('w:tunnel')! / 2);
    expect(f.get('p:heel_de')).toBeDefined();
  });

  it('trains the same model from the same examples, and survives export and import', () => {
    const again = LinearClassifier.train(EXAMPLES);
    expect(again.classify('tijdslot voor een paspoort')).toEqual(model.classify('tijdslot voor een paspoort'));
    const copy = LinearClassifier.import(model.export());
    expect(copy.classify('straatlamp kapot')).toEqual(model.classify('straatlamp kapot'));
    // Read in place from a file's own buffer, copied when the floats do not start on a multiple of four.
    const unaligned = Buffer.concat([Buffer.from([0]), model.export()]).subarray(1);
    expect(LinearClassifier.import(unaligned).classify('straatlamp kapot')).toEqual(model.classify('straatlamp kapot'));
    expect(() => LinearClassifier.import(model.export().subarray(0, 100))).toThrow();
  });

  it('names the words that pushed it towards an intent', () => {
    const words = model.strongestFeatures(featuresOf('de straatlamp is kapot'), 'melding', 3, (w) => ['de', 'is'].includes(w));
    expect(words).toContain('straatlamp');
    expect(words).not.toContain('de');
    expect(words.every((w) => 'de straatlamp is kapot'.includes(w))).toBe(true);
  });
});

describe('cross-validation figures', () => {
  const r = (label: string, top: string, score: number, text = label): OutOfFold => ({ text, label, ranking: [{ intent: top, score }] });

  it('names pairs of intents taken for each other, both ways, above a share of the smaller intent', () => {
    const results = [
      ...Array.from({ length: 10 }, () => r('a', 'a', 0.9)), ...Array.from({ length: 3 }, () => r('a', 'b', 0.6)),
      ...Array.from({ length: 8 }, () => r('b', 'b', 0.9)), ...Array.from({ length: 2 }, () => r('b', 'a', 0.6)),
      ...Array.from({ length: 30 }, () => r('c', 'c', 0.9)), r('c', 'a', 0.5),
    ];
    expect(confusedPairs(results)).toEqual([expect.objectContaining({ a: 'a', b: 'b', aAsB: 3, bAsA: 2, count: 5, share: 0.5 })]);
  });

  it('measures calibration: right as often as it is sure', () => {
    const honest = [...Array.from({ length: 8 }, () => r('a', 'a', 0.8)), ...Array.from({ length: 2 }, () => r('a', 'b', 0.8))];
    expect(calibrationError(honest)).toBeCloseTo(0, 5);
    const overconfident = Array.from({ length: 10 }, (_, i) => r('a', i < 5 ? 'a' : 'b', 0.95));
    expect(calibrationError(overconfident)).toBeCloseTo(0.45, 5);
  });
});

describe('loket validate: overlap warnings', () => {
  it('warns, on the intent line, when cross-validation confuses two intents, and says when an answer gets a flow instead', async () => {
    const root = mkdtempSync(join(tmpdir(), 'loket-overlap-'));
    const file = (path: string, text: string) => {
      mkdirSync(join(root, path, '..'), { recursive: true });
      writeFileSync(join(root, path), text);
    };
    const same = ['lamp kapot in de straat', 'de lamp is kapot', 'kapotte lamp', 'lamp doet het niet', 'lamp in de straat stuk', 'straat lamp kapot', 'lamp brandt niet', 'de straatlamp is stuk', 'lamp stuk', 'lamp knippert'];
    file('bots/t/bot.yaml', 'name: Test\nlanguages: [nl]\nflows: [melden]\nintents: [basis]\ntexts: { welcome: Hallo, fallback: Sorry, goodbye: Doei }\nhandover:\n  messages: { default: Ik zet u door., crisis: Bel 112. }\n');
    file('flows/melden.yaml', 'title: melden\ntriggers: [melden]\nsteps:\n  - end: Dank u.\n');
    file('intents/basis.yaml', `intents:\n  - id: melden\n    utterances:\n      nl: [${same.slice(0, 5).join(', ')}]\n  - id: lampvraag\n    answer: Zie de website.\n    utterances:\n      nl: [${same.slice(5).join(', ')}]\n  - id: groet\n    answer: Hallo!\n    utterances:\n      nl: [hallo, goedemorgen, hoi, goedemiddag, dag]\n`);
    const { content, diagnostics } = checkBot(root, 't', []);
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const warnings = await overlapWarnings(root, content!);
    expect(warnings).toEqual([expect.objectContaining({ file: 'intents/basis.yaml', severity: 'warning', line: expect.any(Number) })]);
    expect(warnings[0].message).toMatch(/intents "lampvraag" and "melden" overlap/);
    expect(warnings[0].message).toMatch(/may get flow "melden" instead of its answer/);
  });
});
