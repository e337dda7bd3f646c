/**
 * Loket reads natural's Dutch and English sentiment lexicons itself (natural's SentimentAnalyzer loads those of every
 * language it has). The scores must stay exactly natural's: the handover policy's thresholds were chosen on them.
 */
import { sentiment } from '../../src/nlu/sentiment';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const SentimentAnalyzer = require('natural/lib/natural/sentiment/SentimentAnalyzer');
const natural = { nl: new SentimentAnalyzer('Dutch', null, 'pattern'), en: new SentimentAnalyzer('English', null, 'afinn') };

function reference(tokens: string[], lang: 'nl' | 'en'): number {
  if (tokens.length === 0) return 0;
  const score = natural[lang].getSentiment(tokens) as number;
  return Math.max(-1, Math.min(1, lang === 'en' ? score / 5 : score));
}

const MESSAGES: [string, 'nl' | 'en'][] = [
  ['wat een geweldige en vriendelijke hulp, dank je wel', 'nl'],
  ['dit is echt belachelijk slecht en onbeschoft', 'nl'],
  ['het is niet slecht maar ook niet goed', 'nl'],
  ['nee ik ben helemaal niet blij met jullie', 'nl'],
  ['Mooi Prachtig Verschrikkelijk', 'nl'],
  ['de lantaarnpaal in de Kerkstraat is kapot', 'nl'],
  ['this is a great and helpful service', 'en'],
  ['not good, never happy with this terrible mess', 'en'],
];

test.each(MESSAGES)('scores "%s" (%s) as natural does', (text, lang) => {
  const tokens = text.split(/\s+/);
  expect(sentiment(tokens, lang)).toBe(reference(tokens, lang));
});

test('tells praise from anger, and a negation turns what follows around', () => {
  expect(sentiment(['geweldig', 'vriendelijk'], 'nl')).toBeGreaterThan(0);
  expect(sentiment(['slecht', 'onbeschoft'], 'nl')).toBeLessThan(0);
  expect(sentiment(['niet', 'goed'], 'nl')).toBeLessThan(0);
  expect(sentiment([], 'nl')).toBe(0);
});
