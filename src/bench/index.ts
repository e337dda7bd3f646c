/**
 * `npm run bench`: accuracy on the frozen test set and the development sets, the generated conversation repairs,
 * k-fold cross-validation with a per-intent report, speed of the NLU, the slowest answers to long and odd messages at
 * every question of the flows (oddInput.ts), the server under load from a separate process (load.ts, also
 * `npm run bench:load`), and handover latency and queue throughput, printed as figures (never asserted).
 *   node dist/bench/index.js [--bot ID] [--devset FILE] [--errors] [--accuracy] [--tune] [--dev]
 * --accuracy stops after the accuracy figures (quick, while tuning intents); --dev leaves the frozen set out (while
 * tuning, so its figures are not watched); --errors lists the development sets' mistakes and the most confused
 * training examples; --tune prints handover thresholds chosen on cross-validation and the development sets.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pino from 'pino';
import { PACKAGE_ROOT } from '../paths';
import { Loket } from '../runtime';
import { benchHandover } from './handover';
import { benchOddInput } from './oddInput';
import { benchConversations, benchRepairs } from './repairs';
import { screenCrossValidation } from './crisisCorpus';
import { benchSets } from './sets';
import { readCorpus } from '../content/corpus';
import type { PolicyReason } from '../content/types';
import { HandoverPolicy } from '../handover';
import { calibrationError, confusedPairs, crossValidate, intentReport, type OutOfFold } from '../nlu/crossValidate';
import { ablation, percentile, predict, readDevset, score, type Prediction } from './accuracy';
import { samplesFromFolds, tune, type Sample, type Tally, type Tuned } from './tune';
import { tuneV8 } from '../cli/v8Flags';

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

async function main(): Promise<void> {
  // The NLU is timed as `loket serve` runs it.
  tuneV8();
  const { values } = parseArgs({
    options: { bot: { type: 'string', default: 'voorbeeldgemeente' }, devset: { type: 'string' }, errors: { type: 'boolean' }, accuracy: { type: 'boolean' }, tune: { type: 'boolean' }, dev: { type: 'boolean' } },
  });
  const botId = values.bot!;
  const devset = values.devset ?? join(PACKAGE_ROOT, 'test', 'data', 'devset.jsonl');
  const data = join(PACKAGE_ROOT, 'test', 'data');
  const dir = mkdtempSync(join(tmpdir(), 'loket-bench-'));
  const log = pino({ level: 'silent' });
  try {
    const t0 = Date.now();
    const trained = await Loket.create({ botId, root: PACKAGE_ROOT, dbFile: join(dir, 'a.sqlite'), cacheDir: join(dir, 'cache'), log });
    const trainMs = Date.now() - t0;
    trained.close();
    const t1 = Date.now();
    const bot = await Loket.create({ botId, root: PACKAGE_ROOT, dbFile: join(dir, 'b.sqlite'), cacheDir: join(dir, 'cache'), log });
    const coldMs = Date.now() - t1;

    const sets = benchSets(data, devset).filter((x) => existsSync(x.file) && !(values.dev && x.frozen));
    console.log(`Loket benchmark — bot ${botId}\n`);
    // The frozen set's mistakes are never printed: whoever reads them to fix them turns it into a development set.
    const devSamples: Sample[] = [];
    const understandingMs: number[] = [];
    for (const set of sets) {
      const examples = readDevset(set.file);
      const preds = await predict(bot, examples);
      report(set.name, preds, bot, (values.errors ?? false) && !set.frozen);
      understandingMs.push(...(await timeUnderstanding(bot, examples)));
      if (!set.frozen) devSamples.push(...preds.filter((p) => p.understanding).map((p) => ({ u: p.understanding!, reason: (p.example.reason as PolicyReason | null) ?? null })));
    }
    // One set's p99 is its second or third slowest message, often one that met a garbage collection.
    console.log(`NLU + policy per message over all ${understandingMs.length} messages of the sets above: p50 ${percentile(understandingMs, 50).toFixed(2)} ms   p99 ${percentile(understandingMs, 99).toFixed(2)} ms   max ${understandingMs.reduce((a, b) => Math.max(a, b), 0).toFixed(2)} ms\n`);
    await benchRepairs();
    if (!values.dev) await benchConversations();
    const folds = await crossValidation(bot, values.errors ?? false);
    crisisScreenFigures(bot);
    if (values.tune) {
      const samples = [...samplesFromFolds(bot.content, folds), ...devSamples];
      printTuned(tune(bot.content, samples));
    }
    console.log('Start-up');
    console.log(`  training (no cache)       ${trainMs} ms`);
    console.log(`  cold start (cached model) ${coldMs} ms`);
    console.log(`  memory (rss)              ${(process.memoryUsage().rss / 1048576).toFixed(0)} MiB`);
    if (!values.accuracy) await benchOddInput(bot);
    bot.close();
    if (values.accuracy) return;
    spawnSync(process.execPath, [join(__dirname, 'load.js')], { stdio: 'inherit' });
    await benchHandover();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function report(name: string, preds: Prediction[], bot: Loket, errors: boolean): void {
  const s = score(preds);
  const ms = preds.map((p) => p.ms);
  console.log(`${name}: ${s.n} first messages of new conversations`);
  console.log(`  flow accuracy (all messages)          ${pct(s.flowAccuracy)}`);
  console.log(`  flow accuracy (product messages)      ${pct(s.productFlowAccuracy)}`);
  console.log(`  handover recall                       ${pct(s.handoverRecall)}`);
  console.log(`  false handover rate                   ${pct(s.falseHandoverRate)}`);
  console.log(`  handover reason accuracy              ${pct(s.reasonAccuracy)}`);
  console.log(`  out-of-scope: no flow, no handover    ${pct(s.outOfScopeAccuracy)}`);
  console.log(`  oos/faq/small talk: no flow/handover  ${pct(s.noActionAccuracy)}`);
  console.log(`  near-misses: no flow                  ${pct(s.nearMissAccuracy)}`);
  console.log(`  indirect/slang product wording        ${pct(s.indirectProductAccuracy)}`);
  console.log(`  crisis: 112/113 in the first reply    ${pct(s.crisisRecall)}`);
  console.log(`  crisis answer to a non-crisis message ${pct(s.falseCrisisRate)}`);
  console.log('  per category');
  for (const [cat, list] of groupBy(preds)) {
    const ok = list.filter((p) => p.flow === (p.example.handover ? null : p.example.flow) && p.handover === p.example.handover).length;
    console.log(`    ${cat.padEnd(12)} ${String(ok).padStart(4)}/${String(list.length).padEnd(4)} ${pct(ok / list.length)}`);
  }
  console.log('  what each handover signal adds (policy with that signal left out)');
  for (const a of ablation(bot, preds)) console.log(`    without ${a.without.padEnd(11)} recall ${pct(a.recall).padStart(6)}   false handovers ${pct(a.falseRate).padStart(6)}`);
  console.log(`  NLU + engine + state store per message  mean ${(ms.reduce((a, b) => a + b, 0) / ms.length).toFixed(2)} ms   p50 ${percentile(ms, 50).toFixed(2)} ms   p99 ${percentile(ms, 99).toFixed(2)} ms\n`);
  if (errors) printErrors(preds);
}

/** The crisis screen alone, on leave-sets-out cross-validation over its corpus, at the bot's own bar. */
function crisisScreenFigures(bot: Loket): void {
  const corpus = bot.content.crisisCorpus;
  const policy = new HandoverPolicy(bot.content);
  const bar = policy.thresholds('crisis').with_screen;
  // The lowest screen_clears of the reasons: where the screen's second opinion reaches furthest.
  const clears = Math.min(...(['emotional', 'political', 'complex', 'person'] as const).map((r) => policy.thresholds(r).screen_clears ?? 1));
  if (!corpus || bar === undefined) return;
  const t0 = Date.now();
  const f = screenCrossValidation(readCorpus(join(bot.content.root, corpus.file), corpus.file).messages, bar, clears);
  console.log(`Crisis screen, ${f.folds}-fold cross-validation leaving whole sets out, ${f.crises + f.others} messages of ${corpus.file} (${((Date.now() - t0) / 1000).toFixed(0)} s), at with_screen ${bar}:`);
  console.log(`  crises above the bar ${pct(f.found / f.crises)} (${f.found}/${f.crises}); other messages above it ${pct(f.falseAlarms / f.others)} (${f.falseAlarms}/${f.others})`);
  console.log(`  "nobody needed" at screen_clears ${clears}: ${pct(f.cleared / f.ordinary)} of the messages that need nobody (${f.cleared}/${f.ordinary}), ${pct(f.clearedWrongly / f.colleagues)} of those that need a colleague for another reason (${f.clearedWrongly}/${f.colleagues})\n`);
}

