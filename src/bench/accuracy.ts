import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Understanding } from '../engine';
import { HandoverPolicy, type Signal } from '../handover';
import type { Loket } from '../runtime';

export interface Example { text: string; category: string; flow: string | null; handover: boolean; reason: string | null; style?: string; tags?: string[] }

export interface Prediction {
  example: Example;
  flow: string | null;
  handover: boolean;
  reasons: string[];
  /** The first reply gives 112/113 (the crisis message). */
  crisisReply: boolean;
  understanding?: Understanding;
  ms: number;
}

export function readDevset(path: string): Example[] {
  return readFileSync(path, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as Example);
}

/** Each example as the first message of a new conversation with the live bot. */
export async function predict(bot: Loket, examples: Example[]): Promise<Prediction[]> {
  const out: Prediction[] = [];
  const run = randomUUID();
  for (const [i, example] of examples.entries()) {
    const t0 = process.hrtime.bigint();
    const r = await bot.handle(`bench-${run}-${i}`, { type: 'text', text: example.text });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    const crisisReply = r.outputs[0]?.type === 'text' && /\b112\b/.test(r.outputs[0].text) && /\b113\b/.test(r.outputs[0].text);
    out.push({ example, flow: r.startedFlow ?? null, handover: Boolean(r.handover), reasons: r.handover?.reasons ?? [], crisisReply, understanding: r.understanding, ms });
  }
  return out;
}

export interface Scores {
  n: number;
  flowAccuracy: number;
  productFlowAccuracy: number;
  handoverRecall: number;
  falseHandoverRate: number;
  reasonAccuracy: number;
  outOfScopeAccuracy: number;
  /** Product requests in indirect or slang wording ("mijn roze pasje verloopt") that start the right flow. */
  indirectProductAccuracy: number;
  /** Real crises whose first reply gives 112/113. */
  crisisRecall: number;
  /** Messages that are no crisis but get the crisis answer. */
  falseCrisisRate: number;
  /** Out-of-scope, FAQ and small-talk messages that start no flow and no handover. */
  noActionAccuracy: number;
  /** Near-misses ("mijn rijbewijs is ingevorderd") that start no flow. */
  nearMissAccuracy: number;
}

const ratio = (a: number, b: number) => (b === 0 ? 1 : a / b);

export function score(preds: Prediction[]): Scores {
  const wantHandover = preds.filter((p) => p.example.handover);
  const noHandover = preds.filter((p) => !p.example.handover);
  const products = preds.filter((p) => p.example.flow);
  const oos = preds.filter((p) => p.example.category === 'oos');
  const crisis = preds.filter((p) => p.example.reason === 'crisis');
  const noAction = preds.filter((p) => ['oos', 'faq', 'smalltalk'].includes(p.example.category));
  const nearMiss = preds.filter((p) => p.example.category === 'nearmiss');
  const calm = (p: Prediction) => !p.flow && !p.handover;
  return {
    n: preds.length,
    flowAccuracy: ratio(preds.filter((p) => p.flow === (p.example.handover ? null : p.example.flow)).length, preds.length),
    productFlowAccuracy: ratio(products.filter((p) => p.flow === p.example.flow).length, products.length),
    handoverRecall: ratio(wantHandover.filter((p) => p.handover).length, wantHandover.length),
    falseHandoverRate: ratio(noHandover.filter((p) => p.handover).length, noHandover.length),
    reasonAccuracy: ratio(wantHandover.filter((p) => p.example.reason && p.reasons.includes(p.example.reason as never)).length, wantHandover.length),
    outOfScopeAccuracy: ratio(oos.filter(calm).length, oos.length),
    indirectProductAccuracy: ratio(products.filter((p) => p.example.style === 'indirect' && p.flow === p.example.flow).length, products.filter((p) => p.example.style === 'indirect').length),
    crisisRecall: ratio(crisis.filter((p) => p.crisisReply).length, crisis.length),
    falseCrisisRate: ratio(preds.filter((p) => p.example.reason !== 'crisis' && p.crisisReply).length, preds.length - crisis.length),
    noActionAccuracy: ratio(noAction.filter(calm).length, noAction.length),
    nearMissAccuracy: ratio(nearMiss.filter((p) => !p.flow).length, nearMiss.length),
  };
}

/** Handover recall and false handovers with one policy signal left out: what that signal adds. */
export function ablation(bot: Loket, preds: Prediction[]): { without: Signal | 'none'; recall: number; falseRate: number }[] {
  return (['none', 'keyword', 'classifier', 'screen', 'sentiment'] as const).map((without) => {
    const policy = new HandoverPolicy(bot.content, { disable: without === 'none' ? [] : [without] });
    const decided = preds.filter((p) => p.understanding).map((p) => ({ p, d: policy.decide(p.understanding!, 'open') }));
    const want = decided.filter((x) => x.p.example.handover);
    const not = decided.filter((x) => !x.p.example.handover);
    return { without, recall: ratio(want.filter((x) => x.d.handover).length, want.length), falseRate: ratio(not.filter((x) => x.d.handover).length, not.length) };
  });
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}
