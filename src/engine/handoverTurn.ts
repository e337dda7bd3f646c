/**
 * Handing over in a turn: when the policy or a flow wants a person, and the turns while a person has (or will get)
 * the conversation. What the resident hears about the queue, and events from the human side, are in handover.ts.
 */
import type { HandoverReason } from '../content/types';
import { parseSlot } from '../slots';
import type { ChoiceOption } from '../slots/types';
import { commandOf } from './commands';
import type { Turn } from './context';
import { reask, startFlow } from './flow';
import { OFFER_SYNONYMS, offerButtons, queueText } from './handover';
import type { Evidence, HandoverRequest, Understanding } from './types';

const SUMMARY_LINES = 3;
const SUMMARY_LINE_LENGTH = 200;
/** How sure the classifier alone must be to add a reason to a conversation that already waits for a person. */
const NEW_REASON_MIN_SCORE = 0.9;
/** Reasons whose handover message acknowledges the resident's situation, also when nobody can take over now. */
const ACKNOWLEDGED: readonly HandoverReason[] = ['emotional', 'complex'];

/**
 * The policy (or a flow) wants a person. Crisis hears 112/113 first, whatever happens next. With someone there,
 * the conversation joins the queue; outside office hours or with nobody signed in, the resident is told so and
 * offered a callback or the bot.
 */
export function handOver(t: Turn, reasons: HandoverReason[], priority: 'urgent' | 'normal', evidence?: Evidence[]): void {
  const s = t.state;
  const messages = t.content.bot.handover.messages;
  if (reasons.includes('crisis')) t.say(t.text(messages.crisis));
  s.lastHandover = { reasons, priority, summary: summary(t) };
  const { open, agents } = t.deps.staffing;
  const opensAt = t.deps.staffing.opensAt?.[s.lang];
  if (!open || !agents) {
    const why = open ? 'no_agents' : 'closed';
    // An angry or worried resident hears first that they were heard, then that nobody can chat now.
    const heard = reasons.find((r) => ACKNOWLEDGED.includes(r) && messages[r]);
    if (heard) t.say(t.text(messages[heard]));
    s.offer = 'unavailable';
    // Without a next opening to name (no periods in the coming weeks), "nobody is free" is still true.
    const text = why === 'closed' && !opensAt ? 'no_agents' : why;
    t.say(queueText(t.content, s.lang, text, { opens: opensAt ?? '' }), offerButtons(t.content, s.lang, 'unavailable'));
    const request = handoverRequest(t, reasons, priority, evidence);
    t.result.handover = { ...request, unavailable: why };
    t.result.handoff = [{ kind: 'initiate', request }, { kind: 'status', state: 'failed', message: why === 'closed' ? 'outside office hours' : 'no agent available' }];
    return;
  }
  const main = reasons.find((r) => r !== 'crisis' && messages[r]);
  t.say(t.text(main ? messages[main] : messages.default));
  if (s.frame) s.frame.waiting = undefined;
  s.handover = { reasons, priority, at: t.deps.now().toISOString(), status: 'pending', ...(tentative(reasons, evidence) ? { tentative: true } : {}) };
  t.result.handover = handoverRequest(t, reasons, priority, evidence);
  t.result.handoff = [{ kind: 'initiate', request: t.result.handover }];
}

/**
 * Emotion or a complex situation heard by the classifier alone (or all reasons together), on a message that set the scene ("Ze is 66 en
 * heeft nog nooit een computer aangeraakt, dus ik regel dit soort dingen voor haar"): the question may still come.
 */
function tentative(reasons: HandoverReason[], evidence: Evidence[] | undefined): boolean {
  return Boolean(evidence?.length && evidence.every((e) => e.signal === 'classifier' || e.signal === 'combined') && reasons.every((r) => TENTATIVE.includes(r)));
}
const TENTATIVE: readonly HandoverReason[] = ['emotional', 'complex'];

/** Out of the queue because the bot answers the waiting resident's question itself; they hear how to get back. */
export function answeredInstead(t: Turn): void {
  withdraw(t);
  t.result.handoff = [{ kind: 'status', state: 'completed', message: 'the bot answered the question itself' }];
  t.say(queueText(t.content, t.state.lang, 'answered_instead'));
}

function handoverRequest(t: Turn, reasons: HandoverReason[], priority: 'urgent' | 'normal', evidence?: Evidence[]): HandoverRequest {
  const f = t.state.frame;
  return { reasons, ...(evidence?.length ? { evidence } : {}), priority, flow: f?.flow, slots: { ...(f?.shown ?? {}) }, transcript: [...t.state.transcript] };
}

/** The resident's last few messages, for a callback task. */
function summary(t: Turn): string {
  return t.state.transcript.filter((l) => l.from === 'resident').slice(-SUMMARY_LINES).map((l) => l.text.slice(0, SUMMARY_LINE_LENGTH)).join(' / ');
}

