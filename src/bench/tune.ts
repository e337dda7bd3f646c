/**
 * Handover thresholds chosen on data, not by hand: out-of-fold probabilities of the training examples (k-fold
 * cross-validation, the live blend of NLP.js and the n-gram classifier) plus the development sets as the live bot
 * understands them. Per reason, the pair (min_score, with_keyword) that finds most of that reason's messages while
 * handing over at most `budget` of the messages that need no person. The frozen test set is never used here.
 */
import { POLICY_REASONS, type BotContent, type PolicyReason } from '../content/types';
import type { Understanding } from '../engine/types';
import { HandoverPolicy, type Thresholds } from '../handover';
import { keywordRules, lexiconRules, matchKeywords, shouting } from '../nlu';
import type { OutOfFold } from '../nlu/crossValidate';
import { normalize } from '../text';
import { sentiment } from '../nlu/sentiment';

export interface Sample { u: Understanding; reason: PolicyReason | null }

/** False handovers allowed per reason, as a share of the messages that need no person (sum ≤ the 2% target). */
// Crisis: the 0.5% of crisis answers to other messages that the target allows; a missed crisis weighs more than a needless 112.
export const BUDGET: Record<PolicyReason, number> = { crisis: 0.005, emotional: 0.004, political: 0.004, complex: 0.004, person: 0.004 };
/** Crisis words need the classifier to agree that danger is possible: at least this probability, whatever the tuning. */
export const CRISIS_AGREES = 0.02;
const MIN_SCORES = [0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95];
const WITH_KEYWORD = [0, 0.02, 0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5];
/** Crisis as the classifier's first choice; undefined leaves that rule out. */
const WHEN_FIRST = [undefined, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65];
/**
 * The rules crisis and emotion have of their own, tuned one at a time once the main pair is chosen, each on what the
 * others leave of the budget. Ascending, with undefined (the rule off) last: of equal recall the stricter wins.
 */
const OWN_RULES: Partial<Record<PolicyReason, { key: keyof Thresholds; values: (number | undefined)[] }[]>> = {
  crisis: [
    { key: 'with_lexicon', values: [0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, undefined] },
    { key: 'with_despair', values: [0.3, 0.4, 0.5, 0.6, 0.7, undefined] },
    { key: 'with_two_phrases', values: [CRISIS_AGREES, 0.05, 0.1, 0.15, 0.2, 0.3, undefined] },
    { key: 'panic_word', values: [0.1, 0.15, 0.2, 0.25, 0.3, 0.4, undefined] },
    { key: 'panic_phrase', values: [CRISIS_AGREES, 0.05, 0.1, 0.15, 0.2, undefined] },
  ],
  emotional: [{ key: 'with_angry_faces', values: [CRISIS_AGREES, 0.05, 0.1, 0.2, undefined] }],
};
/** Where a lean stands on its own (sure_score). */
const SURE = [0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9];

/** Training examples as the policy would see them, had the classifier never seen them. */
export function samplesFromFolds(content: BotContent, folds: OutOfFold[]): Sample[] {
  const rules = keywordRules(content);
  const lexicon = lexiconRules(content);
  return folds.map((f) => {
    const norm = normalize(f.text);
    const hits = matchKeywords(rules, norm);
    const top = f.ranking[0];
    const u: Understanding = {
      text: f.text,
      lang: 'nl',
      intent: top?.intent ?? null,
      score: top?.score ?? 0,
      ranking: f.ranking,
      entities: [],
      keywords: [...new Set(hits.map((h) => h.intent))],
      keywordHits: hits,
      lexiconHits: matchKeywords(lexicon, norm),
      cues: {},
      outOfScope: false,
      sentiment: sentiment(norm.split(' '), 'nl'),
      shouting: shouting(f.text),
    };
    return { u, reason: content.intents.get(f.label)?.handover ?? null };
  });
}

export interface Tuned { reason: PolicyReason; thresholds: Thresholds; recall: number; falseRate: number; positives: number }

