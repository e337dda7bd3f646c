import { inLanguage, type Flow, type HandoverReason, type Intent, type Link, type Option, type Step, type Text } from '../content/types';
import { defaultErrorMessage, earliestDate, exampleDate, findInText, findStreetName, formatAddress, parseSlot } from '../slots';
import { parseYesNo } from '../slots/yesno';
import type { Address, ChoiceOption, HouseNumber, Lang, ParseContext, SlotInput, SlotType, SlotValue } from '../slots/types';
import { normalize } from '../text';
import { commandOf, isSkip } from './commands';
import { answerVariants, correctedName, names, noTimePreference, preference, readCorrection, RECOGNISABLE, slotWords, staleAfter, wantsToStop } from './repair';
import type { Preference } from './repair';
import { conditionRefs, evaluate, parseCondition, truthy } from '../content/conditions';
import { defaultText } from './defaults';
import { OFFER_SYNONYMS, offerButtons, queueText } from './handover';
import { prefillSlots, suggestion } from './prefill';
import { render, resolveArg } from '../content/template';
import type { Button, ConversationState, EngineDeps, Evidence, Frame, HandoverRequest, Input, Output, PolicyDecision, TurnResult, Understanding } from './types';

const MAX_STEPS_PER_TURN = 200;
/** How much of an offered first message the prompt quotes. */
const SUGGEST_LENGTH = 160;
const MAX_TRANSCRIPT = 200;
const MIN_CLARIFY_SCORE = 0.3;
/** Below the threshold, a product this likely is worth a "Wilt u een melding doen?" rather than "Sorry". */
const MIN_SUGGEST_SCORE = 0.25;
const DIGRESS_MIN_SCORE = 0.8;
const SWITCH_MIN_SCORE = 0.8;
const SWITCH_MIN_WORDS = 3;
const SUMMARY_LINES = 3;
const SUMMARY_LINE_LENGTH = 200;
/** How many of the resident's last messages may name the street a bare house number belongs to. */
const STREET_MEMORY = 4;
/** How sure the classifier alone must be to add a reason to a conversation that already waits for a person. */
const NEW_REASON_MIN_SCORE = 0.9;
/** Reasons whose handover message acknowledges the resident's situation, also when nobody can take over now. */
const ACKNOWLEDGED: readonly HandoverReason[] = ['emotional', 'complex'];

export function newState(lang: Lang): ConversationState {
  return { version: 1, lang, started: false, misunderstood: 0, transcript: [] };
}

/** One turn: (state, input) → (new state, outputs). The given state is never changed. */
export async function turn(state: ConversationState, input: Input, deps: EngineDeps): Promise<TurnResult> {
  const t = new Turn(structuredClone(state), deps);
  await t.run(input);
  return t.result();
}

/** The question of a flow that takes a photo or file, if it has one. */
function photoStep(flow: Flow): Step | undefined {
  return flow.steps.find((s) => s.ask !== undefined && s.type === 'attachment');
}

class Turn {
  private outputs: Output[] = [];
  private res: Partial<TurnResult> = {};
  /** A file that came with this message, for a flow it starts ("kapotte lamp" with a photo). */
  private file?: Extract<Input, { type: 'attachment' }>;
  /** Going through the flow again after a correction: steps already done stay quiet. */
  private replaying = false;
  /** Rendering the summary: corrected answers get a mark. */
  private marking = false;

  constructor(private s: ConversationState, private deps: EngineDeps) {}

  result(): TurnResult {
    if (this.s.transcript.length > MAX_TRANSCRIPT) this.s.transcript = this.s.transcript.slice(-MAX_TRANSCRIPT);
    return { ...this.res, state: this.s, outputs: this.outputs };
  }

  async run(input: Input): Promise<void> {
    if (input.type === 'start') return this.welcome();
    this.s.started = true;
    if (input.type === 'attachment') this.file = input;
    this.record('resident', describeInput(input));
    const text = input.type === 'text' ? input.text : input.type === 'attachment' ? input.text ?? '' : '';
    if (this.s.handover) return this.whileHandedOver(text);
    if (this.s.offer) {
      if (await this.resolveOffer(text)) return;
      this.s.offer = undefined;
    }
    // "help" and "stop" mean the same everywhere: a command, never a reason to hand over.
    const cmd = text ? commandOf(text) : undefined;
    if (cmd) return this.command(cmd);
    const u = text.trim() ? await this.deps.understand(text, this.s.lang) : undefined;
    if (u) {
      this.res.understanding = u;
      if ((!this.s.frame && !this.s.clarify) || u.langPlain) this.s.lang = u.lang;
      const d = this.deps.decide(u, this.s.frame?.waiting !== undefined);
      this.res.decision = d;
      // Giving up on a flow in one's own words ("laat maar, annuleren") comes after a crisis, before anything else;
      // "laat maar, overslaan" on a question that may be skipped skips it. "help, hoe stuur ik een foto?" is help.
      if (this.s.frame && !d.reasons.includes('crisis') && wantsToStop(text) && !this.skips(text)) return this.command('stop');
      if (!d.reasons.includes('crisis') && commandOf(text.split(/[,.!?;:]/)[0] ?? '') === 'help') return this.command('help');
      if (d.handover && !this.isAnswer(input, d)) return this.handover(d.reasons, d.priority, d.evidence);
    }
    if (this.s.frame?.waiting) return this.answer(input, u);
    const pressed = this.menuIntent(text);
    if (pressed?.handover) return this.handover([pressed.handover], 'normal');
    if (pressed) return this.act(pressed, u, text);
    if (this.s.clarify && u && (await this.resolveClarify(text))) return;
    this.s.clarify = undefined;
    this.s.clarifyText = undefined;
    if (!u && input.type === 'attachment') return this.photoFirst();
    if (!u) return this.notUnderstood();
    return this.route(u, text);
  }

  /**
   * A photo sent before anything else ("this is what is broken"): the one flow that asks for a photo starts, and the
   * photo fills that question (see startFlow). Without exactly one such flow it is not understood.
   */
  private async photoFirst(): Promise<void> {
    const takers = [...this.deps.content.flows.values()].filter((flow) => flow.triggers.length && photoStep(flow));
    if (takers.length !== 1) return this.notUnderstood();
    this.s.misunderstood = 0;
    await this.startFlow(takers[0], undefined, '', { intent: takers[0].triggers[0] });
  }

  /**
   * In a flow, "ja graag" or "geen idee" is an answer to the open question, whatever the classifier makes of it. A
   * crisis always interrupts; so does a request for a person ("kan ik niet gewoon iemand spreken?") or a keyword
   * ("ik wil een medewerker") in what is not a valid answer. A description (a text question) takes anything, so there
   * only a keyword counts: "kan iemand dit komen maken?" is part of a melding.
   */
  private isAnswer(input: Input, d: PolicyDecision): boolean {
    const f = this.s.frame;
    const step = this.currentStep();
    if (!f?.waiting || !step || d.reasons.includes('crisis')) return false;
    const byKeyword = d.reasons.some((r) => d.signals[r] === 'keyword');
    if (f.waiting === 'answer' && step.type === 'text') return !byKeyword;
    if (!byKeyword && !d.reasons.includes('person')) return true;
    if (f.waiting === 'confirm') return parseSlot('yesno', slotInput(input), { now: this.deps.now(), lang: this.s.lang }).ok;
    if (f.waiting !== 'answer') return false;
    return parseSlot(answerType(step, input), slotInput(input), this.parseContext(step, this.options(step))).ok;
  }

