/**
 * YAML conversation tests: an editor writes what the resident says and what the bot should answer, and
 * `loket test` plays it against the real bot (real NLU, real actions on a scratch database, fixed clock).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import type { Input, Output, TurnResult } from '../engine';
import { Loket, replyTexts } from '../runtime';
import { YamlFile } from '../content/yamlFile';
import { StandInAgent } from './agent';

export interface TestStep {
  user?: string;
  location?: { latitude: number; longitude: number };
  photo?: string;
  agent?: string;
  release?: true;
  /** Whether an employee is signed in from this step on (default: yes). */
  agents_online?: boolean;
  /** Time passes (minutes) and the queue checks who waits too long. */
  wait_minutes?: number;
  bot?: string | string[];
  not_bot?: string | string[];
  buttons?: string[];
  flow?: string | null;
  slots?: Record<string, unknown>;
  handover?: boolean;
  reasons?: string[];
}

export interface TestCase { name: string; steps: TestStep[] }
export interface TestFile { bot: string; now?: string; tests: TestCase[] }

/** A failed case carries its transcript (who said what, up to the failing step) so an editor sees how it went wrong. */
export interface CaseResult { file: string; name: string; failure?: string; transcript?: string[] }

const STEP_KEYS = new Set(['user', 'location', 'photo', 'agent', 'release', 'agents_online', 'wait_minutes', 'bot', 'not_bot', 'buttons', 'flow', 'slots', 'handover', 'reasons']);

export function readTestFile(path: string, root: string): { file: YamlFile; data?: TestFile; errors: string[] } {
  const file = YamlFile.read(path, root);
  const errors = file.diagnostics.map((d) => `${d.file}:${d.line}:${d.col}: ${d.message}`);
  const data = file.data as TestFile | undefined;
  if (!data || errors.length) return { file, errors };
  const at = (p: (string | number)[], msg: string) => {
    const { line, col } = file.position(p);
    errors.push(`${file.display}:${line}:${col}: ${msg}`);
  };
  if (typeof data.bot !== 'string') at([], 'missing "bot: <id>"');
  if (!Array.isArray(data.tests)) at([], 'missing "tests:" (a list)');
  (data.tests ?? []).forEach((t, i) => {
    if (typeof t?.name !== 'string') at(['tests', i], 'a test needs a "name"');
    if (!Array.isArray(t?.steps)) return at(['tests', i], 'a test needs "steps:" (a list)');
    t.steps.forEach((s, j) => {
      for (const k of Object.keys(s ?? {})) if (!STEP_KEYS.has(k)) at(['tests', i, 'steps', j, k], `unknown key "${k}" (use ${[...STEP_KEYS].join(', ')})`);
      for (const k of ['user', 'agent'] as const) {
        if (s?.[k] !== undefined && typeof s[k] !== 'string') at(['tests', i, 'steps', j, k], `"${k}" must be text; put quotes around it ("${String(s[k])}")`);
      }
    });
  });
  return { file, data: errors.length ? undefined : data, errors };
}

