/**
 * k-fold cross-validation over a bot's training examples: every example is classified by models trained without it.
 * What it gives: per-intent precision and recall, the pairs of intents the classifier confuses (for `loket
 * validate`), and out-of-fold probabilities to choose the handover thresholds on (`npm run bench -- --tune`).
 */
import type { BotContent } from '../content/types';
import { blend } from './blend';
import { LinearClassifier, type Scored } from './linear';
import { compactModel, createNlp, importModel, trainNlpBeside, type NlpModel } from './nlpjs';
import { trainingExamples, type TrainingExample } from './examples';

export interface OutOfFold { text: string; label: string; ranking: Scored[] }

export interface CrossValidateOptions {
  folds?: number;
  /** Also train NLP.js per fold and blend, as the live bot does (slower); else the n-gram classifier alone. */
  nlpjs?: boolean;
}

export async function crossValidate(content: BotContent, opts: CrossValidateOptions = {}): Promise<OutOfFold[]> {
  const k = opts.folds ?? 5;
  const examples = trainingExamples(content);
  const fold = stratifiedFolds(examples.map((e) => e.label), k);
  const out: OutOfFold[] = new Array(examples.length);
  for (let f = 0; f < k; f++) {
    const train = examples.filter((_, i) => fold[i] !== f);
    const { linear, nlp } = opts.nlpjs ? await trainBoth(content.bot.languages, train) : { linear: LinearClassifier.train(train), nlp: undefined };
    for (const [i, e] of examples.entries()) {
      if (fold[i] !== f) continue;
      const lin = linear.classify(e.text);
      const ranking = nlp ? blend((await nlp.process(e.lang, e.text)).classifications, lin) : lin;
      out[i] = { text: e.text, label: e.label, ranking };
    }
  }
  return out;
}

/** Both classifiers trained and loaded as `Nlu.create` does it. */
async function trainBoth(languages: string[], train: TrainingExample[]): Promise<{ linear: LinearClassifier; nlp: NlpModel }> {
  const documents = train.filter((e) => !e.background).map((e) => ({ locale: e.lang, utterance: e.text, intent: e.label }));
  const trained = await trainNlpBeside(languages, documents, () => LinearClassifier.train(train));
  const nlp = await createNlp(languages);
  importModel(nlp, compactModel(trained.model));
  return { linear: trained.result, nlp };
}

/** Each class spread evenly over the folds, in a fixed order so two runs agree. */
function stratifiedFolds(labels: string[], k: number): number[] {
  const seen = new Map<string, number>();
  return labels.map((l) => {
    const n = seen.get(l) ?? 0;
    seen.set(l, n + 1);
    return n % k;
  });
}

export interface IntentReport { intent: string; support: number; precision: number; recall: number; confusedWith: { intent: string; count: number }[] }

/** Rasa's intent report: precision and recall per intent, and where its misses went. */
export function intentReport(results: OutOfFold[]): IntentReport[] {
  const intents = [...new Set(results.map((r) => r.label))].sort();
  return intents.map((intent) => {
    const mine = results.filter((r) => r.label === intent);
    const predicted = results.filter((r) => r.ranking[0]?.intent === intent);
    const hits = mine.filter((r) => r.ranking[0]?.intent === intent).length;
    const missed = new Map<string, number>();
    for (const r of mine) if (r.ranking[0] && r.ranking[0].intent !== intent) missed.set(r.ranking[0].intent, (missed.get(r.ranking[0].intent) ?? 0) + 1);
    return {
      intent,
      support: mine.length,
      precision: predicted.length ? hits / predicted.length : 1,
      recall: mine.length ? hits / mine.length : 1,
      confusedWith: [...missed].map(([i, count]) => ({ intent: i, count })).sort((a, b) => b.count - a.count),
    };
  });
}

export interface ConfusedPair {
  a: string;
  b: string;
  /** Examples of a taken for b, and of b taken for a. */
  aAsB: number;
  bAsA: number;
  count: number;
  share: number;
  examples: string[];
}

/**
 * Pairs of intents whose examples are taken for each other in at least `minShare` of the smaller intent's examples
 * (and at least `minCount` times): the editor's sign that two intents overlap.
 */
export function confusedPairs(results: OutOfFold[], minShare = 0.1, minCount = 4): ConfusedPair[] {
  const support = new Map<string, number>();
  for (const r of results) support.set(r.label, (support.get(r.label) ?? 0) + 1);
  const pairs = new Map<string, ConfusedPair>();
  for (const r of results) {
    const got = r.ranking[0]?.intent;
    if (!got || got === r.label) continue;
    const [a, b] = [r.label, got].sort();
    const key = `${a}\u0000${b}`;
    const p = pairs.get(key) ?? { a, b, aAsB: 0, bAsA: 0, count: 0, share: 0, examples: [] };
    if (r.label === a) p.aAsB += 1;
    else p.bAsA += 1;
    p.count += 1;
    if (p.examples.length < 3) p.examples.push(r.text);
    pairs.set(key, p);
  }
  return [...pairs.values()]
    .map((p) => ({ ...p, share: p.count / Math.min(support.get(p.a) ?? 1, support.get(p.b) ?? 1) }))
    .filter((p) => p.count >= minCount && p.share >= minShare)
    .sort((x, y) => y.share - x.share);
}

/**
 * Expected calibration error of the first choice: how far "80% sure" is from being right 80% of the time, averaged
 * over ten bins of confidence. Thresholds on probabilities only mean something when this is small.
 */
export function calibrationError(results: OutOfFold[]): number {
  const bins = Array.from({ length: 10 }, () => ({ n: 0, confidence: 0, correct: 0 }));
  for (const r of results) {
    const top = r.ranking[0];
    if (!top) continue;
    const bin = bins[Math.min(9, Math.floor(top.score * 10))];
    bin.n += 1;
    bin.confidence += top.score;
    bin.correct += top.intent === r.label ? 1 : 0;
  }
  return bins.reduce((sum, b) => sum + (b.n ? Math.abs(b.correct - b.confidence) : 0), 0) / Math.max(1, results.length);
}