  // ---- texts and outputs

  /** A text in the conversation's language with its placeholders filled in; `vars` fills text-specific ones. */
  private t(text: Text | undefined, vars: Record<string, string> = {}): string {
    if (text === undefined) return '';
    const raw = inLanguage(text, this.s.lang);
    return render(raw, (p) => (p.length === 1 && p[0] in vars ? vars[p[0]] : this.show(p)));
  }

  private botText(key: Parameters<typeof defaultText>[0], vars?: Record<string, string>): string {
    return this.t(this.deps.content.bot.texts[key] ?? defaultText(key, this.s.lang), vars);
  }

  private say(text: string, buttons?: Button[]): void {
    if (!text) return;
    this.outputs.push(buttons?.length ? { type: 'text', text, buttons } : { type: 'text', text });
    this.record('bot', text);
  }

  private links(links: Link[] | undefined): void {
    for (const l of links ?? []) this.outputs.push({ type: 'link', title: this.t(l.title), url: this.t(l.url) });
  }

  private record(from: 'resident' | 'bot', text: string): void {
    this.s.transcript.push({ from, text, at: this.deps.now().toISOString() });
  }

  /** `{slot}` reads what the resident sees ("dinsdag 14 maart"); `{slot.field}` reads into action results. */
  private show(path: string[]): string | undefined {
    const [root, ...rest] = path;
    if (root === 'facts') return this.fact(rest[0]);
    if (root === 'bot') return rest[0] === 'name' ? this.deps.content.bot.name : stringify(this.deps.content.bot.assistant_name);
    if (root === 'example' && rest[0] === 'date') return exampleDate(this.deps.now(), this.s.lang);
    const f = this.s.frame;
    if (!f) return undefined;
    if (rest.length === 0 && f.shown[root]) return this.marking && f.corrected?.includes(root) ? `${f.shown[root]} (${this.botText('corrected_mark')})` : f.shown[root];
    const value = stringify(this.get(path));
    // A question that was skipped or not asked reads as a dash in a summary ("Foto: —"), not as nothing.
    if (value === undefined && rest.length === 0 && this.flow(f.flow).steps.some((s) => s.ask === root)) return '—';
    return value;
  }

  /** A fact in the conversation's language: "{facts.openingstijden}" reads English in an English conversation. */
  private fact(name: string): string | undefined {
    const v = this.deps.content.bot.facts[name];
    return typeof v === 'object' && v !== null ? this.t(v) : stringify(v);
  }

  private get(path: string[]): unknown {
    const [root, ...rest] = path;
    if (root === 'facts') return this.fact(rest[0]);
    let v: unknown = this.s.frame?.slots[root];
    for (const k of rest) v = v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined;
    return v;
  }

  private cond(src: string): boolean {
    return truthy(evaluate(parseCondition(src), (p) => this.get(p)));
  }

  // ---- conversation-level behaviour

  private welcome(): void {
    if (this.s.started) return;
    this.s.started = true;
    this.say(this.botText('welcome'), this.menu());
  }

  private menu(): Button[] {
    return (this.deps.content.bot.menu ?? []).map((m) => ({ title: this.t(m.label), value: this.t(m.label) }));
  }

  private command(cmd: NonNullable<ReturnType<typeof commandOf>>): Promise<void> | void {
    if (cmd === 'stop') {
      const had = this.s.frame;
      this.s.frame = undefined;
      return this.say(had ? this.botText('cancelled') : this.botText('anything_else'), this.menu());
    }
    if (cmd === 'restart') {
      this.s.frame = undefined;
      this.s.clarify = undefined;
      this.s.clarifyText = undefined;
      this.s.misunderstood = 0;
      return this.say(`${this.botText('restarted')}\n\n${this.botText('welcome')}`, this.menu());
    }
    if (cmd === 'back') return this.back();
    this.say(this.botText('help'));
    if (this.s.frame?.waiting) this.reask(this.s.frame);
  }

  /** The open question once more, after help or a short answer in between: a question, the summary or "what to change". */
  private reask(f: Frame, prefix?: string): void {
    const step = this.currentStep()!;
    if (f.waiting === 'confirm') return this.say([prefix, this.summaryText(step)].filter(Boolean).join('\n\n'), this.yesNo());
    if (f.waiting === 'edit') return this.say([prefix, this.botText('what_to_change')].filter(Boolean).join('\n\n'), this.editButtons(f, step));
    this.prompt(step, f, prefix);
  }

  private back(): Promise<void> | void {
    const f = this.s.frame;
    const prev = f?.history.pop();
    if (!f || prev === undefined) return this.say(this.botText('nothing_to_go_back'));
    const slot = this.flow(f.flow).steps[prev].ask!;
    delete f.slots[slot];
    delete f.shown[slot];
    f.step = prev;
    f.waiting = undefined;
    f.retries = 0;
    return this.advance();
  }

  /**
   * The policy (or a flow) wants a person. Crisis hears 112/113 first, whatever happens next. With someone there,
   * the conversation joins the queue; outside office hours or with nobody signed in, the resident is told so and
   * offered a callback or the bot.
   */
  private handover(reasons: HandoverReason[], priority: 'urgent' | 'normal', evidence?: Evidence[]): void {
    const messages = this.deps.content.bot.handover.messages;
    if (reasons.includes('crisis')) this.say(this.t(messages.crisis));
    this.s.lastHandover = { reasons, priority, summary: this.summary() };
    const { open, agents, opensAt } = this.deps.staffing;
    if (!open || !agents) {
      const why = open ? 'no_agents' : 'closed';
      // An angry or worried resident hears first that they were heard, then that nobody can chat now.
      const heard = reasons.find((r) => ACKNOWLEDGED.includes(r) && messages[r]);
      if (heard) this.say(this.t(messages[heard]));
      this.s.offer = 'unavailable';
      // Without a next opening to name (no periods in the coming weeks), "nobody is free" is still true.
      const text = why === 'closed' && !opensAt ? 'no_agents' : why;
      this.say(queueText(this.deps.content, this.s.lang, text, { opens: opensAt ?? '' }), offerButtons(this.deps.content, this.s.lang, 'unavailable'));
      const request = this.handoverRequest(reasons, priority, evidence);
      this.res.handover = { ...request, unavailable: why };
      this.res.handoff = [{ kind: 'initiate', request }, { kind: 'status', state: 'failed', message: why === 'closed' ? 'outside office hours' : 'no agent available' }];
      return;
    }
    const main = reasons.find((r) => r !== 'crisis' && messages[r]);
    this.say(this.t(main ? messages[main] : messages.default));
    if (this.s.frame) this.s.frame.waiting = undefined;
    this.s.handover = { reasons, priority, at: this.deps.now().toISOString(), status: 'pending' };
    this.res.handover = this.handoverRequest(reasons, priority, evidence);
    this.res.handoff = [{ kind: 'initiate', request: this.res.handover }];
  }

