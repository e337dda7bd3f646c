/**
 * The flow runner: starting a flow with what the first message already answered, running steps until one waits for
 * the resident (steps.ts does each kind), and going on once the open question is answered.
 */
import { isAsk, type AskStep, type Flow, type Option } from '../content/types';
import { parseSlot } from '../slots';
import type { SlotValue } from '../slots/types';
import { editButtons, summaryText } from './confirm';
import { stringify, type Turn } from './context';
import { prefillSlots, suggestion } from './prefill';
import { asksSomething, parseContext, prompt, slotInput } from './question';
import { noTimePreference } from './repair';
import { runStep } from './steps';
import type { Frame, Understanding } from './types';

const MAX_STEPS_PER_TURN = 200;

/** The question of a flow that takes a photo or file, if it has one. */
export function photoStep(flow: Flow): AskStep | undefined {
  return flow.steps.filter(isAsk).find((s) => s.type === 'attachment');
}

/**
 * Starts `flow`: values carried in (`slots`), a photo sent with the message, and answers the first message already
 * gives (`u`, `text`) are filled in before the first question.
 */
export async function startFlow(t: Turn, flow: Flow, u: Understanding | undefined, text: string, slots: Record<string, unknown> = {}): Promise<void> {
  const frame: Frame = { flow: flow.id, step: 0, slots: {}, shown: {}, retries: 0, history: [] };
  if (t.state.frame || ASKED_IN_WORDS.test(text)) frame.requested = true;
  if (asksSomething(text)) frame.questioned = true;
  t.state.frame = frame;
  t.result.startedFlow ??= flow.id;
  // A value carried in ("rijbewijs") reads as its option does there ("Rijbewijs").
  for (const [k, v] of Object.entries(slots)) t.setSlot(frame, k, v, optionLabel(t, flow, k, v) ?? stringify(v) ?? '');
  const photo = t.file ? photoStep(flow) : undefined;
  if (t.file && photo) {
    const parsed = parseSlot('attachment', slotInput(t.file), parseContext(t, photo, []));
    if (parsed.ok) t.setSlot(frame, photo.ask, parsed.value, parsed.display);
  }
  // Without an understanding, the answer that led into this flow: its day and time are kept, what was carried in stays.
  const ctx = { now: t.deps.now(), lang: t.state.lang };
  for (const p of prefillSlots(flow.steps, u?.entities ?? [], text, ctx, t.content.entities)) if (u || !(p.slot in frame.slots)) t.setSlot(frame, p.slot, p.value, p.display);
  // "zo snel mogelijk een uittreksel, hoe laat maakt me niet uit": the optional time question is answered too.
  const time = flow.steps.filter(isAsk).find((s) => s.type === 'time' && s.optional && !(s.ask in frame.slots));
  if (time && noTimePreference(text)) t.setSlot(frame, time.ask, null, '');
  if (u) {
    addressBefore(t, flow, frame);
    for (const s of flow.steps.filter(isAsk)) {
      const offered = suggestion(s, text);
      if (offered) (frame.suggested ??= {})[s.ask] = offered;
    }
  }
  await advance(t);
}

/**
 * A wish in so many words ("ik wil een afspraak maken", "ik moet mijn rijbewijs verlengen"), not a remark or a
 * question the bot took for one ("ik moet straks naar het gemeentehuis … er lag een dode kat, de buurman heeft het al
 * doorgegeven", "Ben ik nu te laat??").
 */
export const ASKED_IN_WORDS =
  /\b(?:ik (?:wil|wou|zou|kom)|wil(?:len)? (?:ik|wij|we)|graag|kan ik|mag ik|kunnen (?:we|wij)|i (?:want|would like)|i'd like|can i|could i|may i)\b|\b(?:ik moet|i (?:need|have) to|i need)\b.{0,40}\b(?:meld\w*|verleng\w*|afspraak|aanvragen|vernieuwen|report|renew\w*|appointment|licen[cs]e|rijbewijs)/i;

/** A bare address is a short message; longer, it is a story that happens to name a street. */
const BARE_ADDRESS_WORDS = 8;

/**
 * "Kapelstraat 9", sent just before the message that starts a melding (and not understood on its own), is where it
 * is: the resident answered a question they expected.
 */
function addressBefore(t: Turn, flow: Flow, frame: Frame): void {
  const step = flow.steps.filter(isAsk).find((s) => s.type === 'address' && s.prefill && !(s.ask in frame.slots));
  const lines = t.state.transcript;
  const previous = lines.slice(0, -1).reverse().find((l) => l.from === 'resident');
  if (!step || !previous || previous.text.split(/\s+/).length > BARE_ADDRESS_WORDS) return;
  const parsed = parseSlot('address', { text: previous.text }, parseContext(t, step, []));
  if (parsed.ok && (parsed.value as { number?: unknown }).number !== undefined) t.setSlot(frame, step.ask, parsed.value, parsed.display);
}

function optionLabel(t: Turn, flow: Flow, slot: string, value: unknown): string | undefined {
  const label = flow.steps.filter(isAsk).find((s) => s.ask === slot)?.options?.find((o) => o.value === value)?.label;
  return label === undefined ? undefined : t.text(label);
}

/** Runs steps until one waits for the resident or the flow ends. */
export async function advance(t: Turn): Promise<void> {
  for (let n = 0; n < MAX_STEPS_PER_TURN; n++) {
    const f = t.state.frame;
    if (!f) return;
    const step = t.flow(f.flow).steps[f.step];
    if (!step) return void (t.state.frame = undefined);
    if (step.when && !t.cond(step.when)) {
      f.step += 1;
      continue;
    }
    if (!(await runStep(t, f, step))) return;
  }
  throw new Error(`flow "${t.state.frame?.flow}" runs in a loop without asking anything`);
}

/** The open question is answered: on to the next step, or to the step the chosen option names. */
export async function accept(t: Turn, f: Frame, step: AskStep, value: SlotValue | null, display: string, option: Option | undefined): Promise<void> {
  t.setSlot(f, step.ask, value, display);
  f.history.push(f.step);
  f.retries = 0;
  f.unread = undefined;
  f.waiting = undefined;
  if (option?.goto) f.step = t.indexOf(f.flow, option.goto);
  else t.goNext(f, step);
  // Back from a changed answer: on through the flow, quietly, to the first open question or the summary, so a
  // question the new answer opens ("ja" to e-mail, then the address) is asked on the way.
  if (f.returnTo === undefined) return advance(t);
  f.returnTo = undefined;
  await replay(t);
}

/** Through the flow again after a correction: what was said and done before stays quiet. */
export async function replay(t: Turn): Promise<void> {
  t.replaying = true;
  try {
    await advance(t);
  } finally {
    t.replaying = false;
  }
}

/** The open question once more, after help or a short answer in between: a question, the summary or "what to change". */
export function reask(t: Turn, f: Frame, prefix?: string): void {
  const step = t.currentStep()!;
  if (f.waiting === 'confirm' && step.kind === 'confirm') return t.say([prefix, summaryText(t, step)].filter(Boolean).join('\n\n'), t.yesNo());
  if (f.waiting === 'edit' && step.kind === 'confirm') return t.say([prefix, t.botText('what_to_change')].filter(Boolean).join('\n\n'), editButtons(t, f, step));
  if (isAsk(step)) prompt(t, step, f, prefix);
}