/**
 * A person has (or will get) the conversation: messages go to them. Waiting residents can still stop waiting and
 * hear once that their words are passed on. A crisis is answered at once with 112/113 whoever has the conversation,
 * and moves it to the front of the queue; while nobody has taken it yet, each new message of danger, or asking what
 * to do ("wat moet ik doen"), hears it again.
 */
export async function whileHandedOver(t: Turn, text: string, known?: Understanding): Promise<void> {
  const s = t.state;
  const h = s.handover!;
  const from = s.transcript.length - 1;
  if (h.status === 'pending' && text) {
    if (s.offer === 'waiting_long' && (await resolveOffer(t, text))) return;
    if (commandOf(text) === 'stop') {
      withdraw(t);
      return t.say(queueText(t.content, s.lang, 'cancelled'), t.menu());
    }
  }
  const { crisis, reasons } = text.trim() ? await reasonsIn(t, text, known) : { crisis: false, reasons: [] };
  const first = crisis && !h.reasons.includes('crisis');
  // Nobody has the conversation yet: danger told again, or asking what to do now, hears 112/113 again, not that its
  // words are passed on.
  const again = !first && h.status === 'pending' && h.reasons.includes('crisis') && (crisis || WHAT_TO_DO.test(text));
  if (first || again) t.say(t.text(t.content.bot.handover.messages.crisis));
  if (first) {
    h.reasons = ['crisis', ...h.reasons];
    h.priority = 'urgent';
    t.result.escalate = true;
  } else if (!again && h.status === 'pending' && !h.acknowledged) {
    t.say(queueText(t.content, s.lang, 'while_waiting'));
    h.acknowledged = true;
  }
  // Anger or despair shown while waiting reaches the person's tags, not only the transcript.
  const added = reasons.filter((r) => !h.reasons.includes(r));
  if (added.length) {
    h.reasons = [...h.reasons, ...added];
    t.result.newReasons = added;
  }
  t.result.forward = s.transcript.slice(from);
}

/**
 * A crisis counts as it would as a first message. Other reasons need their own words, or the classifier very sure
 * ("ja hoor, ik ben er weer" is not anger): the conversation already has its person, a wrong tag only misleads.
 */
async function reasonsIn(t: Turn, text: string, known?: Understanding): Promise<{ crisis: boolean; reasons: HandoverReason[] }> {
  const u = known ?? (await t.deps.understand(text, t.state.lang));
  const sure = t.deps.decide(u, 'flow');
  const strong = sure.evidence.filter((e) => e.reason !== 'crisis' && (e.signal === 'keyword' || e.score >= NEW_REASON_MIN_SCORE)).map((e) => e.reason as HandoverReason);
  return { crisis: t.deps.decide(u, 'open').reasons.includes('crisis'), reasons: sure.handover ? strong : [] };
}

/**
 * Asking what to do: "wat moet ik doen", "help", "ik weet niet tegen wie ik dit moet zeggen", "what should I do?"; not
 * any question: "wat kost een nieuwe?" after a wrong 112/113 should not hear it twice.
 */
const WHAT_TO_DO = /\b(?:help|hulp|wat moet ik|wat nu|weet (?:ik )?(?:het )?niet|what (?:do|should|can) i|don'?t know)\b/i;

function withdraw(t: Turn): void {
  t.state.handover = undefined;
  t.state.frame = undefined;
  t.result.cancelHandover = true;
  t.result.handoff = [{ kind: 'status', state: 'completed', message: 'the resident stopped waiting' }];
}

/** An answer to "callback, the bot, or keep waiting?"; false when the message is about something else. */
export async function resolveOffer(t: Turn, text: string): Promise<boolean> {
  const s = t.state;
  const offer = s.offer!;
  const titles = offerButtons(t.content, s.lang, offer).map((b) => b.title);
  const values = offer === 'waiting_long' ? (['callback', 'wait', 'bot'] as const) : (['callback', 'bot'] as const);
  const options: ChoiceOption[] = values.map((v, i) => ({ value: v, label: titles[i], synonyms: OFFER_SYNONYMS[v] }));
  const parsed = text ? parseSlot('choice', { text }, { now: t.deps.now(), lang: s.lang, options }) : undefined;
  if (!parsed?.ok) return false;
  s.offer = undefined;
  if (parsed.value === 'wait') {
    t.say(queueText(t.content, s.lang, 'keep_waiting'));
    return true;
  }
  if (s.handover) withdraw(t);
  if (parsed.value === 'callback') {
    const flow = t.content.flows.get(t.content.bot.handover.callback_flow ?? 'terugbelverzoek');
    if (flow) {
      await startFlow(t, flow, undefined, '');
      return true;
    }
  }
  const f = s.frame;
  if (f?.waiting) reask(t, f, t.botText('resume'));
  else t.say(t.botText('anything_else'), t.menu());
  return true;
}