  private handoverRequest(reasons: HandoverReason[], priority: 'urgent' | 'normal', evidence?: Evidence[]): HandoverRequest {
    const f = this.s.frame;
    return { reasons, ...(evidence?.length ? { evidence } : {}), priority, flow: f?.flow, slots: { ...(f?.shown ?? {}) }, transcript: [...this.s.transcript] };
  }

  /** The resident's last few messages, for a callback task. */
  private summary(): string {
    return this.s.transcript.filter((l) => l.from === 'resident').slice(-SUMMARY_LINES).map((l) => l.text.slice(0, SUMMARY_LINE_LENGTH)).join(' / ');
  }

  /**
   * A person has (or will get) the conversation: messages go to them. Waiting residents can still stop waiting and
   * hear once that their words are passed on. A crisis is answered at once with 112/113 whoever has the conversation,
   * and moves it to the front of the queue.
   */
  private async whileHandedOver(text: string): Promise<void> {
    const h = this.s.handover!;
    const from = this.s.transcript.length - 1;
    if (h.status === 'pending' && text) {
      if (this.s.offer === 'waiting_long' && (await this.resolveOffer(text))) return;
      if (commandOf(text) === 'stop') {
        this.withdraw();
        return this.say(queueText(this.deps.content, this.s.lang, 'cancelled'), this.menu());
      }
    }
    const { crisis, reasons } = text.trim() ? await this.reasonsIn(text) : { crisis: false, reasons: [] };
    if (crisis && !h.reasons.includes('crisis')) {
      this.say(this.t(this.deps.content.bot.handover.messages.crisis));
      h.reasons = ['crisis', ...h.reasons];
      h.priority = 'urgent';
      this.res.escalate = true;
    } else if (h.status === 'pending' && !h.acknowledged) {
      this.say(queueText(this.deps.content, this.s.lang, 'while_waiting'));
      h.acknowledged = true;
    }
    // Anger or despair shown while waiting reaches the person's tags, not only the transcript.
    const added = reasons.filter((r) => !h.reasons.includes(r));
    if (added.length) {
      h.reasons = [...h.reasons, ...added];
      this.res.newReasons = added;
    }
    this.res.forward = this.s.transcript.slice(from);
  }

  /**
   * A crisis counts as it would as a first message. Other reasons need their own words, or the classifier very sure
   * ("ja hoor, ik ben er weer" is not anger): the conversation already has its person, a wrong tag only misleads.
   */
  private async reasonsIn(text: string): Promise<{ crisis: boolean; reasons: HandoverReason[] }> {
    const u = await this.deps.understand(text, this.s.lang);
    const sure = this.deps.decide(u, true);
    const strong = sure.evidence.filter((e) => e.reason !== 'crisis' && (e.signal === 'keyword' || e.score >= NEW_REASON_MIN_SCORE)).map((e) => e.reason as HandoverReason);
    return { crisis: this.deps.decide(u, false).reasons.includes('crisis'), reasons: sure.handover ? strong : [] };
  }

  private withdraw(): void {
    this.s.handover = undefined;
    this.s.frame = undefined;
    this.res.cancelHandover = true;
    this.res.handoff = [{ kind: 'status', state: 'completed', message: 'the resident stopped waiting' }];
  }

  /** An answer to "callback, the bot, or keep waiting?"; false when the message is about something else. */
  private async resolveOffer(text: string): Promise<boolean> {
    const offer = this.s.offer!;
    const titles = offerButtons(this.deps.content, this.s.lang, offer).map((b) => b.title);
    const values = offer === 'waiting_long' ? (['callback', 'wait', 'bot'] as const) : (['callback', 'bot'] as const);
    const options: ChoiceOption[] = values.map((v, i) => ({ value: v, label: titles[i], synonyms: OFFER_SYNONYMS[v] }));
    const parsed = text ? parseSlot('choice', { text }, { now: this.deps.now(), lang: this.s.lang, options }) : undefined;
    if (!parsed?.ok) return false;
    this.s.offer = undefined;
    if (parsed.value === 'wait') return this.say(queueText(this.deps.content, this.s.lang, 'keep_waiting')), true;
    if (this.s.handover) this.withdraw();
    if (parsed.value === 'callback') {
      const flow = this.deps.content.flows.get(this.deps.content.bot.handover.callback_flow ?? 'terugbelverzoek');
      if (flow) return await this.startFlow(flow, undefined, ''), true;
    }
    const f = this.s.frame;
    if (f?.waiting) this.reask(f, this.botText('resume'));
    else this.say(this.botText('anything_else'), this.menu());
    return true;
  }

  /**
   * Understood, and not something the municipality's bot does (football, a webshop, spam): an honest answer with what
   * it can do. It is not a misunderstanding, so it never leads to a handover.
   */
  private notForUs(intent: Intent): void {
    this.s.misunderstood = 0;
    this.say(intent.answer ? this.t(intent.answer) : this.botText('fallback'), this.menu());
    this.links(intent.links);
  }

  private notUnderstood(): void {
    this.s.misunderstood += 1;
    const limit = this.deps.content.bot.handover.after_misunderstood ?? 3;
    if (this.s.misunderstood >= limit) return this.handover(['not_understood'], 'normal');
    this.say(this.botText('fallback'), this.menu());
  }

  // ---- routing a message outside a flow

  private async route(u: Understanding, text: string): Promise<void> {
    const intent = u.intent ? this.deps.content.intents.get(u.intent) : undefined;
    if (intent?.out_of_scope) return this.notForUs(intent);
    if (!intent || u.outOfScope) {
      const guess = this.guess(u);
      return guess ? this.askClarify([guess], text) : this.notUnderstood();
    }
    const close = this.closeCall(u);
    if (close) return this.askClarify(close, text);
    this.s.misunderstood = 0;
    return this.act(intent, u, text);
  }

  /** The open question may be skipped and the resident says so ("laat maar, overslaan"). */
  private skips(text: string): boolean {
    const step = this.currentStep();
    return Boolean(this.s.frame?.waiting === 'answer' && step?.optional && /\b(?:overslaan|sla (?:\w+ )?over|skip)\b/i.test(text));
  }

  /** A press on a menu button goes straight to its intent, without asking the classifier. */
  private menuIntent(text: string): Intent | undefined {
    const n = normalize(text);
    const item = n ? (this.deps.content.bot.menu ?? []).find((m) => normalize(this.t(m.label)) === n) : undefined;
    return item && this.deps.content.intents.get(item.intent);
  }

