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
import type { PolicyReason } from '../content/types';
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

    const sets = [
      // Written apart on 7 December 2026 (a representative month of a mid-sized town), first read on 152a6b3: aggregates only.
      { name: 'FROZEN test set 153 (written apart, never tuned on)', file: join(data, 'frozen153.jsonl'), frozen: true },
      // Written apart on 7 December 2026 (a fair month of messages), first read on 6b05191, again on 4c426fc: aggregates only.
      { name: 'FROZEN test set 141 (written apart, never tuned on)', file: join(data, 'frozen141.jsonl'), frozen: true },
      // Written apart on 7 December 2026 from test/data/briefs/crisis.md (100 crises, 140 alarming neighbours), first read on 0993942: aggregates only.
      { name: 'FROZEN crisis set 182 (written apart, never tuned on)', file: join(data, 'frozen182.jsonl'), frozen: true },
      // Written apart on 7 December 2026 from test/data/briefs/nlu.md (newcomers writing Dutch as a second language), first read on 781928a: aggregates only.
      { name: 'FROZEN test set 186 (written apart, never tuned on)', file: join(data, 'frozen186.jsonl'), frozen: true },
      // Written apart on 7 December 2026 from test/data/briefs/nlu.md (search-box style, half sentences), first read on 781928a: aggregates only.
      { name: 'FROZEN test set 187 (written apart, never tuned on)', file: join(data, 'frozen187.jsonl'), frozen: true },
      // Written apart on 7 December 2026 from test/data/briefs/nlu.md (people writing for someone else, pasted letters), first read on c137049: aggregates only.
      { name: 'FROZEN test set 192 (written apart, never tuned on)', file: join(data, 'frozen192.jsonl'), frozen: true },
      // Written apart on 7 December 2026 from test/data/briefs/crisis.md (residents of all ages), first read on 6c6e84c: aggregates only.
      { name: 'FROZEN crisis set 195 (written apart, never tuned on)', file: join(data, 'frozen195.jsonl'), frozen: true },
      { name: 'FROZEN test set 30 (written apart, never tuned on)', file: join(data, 'frozen30.jsonl'), frozen: true },
      // Read ten times (aggregates only, docs/nlu.md) before set 30 was written; still never looked at.
      { name: 'test set 29 (written apart as frozen set 29; read ten times, aggregates only, never tuned on)', file: join(data, 'frozen29.jsonl'), frozen: true },
      // Read six times (aggregates only, docs/nlu.md) before set 29 was written; still never looked at.
      { name: 'test set 28 (written apart as frozen set 28; read nine times, aggregates only, never tuned on)', file: join(data, 'frozen28.jsonl'), frozen: true },
      // Read nine times (aggregates only, docs/nlu.md), then studied once set 28 was frozen.
      { name: 'development set 47 (written apart as frozen set 27; tuned on since set 28)', file: join(data, 'frozen27.jsonl') },
      { name: 'development set 48 (written apart for tuning: 80 crises told in many ways, 100 alarming messages without one, the social domain and persons in plain words)', file: join(data, 'dev48.jsonl') },
      { name: 'development set 49 (written apart for tuning: near-misses, other bodies, spam and FAQ in a product\'s words; read once untuned)', file: join(data, 'dev49.jsonl') },
      { name: 'development set 50 (written apart for tuning: 100 crises told by bystanders, symptoms and goodbyes, 100 alarming messages without one)', file: join(data, 'dev50.jsonl') },
      { name: 'development set 51 (written apart for tuning: 87 crises, most without an alarm word, 108 alarming messages without one; first reading untuned: crisis 77/87, false crisis answers 1/108, recall 92.5%)', file: join(data, 'dev51.jsonl') },
      { name: 'development set 52 (written apart for tuning: the social domain, emotion, politics and persons in everyday words, 66 look-alikes; first reading untuned: recall 95.2%, reasons 94.4%, false handovers 2/66)', file: join(data, 'dev52.jsonl') },
      { name: 'development set 53 (written apart for tuning: 99 crises told by what is seen, inside an ordinary request, in a few broken words or as a quiet goodbye; 100 alarming messages without one; first reading untuned: crisis 77/99, false crisis answers 4/100, recall 86.8%)', file: join(data, 'dev53.jsonl') },
      { name: 'development set 54 (written apart for tuning: handover reasons in residents\' own words, from a farmer to a social worker; first reading untuned: recall 96.1%, reasons 94.6%, crisis 14/14, false handovers 0/60, products 27/29)', file: join(data, 'dev54.jsonl') },
      { name: 'development set 55 (written apart for tuning: the brief\'s twelve categories, 20 each; first reading untuned: products 56/56, recall 89/92, crisis 18/18, false handovers 2/119, false crisis answers 0/193, near-misses 94.7%)', file: join(data, 'dev55.jsonl') },
      { name: 'development set 56 (written apart for tuning: 98 crises from residents the usual examples forget, 100 alarming messages without one; first reading untuned: crisis 88/98, false crisis answers 5/100, recall 93.2%)', file: join(data, 'dev56.jsonl') },
      { name: 'development set 57 (written apart for tuning: one week of chats in a realistic mix; first reading untuned: products 98.9%, indirect 97.0%, recall 100%, crisis 10/10, false handovers 0%, oos/FAQ/small talk 97.2%, near-misses 100%)', file: join(data, 'dev57.jsonl') },
      { name: 'development set 58 (written apart for tuning: the hard borders, FAQ in a product\'s words, other bodies asked as if we did them, a colleague needed beside a product; first reading untuned: products 100%, recall 91.7%, crisis 9/10, false handovers 0.5%, oos/FAQ/small talk 89.4%, near-misses 97.9%)', file: join(data, 'dev58.jsonl') },
      { name: 'development set 59 (written apart for tuning: danger and the handover reasons without their obvious words, 15 alarming messages that are none; first reading untuned: products 100%, recall 92.9%, crisis 20/20, false handovers 0%, false crisis answers 0.5%, oos/FAQ/small talk 100%, near-misses 94.7%)', file: join(data, 'dev59.jsonl') },
      { name: 'development set 60 (written apart for tuning: a busy Monday at the desk, every kind of resident, other bodies close to ours; first reading untuned: products 98.3%, indirect 95.8%, recall 97.8%, crisis 18/18, false handovers 0.8%, oos/FAQ/small talk 97.8%, near-misses 95.0%)', file: join(data, 'dev60.jsonl') },
      { name: 'development set 61 (written apart for tuning: is this for us? FAQ, other bodies, spam and near-misses, with a few of every other kind; first reading untuned: products 100%, recall 100%, crisis 8/8, false handovers 0.6%, oos/FAQ/small talk 97.8%, near-misses 94.6%)', file: join(data, 'dev61.jsonl') },
      { name: 'development set 62 (written apart for tuning: a few words, newcomers\' Dutch and expats\' English; first reading untuned: products 100%, recall 98.9%, crisis 19/19, false handovers 0.9%, oos/FAQ/small talk 95.5%, near-misses 100%)', file: join(data, 'dev62.jsonl') },
      { name: 'development set 63 (written apart for tuning: older residents and dictated messages; first reading untuned: products 98.3%, recall 99.0%, crisis 20/20, false handovers 1.6%, oos/FAQ/small talk 100%, near-misses 85%)', file: join(data, 'dev63.jsonl') },
      { name: 'development set 64 (written apart for tuning: young residents, sarcasm, Dutch-English, a product word used for something else; first reading untuned: products 95%, recall 96.8%, crisis 18/19, false handovers 0.8%, oos/FAQ/small talk 97.8%, near-misses 100%)', file: join(data, 'dev64.jsonl') },
      { name: 'development set 65 (written apart for tuning: parents and carers in a hurry, children and errands beside the point; first reading untuned: products 98.3%, recall 97.9%, crisis 20/20, false handovers 2.3%, oos/FAQ/small talk 96.2%, near-misses 95%)', file: join(data, 'dev65.jsonl') },
      { name: 'development set 66 (written apart for tuning: entrepreneurs, farmers and villages, regional Dutch; first reading untuned: products 100%, recall 94.7%, crisis 20/20, false handovers 0.8%, oos/FAQ/small talk 97.7%, near-misses 95%)', file: join(data, 'dev66.jsonl') },
      { name: 'development set 67 (written apart for tuning: on behalf of someone else; first reading untuned: products 96.7%, recall 100%, crisis 19/20, false handovers 3.7%, oos/FAQ/small talk 94.6%, near-misses 100%)', file: join(data, 'dev67.jsonl') },
      { name: 'development set 68 (written apart for tuning: pasted e-mails and letters, one-line follow-ups; first reading untuned: products 96.6%, recall 99.0%, crisis 20/20, false handovers 0.8%, oos/FAQ/small talk 98.0%, near-misses 100%)', file: join(data, 'dev68.jsonl') },
      { name: 'development set 69 (written apart for tuning: the week after a storm, a heatwave or a news item; first reading untuned: products 98.3%, recall 97.9%, crisis 19/20, false handovers 0.0%, oos/FAQ/small talk 100%, near-misses 100%)', file: join(data, 'dev69.jsonl') },
      { name: 'development set 70 (written apart for tuning: residents who just moved here, other bodies, spelling mistakes; first reading untuned: products 98.3%, recall 99.0%, crisis 19/20, false handovers 1.6%, oos/FAQ/small talk 90.0%, near-misses 94.7%)', file: join(data, 'dev70.jsonl') },
      { name: 'development set 71 (written apart for tuning: more than one thing in a message, corrections; first reading untuned: products 96.7%, recall 100%, crisis 20/20, false handovers 2.2%, oos/FAQ/small talk 100%, near-misses 100%)', file: join(data, 'dev71.jsonl') },
      { name: 'development set 72 (written apart for tuning: irritated residents who want a product, beside anger that needs a colleague; first reading untuned: products 96.7%, recall 100%, crisis 19/20, false handovers 3.2%, oos/FAQ/small talk 94.4%, near-misses 100%)', file: join(data, 'dev72.jsonl') },
      { name: 'development set 73 (written apart for tuning: at night, in the weekend and on holidays; first reading untuned: products 100%, recall 99.0%, crisis 20/20, false handovers 1.6%, oos/FAQ/small talk 95.0%, near-misses 95.0%)', file: join(data, 'dev73.jsonl') },
      { name: 'development set 74 (written apart for tuning: follow-ups to an earlier contact; first reading untuned: products 96.7%, recall 98.0%, crisis 17/20, false handovers 2.2%, oos/FAQ/small talk 95.0%, near-misses 95.0%)', file: join(data, 'dev74.jsonl') },
      { name: 'development set 75 (written apart for tuning: humour, irony, idioms and figures of speech; first reading untuned: products 100%, recall 99.0%, crisis 20/20, false handovers 0.0%, oos/FAQ/small talk 100%, near-misses 95.0%)', file: join(data, 'dev75.jsonl') },
      { name: 'development set 76 (written apart for tuning: residents with a disability or chronic illness, and carers; first reading untuned: products 93.3%, recall 99.0%, crisis 20/20, false handovers 0.8%, oos/FAQ/small talk 94.7%, near-misses 100%)', file: join(data, 'dev76.jsonl') },
      { name: 'development set 77 (written apart for tuning: life in the neighbourhood, nuisance and neighbours; first reading untuned: products 100%, recall 97.8%, crisis 19/20, false handovers 0.0%, oos/FAQ/small talk 100%, near-misses 88.2%)', file: join(data, 'dev77.jsonl') },
      { name: 'development set 78 (written apart for tuning: money, costs, taxes, fines and debts; first reading untuned: products 98.3%, recall 96.9%, crisis 20/20, false handovers 0.8%, oos/FAQ/small talk 100%, near-misses 95.0%)', file: join(data, 'dev78.jsonl') },
      { name: 'development set 79 (written apart for tuning: typed on a phone in a hurry, autocorrect and run-together words; first reading untuned: products 100%, recall 97.9%, crisis 20/20, false handovers 0.8%, oos/FAQ/small talk 100%, near-misses 100%)', file: join(data, 'dev79.jsonl') },
      { name: 'development set 80 (written apart for tuning: what-if, can-I-also and comparing questions; first reading untuned: products 98.3%, recall 97.9%, crisis 20/20, false handovers 2.3%, oos/FAQ/small talk 90.0%, near-misses 90.0%)', file: join(data, 'dev80.jsonl') },
      { name: 'development set 81 (written apart for tuning: older residents and those who help them; first reading untuned: products 98.3%, recall 98.0%, crisis 19/20, false handovers 2.2%, oos/FAQ/small talk 90.7%, near-misses 95.0%)', file: join(data, 'dev81.jsonl') },
      { name: 'development set 82 (written apart for tuning: short messages, one to twenty words; first reading untuned: products 100%, recall 98.8%, crisis 17/18, false handovers 1.9%, oos/FAQ/small talk 94.4%, near-misses 93.3%)', file: join(data, 'dev82.jsonl') },
      { name: 'development set 83 (written apart for tuning: seasons and events, fireworks, storms, ice and heat; first reading untuned: products 100%, recall 96.0%, crisis 19/20, false handovers 0.0%, oos/FAQ/small talk 98.0%, near-misses 100%)', file: join(data, 'dev83.jsonl') },
      { name: 'development set 84 (written apart for tuning: the border with other organisations, spam and phishing; first reading untuned: products 96.6%, recall 97.9%, crisis 20/20, false handovers 1.6%, oos/FAQ/small talk 95.9%, near-misses 95.0%)', file: join(data, 'dev84.jsonl') },
      { name: 'development set 85 (written apart for tuning: internationals and expats, 40% English; first reading untuned: products 95.0%, indirect 87.5%, recall 99.0%, crisis 20/20, false handovers 0.8%, oos/FAQ/small talk 98.1%, near-misses 100%)', file: join(data, 'dev85.jsonl') },
      { name: 'development set 86 (written apart for tuning: blunt, impatient and rude residents beside real anger; first reading untuned: products 100%, recall 98.0%, crisis 19/20, false handovers 2.9%, oos/FAQ/small talk 89.3%, near-misses 90.0%)', file: join(data, 'dev86.jsonl') },
      { name: 'development set 87 (written apart for tuning: bystanders and third parties; first reading untuned: products 98.3%, recall 99.0%, crisis 20/20, false handovers 1.5%, oos/FAQ/small talk 96.6%, near-misses 100%)', file: join(data, 'dev87.jsonl') },
      { name: 'development set 88 (written apart for tuning: municipal services beside the three products; first reading untuned: products 100%, recall 97.9%, crisis 20/20, false handovers 1.6%, oos/FAQ/small talk 97.9%, near-misses 100%)', file: join(data, 'dev88.jsonl') },
      { name: 'development set 89 (written apart for tuning: regional Dutch from Limburg to Groningen, and Flemish; first reading untuned: products 94.8%, recall 93.9%, crisis 17/20, false handovers 0.0%, oos/FAQ/small talk 100%, near-misses 100%)', file: join(data, 'dev89.jsonl') },
      { name: 'development set 90 (written apart for tuning: tired, sad, lonely or overwhelmed residents beside danger now; first reading untuned: products 93.3%, recall 99.0%, crisis 19/20, false handovers 3.7%, oos/FAQ/small talk 96.4%, near-misses 100%)', file: join(data, 'dev90.jsonl') },
      { name: 'development set 91 (written apart for tuning: talk about the chat itself beside the question; first reading untuned: products 96.7%, recall 98.0%, crisis 20/20, false handovers 1.5%, oos/FAQ/small talk 96.6%, near-misses 95.0%)', file: join(data, 'dev91.jsonl') },
      { name: 'development set 92 (written apart for tuning: dictated with speech-to-text; first reading untuned: products 98.3%, recall 99.0%, crisis 20/20, false handovers 0.0%, oos/FAQ/small talk 100%, near-misses 100%)', file: join(data, 'dev92.jsonl') },
      { name: 'development set 93 (written apart for tuning: all in English, native and learners; first reading untuned: products 88.3%, recall 96.0%, crisis 20/20, false handovers 0.8%, oos/FAQ/small talk 100%, near-misses 95.0%)', file: join(data, 'dev93.jsonl') },
      { name: 'development set 94 (written apart for tuning: the hard borders between products, FAQ, near-misses and look-alikes; first reading untuned: products 100%, recall 96.7%, crisis 18/19, false handovers 0.9%, oos/FAQ/small talk 100%, near-misses 100%)', file: join(data, 'dev94.jsonl') },
      { name: 'development set 95 (written apart for tuning: long stories, pasted e-mails and letters, the request late; first reading untuned: products 96.7%, recall 98.0%, crisis 20/20, false handovers 5.0%, oos/FAQ/small talk 86.7%, near-misses 90.0%)', file: join(data, 'dev95.jsonl') },
      { name: 'development set 96 (written apart for tuning: an ordinary Tuesday of chats; first reading untuned: products 98.2%, recall 98.9%, crisis 18/18, false handovers 0.0%, oos/FAQ/small talk 100%, near-misses 95.0%)', file: join(data, 'dev96.jsonl') },
      { name: 'development set 97 (written apart for tuning: Dutch as a second language and low literacy; first reading untuned: products 95.0%, recall 96.9%, crisis 15/19, false handovers 0.8%, oos/FAQ/small talk 98.1%, near-misses 95.0%)', file: join(data, 'dev97.jsonl') },
      { name: 'development set 98 (written apart for tuning: first messages as a contact centre logs them; first reading untuned: products 98.2%, recall 100%, crisis 19/19, false handovers 0.0%, oos/FAQ/small talk 100%, near-misses 95.0%)', file: join(data, 'dev98.jsonl') },
      { name: 'development set 99 (written apart for tuning: English-speaking residents; first reading untuned: products 98.3%, recall 95.9%, crisis 20/20, false handovers 0.0%, crisis answers to others 2, oos/FAQ/small talk 100%, near-misses 89.5%)', file: join(data, 'dev99.jsonl') },
      { name: 'development set 100 (written apart for tuning: regional Dutch and residents over 75; first reading untuned: products 89.8%, indirect 77.8%, recall 96.9%, crisis 16/19, false handovers 1.6%, oos/FAQ/small talk 95.7%, near-misses 100%)', file: join(data, 'dev100.jsonl') },
      { name: 'development set 101 (written apart for tuning: the border with other bodies and private parties; first reading untuned: products 96.5%, recall 98.9%, crisis 20/20, false handovers 0.0%, oos/FAQ/small talk 100%, near-misses 100%)', file: join(data, 'dev101.jsonl') },
      { name: 'development set 102 (written apart for tuning: what residents do not say outright, calm crises, harmless alarming words; first reading untuned: products 100%, recall 96.9%, crisis 19/19, false handovers 1.6%, oos/FAQ/small talk 95.7%, near-misses 100%)', file: join(data, 'dev102.jsonl') },
      { name: 'development set 103 (written apart for tuning: the week after a storm, danger beside storm damage for others; first reading untuned: products 98.2%, recall 96.8%, crisis 20/20, false handovers 0.8%, oos/FAQ/small talk 95.5%, near-misses 84.2%)', file: join(data, 'dev103.jsonl') },
      { name: 'development set 104 (written apart for tuning: cold anger, flat danger beside past or hypothetical danger, young residents; first reading untuned: products 100%, recall 96.8%, crisis 18/18, false handovers 0.8%, oos/FAQ/small talk 97.7%, near-misses 100%)', file: join(data, 'dev104.jsonl') },
      { name: 'development set 105 (written apart for tuning: 60 crises beside 110 calm messages, most with alarming words; first reading untuned: products 100%, recall 99.0%, crisis 59/60, false handovers 1.5%, crisis answers to others 1/103, oos/FAQ/small talk 96.2%, near-misses 100%)', file: join(data, 'dev105.jsonl') },
      { name: 'development set 106 (written apart for tuning: the chatbot as first stop for everything: other bodies, spam, chain letters; first reading untuned: products 100%, recall 98.9%, crisis 17/17, false handovers 2.7%, crisis answers to others 1/183, oos/FAQ/small talk 94.4%, near-misses 100%)', file: join(data, 'dev106.jsonl') },
      { name: 'development set 107 (written apart for tuning: messages of one to six words; first reading untuned: products 94.2%, recall 96.6%, crisis 18/18, false handovers 0.0%, oos/FAQ/small talk 100%, near-misses 92.9%)', file: join(data, 'dev107.jsonl') },
      { name: 'development set 108 (written apart for tuning: residents in different life situations, the context told first; first reading untuned: products 96.7%, recall 99.0%, crisis 20/20, false handovers 3.8%, crisis answers to others 3/212, oos/FAQ/small talk 92.5%, near-misses 90.0%)', file: join(data, 'dev108.jsonl') },
      { name: 'development set 110 (written apart for tuning: negation, contrast and correction; first reading untuned: products 91.7%, recall 96.0%, crisis 19/19, false handovers 3.7%, oos/FAQ/small talk 94.6%, near-misses 80.0%)', file: join(data, 'dev110.jsonl') },
      { name: 'development set 111 (written apart for tuning: letters and e-mails to the municipality; first reading untuned: products 100%, recall 99.0%, crisis 20/20, false handovers 0.8%, crisis answers to others 0/210, oos/FAQ/small talk 98.2%, near-misses 100%)', file: join(data, 'dev111.jsonl') },
      { name: 'development set 112 (written apart for tuning: dictated messages, spelling by sound, Dutch as a second language; first reading untuned: products 100%, recall 100%, crisis 20/20, false handovers 0.8%, crisis answers to others 1/195, oos/FAQ/small talk 97.8%, near-misses 100%)', file: join(data, 'dev112.jsonl') },
      { name: 'development set 113 (written apart for tuning: students, expats and youth slang, Dutch mixed with English; first reading untuned: products 96.7%, recall 95.9%, crisis 20/20, false handovers 0.0%, crisis answers to others 0/210, oos/FAQ/small talk 98.1%, near-misses 95.0%)', file: join(data, 'dev113.jsonl') },
      { name: 'development set 138 (written apart for tuning: a rural municipality, older residents, regional words, speech-to-text; first reading untuned: products 100%, recall 99.0%, crisis 20/20, false handovers 0.7%, crisis answers to others 1/220, oos/FAQ/small talk 100%, near-misses 95.0%)', file: join(data, 'dev138.jsonl') },
      { name: 'development set 139 (written apart for tuning: a big city, Dutch as a second language, words from other languages; first reading untuned: products 95.0%, recall 97.0%, crisis 20/20, false handovers 0.0%, crisis answers to others 0/220, oos/FAQ/small talk 100%, near-misses 95.0%)', file: join(data, 'dev139.jsonl') },
      { name: 'development set 140 (written apart for tuning: the border between danger and ordinary life, alarming words that are no crisis; first reading untuned: products 96.7%, recall 99.0%, crisis 18/20, false handovers 2.1%, crisis answers to others 2/220, oos/FAQ/small talk 96.7%, near-misses 100%)', file: join(data, 'dev140.jsonl') },
      { name: 'development set 142 (written apart for tuning: two things in one message, long preambles, single words, pasted letters; first reading untuned: products 98.3%, recall 98.0%, crisis 18/20, false handovers 0.7%, crisis answers to others 1/220, oos/FAQ/small talk 98.3%, near-misses 95.0%)', file: join(data, 'dev142.jsonl') },
      { name: 'development set 143 (written apart for tuning: carers, neighbours and bystanders writing for someone else; first reading untuned: products 95.0%, recall 99.0%, crisis 19/20, false handovers 0.7%, crisis answers to others 2/220, oos/FAQ/small talk 98.3%, near-misses 100%)', file: join(data, 'dev143.jsonl') },
      { name: 'development set 144 (written apart for tuning: WhatsApp at night, slang and dark humour; first reading untuned: products 98.3%, recall 100%, crisis 20/20, false handovers 0.0%, crisis answers to others 1/220, oos/FAQ/small talk 100%, near-misses 95.0%)', file: join(data, 'dev144.jsonl') },
      { name: 'development set 145 (written apart for tuning: international residents, all in English; first reading untuned: products 91.7%, recall 94.0%, crisis 20/20, false handovers 0.7%, crisis answers to others 1/220, oos/FAQ/small talk 96.7%, near-misses 85.0%)', file: join(data, 'dev145.jsonl') },
      { name: 'development set 146 (written apart for tuning: residents over fifty, careful letters, regional colour; first reading untuned: products 100%, recall 99.0%, crisis 19/20, false handovers 1.4%, crisis answers to others 1/220, oos/FAQ/small talk 96.7%, near-misses 95.0%)', file: join(data, 'dev146.jsonl') },
      { name: 'development set 147 (written apart for tuning: what the municipality does and does not, near-misses close to the products; first reading untuned: products 100%, recall 100%, crisis 20/20, false handovers 0.0%, crisis answers to others 0/220, oos/FAQ/small talk 100%, near-misses 90.0%)', file: join(data, 'dev147.jsonl') },
      { name: 'development set 148 (written apart for tuning: Surinamese-, Moroccan- and Turkish-Dutch voices, Dutch and English mixed; first reading untuned: products 96.7%, recall 99.0%, crisis 20/20, false handovers 0.7%, crisis answers to others 1/220, oos/FAQ/small talk 100%, near-misses 100%)', file: join(data, 'dev148.jsonl') },
      { name: 'development set 149 (written apart for tuning: students, young starters and international PhD students in a university town; first reading untuned: products 100%, recall 100%, crisis 19/20, false handovers 0.0%, crisis answers to others 2/220, oos/FAQ/small talk 100%, near-misses 95.0%)', file: join(data, 'dev149.jsonl') },
      { name: 'development set 150 (written apart for tuning: residents with low literacy or dyslexia, and speech-to-text; first reading untuned: products 98.3%, recall 100%, crisis 20/20, false handovers 1.4%, crisis answers to others 1/220, oos/FAQ/small talk 98.3%, near-misses 100%)', file: join(data, 'dev150.jsonl') },
      { name: 'development set 151 (written apart for tuning: Limburg and Brabant, regional speech, Flemish neighbours, the countryside; first reading untuned: products 96.7%, recall 98.0%, crisis 20/20, false handovers 0.0%, crisis answers to others 0/220, oos/FAQ/small talk 100%, near-misses 95.0%)', file: join(data, 'dev151.jsonl') },
      { name: 'development set 152 (written apart for tuning: the borders between crisis, emotion and the social domain; first reading untuned: products 100%, recall 99.0%, crisis 19/20, false handovers 0.7%, crisis answers to others 1/220, oos/FAQ/small talk 96.7%, near-misses 100%)', file: join(data, 'dev152.jsonl') },
      { name: 'development set 154 (written apart for tuning: a parent of young children, hurried messages between school and work; first reading untuned: products 96.7%, recall 100%, crisis 20/20, false handovers 1.4%, crisis answers to others 0/220, oos/FAQ/small talk 96.7%, near-misses 90.0%)', file: join(data, 'dev154.jsonl') },
      { name: 'development set 155 (written apart for tuning: shopkeepers, market traders, tourists and residents of neighbouring towns; first reading untuned: products 98.3%, recall 97.0%, crisis 20/20, false handovers 1.4%, crisis answers to others 0/220, oos/FAQ/small talk 95.0%, near-misses 95.0%)', file: join(data, 'dev155.jsonl') },
      { name: 'development set 156 (written apart for tuning: residents over eighty and their carers and neighbours; first reading untuned: products 100%, recall 97.0%, crisis 20/20, false handovers 0.0%, crisis answers to others 1/220, oos/FAQ/small talk 100%, near-misses 95.0%)', file: join(data, 'dev156.jsonl') },
      { name: 'development set 157 (written apart for tuning: anger, sarcasm and irony, with every category still there; first reading untuned: products 100%, recall 99.0%, crisis 20/20, false handovers 1.4%, crisis answers to others 1/220, oos/FAQ/small talk 100%, near-misses 100%)', file: join(data, 'dev157.jsonl') },
      { name: 'development set 158 (written apart for tuning: only messages that need no flow and no colleague (FAQ 60, small talk 40, oos 100 with other bodies and spam, near-misses 40); first reading untuned: oos/FAQ/small talk 98.5%, near-misses 87.5%, false handovers 0.0%, crisis answers 0/240, a flow started for 8 of 240)', file: join(data, 'dev158.jsonl') },
      { name: 'development set 159 (written apart for tuning: the chat used as a search box, half of it one to five words; first reading untuned: products 100%, recall 99.0%, crisis 20/20, false handovers 0.0%, crisis answers to others 0/220, oos/FAQ/small talk 98.3%, near-misses 100%)', file: join(data, 'dev159.jsonl') },
      { name: 'development set 160 (written apart for tuning: written on behalf of someone else; first reading untuned: products 98.3%, recall 99.0%, crisis 19/20, false handovers 1.4%, crisis answers to others 1/220, oos/FAQ/small talk 98.3%, near-misses 95.0%)', file: join(data, 'dev160.jsonl') },
      { name: 'development set 161 (written apart for tuning: Groningen, Friesland, Drenthe, Twente, the Achterhoek and Zeeland, dikes and gas-quake damage; first reading untuned: products 100%, recall 98.0%, crisis 18/20, false handovers 1.4%, crisis answers to others 1/220, oos/FAQ/small talk 96.7%, near-misses 100%)', file: join(data, 'dev161.jsonl') },
      { name: 'development set 162 (written apart for tuning: expats and labour migrants, 60% English, the rest simple Dutch; first reading untuned: products 91.7% (indirect 83.3%), recall 100%, crisis 20/20, false handovers 0.0%, crisis answers to others 0/220, oos/FAQ/small talk 100%, near-misses 95.0%)', file: join(data, 'dev162.jsonl') },
      { name: 'development set 163 (written apart for tuning: 16-to-25-year-olds, straattaal and slang; first reading untuned: products 98.3%, recall 98.0%, crisis 20/20, false handovers 0.0%, crisis answers to others 1/220, oos/FAQ/small talk 100%, near-misses 100%)', file: join(data, 'dev163.jsonl') },
      { name: 'development set 164 (written apart for tuning: tenants in social housing, landlord or street; first reading untuned: products 100%, recall 98.0%, crisis 20/20, false handovers 0.0%, crisis answers to others 0/220, oos/FAQ/small talk 100%, near-misses 85.0%)', file: join(data, 'dev164.jsonl') },
      { name: 'development set 165 (written apart for tuning: a former 112 dispatcher: real emergencies and frightening words without danger; first reading untuned: products 100%, recall 100%, crisis 20/20, false handovers 0.7%, crisis answers to others 0/220, oos/FAQ/small talk 100%, near-misses 100%)', file: join(data, 'dev165.jsonl') },
      { name: 'development set 166 (written apart for tuning: professionals and organisations writing to the municipality, formal letters; first reading untuned: products 98.3%, recall 100%, crisis 20/20, false handovers 0.7%, crisis answers to others 0/220, oos/FAQ/small talk 95.0%, near-misses 100%)', file: join(data, 'dev166.jsonl') },
      { name: 'development set 184 (written apart for tuning: a rural KCC in Drenthe and Groningen, older residents; first reading untuned: products 96.7%, recall 97.0%, crisis 20/20, false handovers 1.4%, crisis answers to others 0/220, oos/FAQ/small talk 96.7%, near-misses 95.0%)', file: join(data, 'dev184.jsonl') },
      { name: 'development set 185 (written apart for tuning: young residents of Rotterdam-Zuid, straattaal; first reading untuned: products 100%, recall 99.0%, crisis 20/20, false handovers 0.7%, crisis answers to others 0/220, oos/FAQ/small talk 98.3%, near-misses 95.0%)', file: join(data, 'dev185.jsonl') },
      { name: 'development set 188 (written apart for tuning: typing fast on a phone, autocorrect and voice-to-text slips; first reading untuned: products 100%, recall 100%, crisis 20/20, false handovers 0.0%, crisis answers to others 0/220, oos/FAQ/small talk 100%, near-misses 100%)', file: join(data, 'dev188.jsonl') },
      { name: 'development set 189 (written apart for tuning: a social worker\'s residents, poverty, shame, carers, old anger; first reading untuned: products 96.7%, recall 100%, crisis 20/20, false handovers 0.7%, crisis answers to others 0/220, oos/FAQ/small talk 98.3%, near-misses 90.0%)', file: join(data, 'dev189.jsonl') },
      { name: 'development set 190 (written apart for tuning: regional Dutch, Brabants, Limburgs, Twents, Gronings, Zeeuws; first reading untuned: products 88.3%, indirect 77.8%, recall 90.0%, crisis 17/20, false handovers 0.7%, crisis answers to others 0/220, oos/FAQ/small talk 95.0%, near-misses 95.0%)', file: join(data, 'dev190.jsonl') },
      { name: 'development set 191 (written apart for tuning: young people, 16 to 25, short lines, English words, sarcasm; first reading untuned: products 100%, recall 100%, crisis 19/20, false handovers 0.7%, crisis answers to others 0/220, oos/FAQ/small talk 100%, near-misses 95.0%)', file: join(data, 'dev191.jsonl') },
      { name: 'development set 193 (written apart for tuning, from the crisis brief: older residents, low literacy, writing for someone else; first reading untuned: crisis 95/100, crisis answers to others 3/140, false handovers 13.8%, products 80.4%)', file: join(data, 'dev193.jsonl') },
      { name: 'development set 194 (written apart for tuning, from the crisis brief: 16 to 40, WhatsApp, street language, crises hidden in ordinary questions, figures of speech; first reading, untuned on it: crisis 90/100, crisis answers to others 6/140, false handovers 11.3%, products 92.3%)', file: join(data, 'dev194.jsonl') },
      { name: 'development set 178 (written apart for tuning from test/data/briefs/crisis.md: 100 crises in ten kinds, 140 alarming neighbours; first reading untuned: crisis 90%, crisis answers to others 2.14%)', file: join(data, 'dev178.jsonl') },
      { name: 'development set 179 (written apart for tuning from test/data/briefs/crisis.md: 100 crises in ten kinds, 140 alarming neighbours; first reading untuned: crisis 89%, crisis answers to others 2.14%)', file: join(data, 'dev179.jsonl') },
      { name: 'development set 180 (written apart for tuning from test/data/briefs/crisis.md: 100 crises in ten kinds, 140 alarming neighbours; first reading untuned: crisis 92%, crisis answers to others 1.43%)', file: join(data, 'dev180.jsonl') },
      { name: 'development set 181 (written apart for tuning from test/data/briefs/crisis.md: 100 crises in ten kinds, 140 alarming neighbours; first reading untuned: crisis 84%, crisis answers to others 1.43%)', file: join(data, 'dev181.jsonl') },
      { name: 'development set 183 (written apart for tuning from test/data/briefs/crisis.md: 100 crises in ten kinds, 140 alarming neighbours; first reading untuned: crisis 84%, crisis answers to others 2.86%)', file: join(data, 'dev183.jsonl') },
      // Read four times (aggregates only, docs/nlu.md), never looked at.
      { name: 'test set 26 (written apart as frozen set 26; read four times, never tuned on)', file: join(data, 'frozen26.jsonl'), frozen: true },
      // Read three times (aggregates only, docs/nlu.md), never looked at; studied in the next round.
      { name: 'test set 25 (written apart as frozen set 25; read three times, never tuned on)', file: join(data, 'frozen25.jsonl'), frozen: true },
      // Read three times (aggregates only, docs/nlu.md), then tuned on once set 26 was frozen.
      { name: 'development set 34 (written apart as frozen set 24; tuned on since set 26)', file: join(data, 'frozen24.jsonl') },
      { name: 'development set 36 (written apart for tuning: winter and storms, elderly residents and their helpers, newcomers, village life; read once untuned)', file: join(data, 'dev36.jsonl') },
      { name: 'development set 37 (written apart for tuning: crises in many forms against alarming words without one)', file: join(data, 'dev37.jsonl') },
      { name: 'development set 38 (written apart for tuning: neighbourhoods and daily life, look-alikes for other bodies; read once untuned)', file: join(data, 'dev38.jsonl') },
      { name: 'development set 39 (written apart for tuning: short messages, beginner Dutch, slang and voice-to-text; first reading untuned: products 59/60, recall 98/100, crisis 19/20, false handovers 0/140)', file: join(data, 'dev39.jsonl') },
      { name: 'development set 45 (written apart for tuning: life events and seasons, the event told first and the request after; first reading untuned: products 59/60, recall 99/100, crisis 20/20, false handovers 3/140, false crisis answers 1/220)', file: join(data, 'dev45.jsonl') },
      { name: 'development set 46 (written apart for tuning: Dutch as a second language, low literacy, voice-to-text, elderly residents, English; first reading untuned: products 59/60, recall 100/100, crisis 20/20, false handovers 0/140, false crisis answers 1/220, near-misses 20/20)', file: join(data, 'dev46.jsonl') },
      { name: 'development set 44 (written apart for tuning: misleading words, each message naming what another category is about; first reading untuned: products 56/60, recall 96/100, crisis 18/20, false handovers 1/140, false crisis answers 1/220, near-misses 16/20)', file: join(data, 'dev44.jsonl') },
      { name: 'development set 43 (written apart for tuning: short and messy messages, voice-to-text, emoji, Dutch as a second language; first reading untuned: products 59/60, recall 100/100, crisis 20/20, false handovers 2/140, false crisis answers 0/220)', file: join(data, 'dev43.jsonl') },
      { name: 'development set 42 (written apart for tuning: the edges of what a municipality does, other bodies asked as if we did them, residents unsure where to go; first reading untuned: products 56/60, recall 96/100, crisis 19/20, false handovers 1/140, false crisis answers 0/220)', file: join(data, 'dev42.jsonl') },
      { name: 'development set 41 (written apart for tuning: peak moments such as storms, snow and New Year, and people writing for someone else; first reading untuned: products 60/60, recall 96/100, crisis 19/20, false handovers 0/140, false crisis answers 3/220)', file: join(data, 'dev41.jsonl') },
      { name: 'development set 40 (written apart for tuning: preambles, dialects and regional words, look-alikes for other bodies; first reading untuned: products 57/60, recall 99/100, false handovers 0/140)', file: join(data, 'dev40.jsonl') },
      { name: 'development set 35 (written apart for tuning: products described instead of named, near-misses and FAQ close to them)', file: join(data, 'dev35.jsonl') },
      { name: 'development set 33 (written apart for tuning: young residents and slang, writing for someone else, transcribed voice notes, a wide spread of FAQ and other bodies)', file: join(data, 'dev33.jsonl') },
      { name: 'development set 32 (written apart for tuning: alarming words without a crisis, quiet crises, near-misses and other bodies in everyday words)', file: join(data, 'dev32.jsonl') },
      { name: 'development set 31 (written apart for tuning: messages full of details, two things at once, newcomers mixing languages, official-looking spam)', file: join(data, 'dev31.jsonl') },
      { name: 'development set 30 (written apart for tuning: money worries and helpers, very short messages, official register)', file: join(data, 'dev30.jsonl') },
      // Read three times (aggregates only, docs/nlu.md), then tuned on once set 24 was frozen.
      { name: 'development set 29 (written apart as frozen set 23; tuned on since set 24)', file: join(data, 'frozen23.jsonl') },
      // Read twice (aggregates only, docs/nlu.md), then tuned on once set 23 was frozen.
      { name: 'development set 28 (written apart as frozen set 22; tuned on since set 23)', file: join(data, 'frozen22.jsonl') },
      // Read twice (aggregates only, docs/nlu.md), then tuned on once set 22 was frozen.
      { name: 'development set 27 (written apart as frozen set 21; tuned on since set 22)', file: join(data, 'frozen21.jsonl') },
      // Read twice (aggregates only, docs/nlu.md), then tuned on once set 21 was frozen.
      { name: 'development set 25 (written apart as frozen set 20; tuned on since set 21)', file: join(data, 'frozen20.jsonl') },
      // Written apart as a development set: parents and busy workers typing in between; organisations and neighbours.
      { name: 'development set 26 (written apart for tuning: parents, shift workers, organisations)', file: join(data, 'dev26.jsonl') },
      // Read twice (aggregates only, docs/nlu.md), then tuned on once set 20 was frozen.
      { name: 'development set 22 (written apart as frozen set 19; tuned on since set 20)', file: join(data, 'frozen19.jsonl') },
      // Written apart as a development set: people in a life event (a death, a birth, a divorce, a move), mostly no flow.
      { name: 'development set 23 (written apart for tuning: life events; near-misses, other bodies, FAQ)', file: join(data, 'dev23.jsonl') },
      // Written apart as a development set: other bodies, benefits and documents described without their names.
      { name: 'development set 24 (written apart for tuning: other bodies and services in everyday words)', file: join(data, 'dev24.jsonl') },
      // Read twice (aggregates only, docs/nlu.md), then tuned on while set 19 was written.
      { name: 'development set 21 (written apart as frozen set 18; tuned on since its second reading)', file: join(data, 'frozen18.jsonl') },
      // Read once (aggregates only, docs/nlu.md), then tuned on once set 18 was frozen.
      { name: 'development set 20 (written apart as frozen set 17; tuned on since set 18)', file: join(data, 'frozen17.jsonl') },
      // Read twice (aggregates only, docs/nlu.md), then tuned on; set 17 was frozen at the same time.
      { name: 'development set 19 (written apart as frozen set 16; tuned on since its second reading)', file: join(data, 'frozen16.jsonl') },
      // Written apart as a development set: crises, alarming words that are no crisis, requests for a person, not for us.
      { name: 'development set 18 (written apart for tuning: crisis, alarming words, person, oos)', file: join(data, 'dev18.jsonl') },
      // Read twice (aggregates only, docs/nlu.md), then tuned on once set 16 was frozen.
      { name: 'development set 17 (written apart as frozen set 15; tuned on since set 16)', file: join(data, 'frozen15.jsonl') },
      // Read twice (aggregates only, docs/nlu.md), then tuned on once set 15 was frozen.
      { name: 'development set 16 (written apart as frozen set 14; tuned on since set 15)', file: join(data, 'frozen14.jsonl') },
      // Read once (aggregates only, docs/nlu.md), then tuned on once set 14 was frozen.
      { name: 'development set 15 (written apart as frozen set 13; tuned on since set 14)', file: join(data, 'frozen13.jsonl') },
      // Read twice (aggregates only, docs/nlu.md), then tuned on once set 13 was frozen.
      { name: 'development set 14 (written apart as frozen set 12; tuned on since set 13)', file: join(data, 'frozen12.jsonl') },
      // Read twice (aggregates only, docs/nlu.md), then tuned on once set 12 was frozen.
      { name: 'development set 13 (written apart as frozen set 11; tuned on since set 12)', file: join(data, 'frozen11.jsonl') },
      // Read twice (aggregates only, docs/nlu.md), then tuned on once set 11 was frozen.
      { name: 'development set 12 (written apart as frozen set 10; tuned on since set 11)', file: join(data, 'frozen10.jsonl') },
      // Read once (aggregates only, docs/nlu.md), then tuned on once set 10 was frozen.
      { name: 'development set 11 (written apart as frozen set 9; tuned on since set 10)', file: join(data, 'frozen9.jsonl') },
      // Read twice (aggregates only, docs/nlu.md), then tuned on once set 9 was frozen.
      { name: 'development set 10 (written apart as frozen set 8; tuned on since set 9)', file: join(data, 'frozen8.jsonl') },
      // Read twice (aggregates only), then tuned on once set 8 was frozen.
      { name: 'development set 9 (written apart as frozen set 7; tuned on since set 8)', file: join(data, 'frozen7.jsonl') },
      // Read twice (aggregates only), then tuned on once set 7 was frozen.
      { name: 'development set 8 (written apart as frozen set 6; tuned on since set 7)', file: join(data, 'frozen6.jsonl') },
      // Read twice (aggregates only), then tuned on once set 6 was frozen.
      { name: 'development set 7 (written apart as frozen set 5; tuned on since set 6)', file: join(data, 'frozen5.jsonl') },
      // Read twice (aggregates only), then tuned on once set 5 was frozen.
      { name: 'development set 6 (written apart as frozen set 4; tuned on since set 5)', file: join(data, 'frozen4.jsonl') },
      // Read three times (aggregates only), then tuned on once set 4 was frozen.
      { name: 'development set 3 (written apart as frozen set 3; tuned on since set 4)', file: join(data, 'frozen3.jsonl') },
      { name: 'development set 4 (written apart as frozen set 2; read twice, tuned on since set 4)', file: join(data, 'frozen2.jsonl') },
      { name: 'development set 5 (written apart as frozen set 1; read twice, tuned on since set 4)', file: join(data, 'frozen.jsonl') },
      { name: 'development set (tuned on)', file: devset },
      { name: 'development set 2 (tuned on)', file: join(data, 'dev2.jsonl') },
      { name: 'old held-out set (tuned on since)', file: join(data, 'holdout.jsonl') },
    ].filter((x) => existsSync(x.file) && !(values.dev && x.frozen));
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
