/**
 * The crisis screen: a second opinion on danger, beside the intent classifier. The intent classifier learns crisis
 * from the crisis intent's few hundred examples against every other intent; new authors' crises in words those
 * examples lack were missed (5 to 10% of each new set's crises). The screen learns crisis against not-crisis from the
 * crisis corpus, thousands of messages by many authors, most of them alarming-sounding neighbours of a crisis. The
 * same n-gram classifier; its features are the ones the NLU already made for the message.
 *
 * Three classes: crisis, another reason for a colleague, and none. The third gives a second opinion the other way: a
 * message the screen is sure needs nobody ("ga dood van de hitte in jullie wachtruimte", "Mijn eigen dakgoot lekt,
 * regelen jullie daar iemand voor?") is not handed over on the intent classifier's lean alone (the policy's
 * `screen_clears`). On leave-sets-out cross-validation, through the whole policy, three classes found as many crises
 * with as few false alarms as two did (docs/nlu.md, "The screen's second opinion").
 */
import type { CorpusMessage } from '../content/corpus';
import { LinearClassifier } from './linear';

const CRISIS = 'crisis';
const COLLEAGUE = 'colleague';
const NONE = 'none';
/**
 * Six passes over the corpus: on leave-sets-out cross-validation twelve (the intent classifier's) found as many
 * crises at the same false rate, in twice the training time (docs/nlu.md, "The crisis screen").
 */
const EPOCHS = 6;

export function trainCrisisScreen(corpus: CorpusMessage[]): LinearClassifier {
  return LinearClassifier.train(
    corpus.map((m) => ({ text: m.text, label: m.crisis ? CRISIS : m.handover ? COLLEAGUE : NONE })),
    { epochs: EPOCHS },
  );
}

/**
 * The screen's probability that a message is a crisis, from the features the NLU made of it, the words that pushed it
 * most that way (for the evidence a colleague sees), and its probability that no colleague is needed at all.
 */
export function screened(screen: LinearClassifier, text: string, features: Map<string, number>, skip: (word: string) => boolean): { score: number; none: number; words: string[] } {
  const scores = screen.classify(text, features);
  const of = (label: string) => Math.round((scores.find((s) => s.intent === label)?.score ?? 0) * 1000) / 1000;
  return { score: of(CRISIS), none: of(NONE), words: screen.strongestFeatures(features, CRISIS, 3, skip) };
}