  private async act(intent: Intent, u: Understanding | undefined, text: string): Promise<void> {
    this.s.clarify = undefined;
    this.s.clarifyText = undefined;
    const flow = this.flowFor(intent.id);
    if (flow) return this.startFlow(flow, u, text, { intent: intent.id });
    if (intent.answer) {
      this.say(this.t(intent.answer));
      this.links(intent.links);
      return;
    }
    this.notUnderstood();
  }

  private flowFor(intentId: string): Flow | undefined {
    return [...this.deps.content.flows.values()].find((f) => f.triggers.includes(intentId));
  }

  /** Two plausible intents with different outcomes and close scores: ask instead of guessing. */
  private closeCall(u: Understanding): { intent: string; title: string }[] | undefined {
    const margin = this.deps.content.bot.nlu?.clarify_margin ?? 0.15;
    const [a, b] = u.ranking;
    // Scores share one unit between all intents, so a runner-up near the winner is already a strong candidate.
    if (!a || !b || b.score < MIN_CLARIFY_SCORE || a.score - b.score >= margin) return undefined;
    if (u.keywords.includes(a.intent) && !u.keywords.includes(b.intent)) return undefined;
    const options = [a, b].map((r) => ({ intent: r.intent, title: this.intentTitle(r.intent) }));
    if (options.some((o) => !o.title) || options[0].title === options[1].title) return undefined;
    return options as { intent: string; title: string }[];
  }

  /** Not sure enough to act, but one flow leads: ask about it (Rasa's two-stage fallback) instead of "Sorry". */
  private guess(u: Understanding): { intent: string; title: string } | undefined {
    const [a, b] = u.ranking;
    if (!a || a.score < MIN_SUGGEST_SCORE || (b && a.score - b.score < (this.deps.content.bot.nlu?.clarify_margin ?? 0.15))) return undefined;
    const title = this.flowFor(a.intent) ? this.intentTitle(a.intent) : '';
    return title ? { intent: a.intent, title } : undefined;
  }

  private intentTitle(id: string): string {
    const intent = this.deps.content.intents.get(id);
    if (!intent || intent.handover || intent.out_of_scope) return '';
    if (intent.label) return this.t(intent.label);
    const flow = this.flowFor(id);
    return flow ? this.t(flow.title) : '';
  }

  private askClarify(options: { intent: string; title: string }[], asked: string): void {
    this.s.clarify = options;
    this.s.clarifyText = asked;
    const text = options.length === 1 ? this.botText('clarify_one', { a: options[0].title }) : this.botText('clarify', { a: options[0].title, b: options[1].title });
    const buttons = options.map((o) => ({ title: capitalize(o.title), value: capitalize(o.title) }));
    this.say(text, [...buttons, { title: this.noneOfThese(), value: this.noneOfThese() }]);
  }

  private noneOfThese(): string {
    return this.s.lang === 'en' ? 'Something else' : 'Iets anders';
  }

  private async resolveClarify(text: string): Promise<boolean> {
    const options = this.s.clarify!;
    const asked = this.s.clarifyText ?? '';
    const opts: ChoiceOption[] = options.map((o) => ({ value: o.intent, label: o.title }));
    const parsed = parseSlot('choice', { text }, { now: this.deps.now(), lang: this.s.lang, options: opts });
    // "Bedoelt u: een melding …?" — "ja", or going on with what that flow asks ("Het betreft de Beukenlaan 13").
    const yes = options.length === 1 && (parseYesNo(text) === true || this.goesOnWith(options[0].intent, text));
    if (!parsed.ok && !yes) return false;
    this.s.clarify = undefined;
    this.s.clarifyText = undefined;
    const intent = this.deps.content.intents.get(parsed.ok ? String(parsed.value) : options[0].intent);
    if (!intent) return false;
    // The first message still counts: "… betreffende het riool" fills the category.
    const both = yes && parseYesNo(text) !== true ? `${asked}\n${text}` : asked;
    const u = both ? await this.deps.understand(both, this.s.lang) : undefined;
    await this.act(intent, u, both);
    return true;
  }

  private goesOnWith(intentId: string, text: string): boolean {
    const flow = this.flowFor(intentId);
    const asks = flow?.steps.filter((s) => s.ask && s.prefill && s.type !== 'text') ?? [];
    return Boolean(flow && prefillSlots({ ...flow, steps: asks }, [], text, { now: this.deps.now(), lang: this.s.lang }, this.deps.content.entities).length);
  }

  // ---- flows

  private flow(id: string): Flow {
    const f = this.deps.content.flows.get(id);
    if (!f) throw new Error(`flow "${id}" is not loaded`);
    return f;
  }

  private currentStep(): Step | undefined {
    const f = this.s.frame;
    return f ? this.flow(f.flow).steps[f.step] : undefined;
  }

  private async startFlow(flow: Flow, u: Understanding | undefined, text: string, slots: Record<string, unknown> = {}): Promise<void> {
    const frame: Frame = { flow: flow.id, step: 0, slots: {}, shown: {}, retries: 0, history: [] };
    this.s.frame = frame;
    this.res.startedFlow ??= flow.id;
    // A value carried in ("rijbewijs") reads as its option does there ("Rijbewijs").
    for (const [k, v] of Object.entries(slots)) this.setSlot(frame, k, v, this.optionLabel(flow, k, v) ?? stringify(v) ?? '');
    const step = this.file && photoStep(flow);
    if (step) {
      const parsed = parseSlot('attachment', slotInput(this.file!), this.parseContext(step, []));
      if (parsed.ok) this.setSlot(frame, step.ask!, parsed.value, parsed.display);
    }
    if (u) {
      const ctx = { now: this.deps.now(), lang: this.s.lang };
      for (const p of prefillSlots(flow, u.entities, text, ctx, this.deps.content.entities)) this.setSlot(frame, p.slot, p.value, p.display);
      for (const s of flow.steps) {
        const offered = s.ask ? suggestion(s, text) : undefined;
        if (offered) (frame.suggested ??= {})[s.ask!] = offered;
      }
    }
    await this.advance();
  }

  private optionLabel(flow: Flow, slot: string, value: unknown): string | undefined {
    const label = flow.steps.find((s) => s.ask === slot)?.options?.find((o) => o.value === value)?.label;
    return label === undefined ? undefined : this.t(label);
  }

  private setSlot(f: Frame, slot: string, value: unknown, display: string): void {
    f.slots[slot] = value;
    f.shown[slot] = display;
  }

  private goNext(f: Frame, step: Step): void {
    f.step = step.next ? this.indexOf(f.flow, step.next) : f.step + 1;
  }

  private indexOf(flowId: string, stepId: string): number {
    return this.flow(flowId).steps.findIndex((s) => s.id === stepId);
  }

  /** Runs steps until one waits for the resident or the flow ends. */
  private async advance(): Promise<void> {
    for (let n = 0; n < MAX_STEPS_PER_TURN; n++) {
      const f = this.s.frame;
      if (!f) return;
      const step = this.flow(f.flow).steps[f.step];
      if (!step) return void (this.s.frame = undefined);
      if (step.when && !this.cond(step.when)) {
        f.step += 1;
        continue;
      }
      if (!(await this.execute(f, step))) return;
    }
    throw new Error(`flow "${this.s.frame?.flow}" runs in a loop without asking anything`);
  }