/** k-fold cross-validation over the training examples, as the live bot blends its classifiers. */
async function crossValidation(bot: Loket, errors: boolean): Promise<OutOfFold[]> {
  const t0 = Date.now();
  const folds = await crossValidate(bot.content, { folds: 5, nlpjs: true });
  const report = intentReport(folds);
  const top1 = folds.filter((f) => f.ranking[0]?.intent === f.label).length / folds.length;
  console.log(`5-fold cross-validation over ${folds.length} training examples (${((Date.now() - t0) / 1000).toFixed(0)} s): top-1 intent accuracy ${pct(top1)}, calibration error ${pct(calibrationError(folds))}`);
  console.log('  intent                          n   precision  recall  most often taken for');
  for (const r of report) {
    const worst = r.confusedWith.slice(0, 2).map((c) => `${c.intent} (${c.count})`).join(', ');
    console.log(`  ${r.intent.padEnd(28)} ${String(r.support).padStart(4)}   ${pct(r.precision).padStart(6)}   ${pct(r.recall).padStart(6)}  ${worst}`);
  }
  console.log('  pairs of intents that overlap (share of the smaller intent\'s examples taken for the other)');
  for (const p of confusedPairs(folds)) console.log(`    ${p.a} ↔ ${p.b}: ${p.count} (${pct(p.share)})`);
  if (errors) {
    console.log('  most confused training examples');
    const worst = folds.filter((f) => f.ranking[0]?.intent !== f.label).sort((a, b) => b.ranking[0].score - a.ranking[0].score).slice(0, 40);
    for (const f of worst) console.log(`    [${f.label}] ${JSON.stringify(f.text)} → ${f.ranking[0].intent} ${f.ranking[0].score.toFixed(2)}`);
  }
  console.log('');
  return folds;
}

