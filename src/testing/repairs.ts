/**
 * The generated repair test (issue 11): for each flow's happy path, at each question, the resident repairs the
 * conversation in one of six ways (a correction of an earlier answer, giving up, asking for a person, "help", a
 * short question in between, "no preference"). Each combination must end as the resident meant: the flow done with
 * the corrected value, stopped, or with a person. Happy paths and phrases live in a YAML file beside the tests.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { inLanguage, isAsk, type AskStep } from '../content/types';
import { YamlFile } from '../content/yamlFile';
import type { ConversationState, TurnResult } from '../engine';
import { Loket, replyTexts } from '../runtime';
import { parseSlot } from '../slots';
import { MONTH_NAMES } from '../slots/calendar';
import type { Lang, SlotValue } from '../slots/types';
import { StandInAgent } from './agent';

export type RepairKind = 'correction' | 'cancel' | 'person' | 'help' | 'faq' | 'no_preference';
export const REPAIR_KINDS: readonly RepairKind[] = ['correction', 'cancel', 'person', 'help', 'faq', 'no_preference'];

interface Phrases {
  cancel: string;
  person: string;
  help: string;
  faq: { ask: string; answer: string };
  no_preference: string;
  /** How a correction starts ("nee, het is"), and what the bot says after one, after stopping, after help. */
  correct: string;
  corrected: string;
  cancelled: string;
  helped: string;
}

export interface HappyPath {
  flow: string;
  lang: Lang;
  start: string;
  /** The answer per question (slot), given whenever the bot asks it; "ja"/"yes" to the summary. */
  answers: Record<string, string>;
  /** Words in the bot's last reply when the flow is done. */
  done: string;
  /** Corrections to use instead of the generated one, per slot ("Het verloopt binnenkort"). */
  corrections?: Record<string, string>;
}

export interface RepairFile { bot: string; now: string; phrases: Record<Lang, Phrases>; paths: HappyPath[] }

export interface RepairResult { flow: string; lang: Lang; question: string; kind: RepairKind; failure?: string }

const MAX_TURNS = 40;

export function readRepairFile(path: string, root: string): RepairFile {
  const file = YamlFile.read(path, root);
  if (file.diagnostics.length) throw new Error(file.diagnostics.map((d) => `${d.file}:${d.line}:${d.col}: ${d.message}`).join('\n'));
  return file.data as RepairFile;
}