  /** Executes one step; returns whether to go on with the next one. */
  private async execute(f: Frame, step: Step): Promise<boolean> {
    if (step.say !== undefined) {
      if (!this.replaying || !f.visited?.includes(f.step)) {
        for (const t of Array.isArray(step.say) ? step.say : [step.say]) this.say(this.t(t));
        this.links(step.links);
        this.visit(f);
      }
    } else if (step.ask !== undefined) {
      if (step.ask in f.slots) return this.skipAnswered(f, step), true;
      this.prompt(step, f);
      return false;
    } else if (step.branch) {
      const hit = step.branch.find((b) => ('if' in b ? this.cond(b.if) : true));
      const target = hit && ('if' in hit ? hit.goto : hit.else);
      if (target) return (f.step = this.indexOf(f.flow, target)), true;
    } else if (step.action !== undefined) {
      // After a correction, an action runs again only when its result went stale.
      if (this.replaying && f.visited?.includes(f.step) && !(step.result && !(step.result in f.slots))) return this.goNext(f, step), true;
      this.visit(f);
      return this.callAction(f, step);
    } else if (step.confirm !== undefined) {
      f.waiting = 'confirm';
      this.say(this.summaryText(step), this.yesNo());
      return false;
    } else if (step.goto_flow !== undefined) {
      const carried = Object.fromEntries(Object.entries(step.with ?? {}).map(([k, v]) => [k, resolveArg(v, (p) => this.get(p), (p) => this.show(p))]));
      await this.startFlow(this.flow(step.goto_flow), undefined, '', carried);
      return false;
    } else if (step.handover !== undefined) {
      this.handover([step.handover], 'normal');
      return false;
    } else if (step.end !== undefined) {
      if (step.end !== true) this.say(this.t(step.end));
      this.links(step.links);
      this.s.frame = undefined;
      return false;
    }
    this.goNext(f, step);
    return true;
  }

  private visit(f: Frame): void {
    if (!f.visited?.includes(f.step)) (f.visited ??= []).push(f.step);
  }

  /** A question answered before it was asked (prefilled, or in an earlier turn): on to the next, or to its option's goto. */
  private skipAnswered(f: Frame, step: Step): void {
    const goto = step.options?.find((o) => o.value === f.slots[step.ask!])?.goto;
    if (goto) f.step = this.indexOf(f.flow, goto);
    else this.goNext(f, step);
  }

  private summaryText(step: Step): string {
    this.marking = true;
    try {
      return this.t(step.confirm);
    } finally {
      this.marking = false;
    }
  }

  private yesNo(): Button[] {
    return this.s.lang === 'en'
      ? [{ title: 'Yes', value: 'yes' }, { title: 'No', value: 'no' }]
      : [{ title: 'Ja', value: 'ja' }, { title: 'Nee', value: 'nee' }];
  }

  /** A choice's options; with `entity:`, an option also answers to that entity's synonyms ("een losse stoeptegel"). */
  private options(step: Step): (Option & { label: string })[] {
    const entity = step.entity ? this.deps.content.entities.get(step.entity) : undefined;
    const more = (value: string) => entity?.values?.find((v) => v.value === value)?.synonyms ?? [];
    if (step.options) return step.options.map((o) => ({ ...o, label: this.t(o.label), synonyms: [...(o.synonyms ?? []), ...more(o.value)] }));
    const list = step.options_from ? this.get(step.options_from.split('.')) : undefined;
    if (!Array.isArray(list)) return [];
    return list.map((x: { id?: unknown; value?: unknown; label?: unknown }) => ({ value: String(x.id ?? x.value), label: String(x.label ?? x.id) }));
  }

  private prompt(step: Step, f: Frame, prefix?: string): void {
    f.waiting = 'answer';
    // Only offer what the channel can do: the web chat has no button to share a location.
    const hint = step.type === 'address' && this.deps.sharesLocation ? this.botText('share_location') : '';
    const offered = f.suggested?.[step.ask!];
    const suggest = offered ? this.botText('suggest', { text: offered.length > SUGGEST_LENGTH ? `${offered.slice(0, SUGGEST_LENGTH)}…` : offered }) : '';
    const text = [prefix, [this.t(step.prompt), hint].filter(Boolean).join(' '), suggest].filter(Boolean).join('\n\n');
    const buttons = step.type === 'choice' ? this.options(step).map((o) => ({ title: o.label, value: o.label })) : [];
    if (offered) buttons.push(this.yesNo()[0]);
    if (step.type === 'yesno') buttons.push(...this.yesNo());
    if (step.optional) buttons.push({ title: this.s.lang === 'en' ? 'Skip' : 'Overslaan', value: this.s.lang === 'en' ? 'skip' : 'overslaan' });
    this.say(text, buttons);
  }

  private async callAction(f: Frame, step: Step): Promise<boolean> {
    const action = this.deps.action(step.action!);
    const args = Object.fromEntries(Object.entries(step.with ?? {}).map(([k, v]) => [k, resolveArg(v, (p) => this.get(p), (p) => this.show(p))]));
    const config = this.deps.content.bot.actions?.[step.action!] ?? {};
    const ctx = { ...this.deps.actionContext(this.s), config, lang: this.s.lang, now: this.deps.now() };
    const result = action ? await action.run(args, ctx).catch((e: Error) => ({ ok: false as const, error: 'exception', detail: e.message })) : { ok: false as const, error: 'unknown_action' };
    if (result.ok) {
      if (step.result) f.slots[step.result] = result.data;
      this.goNext(f, step);
      return true;
    }
    if (step.result) f.slots[step.result] = { error: result.error };
    if (step.on_error) return (f.step = this.indexOf(f.flow, step.on_error)), true;
    this.say(this.botText('action_failed'));
    this.s.frame = undefined;
    return false;
  }

  // ---- answers to a question in a flow

