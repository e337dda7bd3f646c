/**
 * `npm run bench`: accuracy on the development set, speed of the NLU and the server, and handover latency and queue
 * throughput, printed as figures (never asserted).
 *   node dist/bench/index.js [--bot ID] [--devset FILE] [--errors] [--accuracy]
 * --accuracy stops after the accuracy figures (quick, while tuning intents).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pino from 'pino';
import { PACKAGE_ROOT } from '../paths';
import { Loket } from '../runtime';
import { benchHandover } from './handover';
import { benchServer } from './server';
import { ablation, percentile, predict, readDevset, score, type Prediction } from './accuracy';

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { bot: { type: 'string', default: 'voorbeeldgemeente' }, devset: { type: 'string' }, errors: { type: 'boolean' }, accuracy: { type: 'boolean' } } });
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

    const sets = [
      { name: 'FROZEN test set (written apart, never tuned on)', file: join(data, 'frozen.jsonl') },
      { name: 'development set (tuned on)', file: devset },
      { name: 'development set 2 (tuned on)', file: join(data, 'dev2.jsonl') },
      { name: 'old held-out set (tuned on since)', file: join(data, 'holdout.jsonl') },
    ].filter((x) => existsSync(x.file));
    console.log(`Loket benchmark — bot ${botId}\n`);
    for (const set of sets) report(set.name, await predict(bot, readDevset(set.file)), bot, values.errors ?? false);
    console.log('Start-up');
    console.log(`  training (no cache)       ${trainMs} ms`);
    console.log(`  cold start (cached model) ${coldMs} ms`);
    console.log(`  memory (rss)              ${(process.memoryUsage().rss / 1048576).toFixed(0)} MiB`);
    bot.close();
    if (values.accuracy) return;
    await benchServer();
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
  console.log(`  NLU + engine per message  mean ${(ms.reduce((a, b) => a + b, 0) / ms.length).toFixed(2)} ms   p50 ${percentile(ms, 50).toFixed(2)} ms   p99 ${percentile(ms, 99).toFixed(2)} ms\n`);
  if (errors) printErrors(preds);
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

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
