/**
 * One turn's working state: the conversation (a copy the turn may change), what the bot says, what the runtime
 * should hear about, and the helpers every part of a turn uses to write texts and read slots.
 */
import { evaluate, parseCondition, truthy } from '../content/conditions';
import { render } from '../content/template';
import { inLanguage, type BotContent, type BotTextKey, type Flow, type Link, type Step, type Text } from '../content/types';
import { exampleDate } from '../slots';
import { defaultText } from './defaults';
import type { Button, ConversationState, EngineDeps, Frame, Input, Output, TurnResult } from './types';

const MAX_TRANSCRIPT = 200;

export class Turn {
  readonly outputs: Output[] = [];
  /** What the runtime hears besides the state and the outputs: a handover, the understanding, a started flow. */
  readonly result: Partial<TurnResult> = {};
  /** The resident's words this turn, for a flow that an answer leads into ("aan de balie, morgen om 9 uur"). */
  message = '';
  /** A file that came with this message, for a flow it starts ("kapotte lamp" with a photo). */
  file?: Extract<Input, { type: 'attachment' }>;
  /** Going through the flow again after a correction: steps already done stay quiet. */
  replaying = false;
  /** Rendering the summary: corrected answers get a mark. */
  marking = false;

  constructor(readonly state: ConversationState, readonly deps: EngineDeps) {}

  get content(): BotContent {
    return this.deps.content;
  }

  finish(): TurnResult {
    if (this.state.transcript.length > MAX_TRANSCRIPT) this.state.transcript = this.state.transcript.slice(-MAX_TRANSCRIPT);
    return { ...this.result, state: this.state, outputs: this.outputs };
  }

  // ---- texts and outputs

  /** A text in the conversation's language with its placeholders filled in; `vars` fills text-specific ones. */
  text(text: Text | undefined, vars: Record<string, string> = {}): string {
    if (text === undefined) return '';
    const raw = inLanguage(text, this.state.lang);
    return render(raw, (p) => (p.length === 1 && p[0] in vars ? vars[p[0]] : this.show(p)));
  }

  botText(key: BotTextKey, vars?: Record<string, string>): string {
    return this.text(this.content.bot.texts[key] ?? defaultText(key, this.state.lang), vars);
  }

  say(text: string, buttons?: Button[]): void {
    if (!text) return;
    this.outputs.push(buttons?.length ? { type: 'text', text, buttons } : { type: 'text', text });
    this.record('bot', text);
  }

  links(links: Link[] | undefined): void {
    for (const l of links ?? []) this.outputs.push({ type: 'link', title: this.text(l.title), url: this.text(l.url) });
  }

  record(from: 'resident' | 'bot', text: string): void {
    this.state.transcript.push({ from, text, at: this.deps.now().toISOString() });
  }

  menu(): Button[] {
    return (this.content.bot.menu ?? []).map((m) => ({ title: this.text(m.label), value: this.text(m.label) }));
  }

  yesNo(): Button[] {
    return this.state.lang === 'en'
      ? [{ title: 'Yes', value: 'yes' }, { title: 'No', value: 'no' }]
      : [{ title: 'Ja', value: 'ja' }, { title: 'Nee', value: 'nee' }];
  }

  // ---- slots and conditions

  /** `{slot}` reads what the resident sees ("dinsdag 14 maart"); `{slot.field}` reads into action results. */
  show(path: string[]): string | undefined {
    const [root, ...rest] = path;
    if (root === 'facts') return this.fact(rest[0]);
    if (root === 'bot') return rest[0] === 'name' ? this.content.bot.name : stringify(this.content.bot.assistant_name);
    if (root === 'example' && rest[0] === 'date') return exampleDate(this.deps.now(), this.state.lang);
    const f = this.state.frame;
    if (!f) return undefined;
    if (rest.length === 0 && f.shown[root]) return this.marking && f.corrected?.includes(root) ? `${f.shown[root]} (${this.botText('corrected_mark')})` : f.shown[root];
    const value = stringify(this.get(path));
    // A question that was skipped or not asked reads as a dash in a summary ("Foto: —"), not as nothing.
    if (value === undefined && rest.length === 0 && this.flow(f.flow).steps.some((s) => s.kind === 'ask' && s.ask === root)) return '—';
    return value;
  }

  /** A fact in the conversation's language: "{facts.openingstijden}" reads English in an English conversation. */
  private fact(name: string): string | undefined {
    const v = this.content.bot.facts[name];
    return typeof v === 'object' && v !== null ? this.text(v) : stringify(v);
  }

  get(path: string[]): unknown {
    const [root, ...rest] = path;
    if (root === 'facts') return this.fact(rest[0]);
    let v: unknown = this.state.frame?.slots[root];
    for (const k of rest) v = v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined;
    return v;
  }

  cond(src: string): boolean {
    return truthy(evaluate(parseCondition(src), (p) => this.get(p)));
  }

  setSlot(f: Frame, slot: string, value: unknown, display: string): void {
    f.slots[slot] = value;
    f.shown[slot] = display;
  }

  // ---- flows

  flow(id: string): Flow {
    const f = this.content.flows.get(id);
    if (!f) throw new Error(`flow "${id}" is not loaded`);
    return f;
  }

  currentStep(): Step | undefined {
    const f = this.state.frame;
    return f ? this.flow(f.flow).steps[f.step] : undefined;
  }

  /** The flow an intent starts, if any. */
  flowFor(intentId: string): Flow | undefined {
    return [...this.content.flows.values()].find((f) => f.triggers.includes(intentId));
  }

  indexOf(flowId: string, stepId: string): number {
    return this.flow(flowId).steps.findIndex((s) => s.id === stepId);
  }

  goNext(f: Frame, step: Step): void {
    f.step = step.next ? this.indexOf(f.flow, step.next) : f.step + 1;
  }
}

/** A value as residents read it: an option's label, a result's display text or reference, else the value itself. */
export function stringify(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return String(o.label ?? o.display ?? o.reference ?? JSON.stringify(v));
  }
  return String(v);
}
