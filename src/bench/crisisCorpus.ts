/**
 * The crisis corpus, made from the labelled sets in test/data, and the crisis screen measured on it.
 *
 *   npm run corpus     writes intents/crisiscorpus.jsonl from every set the benchmark does not keep frozen
 *
 * Frozen sets stay out: the screen must never have seen what it is measured on. Every crisis, every handover and
 * every message of a crisis set (crises with their alarming neighbours) goes in; of the other messages, ordinary
 * requests and questions, one in four, since they are easy to tell from danger and only lengthen training.
 */
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CorpusMessage } from '../content/corpus';
import { screened, trainCrisisScreen } from '../nlu/crisisScreen';
import { featuresOf } from '../nlu/linear';
import { PACKAGE_ROOT } from '../paths';
import { readDevset } from './accuracy';
import { benchSets } from './sets';

const ORDINARY_KEPT_ONE_IN = 4;
/** A set with this many crises is a crisis set: its other messages were written to sound alarming. */
const CRISIS_SET = 50;

export function buildCorpus(data: string): CorpusMessage[] {
  const frozen = new Set(benchSets(data, '').filter((s) => s.frozen).map((s) => s.file));
  const seen = new Map<string, boolean>();
  const out: CorpusMessage[] = [];
  let ordinary = 0;
  for (const name of readdirSync(data).filter((f) => f.endsWith('.jsonl')).sort()) {
    const file = join(data, name);
    if (frozen.has(file)) continue;
    const examples = readDevset(file).filter((e) => typeof e.text === 'string' && e.text.trim());
    const crisisSet = examples.filter((e) => e.reason === 'crisis').length >= CRISIS_SET;
    for (const e of examples) {
      const crisis = e.reason === 'crisis';
      // The same words labelled both ways teach nothing: the first label stands.
      if (seen.has(e.text)) continue;
      if (!crisis && !e.handover && !crisisSet && ordinary++ % ORDINARY_KEPT_ONE_IN !== 0) continue;
      seen.set(e.text, crisis);
      out.push({ text: e.text, crisis, handover: crisis || Boolean(e.handover), set: name.replace(/\.jsonl$/, '') });
    }
  }
  return out;
}

export interface ScreenFigures {
  folds: number;
  crises: number;
  others: number;
  found: number;
  falseAlarms: number;
  /** Messages that need a colleague for another reason, and those of them the screen would clear. */
  colleagues: number;
  clearedWrongly: number;
  /** Messages that need nobody, and those of them the screen would clear. */
  ordinary: number;
  cleared: number;
}

/**
 * Leave-sets-out cross-validation: each fold's sets are scored by a screen trained on all other sets, as a new
 * author's messages would be. Crisis at `threshold` (with_screen); "nobody needed" at `clears` (screen_clears).
 */
export function screenCrossValidation(corpus: CorpusMessage[], threshold: number, clears: number, folds = 5): ScreenFigures {
  const foldOf = (set = '') => [...set].reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 0) % folds;
  const f: ScreenFigures = { folds, crises: 0, others: 0, found: 0, falseAlarms: 0, colleagues: 0, clearedWrongly: 0, ordinary: 0, cleared: 0 };
  for (let k = 0; k < folds; k++) {
    const screen = trainCrisisScreen(corpus.filter((m) => foldOf(m.set) !== k));
    for (const m of corpus.filter((x) => foldOf(x.set) === k)) {
      const { score, none } = screened(screen, m.text, featuresOf(m.text), () => true);
      if (m.crisis) f.crises++;
      else f.others++;
      if (score >= threshold) m.crisis ? f.found++ : f.falseAlarms++;
      if (m.crisis) continue;
      if (m.handover) f.colleagues++;
      else f.ordinary++;
      if (none >= clears) m.handover ? f.clearedWrongly++ : f.cleared++;
    }
  }
  return f;
}

if (require.main === module) {
  const corpus = buildCorpus(join(PACKAGE_ROOT, 'test', 'data'));
  const file = join(PACKAGE_ROOT, 'intents', 'crisiscorpus.jsonl');
  writeFileSync(file, `${corpus.map((m) => JSON.stringify(m)).join('\n')}\n`);
  console.log(`${file}: ${corpus.length} messages, ${corpus.filter((m) => m.crisis).length} crises`);
}
