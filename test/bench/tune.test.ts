/** `npm run bench -- --tune`: thresholds at the least cost of the policy's mistakes, on scripted understandings. */
import { builtinActionNames } from '../../src/actions';
import { tally, tune, type Sample } from '../../src/bench/tune';
import { loadBot } from '../../src/content';
import type { Understanding } from '../../src/engine';
import { HandoverPolicy } from '../../src/handover';
import { PACKAGE_ROOT } from '../../src/paths';

const content = loadBot(PACKAGE_ROOT, 'voorbeeldgemeente', builtinActionNames());

/** A message the classifier leans to emotion with this probability, the rest to small talk; two words behind each. */
function leaning(emotional: number, reason: 'emotional' | null, weight?: number): Sample {
  const ranking = [{ intent: 'handover_emotional', score: emotional }, { intent: 'smalltalk_groet', score: 0.2 }];
  const u: Understanding = { text: 'bericht', lang: 'nl', intent: null, score: 0, ranking, entities: [], keywords: [], keywordHits: [], lexiconHits: [], cues: { handover_emotional: ['woord', 'zin'], smalltalk_groet: ['woord', 'zin'] }, outOfScope: false, sentiment: 0, shouting: false };
  return { u, reason, weight };
}
const times = (n: number, s: Sample) => Array.from({ length: n }, () => s);

describe('tuning the handover thresholds', () => {
  it('counts each kind of mistake, weighted, and what it costs', () => {
    const samples = [...times(2, leaning(0.32, 'emotional')), ...times(4, leaning(0.4, null, 0.25))];
    expect(tally(new HandoverPolicy(content), samples)).toEqual({ cost: 3, missedCrisis: 0, falseCrisis: 0, missedHandover: 2, falseHandover: 1 });
  });

  it('lowers a threshold where that finds more than it costs, and keeps bot.yaml\'s where it does not', () => {
    expect(content.bot.handover.reasons?.emotional?.min_score).toBe(0.35);
    const missed = times(10, leaning(0.32, 'emotional'));
    const lower = tune(content, [...missed, ...times(3, leaning(0.31, null))]);
    expect(lower.thresholds.emotional.min_score).toBe(0.3);
    expect(lower.before.missedHandover).toBe(10);
    expect(lower.tally).toMatchObject({ missedHandover: 0, falseHandover: 3 });
    const keep = tune(content, [...missed, ...times(12, leaning(0.31, null))]);
    expect(keep.thresholds.emotional.min_score).toBe(0.35);
    expect(keep.thresholds.crisis).toEqual(new HandoverPolicy(content).thresholds('crisis'));
  });
});