/** Runs one file's tests against a fresh bot; every test is a new conversation. */
export async function runTestFile(path: string, root: string): Promise<CaseResult[]> {
  const { file, data, errors } = readTestFile(path, root);
  if (!data) return [{ file: file.display, name: '(file)', failure: errors.join('\n') }];
  const dir = mkdtempSync(join(tmpdir(), 'loket-test-'));
  const start = data.now ? new Date(data.now).getTime() : Date.now();
  const clock = { at: start };
  const now = () => new Date(clock.at);
  const agent = new StandInAgent(now);
  const bot = await Loket.create({
    botId: data.bot, root, dbFile: join(dir, 'test.sqlite'), handover: agent.queue, now, log: pino({ level: 'silent' }),
    deliver: false, // a test's e-mails stay in its scratch outbox: example addresses get no mail
  });
  try {
    const results: CaseResult[] = [];
    for (const [i, t] of data.tests.entries()) {
      clock.at = start;
      agent.signIn(bot.botId);
      const transcript: string[] = [];
      const failure = await runCase({ bot, agent, clock }, `test-${i}`, t, transcript);
      results.push({ file: file.display, name: t.name, ...(failure ? { failure, transcript } : {}) });
    }
    return results;
  } finally {
    await bot.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

interface Rig { bot: Loket; agent: StandInAgent; clock: { at: number } }

async function runCase(rig: Rig, id: string, t: TestCase, transcript: string[]): Promise<string | undefined> {
  const { bot } = rig;
  const proactive: Output[] = [];
  bot.onDelivery((conv, d) => conv === id && proactive.push(...d.outputs));
  for (const [n, step] of t.steps.entries()) {
    proactive.length = 0;
    const result = await play(rig, id, step);
    const outputs = result ? result.outputs : [...proactive];
    transcript.push(...said(step), ...replyTexts(outputs).map((x) => `bot:  ${x.replace(/\n/g, '\n      ')}`));
    const failure = await check(bot, id, step, outputs, result);
    if (failure) return `step ${n + 1}${step.user !== undefined ? ` ("${step.user}")` : ''}: ${failure}`;
  }
  return undefined;
}

async function play({ bot, agent, clock }: Rig, id: string, step: TestStep): Promise<TurnResult | undefined> {
  if (step.agents_online !== undefined) {
    if (step.agents_online) agent.signIn(bot.botId);
    else agent.signOut();
  }
  const fromHumans = step.agent !== undefined || step.release || step.wait_minutes !== undefined;
  if (step.agent !== undefined && !(await agent.say(id, step.agent))) throw new Error('"agent:" but the conversation is not handed over');
  if (step.release && !(await agent.handBack(id))) throw new Error('"release:" but the conversation is not handed over');
  if (step.wait_minutes !== undefined) {
    clock.at += step.wait_minutes * 60_000;
    await agent.queue.sweep();
  }
  // A start is a no-op for a started conversation; awaiting it waits until the human side's events are stored and delivered.
  if (fromHumans) return void (await bot.handle(id, { type: 'start' }));
  if (step.user === undefined && !step.location && !step.photo) return undefined;
  const input: Input = step.location
    ? { type: 'location', location: step.location }
    : step.photo
      ? { type: 'attachment', attachment: { url: `https://example.invalid/${step.photo}`, contentType: 'image/jpeg', name: step.photo }, ...(step.user ? { text: step.user } : {}) }
      : { type: 'text', text: step.user ?? '' };
  return bot.handle(id, input);
}

async function check(bot: Loket, id: string, step: TestStep, outputs: Output[], result: TurnResult | undefined): Promise<string | undefined> {
  const texts = replyTexts(outputs);
  const all = texts.join('\n');
  const said = () => (texts.length ? texts.map((x) => `  | ${x.replace(/\n/g, '\n  | ')}`).join('\n') : '  (nothing)');
  for (const want of list(step.bot)) {
    if (!all.toLowerCase().includes(want.toLowerCase())) return `expected the bot to say "${want}", it said:\n${said()}`;
  }
  for (const not of list(step.not_bot)) {
    if (all.toLowerCase().includes(not.toLowerCase())) return `expected the bot NOT to say "${not}", it said:\n${said()}`;
  }
  const titles = outputs.flatMap((o) => (o.type === 'text' ? o.buttons ?? [] : [])).map((b) => b.title);
  for (const b of step.buttons ?? []) if (!titles.includes(b)) return `expected a button "${b}", got: ${titles.join(', ') || 'none'}`;
  const state = await bot.state(id);
  if (step.flow !== undefined) {
    const flow = state.frame?.flow ?? null;
    if (flow !== step.flow) return `expected flow ${step.flow ?? 'none'}, is ${flow ?? 'none'}`;
  }
  for (const [k, v] of Object.entries(step.slots ?? {})) {
    const got = state.frame?.slots[k];
    if (JSON.stringify(got) !== JSON.stringify(v) && state.frame?.shown[k] !== v) return `expected slot ${k} = ${JSON.stringify(v)}, is ${JSON.stringify(got)}`;
  }
  if (step.handover !== undefined && Boolean(result?.handover ?? state.handover) !== step.handover) {
    return `expected handover ${step.handover}, was ${!step.handover}`;
  }
  if (step.reasons) {
    const got = result?.handover?.reasons ?? state.handover?.reasons ?? [];
    if (JSON.stringify([...got].sort()) !== JSON.stringify([...step.reasons].sort())) return `expected reasons ${step.reasons.join(', ')}, got ${got.join(', ') || 'none'}`;
  }
  return undefined;
}

function said(step: TestStep): string[] {
  if (step.user !== undefined) return [`user: ${step.user}`];
  if (step.agent !== undefined) return [`agent: ${step.agent}`];
  if (step.location) return ['user: (location)'];
  if (step.photo) return [`user: (photo ${step.photo})`];
  return [];
}

function list(v: string | string[] | undefined): string[] {
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}
