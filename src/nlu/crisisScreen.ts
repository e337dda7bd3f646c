/**
 * The crisis screen: a second opinion on danger, beside the intent classifier. The intent classifier learns crisis
 * from the crisis intent's few hundred examples against every other intent; new authors' crises in words those
 * examples lack were missed (5 to 10% of each new set's crises). The screen learns crisis against not-crisis from the
 * crisis corpus, thousands of messages by many authors, most of them alarming-sounding neighbours of a crisis. The
 * same n-gram classifier, two classes; its features are the ones the NLU already made for the message.
 */
import type { CorpusMessage } from '../content/corpus';
import { LinearClassifier } from './linear';

const CRISIS = 'crisis';
/**
 * Six passes over the corpus: on leave-sets-out cross-validation twelve (the intent classifier's) found as many
 * crises at the same false rate, in twice the training time (docs/nlu.md, "The crisis screen").
 */
const EPOCHS = 6;

export function trainCrisisScreen(corpus: CorpusMessage[]): LinearClassifier {
  return LinearClassifier.train(
    corpus.map((m) => ({ text: m.text, label: m.crisis ? CRISIS : 'other' })),
    { epochs: EPOCHS },
  );
}

/**
 * The screen's probability that a message is a crisis, from the features the NLU made of it, and the words that
 * pushed it most that way (for the evidence a colleague sees).
 */
export function screened(screen: LinearClassifier, text: string, features: Map<string, number>, skip: (word: string) => boolean): { score: number; words: string[] } {
  const score = screen.classify(text, features).find((s) => s.intent === CRISIS)?.score ?? 0;
  return { score: Math.round(score * 1000) / 1000, words: screen.strongestFeatures(features, CRISIS, 3, skip) };
}
