import type { Lang } from '../slots/types';
import { remembered } from '../text';

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
  return remembered(stems[lang], MAX_STEMS, word, (w) => (lang === 'en' ? stemEn.stem(w) : stemNl.stem(w)));
}