/** Runs every combination against a fresh bot (real NLU, actions on a scratch database, fixed clock). */
export async function runRepairs(data: RepairFile, root: string): Promise<RepairResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'loket-repairs-'));
  const now = () => new Date(data.now);
  const agent = new StandInAgent(now);
  const bot = await Loket.create({ botId: data.bot, root, dbFile: join(dir, 'repairs.sqlite'), handover: agent.queue, now, log: pino({ level: 'silent' }), deliver: false });
  agent.signIn(bot.botId);
  try {
    const results: RepairResult[] = [];
    let n = 0;
    for (const path of data.paths) {
      const rig = new Rig(bot, path, data.phrases[path.lang], () => `repair-${n++}`, now);
      const questions = await rig.questions();
      for (const [at, question] of questions.entries()) {
        for (const kind of REPAIR_KINDS) {
          const failure = await rig.tryRepair(at, kind);
          if (failure !== null) results.push({ flow: path.flow, lang: path.lang, question, kind, ...(failure ? { failure } : {}) });
        }
      }
    }
    return results;
  } finally {
    await bot.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

class Rig {
  private id = '';
  private last?: TurnResult;

  constructor(private readonly bot: Loket, private readonly path: HappyPath, private readonly p: Phrases, private readonly nextId: () => string, private readonly now: () => Date) {}

  /** The questions of the happy path, in the order they are asked ("datum", "summary"). */
  async questions(): Promise<string[]> {
    const asked: string[] = [];
    await this.begin();
    for (let i = 0; i < MAX_TURNS; i++) {
      const q = await this.open();
      if (!q) break;
      asked.push(q.name);
      await this.reply(q);
    }
    if (!this.said(this.path.done)) throw new Error(`the happy path of ${this.path.flow} (${this.path.lang}) does not end with "${this.path.done}"`);
    return asked;
  }

  /**
   * One combination: the happy path up to question `at`, the repair there, then on as the resident would. Null when
   * the repair does not apply there (nothing earlier to correct; "no preference" to a name); '' when it passed.
   */
  async tryRepair(at: number, kind: RepairKind): Promise<string | null> {
    await this.begin();
    for (let i = 0; i < at; i++) await this.reply((await this.open())!);
    const q = (await this.open())!;
    const state = await this.bot.state(this.id);
    switch (kind) {
      case 'cancel':
        await this.send(this.p.cancel);
        return (await this.bot.state(this.id)).frame || !this.said(this.p.cancelled) ? `not stopped: ${this.replies()}` : '';
      case 'person':
        await this.send(this.p.person);
        return (await this.bot.state(this.id)).handover?.reasons.includes('person') ? '' : `no handover to a person: ${this.replies()}`;
      case 'help':
        await this.send(this.p.help);
        if (!this.said(this.p.helped) || (await this.open())?.name !== q.name) return `no help, or not the same question again: ${this.replies()}`;
        return this.finish();
      case 'faq':
        await this.send(this.p.faq.ask);
        if (!this.said(this.p.faq.answer) || (await this.open())?.name !== q.name) return `no answer in between, or not the same question again: ${this.replies()}`;
        return this.finish();
      case 'no_preference':
        if (!q.step || !noPreferenceFits(q.step)) return null;
        await this.send(this.p.no_preference);
        if ((await this.open())?.name === q.name) return `"${this.p.no_preference}" not taken: ${this.replies()}`;
        return this.finish();
      case 'correction':
        return this.correct(state);
    }
  }

  private async correct(state: ConversationState): Promise<string | null> {
    const fix = this.correction(state);
    if (!fix) return null;
    await this.send(fix.text);
    const after = (await this.bot.state(this.id)).frame;
    if (!after || JSON.stringify(after.slots[fix.slot]) !== JSON.stringify(fix.value)) {
      return `"${fix.text}" did not change ${fix.slot} to ${JSON.stringify(fix.value)} (is ${JSON.stringify(after?.slots[fix.slot])}): ${this.replies()}`;
    }
    if (!this.said(this.p.corrected)) return `no word that it changed: ${this.replies()}`;
    return this.finish();
  }

  /** The most recent earlier answer this rig knows how to correct, with the words and the value it should become. */
  private correction(state: ConversationState): { slot: string; text: string; value: SlotValue } | undefined {
    const f = state.frame;
    if (!f) return undefined;
    const steps = this.bot.content.flows.get(f.flow)!.steps;
    for (const s of [...steps].reverse().filter(isAsk)) {
      if (f.slots[s.ask] === undefined || f.slots[s.ask] === null || steps.indexOf(s) === f.step) continue;
      const fix = this.path.corrections?.[s.ask] ?? alternative(s, f.slots[s.ask], this.path.lang);
      if (!fix) continue;
      if (s.type === 'text' || s.type === 'name') return { slot: s.ask, text: `${this.p.correct.split(',')[0]}, ${fix}`, value: fix.replace(/^.*\bis\s+/, '') };
      const parsed = parseSlot(s.type, { text: fix }, { now: this.now(), lang: this.path.lang, options: optionsOf(s, f.slots, this.path.lang), validate: s.validate });
      if (!parsed.ok || JSON.stringify(parsed.value) === JSON.stringify(f.slots[s.ask])) continue;
      return { slot: s.ask, text: `${this.p.correct} ${fix}`, value: parsed.value };
    }
    return undefined;
  }

  /** Answers whatever is asked until the flow ends; '' when it ends as the happy path does. */
  private async finish(): Promise<string> {
    for (let i = 0; i < MAX_TURNS; i++) {
      const q = await this.open();
      if (!q) break;
      await this.reply(q);
    }
    const s = await this.bot.state(this.id);
    if (s.frame || s.handover) return `did not end: ${this.replies()}`;
    return this.said(this.path.done) ? '' : `ended without "${this.path.done}": ${this.replies()}`;
  }

  private async begin(): Promise<void> {
    this.id = this.nextId();
    await this.send(this.path.start);
  }

  /** The question the bot waits on, or undefined when the flow is over. */
  private async open(): Promise<{ name: string; step?: AskStep } | undefined> {
    const f = (await this.bot.state(this.id)).frame;
    if (!f?.waiting || this.last?.handover) return undefined;
    const step = this.bot.content.flows.get(f.flow)!.steps[f.step];
    if (f.waiting === 'confirm') return { name: 'summary' };
    if (f.waiting === 'edit') return { name: 'edit' };
    return isAsk(step) ? { name: step.ask, step } : undefined; // only a question waits for an answer
  }

  private async reply(q: { name: string; step?: AskStep }): Promise<void> {
    if (q.name === 'summary') return this.send(this.path.lang === 'en' ? 'yes' : 'ja');
    const answer = this.path.answers[q.name] ?? (q.step?.type === 'choice' ? '1' : undefined);
    if (answer === undefined) throw new Error(`the happy path of ${this.path.flow} has no answer for "${q.name}"`);
    await this.send(answer);
  }

  private async send(text: string): Promise<void> {
    this.last = await this.bot.handle(this.id, { type: 'text', text });
  }

  private said(words: string): boolean {
    return replyTexts(this.last?.outputs ?? []).join('\n').toLowerCase().includes(words.toLowerCase());
  }

  private replies(): string {
    return JSON.stringify(replyTexts(this.last?.outputs ?? []));
  }
}

/** A choice's options as the resident sees them: from the flow, or from an action's result (free times). */
function optionsOf(s: AskStep, slots: Record<string, unknown>, lang: Lang): { value: string; label: string; synonyms?: string[] }[] {
  if (s.options) return s.options.map((o) => ({ value: o.value, label: inLanguage(o.label, lang), synonyms: o.synonyms }));
  let list: unknown = slots;
  for (const k of (s.options_from ?? '').split('.')) list = (list as Record<string, unknown> | undefined)?.[k];
  return Array.isArray(list) ? list.map((x: { id: string; label: string }) => ({ value: String(x.id), label: String(x.label) })) : [];
}

/** Where "maakt niet uit" is an answer: an optional question, a day, a time, or a choice with such an option. */
function noPreferenceFits(step: AskStep): boolean {
  return Boolean(step.optional) || step.type === 'date' || step.type === 'time' || Boolean(step.options?.some((o) => o.no_preference));
}

/** Another value of the same kind, as a resident would type it: the next house number, another day, another option. */
function alternative(step: AskStep, value: unknown, lang: Lang): string | undefined {
  switch (step.type) {
    case 'address': {
      const a = value as { street?: string; number?: number };
      return a.street && a.number ? `${a.street} ${a.number + 1}` : undefined;
    }
    case 'email':
      return `nieuw.${String(value)}`;
    case 'date': {
      const next = new Date(`${String(value)}T12:00:00Z`);
      next.setUTCDate(next.getUTCDate() + (next.getUTCDay() === 5 ? 3 : 1));
      return `${next.getUTCDate()} ${MONTH_NAMES[lang][next.getUTCMonth()]}`;
    }
    case 'time': {
      const hour = (Number(String(value).slice(0, 2)) + 1) % 24;
      return `${lang === 'en' ? 'at' : 'om'} ${hour}:00`;
    }
    case 'number':
      return String(Number(value) + 1);
    case 'choice': {
      if (step.options_from) return lang === 'en' ? 'the second' : 'de tweede';
      const other = step.options?.find((o) => o.value !== value && !o.goto);
      if (!other) return undefined;
      return inLanguage(other.label, lang);
    }
    case 'text':
    case 'name':
      return /naam|name/i.test(step.ask) ? (lang === 'en' ? 'my name is Anna Baker' : 'mijn naam is Anna Bakker') : undefined;
    default:
      return undefined;
  }
}

/** Passed and total, per repair kind and language, for `npm run bench`. */
export function summarize(results: RepairResult[]): { kind: string; lang: Lang; passed: number; total: number }[] {
  const rows = new Map<string, { kind: string; lang: Lang; passed: number; total: number }>();
  for (const r of results) {
    const key = `${r.kind}/${r.lang}`;
    const row = rows.get(key) ?? { kind: r.kind, lang: r.lang, passed: 0, total: 0 };
    row.total += 1;
    if (!r.failure) row.passed += 1;
    rows.set(key, row);
  }
  return [...rows.values()];
}
