/**
 * NLP.js loaded quietly. @nlpjs/logger builds a pino logger with the deprecated `prettyPrint` option unless
 * NODE_ENV is production, which prints a warning on every start; natural loads dotenv, which prints tips to stdout
 * (and would corrupt `loket classify` output). Both are silenced here, once.
 */
import { Worker } from 'node:worker_threads';
import { expandShorthand } from './shorthand';

process.env.DOTENV_CONFIG_QUIET ??= 'true';
const env = process.env.NODE_ENV;
process.env.NODE_ENV = 'production';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const basic = require('@nlpjs/basic');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const langNl = require('@nlpjs/lang-nl');
if (env === undefined) delete process.env.NODE_ENV;
else process.env.NODE_ENV = env;

export interface NlpClassification { intent: string; score: number }
export interface NlpResult { classifications: NlpClassification[]; intent: string; score: number }
export interface NlpModel {
  addDocument(locale: string, utterance: string, intent: string): void;
  train(): Promise<void>;
  process(locale: string, text: string): Promise<NlpResult>;
  export(minified?: boolean): string;
  import(data: string | object): void;
}

/** The parts of an NLP.js export Loket changes before keeping it. */
interface ExportedModel { nluManager?: { extraSentences?: unknown[]; domainManagers?: Record<string, { sentences?: unknown[] }> } }

/**
 * A trained model from the cache. NLP.js feeds every training sentence to its language guesser again on import, a
 * third of the load time; Loket always says which language a message is in, so the guesser is never asked and its
 * sentences are left out.
 */
export function importModel(model: NlpModel, json: string): void {
  const data = JSON.parse(json) as ExportedModel;
  if (data.nluManager) data.nluManager.extraSentences = [];
  model.import(data);
}

/**
 * The exported model as the cache keeps it: without the training sentences (only training reads them; answering
 * uses the stems, features and weights worked out from them), and in ASCII (other characters as \u escapes), which
 * Node reads and parses faster than text with accents. Together about a third off reading the model at start-up.
 */
export function compactModel(json: string): string {
  const data = JSON.parse(json) as ExportedModel;
  if (data.nluManager) {
    data.nluManager.extraSentences = [];
    for (const manager of Object.values(data.nluManager.domainManagers ?? {})) manager.sentences = [];
  }
  return JSON.stringify(data).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** How Loket runs NLP.js, the same in this thread and in the training worker. */
const SETTINGS = { autoSave: false, autoLoad: false, calculateSentiment: false, forceNER: false, nlu: { log: false } };

/** NLP.js, seeing every sentence with its chat shorthand written out (./shorthand.ts), in training and in use. */
export async function createNlp(languages: string[]): Promise<NlpModel> {
  const container = await basic.containerBootstrap();
  container.use(langNl.LangNl);
  container.use(basic.LangEn);
  const nlp = new basic.Nlp({ container, languages, ...SETTINGS }) as NlpModel;
  return {
    addDocument: (locale, utterance, intent) => nlp.addDocument(locale, expandShorthand(utterance), intent),
    train: () => nlp.train(),
    process: (locale, text) => nlp.process(locale, expandShorthand(text)),
    export: (minified) => nlp.export(minified),
    import: (data) => nlp.import(data),
  };
}

export interface NlpDocument { locale: string; utterance: string; intent: string }

/** The training worker: NLP.js set up as in `createNlp`, quietly, trained on the documents; posts the model. */
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
process.env.NODE_ENV = 'production';
process.env.DOTENV_CONFIG_QUIET = 'true';
const basic = require(workerData.basic);
const langNl = require(workerData.langNl);
(async () => {
  const container = await basic.containerBootstrap();
  container.use(langNl.LangNl);
  container.use(basic.LangEn);
  const nlp = new basic.Nlp({ container, languages: workerData.languages, ...workerData.settings });
  for (const d of workerData.documents) nlp.addDocument(d.locale, d.utterance, d.intent);
  await nlp.train();
  parentPort.postMessage({ model: nlp.export(true) });
})().catch((e) => parentPort.postMessage({ error: String((e && e.stack) || e) }));
`;

/**
 * Trains NLP.js on a worker thread and resolves with the exported model. Training is most of a start without a model
 * cache, and the n-gram classifier needs nothing from NLP.js, so the caller trains that one meanwhile.
 */
export function trainNlpInWorker(languages: string[], documents: NlpDocument[]): Promise<string> {
  const workerData = {
    languages,
    settings: SETTINGS,
    documents: documents.map((d) => ({ ...d, utterance: expandShorthand(d.utterance) })),
    basic: require.resolve('@nlpjs/basic'),
    langNl: require.resolve('@nlpjs/lang-nl'),
  };
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER, { eval: true, workerData });
    worker.once('message', (m: { model?: string; error?: string }) => {
      if (m.model !== undefined) resolve(m.model);
      else reject(new Error(`training NLP.js failed: ${m.error}`));
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the NLP.js training worker stopped (exit code ${code})`)));
  });
}
