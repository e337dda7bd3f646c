/**
 * Handover thresholds chosen on data, not by hand: out-of-fold probabilities of the training examples (k-fold
 * cross-validation, the live blend of NLP.js and the n-gram classifier) plus the development sets as the live bot
 * understands them. Every threshold at the least cost of the policy's mistakes, each mistake weighed by what it costs
 * a resident or a colleague (COST). The frozen test set is never used here.
 */
import { POLICY_REASONS, type BotContent, type PolicyReason } from '../content/types';
import type { Understanding } from '../engine/types';
import { HandoverPolicy, type Thresholds } from '../handover';
import { keywordRules, lexiconRules, matchKeywords, shouting } from '../nlu';
import type { OutOfFold } from '../nlu/crossValidate';
import { normalize } from '../text';
import { sentiment } from '../nlu/sentiment';

/** A message with the reason it needs (null: none); `weight` 1 unless said otherwise. */
export interface Sample { u: Understanding; reason: PolicyReason | null; weight?: number }

/**
 * What a wrong decision costs, counted in false handovers (a colleague's time for nothing). A missed crisis is the
 * worst; a crisis answer to someone in no danger frightens them and makes the municipality switch the bot off.
 */
const COST = { missedCrisis: 5, falseCrisis: 3, missedHandover: 1, falseHandover: 1 };
/**
 * How much a training example counts against a development message: residents wrote the development sets' messages
 * as they write, editors wrote the training examples to teach, so those are clearer than what residents send.
 */
const FOLD_WEIGHT = 0.1;
/** Crisis words need the classifier to agree that danger is possible: at least this probability, whatever the tuning. */
const CRISIS_AGREES = 0.02;
const PROBABILITIES = [0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9];
/** The values tried per threshold; a rule a reason does not have by default stays off. */
const GRID: Partial<Record<keyof Thresholds, number[]>> = {
  min_score: PROBABILITIES,
  with_keyword: [0, CRISIS_AGREES, 0.05, 0.1, 0.15, 0.2, 0.3],
  when_first: [0.4, 0.45, 0.5, 0.55, 0.6, 0.65],
  with_lexicon: [0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55],
  with_despair: [0.3, 0.4, 0.5, 0.6, 0.7],
  with_two_phrases: [CRISIS_AGREES, 0.05, 0.1, 0.15, 0.2, 0.3],
  panic_word: [0.1, 0.15, 0.2, 0.25, 0.3, 0.4],
  panic_phrase: [CRISIS_AGREES, 0.05, 0.1, 0.15, 0.2],
  panic_max_words: [0, 3, 4, 5, 6, 7],
  with_angry_faces: [CRISIS_AGREES, 0.05, 0.1, 0.2],
  with_grief_keyword: [0.05, 0.1, 0.15, 0.2, 0.3],
};
const SURE = [0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85];
const COMBINED = [0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9];
/** Rounds over every threshold; a second one rarely moves anything. */
const SWEEPS = 2;

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
    return { u, reason: content.intents.get(f.label)?.handover ?? null, weight: FOLD_WEIGHT };
  });
}

export interface Tally { cost: number; missedCrisis: number; falseCrisis: number; missedHandover: number; falseHandover: number }

/** What the policy gets wrong on the samples, weighted, and what that costs. */
export function tally(policy: HandoverPolicy, samples: Sample[]): Tally {
  const t = { cost: 0, missedCrisis: 0, falseCrisis: 0, missedHandover: 0, falseHandover: 0 };
  const add = (kind: keyof typeof COST, weight: number) => {
    t[kind] += weight;
    t.cost += weight * COST[kind];
  };
  for (const s of samples) {
    const d = policy.decide(s.u, 'open');
    const w = s.weight ?? 1;
    if (s.reason === 'crisis') {
      if (!d.reasons.includes('crisis')) add('missedCrisis', w);
      continue;
    }
    if (d.reasons.includes('crisis')) add('falseCrisis', w);
    if (s.reason === null && d.handover) add('falseHandover', w);
    if (s.reason !== null && !d.handover) add('missedHandover', w);
  }
  return t;
}

export interface Tuned { thresholds: Record<PolicyReason, Thresholds>; sure: number; combined: number; tally: Tally; before: Tally }

/**
 * Every threshold of the policy at the least cost on the samples: from bot.yaml's values, one threshold at a time
 * over its grid (coordinate descent), the rest fixed; of equal cost the value in place stays.
 */
export function tune(content: BotContent, samples: Sample[]): Tuned {
  const current = new HandoverPolicy(content);
  const thresholds = Object.fromEntries(POLICY_REASONS.map((r) => [r, { ...current.thresholds(r) }])) as Record<PolicyReason, Thresholds>;
  const settings = { sure: current.sure, combined: current.combined };
  const costOf = () => tally(new HandoverPolicy(content, { thresholds, ...settings }), samples).cost;
  const before = tally(current, samples);
  // The cost of the values in place, kept across choices so they are not measured again.
  let cost = before.cost;
  const choose = (values: number[], get: () => number, set: (v: number) => void) => {
    let best = { value: get(), cost };
    for (const value of values.filter((v) => v !== best.value)) {
      set(value);
      const tried = costOf();
      if (tried < best.cost) best = { value, cost: tried };
    }
    set(best.value);
    cost = best.cost;
  };
  for (let sweep = 0; sweep < SWEEPS; sweep++) {
    for (const reason of POLICY_REASONS) {
      const t = thresholds[reason];
      for (const key of Object.keys(GRID) as (keyof Thresholds)[]) {
        if (t[key] === undefined) continue;
        const values = GRID[key]!.filter((v) => !(reason === 'crisis' && key === 'with_keyword' && v < CRISIS_AGREES));
        choose(values, () => t[key]!, (v) => (t[key] = v));
      }
    }
    choose(SURE, () => settings.sure, (v) => (settings.sure = v));
    choose(COMBINED, () => settings.combined, (v) => (settings.combined = v));
  }
  return { thresholds, ...settings, tally: tally(new HandoverPolicy(content, { thresholds, ...settings }), samples), before };
}