export function tune(content: BotContent, samples: Sample[]): Tuned[] {
  return POLICY_REASONS.map((reason) => {
    const positives = samples.filter((s) => s.reason === reason);
    // A crisis answer frightens anyone who is not in danger; other reasons only cost a colleague's time when no person was needed.
    const negatives = samples.filter((s) => (reason === 'crisis' ? s.reason !== 'crisis' : s.reason === null));
    const measure = (thresholds: Partial<Thresholds>): Tuned | undefined => {
      const policy = new HandoverPolicy(content, { thresholds: { [reason]: thresholds } });
      const fires = (s: Sample) => policy.evidenceFor(reason, s.u, false) !== undefined;
      const falseRate = negatives.filter(fires).length / Math.max(1, negatives.length);
      if (falseRate > BUDGET[reason]) return undefined;
      const recall = positives.filter(fires).length / Math.max(1, positives.length);
      return { reason, thresholds: policy.thresholds(reason), recall, falseRate, positives: positives.length };
    };
    let best: Tuned | undefined;
    const consider = (tried: Tuned | undefined) => {
      if (tried && (!best || tried.recall >= best.recall)) best = tried;
    };
    for (const min_score of MIN_SCORES) {
      for (const with_keyword of WITH_KEYWORD.filter((w) => w <= min_score && (reason !== 'crisis' || w >= CRISIS_AGREES))) {
        for (const when_first of reason === 'crisis' ? WHEN_FIRST.filter((w) => w === undefined || w < min_score) : [undefined]) consider(measure({ min_score, with_keyword, when_first }));
      }
    }
    for (const { key, values } of OWN_RULES[reason] ?? []) {
      const base: Thresholds | undefined = best?.thresholds;
      if (base) for (const value of values) consider(measure({ ...base, [key]: value }));
    }
    return best ?? { reason, thresholds: { min_score: 0.95, with_keyword: 0.5 }, recall: 0, falseRate: 0, positives: positives.length };
  });
}

export interface TunedSure { sure: number; accuracy: number }

/**
 * With the reasons' thresholds fixed: the sure_score that gives the most right decisions (the right reason, or no
 * handover where none is needed). It moves every reason at once, so no single reason's budget fits it.
 */
export function tuneSure(content: BotContent, samples: Sample[], tuned: Tuned[]): TunedSure {
  const thresholds = Object.fromEntries(tuned.map((t) => [t.reason, t.thresholds]));
  let best: TunedSure | undefined;
  for (const sure of SURE) {
    const policy = new HandoverPolicy(content, { thresholds, sure });
    const right = samples.filter((s) => {
      const d = policy.decide(s.u, false);
      return s.reason === null ? !d.handover : d.reasons.includes(s.reason);
    }).length;
    const accuracy = right / Math.max(1, samples.length);
    if (!best || accuracy >= best.accuracy) best = { sure, accuracy };
  }
  return best ?? { sure: SURE[0], accuracy: 0 };
}

export interface TunedCombined { combined: number; recall: number; falseRate: number }
/** False handovers the combined rule may add, on top of the reasons' own. */
export const COMBINED_BUDGET = 0.003;
const COMBINED = [0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 1.01];

/** With the reasons' thresholds fixed: the lowest combined threshold that stays within its own budget. */
export function tuneCombined(content: BotContent, samples: Sample[], tuned: Tuned[], sure: number): TunedCombined {
  const thresholds = Object.fromEntries(tuned.map((t) => [t.reason, t.thresholds]));
  const positives = samples.filter((s) => s.reason !== null);
  const negatives = samples.filter((s) => s.reason === null);
  const base = new HandoverPolicy(content, { thresholds, sure, combined: 2 });
  const before = negatives.filter((s) => base.decide(s.u, false).handover).length;
  let best: TunedCombined = { combined: 1.01, recall: positives.filter((s) => base.decide(s.u, false).handover).length / Math.max(1, positives.length), falseRate: before / Math.max(1, negatives.length) };
  for (const combined of COMBINED) {
    const policy = new HandoverPolicy(content, { thresholds, sure, combined });
    const falses = negatives.filter((s) => policy.decide(s.u, false).handover).length;
    if ((falses - before) / Math.max(1, negatives.length) > COMBINED_BUDGET) continue;
    const recall = positives.filter((s) => policy.decide(s.u, false).handover).length / Math.max(1, positives.length);
    if (recall > best.recall || (recall === best.recall && combined > best.combined)) best = { combined, recall, falseRate: falses / Math.max(1, negatives.length) };
  }
  return best;
}
