/** NLP.js trained on a worker thread (so the n-gram classifier can train meanwhile) gives the model this thread would. */
import { createNlp, importModel, trainNlpInWorker } from '../../src/nlu/nlpjs';

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

  it('rejects with the worker’s error instead of hanging', async () => {
    // A document in a language the model was not set up for: NLP.js throws inside the worker.
    const broken = [{ locale: 'qq', utterance: 'hallo', intent: 'groet' }];
    await expect(trainNlpInWorker(['nl'], broken)).rejects.toThrow(/training NLP.js failed: .*locale qq/);
  });
});