  /**
   * An answer to the open question, in the order residents repair a conversation: a correction of an earlier answer,
   * then "no preference", then the answer itself (with anything else it answers), and only then a digression.
   */
  private async answer(input: Input, u: Understanding | undefined): Promise<void> {
    const f = this.s.frame!;
    const step = this.currentStep()!;
    const text = input.type === 'text' ? input.text : '';
    const pref = text && f.waiting === 'answer' ? preference(text) : undefined;
    if (pref && (await this.noPreference(f, step, pref, text))) return;
    if (text && (await this.correct(f, step, input, text))) return;
    if (f.waiting === 'confirm') return this.answerConfirm(f, step, input, u);
    if (f.waiting === 'edit') return this.answerEdit(f, step, input);
    // "Ja" to "U schreef al: …. Klopt dat?": the first message is the answer.
    const offered = f.suggested?.[step.ask!];
    if (offered && bareYesNo(text) && parseYesNo(text) === true) return this.accept(f, step, offered, offered, undefined);
    // A clear question in between ("hoe laat is het gemeentehuis open?") is not a description or a choice.
    if (u && (step.type === 'text' || step.type === 'choice') && isQuestion(text) && (await this.shortAnswer(f, u))) return;
    const options = this.options(step);
    const context = this.parseContext(step, options);
    let parsed = parseSlot(answerType(step, input), slotInput(input), context);
    for (const variant of parsed.ok || !text ? [] : answerVariants(text)) {
      const again = parseSlot(answerType(step, input), { text: variant }, context);
      if (again.ok) {
        parsed = again;
        break;
      }
    }
    if (parsed.ok) {
      this.fillAhead(f, text);
      if (step.type !== 'text') this.fillBehind(f, text);
      return this.accept(f, step, parsed.value, parsed.display, options.find((o) => o.value === parsed.value));
    }
    // "zaterdag" to a date question on a closed day is a wrong answer, not a question about the milieustraat.
    const answerAttempt = parsed.error !== 'not_understood' && parsed.error !== 'no_match';
    if (step.optional && text && isSkip(text)) return this.accept(f, step, null, '', undefined);
    if (step.type === 'yesno' && text && (await this.yesByValue(f, step, text))) return;
    // "Kapelstraat 17" to "Waar gaat uw melding over?" does not answer it, but the address is kept for its question;
    // an e-mail address to "Heeft u een foto?" says there is no photo.
    // A question in between ("hoe laat is het gemeentehuis open?") is answered first and fills nothing.
    const ahead = isQuestion(text) ? 0 : this.fillAhead(f, text);
    if (ahead && step.optional && !this.file) return this.accept(f, step, null, '', undefined);
    if (u && !ahead && !answerAttempt && !bareYesNo(text) && (await this.digress(f, step, u, text))) return;
    if (isQuestion(text)) this.fillAhead(f, text);
    return this.retry(f, step, defaultErrorMessage(parsed.error, step.type!, this.s.lang));
  }

  /**
   * "Wilt u per e-mail horen …?" answered with the e-mail address itself: yes, and the question that only comes after
   * a yes (`when: "contact == true"`) is answered too.
   */
  private async yesByValue(f: Frame, step: Step, text: string): Promise<boolean> {
    const next = this.flow(f.flow).steps.find((s) => s.ask && s.when?.replace(/\s+/g, ' ').trim() === `${step.ask} == true`);
    const found = next?.type ? findInText(next.type, text, { now: this.deps.now(), lang: this.s.lang, validate: next.validate }) : null;
    if (!next || !found) return false;
    this.setSlot(f, next.ask!, found.value, found.display);
    await this.accept(f, step, true, this.s.lang === 'en' ? 'Yes' : 'Ja', undefined);
    return true;
  }

  /** "maakt niet uit": skip what may be skipped, the earliest day or time, or the option meant for it. */
  private async noPreference(f: Frame, step: Step, pref: Preference, text: string): Promise<boolean> {
    const ctx = this.parseContext(step, []);
    const en = this.s.lang === 'en';
    if (step.type === 'date') {
      const day = earliestDate(ctx);
      if (!day) return false;
      this.anyTime(f, step.ask!, text);
      return await this.accept(f, step, day.value, day.display, undefined), true;
    }
    if (step.type === 'time' && (pref === 'earliest' || !step.optional)) {
      return await this.accept(f, step, '00:00', en ? 'as early as possible' : 'zo vroeg mogelijk', undefined), true;
    }
    // Free times are listed earliest first: "maakt niet uit" or "de eerste die u heeft" takes the first.
    const any = step.type === 'choice' ? this.options(step).find((o) => o.no_preference) ?? (step.options_from ? this.options(step)[0] : undefined) : undefined;
    if (any) return await this.accept(f, step, any.value, any.label, any), true;
    if (step.optional) return await this.accept(f, step, null, '', undefined), true;
    return false;
  }

  /** "donderdag, het tijdstip maakt niet uit": the optional time question after the day is answered too. */
  private anyTime(f: Frame, dateSlot: string, text: string): void {
    if (!noTimePreference(text)) return;
    const steps = this.flow(f.flow).steps;
    const time = steps.slice(f.step + 1).find((s) => s.type === 'time' && s.optional && s.ask && !(s.ask in f.slots));
    if (time && steps.findIndex((s) => s.ask === dateSlot) === f.step) this.setSlot(f, time.ask!, null, '');
  }

  /** "dinsdag om 10 uur" to the day question also answers the time question after it; returns how many it filled. */
  private fillAhead(f: Frame, text: string): number {
    if (!text) return 0;
    const step = this.flow(f.flow).steps[f.step];
    if (step?.type === 'date') this.anyTime(f, step.ask!, text);
    const ctx = { now: this.deps.now(), lang: this.s.lang };
    // Prefill steps, e-mail or phone questions ("ja graag, naar an@example.nl") and fixed choices ("52, en het liefst
    // online"): their values are clear in a sentence. A text question never takes another answer's words.
    const later = this.flow(f.flow).steps.slice(f.step + 1).filter((s) => s.ask && s.type !== 'text' && (s.prefill || ['email', 'phone'].includes(s.type!) || s.options) && !(s.ask in f.slots));
    const steps = later.map((s) => ({ ...s, prefill: true }));
    const filled = prefillSlots({ ...this.flow(f.flow), steps }, [], text, ctx, this.deps.content.entities);
    for (const p of filled) {
      this.setSlot(f, p.slot, p.value, p.display);
      this.impliedYes(f, later.find((s) => s.ask === p.slot)!);
    }
    return filled.length;
  }

  /** An answer to the question that only comes after a yes ("ja" to e-mail, then the address) gives that yes. */
  private impliedYes(f: Frame, filled: Step): void {
    const gate = /^\s*(\w+)\s*==\s*true\s*$/.exec(filled.when ?? '')?.[1];
    const step = gate && this.flow(f.flow).steps.find((s) => s.ask === gate && s.type === 'yesno');
    if (step && !(gate in f.slots)) this.setSlot(f, gate, true, this.s.lang === 'en' ? 'Yes' : 'Ja');
  }

  /**
   * "vandaag na 2 uur" to the time question also changes the day given before, when nothing depends on that day yet
   * (with free times already shown, a new day is a correction of its own).
   */
  private fillBehind(f: Frame, text: string): void {
    const flow = this.flow(f.flow);
    const ctx = { now: this.deps.now(), lang: this.s.lang };
    flow.steps.slice(0, f.step).forEach((s, i) => {
      if (!s.ask || !s.prefill || !RECOGNISABLE.has(s.type!) || f.slots[s.ask] === undefined || staleAfter(flow, i, f.step, s.ask).length) return;
      const found = findInText(s.type!, text, { ...ctx, validate: s.validate });
      if (!found || JSON.stringify(found.value) === JSON.stringify(f.slots[s.ask])) return;
      this.setSlot(f, s.ask, found.value, found.display);
      if (!f.corrected?.includes(s.ask)) (f.corrected ??= []).push(s.ask);
      this.say(this.botText('corrected', { what: this.t(s.label) || s.ask, value: found.display }));
    });
  }

