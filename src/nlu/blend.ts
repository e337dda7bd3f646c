import type { Scored } from './linear';

/** Share of the character n-gram classifier in the blended probabilities; the rest is NLP.js's (chosen on the dev sets). */
export const LINEAR_SHARE = 0.8;

/** NLP.js's probabilities blended with the n-gram classifier's, most likely first: each catches what the other misses. */
export function blend(nlpjs: Scored[], linear: Scored[]): Scored[] {
  const scores = new Map<string, number>();
  for (const c of nlpjs) if (c.intent !== 'None' && c.score > 0) scores.set(c.intent, (1 - LINEAR_SHARE) * c.score);
  for (const c of linear) scores.set(c.intent, (scores.get(c.intent) ?? 0) + LINEAR_SHARE * c.score);
  return [...scores].map(([intent, score]) => ({ intent, score })).filter((r) => r.score >= 0.001).sort((a, b) => b.score - a.score);
}