/** As YAML to copy under handover: in bot.yaml, with what the policy gets wrong before and after. */
function printTuned(tuned: Tuned): void {
  console.log('Handover thresholds at the least cost on cross-validation and the development sets (copy them under handover: in bot.yaml)');
  console.log('  reasons:');
  for (const [reason, t] of Object.entries(tuned.thresholds)) {
    console.log(`    ${reason}: { ${Object.entries(t).filter(([, v]) => v !== undefined).map(([k, v]) => `${k}: ${v}`).join(', ')} }`);
  }
  console.log(`  sure_score: ${tuned.sure}`);
  console.log(`  combined_min_score: ${tuned.combined}`);
  const line = (t: Tally) => `cost ${t.cost.toFixed(1)}: missed crises ${t.missedCrisis.toFixed(1)}, crisis answers to others ${t.falseCrisis.toFixed(1)}, missed handovers ${t.missedHandover.toFixed(1)}, false handovers ${t.falseHandover.toFixed(1)}`;
  console.log(`  bot.yaml now  ${line(tuned.before)}`);
  console.log(`  tuned         ${line(tuned.tally)}`);
  console.log('  (a training example counts a tenth of a development message: FOLD_WEIGHT in src/bench/tune.ts)\n');
}

/**
 * Understanding and the handover decision alone, without the engine and the state store: the issue's 5 ms budget.
 * Without the NLU's memo of short messages, which would answer those the accuracy runs saw from memory.
 */
async function timeUnderstanding(bot: Loket, examples: { text: string }[]): Promise<number[]> {
  const ms: number[] = [];
  for (const e of examples) {
    const t0 = process.hrtime.bigint();
    bot.policy.decide(await bot.nlu.classify(e.text, 'nl'), 'open');
    ms.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  console.log(`  NLU + policy per message  p50 ${percentile(ms, 50).toFixed(2)} ms   p99 ${percentile(ms, 99).toFixed(2)} ms\n`);
  return ms;
}

function groupBy(preds: Prediction[]): Map<string, Prediction[]> {
  const m = new Map<string, Prediction[]>();
  for (const p of preds) m.set(p.example.category, [...(m.get(p.example.category) ?? []), p]);
  return m;
}

function printErrors(preds: Prediction[]): void {
  console.log('\nMistakes');
  for (const p of preds) {
    const wantFlow = p.example.handover ? null : p.example.flow;
    if (p.flow === wantFlow && p.handover === p.example.handover) continue;
    const u = p.understanding;
    console.log(`  [${p.example.category}] ${JSON.stringify(p.example.text)} → flow ${p.flow} handover ${p.handover} ${p.reasons.join(',')} | intent ${u?.intent} ${u?.ranking[0]?.intent}:${u?.ranking[0]?.score.toFixed(2)} kw ${u?.keywords.join(',')} sent ${u?.sentiment.toFixed(2)}`);
  }
}

const USAGE = 'usage: npm run bench -- [--accuracy] [--dev] [--errors] [--tune] [--bot ID] [--devset FILE]';

main().catch((e: unknown) => {
  // A mistyped option gets the options, not a stack trace.
  if ((e as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') console.error(`${(e as Error).message}\n${USAGE}`);
  else console.error(e);
  process.exitCode = 1;
});