  /**
   * "nee, het is Dorpsstraat 5", "mijn achternaam is Janssen", "niet dinsdag maar woensdag", or a bare value that fits
   * an earlier question and not this one: the earlier answer changes, what depended on it is done again, and the
   * resident is back where they were. A correction naming what to change without a new value asks that question again.
   */
  private async correct(f: Frame, step: Step, input: Input, text: string): Promise<boolean> {
    const c = readCorrection(text);
    if (!c.rest && !c.mentioned) return false;
    const open = f.waiting === 'answer' ? step : undefined;
    if (c.mentioned && open && names(c.mentioned, open)) return false;
    const steps = this.flow(f.flow).steps;
    const earlier = steps
      .map((s, i) => ({ s, i }))
      // Earlier questions only: a value kept for a later question is not corrected before it is asked.
      .filter(({ s, i }) => s.ask && s.type && i !== f.step && i < Math.max(f.step, f.returnTo ?? -1) && (this.answered(f, s.ask) || (f.waiting === 'confirm' && step.edit?.includes(s.ask))))
      .reverse();
    const explicit = c.marked || c.mentioned !== undefined;
    if (!explicit && this.fitsHere(open, input, text)) return false;
    // "Actually it's at Stationsplein 3" to the address question is that question's answer, said with a sigh.
    if (!c.mentioned && open && open.type !== 'text' && this.fitsHere(open, input, text)) return false;
    const candidates = c.mentioned ? earlier.filter(({ s }) => names(c.mentioned!, s)) : earlier.filter(({ s }) => RECOGNISABLE.has(s.type!) || (c.marked && ['choice', 'number'].includes(s.type!)));
    const source = explicit ? c.rest : text;
    for (const { s, i } of candidates) {
      const value = this.correctedValue(f, s, source, c.mentioned, explicit);
      if (value === 'ask') return this.askAgain(f, i), true;
      if (!value || JSON.stringify(value.value) === JSON.stringify(f.slots[s.ask!])) continue;
      // Unannounced, only a full address counts: "tak ligt op de Stationsweg" describes, it does not correct.
      if (!explicit && s.type === 'address' && (value.value as { number?: number }).number === undefined) continue;
      await this.applyCorrection(f, s, i, value);
      return true;
    }
    return false;
  }

  private answered(f: Frame, slot: string): boolean {
    return f.slots[slot] !== undefined && f.slots[slot] !== null;
  }

  /** Without correction words, a message stays with the open question when it answers it (or could: a description). */
  private fitsHere(open: Step | undefined, input: Input, text: string): boolean {
    if (!open || open.type === 'text') return text.trim().split(/\s+/).length > 5;
    return parseSlot(answerType(open, input), slotInput(input), this.parseContext(open, this.options(open))).ok;
  }

  /** The new value for an earlier question; 'ask' when it was named but no value can be read. */
  private correctedValue(f: Frame, s: Step, source: string, mentioned: string | undefined, explicit: boolean): { value: SlotValue; display: string } | 'ask' | undefined {
    if (s.type === 'text') {
      if (!mentioned) return undefined;
      const old = String(f.slots[s.ask!]);
      const name = /naam|name/.test(mentioned) ? correctedName(old, source, mentioned) : source.trim();
      const parsed = name ? parseSlot('text', { text: name }, this.parseContext(s, [])) : undefined;
      return parsed?.ok ? { value: parsed.value, display: parsed.display } : 'ask';
    }
    // Unannounced, only a value in a clear form counts ("om 10 uur", not a bare "1").
    if (!explicit) return findInText(s.type!, source, this.parseContext(s, this.options(s))) ?? undefined;
    const parsed = source ? parseSlot(s.type!, { text: source }, this.parseContext(s, this.options(s))) : undefined;
    if (parsed?.ok) return { value: parsed.value, display: parsed.display };
    // "nee sorry, het is nummer 15", "het is niet 14, tegenover nummer 41": only the house number changes.
    for (const v of s.type === 'address' && source ? [source, ...answerVariants(source)] : []) {
      const moved = renumber(f.slots[s.ask!], v, this.s.lang);
      if (moved) return moved;
    }
    return mentioned ? 'ask' : undefined;
  }

  private async applyCorrection(f: Frame, s: Step, index: number, v: { value: SlotValue; display: string }): Promise<void> {
    const flow = this.flow(f.flow);
    const here = Math.max(f.step, f.returnTo ?? 0);
    this.setSlot(f, s.ask!, v.value, v.display);
    if (!f.corrected?.includes(s.ask!)) (f.corrected ??= []).push(s.ask!);
    for (const slot of staleAfter(flow, index, here, s.ask!)) {
      delete f.slots[slot];
      delete f.shown[slot];
    }
    this.say(this.botText('corrected', { what: this.t(s.label) || s.ask!, value: v.display }));
    f.waiting = undefined;
    f.retries = 0;
    f.step = index;
    await this.replay();
  }

  /** "mijn naam klopt niet": that question again, then back to where the resident was. */
  private async askAgain(f: Frame, index: number): Promise<void> {
    const slot = this.flow(f.flow).steps[index].ask!;
    f.returnTo ??= f.step;
    delete f.slots[slot];
    delete f.shown[slot];
    f.waiting = undefined;
    f.retries = 0;
    f.step = index;
    await this.advance();
  }

  private parseContext(step: Step, options: (Option & { label: string })[]): ParseContext {
    const holidays = this.deps.content.bot.handover.office_hours?.holidays;
    const street = step.type === 'address' ? this.streetNamed() : undefined;
    return { now: this.deps.now(), lang: this.s.lang, validate: step.validate, ...(holidays ? { holidays } : {}), ...(street ? { street } : {}), options: options.map((o) => ({ value: o.value, label: o.label, synonyms: o.synonyms })) };
  }

  /** The street the resident named lately without a number ("een boom in de Meidoornstraat"). */
  private streetNamed(): string | undefined {
    const lines = this.s.transcript.filter((l) => l.from === 'resident').slice(-STREET_MEMORY).reverse();
    for (const l of lines) {
      const street = findStreetName(l.text);
      if (street) return street;
    }
    return undefined;
  }

  private async accept(f: Frame, step: Step, value: SlotValue | null, display: string, option: Option | undefined): Promise<void> {
    this.setSlot(f, step.ask!, value, display);
    f.history.push(f.step);
    f.retries = 0;
    f.waiting = undefined;
    if (option?.goto) f.step = this.indexOf(f.flow, option.goto);
    else this.goNext(f, step);
    // Back from a changed answer: on through the flow, quietly, to the first open question or the summary, so a
    // question the new answer opens ("ja" to e-mail, then the address) is asked on the way.
    if (f.returnTo === undefined) return this.advance();
    f.returnTo = undefined;
    await this.replay();
  }

  private async replay(): Promise<void> {
    this.replaying = true;
    try {
      await this.advance();
    } finally {
      this.replaying = false;
    }
  }

