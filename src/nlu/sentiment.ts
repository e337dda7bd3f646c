import type { Lang } from '../slots/types';

process.env.DOTENV_CONFIG_QUIET ??= 'true';
/* natural's index loads every module it has (and dotenv); the ones we use are required directly. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const stemNl: { stem(word: string): string } = require('natural/lib/natural/stemmers/porter_stemmer_nl');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const stemEn: { stem(word: string): string } = require('natural/lib/natural/stemmers/porter_stemmer');

const analyzers: Partial<Record<Lang, { getSentiment(tokens: string[]): number }>> = {};

/** Required on the first message: the analyzer loads the lexicons of every language natural has (~80 ms of start-up). */
function analyzer(lang: Lang): { getSentiment(tokens: string[]): number } {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const SentimentAnalyzer = require('natural/lib/natural/sentiment/SentimentAnalyzer');
  return lang === 'nl' ? new SentimentAnalyzer('Dutch', null, 'pattern') : new SentimentAnalyzer('English', null, 'afinn');
}

/** natural's lexicon-based sentiment: Dutch uses the "pattern" lexicon, English AFINN. Roughly -1 … 1. */
export function sentiment(tokens: string[], lang: Lang): number {
  analyzers[lang] ??= analyzer(lang);
  if (tokens.length === 0) return 0;
  const score = analyzers[lang]!.getSentiment(tokens);
  return Number.isFinite(score) ? Math.max(-1, Math.min(1, lang === 'en' ? score / 5 : score)) : 0;
}

/** Stemming is pure, and the same words come back all the time: every training example at start-up, then residents. */
const stems: Record<Lang, Map<string, string>> = { nl: new Map(), en: new Map() };
const MAX_STEMS = 50_000;

export function stem(word: string, lang: Lang): string {
  const known = stems[lang];
  let stemmed = known.get(word);
  if (stemmed === undefined) {
    if (known.size >= MAX_STEMS) known.clear();
    stemmed = lang === 'en' ? stemEn.stem(word) : stemNl.stem(word);
    known.set(word, stemmed);
  }
  return stemmed;
}
