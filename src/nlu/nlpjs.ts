/**
 * NLP.js loaded quietly. @nlpjs/logger builds a pino logger with the deprecated `prettyPrint` option unless
 * NODE_ENV is production, which prints a warning on every start; natural loads dotenv, which prints tips to stdout
 * (and would corrupt `loket classify` output). Both are silenced here, once.
 */
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

/**
 * A trained model from the cache. NLP.js feeds every training sentence to its language guesser again on import, a
 * third of the load time; Loket always says which language a message is in, so the guesser is never asked and its
 * sentences are left out.
 */
export function importModel(model: NlpModel, json: string): void {
  const data = JSON.parse(json) as { nluManager?: { extraSentences?: unknown[] } };
  if (data.nluManager) data.nluManager.extraSentences = [];
  model.import(data);
}

/** NLP.js, seeing every sentence with its chat shorthand written out (./shorthand.ts), in training and in use. */
export async function createNlp(languages: string[]): Promise<NlpModel> {
  const container = await basic.containerBootstrap();
  container.use(langNl.LangNl);
  container.use(basic.LangEn);
  const nlp = new basic.Nlp({
    container,
    languages,
    autoSave: false,
    autoLoad: false,
    calculateSentiment: false,
    forceNER: false,
    nlu: { log: false },
  }) as NlpModel;
  return {
    addDocument: (locale, utterance, intent) => nlp.addDocument(locale, expandShorthand(utterance), intent),
    train: () => nlp.train(),
    process: (locale, text) => nlp.process(locale, expandShorthand(text)),
    export: (minified) => nlp.export(minified),
    import: (data) => nlp.import(data),
  };
}
