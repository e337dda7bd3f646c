/** NLP.js trained on worker threads, one per language (the n-gram classifier trains meanwhile), gives the model this thread would. */
import { compactModel, createNlp, importModel, trainNlpBeside, type NlpDocument } from '../../src/nlu/nlpjs';

const trainNlpInWorker = async (languages: string[], documents: NlpDocument[]) => (await trainNlpBeside(languages, documents, () => undefined)).model;

const DOCUMENTS = [
  ...['de lantaarnpaal is kapot', 'straatlamp doet het niet', 'mn lamp in de straat is stuk'].map((utterance) => ({ locale: 'nl', utterance, intent: 'melding' })),
  ...['afspraak maken voor een paspoort', 'ik wil een afspraak', 'tijdslot boeken'].map((utterance) => ({ locale: 'nl', utterance, intent: 'afspraak' })),
  ...['I want an appointment', 'book a time slot'].map((utterance) => ({ locale: 'en', utterance, intent: 'afspraak' })),
];

describe('NLP.js training on a worker thread', () => {
  it('gives the same model as training in this thread, shorthand written out in both', async () => {
    const here = await createNlp(['nl', 'en']);
    for (const d of DOCUMENTS) here.addDocument(d.locale, d.utterance, d.intent);
    await here.train();
    const exported = await trainNlpInWorker(['nl', 'en'], DOCUMENTS);
    expect(JSON.parse(exported).nluManager).toEqual(JSON.parse(here.export(true)).nluManager);

    const loaded = await createNlp(['nl', 'en']);
    importModel(loaded, exported);
    expect((await loaded.process('nl', 'mn straatlamp is stuk')).intent).toBe('melding');
    expect((await loaded.process('en', 'book an appointment')).intent).toBe('afspraak');
  });

  it('keeps a compact model: ASCII, without the training sentences, answering exactly as the full one', async () => {
    const documents = [...DOCUMENTS, { locale: 'nl', utterance: 'één café-terras is vernield', intent: 'melding' }];
    const exported = await trainNlpInWorker(['nl', 'en'], documents);
    const compact = compactModel(exported);
    expect(compact).toMatch(/^[\x20-\x7e]*$/);
    expect(compact.length).toBeLessThan(exported.length);
    expect(compact).not.toContain('tijdslot boeken');
    const full = await createNlp(['nl', 'en']);
    importModel(full, exported);
    const small = await createNlp(['nl', 'en']);
    importModel(small, compact);
    for (const [locale, text] of [['nl', 'mn straatlamp is stuk'], ['nl', 'het café-terras is vernield'], ['nl', 'een tijdslot'], ['en', 'book an appointment'], ['nl', 'blabla']]) {
      expect((await small.process(locale, text)).classifications).toEqual((await full.process(locale, text)).classifications);
    }
  });

  it('rejects a document in a language that was not set up, instead of hanging', async () => {
    // A document in a language the model was not set up for: NLP.js would throw inside the worker.
    const broken = [{ locale: 'qq', utterance: 'hallo', intent: 'groet' }];
    await expect(trainNlpInWorker(['nl'], broken)).rejects.toThrow(/training NLP.js failed: .*locale qq/);
  });

  it('hands back what ran meanwhile on this thread, and the languages in the order they were set up', async () => {
    const { model, result } = await trainNlpBeside(['en', 'nl'], DOCUMENTS, () => 42);
    expect(result).toBe(42);
    expect(JSON.parse(model).nluManager.locales).toEqual(['en', 'nl']);
    expect(Object.keys(JSON.parse(model).nluManager.domainManagers).sort()).toEqual(['en', 'nl']);
  });
});