  /** A question in the middle of a flow: answer it, then ask the open question again. */
  private async digress(f: Frame, step: Step, u: Understanding, text: string): Promise<boolean> {
    const intent = u.intent && !u.outOfScope ? this.deps.content.intents.get(u.intent) : undefined;
    if (!intent) return false;
    // A description takes any text: only a clear question in between ("hoe laat zijn jullie open?") is not one.
    const describing = f.waiting === 'answer' && step.type === 'text';
    if (describing && !isQuestion(text)) return false;
    const other = this.flowFor(intent.id);
    if (other && other.id !== f.flow && !describing && f.waiting === 'answer' && this.clearlyAbout(u)) {
      this.say(this.botText('switch_flow', { flow: this.t(this.flow(f.flow).title) }));
      await this.startFlow(other, u, text, { intent: intent.id });
      return true;
    }
    return other ? false : this.shortAnswer(f, u);
  }

  /** A short answer in between only when the classifier is fairly sure: a wrong one derails the flow. */
  private async shortAnswer(f: Frame, u: Understanding): Promise<boolean> {
    const intent = u.intent && !u.outOfScope ? this.deps.content.intents.get(u.intent) : undefined;
    if (!intent?.answer || intent.in_flow === false || this.flowFor(intent.id) || u.score < DIGRESS_MIN_SCORE) return false;
    this.say(this.t(intent.answer));
    this.links(intent.links);
    this.reask(f, this.botText('resume'));
    return true;
  }

  /** Leaving a flow half-way needs more than one word ("groen" is an answer gone wrong, not a new request). */
  private clearlyAbout(u: Understanding): boolean {
    return u.score >= SWITCH_MIN_SCORE && u.text.trim().split(/\s+/).length >= SWITCH_MIN_WORDS;
  }

  private async retry(f: Frame, step: Step, error: string): Promise<void> {
    f.retries += 1;
    if (f.retries > (step.retries ?? 2)) {
      f.retries = 0;
      f.waiting = undefined;
      if (step.on_fail) {
        f.step = this.indexOf(f.flow, step.on_fail);
        return this.advance();
      }
      return this.handover(['not_understood'], 'normal');
    }
    this.prompt(step, f, step.reprompt ? this.t(step.reprompt) : error);
  }

  private async answerConfirm(f: Frame, step: Step, input: Input, u: Understanding | undefined): Promise<void> {
    const parsed = parseSlot('yesno', slotInput(input), { now: this.deps.now(), lang: this.s.lang });
    if (!parsed.ok && u && input.type === 'text' && (await this.digress(f, step, u, input.text))) return;
    if (!parsed.ok) {
      this.say(`${defaultErrorMessage('not_understood', 'yesno', this.s.lang)}\n\n${this.t(step.confirm)}`, this.yesNo());
      return;
    }
    f.waiting = undefined;
    if (parsed.value === true) {
      this.goNext(f, step);
      return this.advance();
    }
    if (step.on_no) {
      f.step = this.indexOf(f.flow, step.on_no);
      return this.advance();
    }
    if (step.edit?.length) {
      f.waiting = 'edit';
      return this.say(this.botText('what_to_change'), this.editButtons(f, step));
    }
    this.s.frame = undefined;
    this.say(this.botText('cancelled'), this.menu());
  }

  private editChoices(f: Frame, step: Step): ChoiceOption[] {
    const steps = this.flow(f.flow).steps;
    return (step.edit ?? []).map((slot) => {
      const ask = steps.find((s) => s.ask === slot)!;
      // "the description", "het adres": what residents call a question besides its label, in either language.
      return { value: slot, label: this.t(ask.label) || slot, synonyms: slotWords(ask) };
    });
  }

  private editButtons(f: Frame, step: Step): Button[] {
    return this.editChoices(f, step).map((c) => ({ title: c.label, value: c.label }));
  }

  private async answerEdit(f: Frame, step: Step, input: Input): Promise<void> {
    const parsed = parseSlot('choice', slotInput(input), { now: this.deps.now(), lang: this.s.lang, options: this.editChoices(f, step) });
    if (!parsed.ok) return this.say(this.botText('what_to_change'), this.editButtons(f, step));
    const slot = String(parsed.value);
    const steps = this.flow(f.flow).steps;
    const target = steps.findIndex((s) => s.ask === slot);
    // "E-mailadres" after saying no to e-mail: the question that decides whether it is asked comes back first.
    const gate = steps[target].when && !this.cond(steps[target].when!) ? conditionRefs(parseCondition(steps[target].when!)).map((p) => p[0]) : [];
    for (const s of [slot, ...gate]) {
      delete f.slots[s];
      delete f.shown[s];
    }
    f.returnTo = f.step;
    f.step = Math.min(target, ...gate.map((g) => steps.findIndex((s) => s.ask === g)).filter((i) => i >= 0));
    f.waiting = undefined;
    await this.advance();
  }
}

/** An address question also takes a shared location: residents on a phone often send that instead. */
function answerType(step: Step, input: Input): SlotType {
  return step.type === 'address' && input.type === 'location' ? 'location' : step.type!;
}

function slotInput(input: Input): SlotInput {
  if (input.type === 'text') return { text: input.text };
  if (input.type === 'location') return { location: input.location };
  if (input.type === 'attachment') return { attachment: input.attachment, text: input.text };
  return {};
}

function describeInput(input: Input): string {
  if (input.type === 'text') return input.text;
  if (input.type === 'location') return `[locatie ${input.location.latitude}, ${input.location.longitude}]`;
  if (input.type === 'attachment') return `[bijlage ${input.attachment.name ?? input.attachment.contentType}]${input.text ? ` ${input.text}` : ''}`;
  return '';
}

/** The address with a new house number, when the text holds only a number ("nummer 15", "15a"). */
function renumber(old: unknown, text: string, lang: Lang): { value: SlotValue; display: string } | undefined {
  const a = old as Address | undefined;
  const n = a?.street && /^\D{0,20}\d/.test(text) ? parseSlot('housenumber', { text }, { now: new Date(0), lang }) : undefined;
  if (!a || !n?.ok) return undefined;
  const { number, addition } = n.value as HouseNumber;
  const value: Address = { ...a, number, ...(addition ? { addition } : {}) };
  if (!addition) delete value.addition;
  delete value.description;
  return { value, display: formatAddress(value, lang) };
}

/** "ja hoor, dat klopt allemaal" to a question that is not yes/no: a misplaced answer, not a question in between. */
function bareYesNo(text: string): boolean {
  return parseYesNo(text) !== undefined && text.trim().split(/\s+/).length <= 5;
}

/** Phrased as a question: a question mark, or a question word first. */
function isQuestion(text: string): boolean {
  return /\?\s*$/.test(text) || /^\s*(?:hoe|wat|wanneer|waar|waarom|welke|wie|kan|kun|mag|moet|is|zijn|heeft|hebben|how|what|when|where|why|which|who|can|may|do|does|is|are)\b/i.test(text);
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function stringify(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return String(o.label ?? o.display ?? o.reference ?? JSON.stringify(v));
  }
  return String(v);
}
