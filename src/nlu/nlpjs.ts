/**
 * NLP.js loaded quietly. @nlpjs/logger builds a pino logger with the deprecated `prettyPrint` option unless
 * NODE_ENV is production, which prints a warning on every start; natural loads dotenv, which prints tips to stdout
 * (and would corrupt `loket classify` output). Both are silenced here, once.
 */
import { dirname } from 'node:path';
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
denseTraining(require(workerData.neural).NeuralNetwork);
(async () => {
  const container = await basic.containerBootstrap();
  container.use(langNl.LangNl);
  container.use(basic.LangEn);
  const nlp = new basic.Nlp({ container, languages: workerData.languages, ...workerData.settings });
  for (const d of workerData.documents) nlp.addDocument(d.locale, d.utterance, d.intent);
  await nlp.train();
  parentPort.postMessage({ model: nlp.export(true) });
})().catch((e) => parentPort.postMessage({ error: String((e && e.stack) || e) }));

// NLP.js keeps a sentence's features in an object keyed by feature number, and reading that object in the inner loop
// was two thirds of the training time. These are NLP.js's own sums and updates, in the same order, over the feature
// values copied into an array: the trained weights are the same to the bit.
function denseTraining(NeuralNetwork) {
  const prepareCorpus = NeuralNetwork.prototype.prepareCorpus;
  NeuralNetwork.prototype.prepareCorpus = function (corpus) {
    const data = prepareCorpus.call(this, corpus);
    for (const { input } of data) input.values = Float64Array.from(input.keys, (key) => input.data[key]);
    return data;
  };
  NeuralNetwork.prototype.trainPerceptron = function (perceptron, data) {
    const { alpha, momentum } = this.settings;
    const { changes, weights, id } = perceptron;
    let error = 0;
    for (let i = 0; i < data.length; i += 1) {
      const { keys, values } = data[i].input;
      let sum = perceptron.bias;
      for (let j = 0; j < keys.length; j += 1) sum += values[j] * weights[keys[j]];
      const actualOutput = sum <= 0 ? 0 : alpha * sum;
      const currentError = (data[i].output.data[id] || 0) - actualOutput;
      if (currentError) {
        error += currentError ** 2;
        const delta = (actualOutput > 0 ? 1 : alpha) * currentError * this.decayLearningRate;
        for (let j = 0; j < keys.length; j += 1) {
          const key = keys[j];
          const change = delta * values[j] + momentum * changes[key];
          changes[key] = change;
          weights[key] += change;
        }
        perceptron.bias += delta;
      }
    }
    return error;
  };
}
`;

/**
 * Trains NLP.js on worker threads, one per language, while `meanwhile` (the n-gram classifier's training) runs on this
 * thread, and resolves with the exported model and what `meanwhile` returned. NLP.js trains each language's network on
 * that language's documents alone, so the models merge into exactly the one a single NLP.js would train. For the
 * example bot Dutch takes 5 s and English 1.5 s, so the n-gram classifier (8 s) is the longest part.
 */
export async function trainNlpBeside<T>(languages: string[], documents: NlpDocument[], meanwhile: () => T): Promise<{ model: string; result: T }> {
  const unknown = documents.find((d) => !languages.includes(d.locale));
  if (unknown) throw new Error(`training NLP.js failed: no language set up for locale ${unknown.locale}`);
  const training = languages.map((l) => trainLanguage(l, documents.filter((d) => d.locale === l)));
  // A worker's rejection is awaited below; until then it must not count as unhandled.
  for (const t of training) t.catch(() => undefined);
  const result = meanwhile();
  const models = await Promise.all(training);
  return { model: JSON.stringify(mergeLanguages(languages, models.map((m) => JSON.parse(m) as LanguageModel))), result };
}

/** The parts of an NLP.js export that differ per language. */
interface LanguageModel {
  settings: { languages: string[] };
  nluManager: { locales: string[]; languageNames: object; domainManagers: object; intentDomains: object; extraSentences: unknown[] };
}

/** One export with every language's networks, as NLP.js writes it when it trains them together. */
function mergeLanguages(languages: string[], models: LanguageModel[]): LanguageModel {
  const [merged, ...others] = models;
  merged.settings.languages = languages;
  merged.nluManager.locales = languages;
  for (const other of others) {
    Object.assign(merged.nluManager.languageNames, other.nluManager.languageNames);
    Object.assign(merged.nluManager.domainManagers, other.nluManager.domainManagers);
    Object.assign(merged.nluManager.intentDomains, other.nluManager.intentDomains);
    merged.nluManager.extraSentences.push(...other.nluManager.extraSentences);
  }
  return merged;
}

function trainLanguage(language: string, documents: NlpDocument[]): Promise<string> {
  const workerData = {
    languages: [language],
    settings: SETTINGS,
    documents: documents.map((d) => ({ ...d, utterance: expandShorthand(d.utterance) })),
    basic: require.resolve('@nlpjs/basic'),
    langNl: require.resolve('@nlpjs/lang-nl'),
    // The copy of @nlpjs/neural that @nlpjs/basic loads, whichever folder npm put it in.
    neural: require.resolve('@nlpjs/neural', { paths: [dirname(require.resolve('@nlpjs/basic'))] }),
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
