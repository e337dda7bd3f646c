/**
 * One turn: (state, input) → (new state, outputs). This file holds the order a message goes through; each stage
 * lives in its own file:
 *   commands.ts      "stop", "terug", "opnieuw", "help", everywhere
 *   handoverTurn.ts  handing over, and the turns while a person has (or will get) the conversation
 *   answer.ts        the answer to the open question, with fill.ts and corrections.ts; confirm.ts for the summary
 *   routing.ts       a message outside a flow: a flow, an answer, "Bedoelt u A of B?", or "not understood"
 *   flow.ts          the flow runner; steps.ts has one handler per kind of step
 */
import { isAsk, type Intent } from '../content/types';
import { parseSlot } from '../slots';
import { parseYesNo } from '../slots/yesno';
import { answer } from './answer';
import { commandOf, isSkip, runCommand, skipsByName } from './commands';
import { Turn } from './context';
import { answeredInstead, handOver, resolveOffer, whileHandedOver } from './handoverTurn';
import { answerType, isQuestion, options, parseContext, slotInput, takesAnyText } from './question';
import { actualQuestion, restated, wantsToStop } from './repair';
import { act, answerAgain, answersElsewhere, followUp, menuIntent, notUnderstood, photoFirst, resolveClarify, route } from './routing';
import type { ConversationState, EngineDeps, Input, PolicyDecision, TurnResult, Understanding } from './types';
import type { Lang } from '../slots/types';

export function newState(lang: Lang): ConversationState {
  return { version: 1, lang, started: false, misunderstood: 0, transcript: [] };
}

/** One turn: (state, input) → (new state, outputs). The given state is never changed. */
export async function turn(state: ConversationState, input: Input, deps: EngineDeps): Promise<TurnResult> {
  const t = new Turn(copyOf(state), deps);
  const residentLine = t.state.transcript.length;
  await run(t, input);
  if ('masked' in input && input.masked) warnAboutIdentifiers(t, residentLine);
  return t.finish();
}

/**
 * A deep copy of the state. State is plain data (it is stored as JSON), which this copies six times faster than
 * structuredClone: that was a twentieth of a turn's CPU. Anything else in it is left to structuredClone.
 */
function copyOf<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(copyOf) as T;
  if (Object.getPrototypeOf(value) !== Object.prototype) return structuredClone(value);
  const copy: Record<string, unknown> = {};
  // for…in: a plain object has no inherited keys, and Object.entries would allocate a list per object.
  for (const key in value) copy[key] = copyOf((value as Record<string, unknown>)[key]);
  return copy as T;
}

/**
 * Once per conversation, in the language the turn ended in: do not share a BSN, IBAN or card number here. Before the
 * answer (a question stays last), after a crisis answer; in the transcript right after the resident's message.
 */
function warnAboutIdentifiers(t: Turn, residentLine: number): void {
  if (t.state.identifiersWarned) return;
  t.state.identifiersWarned = true;
  const text = t.botText('identifiers_masked');
  const line = { from: 'bot' as const, text, at: t.deps.now().toISOString() };
  if (t.result.decision?.reasons.includes('crisis')) {
    t.outputs.push({ type: 'text', text });
    t.state.transcript.push(line);
  } else {
    t.outputs.unshift({ type: 'text', text });
    t.state.transcript.splice(residentLine + 1, 0, line);
  }
}

async function run(t: Turn, input: Input): Promise<void> {
  const s = t.state;
  if (input.type === 'start') return welcome(t);
  s.started = true;
  if (input.type === 'attachment') t.file = input;
  t.record('resident', describeInput(input));
  const text = input.type === 'text' ? input.text : input.type === 'attachment' ? input.text ?? '' : '';
  t.message = text;
  if (s.handover) {
    // Read once: for a question the bot answers itself, and otherwise for new reasons while waiting.
    const asks = s.handover.status === 'pending' && s.handover.tentative && text.trim() && !commandOf(text);
    const u = asks ? await t.deps.understand(text, s.lang) : undefined;
    const instead = u && answerableInstead(t, text, u);
    if (!instead) return whileHandedOver(t, text, u);
    answeredInstead(t);
    t.result.understanding = u;
    return act(t, instead, u, text);
  }
  if (s.offer) {
    if (await resolveOffer(t, text)) return;
    s.offer = undefined;
  }
  // "help" and "stop" mean the same everywhere: a command, never a reason to hand over.
  const cmd = text ? commandOf(text) : undefined;
  if (cmd) return runCommand(t, cmd);
  const u = text.trim() ? await understandOpening(t, text) : undefined;
  if (u) {
    t.result.understanding = u;
    if ((!s.frame && !s.clarify) || u.langPlain) s.lang = u.lang;
    const d = weigh(t, u, input);
    t.result.decision = d;
    // Giving up on a flow in one's own words ("laat maar, annuleren") comes after a crisis, before anything else;
    // "laat maar, overslaan" on a question that may be skipped skips it. "help, hoe stuur ik een foto?" is help, but
    // "Help! Ik wil gewoon een echt mens spreken" asks for a person: a handover outweighs the opening cry.
    if (s.frame && !d.reasons.includes('crisis') && wantsToStop(text) && !answersInstead(t, text)) return runCommand(t, 'stop');
    // Outside a flow "Help, mijn rijbewijs verloopt over twee weken. Hoe verleng ik het?" is a cry before a request for
    // a product the bot runs: the request wins.
    const requestsFlow = !s.frame && u.intent !== null && t.flowFor(u.intent) !== undefined;
    if (!d.handover && !requestsFlow && commandOf(text.split(/[,.!?;:]/)[0] ?? '') === 'help') return runCommand(t, 'help');
    // "wie moet ik dan bellen?" right after another body's answer asks about that answer, not for a colleague.
    const back = d.handover && !s.frame && !d.reasons.includes('crisis') ? followUp(t, u, text) : undefined;
    if (back && answersElsewhere(back)) {
      t.result.decision = { ...d, handover: false, reasons: [], signals: {} };
      return answerAgain(t, back, u, text);
    }
    if (d.handover && !isAnswer(t, input, d)) return handOver(t, d.reasons, d.priority, d.evidence);
  }
  if (s.frame?.waiting) return answer(t, input, u);
  const pressed = menuIntent(t, text);
  if (pressed?.handover) return handOver(t, [pressed.handover], 'normal');
  if (pressed) return act(t, pressed, u, text);
  if (s.clarify && u && (await resolveClarify(t, text))) return;
  s.clarify = undefined;
  s.clarifyText = undefined;
  if (!u && input.type === 'attachment') return photoFirst(t);
  if (!u) return notUnderstood(t);
  return route(t, u, text);
}

/** "Could someone from the municipality contact him or me?": the contact details' answer is no answer to that. */
const WANTS_SOMEONE = /\b(?:iemand|medewerker|mens|persoon|someone|somebody|person|agent|contact (?:met )?(?:mij|me|ons|hem|haar|him|her|us)|(?:bel|mail)t? (?:mij|me|ons)|call me|email me)\b/i;

/** How sure the classifier must be of a question the bot answers, for a resident waiting on a tentative handover. */
const ANSWERABLE_MIN_SCORE = 0.6;

/**
 * Waiting for a person on a tentative handover (see handoverTurn.ts), the resident asks what the bot answers or does
 * itself: "Hoe kan ik grofvuil laten ophalen?" after a story about mother's move. Nobody took the conversation yet.
 */
function answerableInstead(t: Turn, text: string, u: Understanding): Intent | undefined {
  if (WANTS_SOMEONE.test(text)) return undefined;
  const intent = u.intent && !u.outOfScope ? t.content.intents.get(u.intent) : undefined;
  if (!intent || intent.handover || intent.small_talk || intent.out_of_scope || (!intent.answer && !t.flowFor(intent.id))) return undefined;
  if (u.score < ANSWERABLE_MIN_SCORE && !u.keywords.includes(intent.id)) return undefined;
  return t.deps.decide(u, 'open').handover ? undefined : intent;
}

/**
 * Outside a flow, a message that corrects itself ("Ik moet mijn paspoort verlengen. Nee wat zeg ik, mijn rijbewijs!")
 * is understood by what follows the correction, when that asks for a flow and no danger is named.
 */
async function understandOpening(t: Turn, text: string): Promise<Understanding> {
  const whole = await t.deps.understand(text, t.state.lang);
  const meant = t.state.frame ? undefined : restated(text);
  // "… een dode kat langs het spoor, zielig. Maar mijn vraag: stadhuis open vrijdagmiddag?": the question named as such.
  const asked = t.state.frame || meant ? undefined : actualQuestion(text);
  const part = meant ?? asked;
  if (!part) return whole;
  // Danger named anywhere in the message is never corrected away; a story that needs a person is not set aside.
  const d = t.deps.decide(whole, 'open');
  if (d.reasons.includes('crisis') || (asked && d.handover)) return whole;
  const u = await t.deps.understand(part, t.state.lang);
  if (asked) return u.intent ? u : whole;
  // "an appointment for a passport. Sorry, I mean an ID card" corrects the product, not the request.
  return u.intent && t.flowFor(u.intent) ? u : whole;
}

function welcome(t: Turn): void {
  if (t.state.started) return;
  t.state.started = true;
  t.say(t.botText('welcome'), t.menu());
}

/**
 * In a flow, "ja graag" or "geen idee" is an answer to the open question, whatever the classifier makes of it. A
 * crisis always interrupts; so does a request for a person ("kan ik niet gewoon iemand spreken?") or a keyword
 * ("ik wil een medewerker") in what is not a valid answer. A description (a text question) takes anything, so there
 * only a keyword counts: "kan iemand dit komen maken?" is part of a melding. Any other reason interrupts a message
 * that does not answer the open question (weighed `aside`).
 */
function isAnswer(t: Turn, input: Input, d: PolicyDecision): boolean {
  const f = t.state.frame;
  const step = t.currentStep();
  if (!f?.waiting || !step || d.reasons.includes('crisis')) return false;
  const byKeyword = d.reasons.some((r) => d.signals[r] === 'keyword');
  const named = byKeyword || d.reasons.includes('person');
  if (f.waiting === 'answer' && isAsk(step) && takesAnyText(step)) return !byKeyword && !leavesTheQuestion(t, input);
  // "nee, ik wil een medewerker spreken" to the photo question skips it in words, but asks for a person.
  if (f.waiting === 'answer' && isAsk(step)) return named ? parsesAsAnswer(t, input) : !leavesTheQuestion(t, input);
  if (!named) return true;
  return f.waiting === 'confirm' && parseSlot('yesno', slotInput(input), { now: t.deps.now(), lang: t.state.lang }).ok;
}

/**
 * Whether the message needs a person. In a flow, a message that does not answer the open question may have any reason
 * (`aside`): "Ik heb flinke schulden, kan de gemeente helpen?" to "Hoe laat komt het u het best uit?" is for a
 * colleague, a melding about graffiti at the azc is still a melding.
 */
function weigh(t: Turn, u: Understanding, input: Input): PolicyDecision {
  if (t.state.frame?.waiting === undefined) return t.deps.decide(u, 'open');
  // `aside` hears every reason `flow` hears, under the same rules: without one, the answer need not be read.
  const aside = t.deps.decide(u, 'aside');
  if (aside.handover && asksAsideInWords(t, input, aside)) return aside;
  return aside.handover && !leavesTheQuestion(t, input) ? t.deps.decide(u, 'flow') : aside;
}

/**
 * A question put to the bot where a description is asked, naming a reason in its keywords: "Wat vindt u eigenlijk van
 * die windmolens achter de dijk?" to "Wat is er aan de hand?" is politics, not what is wrong with the lamp post.
 */
function asksAsideInWords(t: Turn, input: Input, d: PolicyDecision): boolean {
  const step = t.currentStep();
  const asks = t.state.frame?.waiting === 'answer' && step && isAsk(step) && takesAnyText(step) && input.type === 'text' && isQuestion(input.text);
  return Boolean(asks && d.reasons.some((r) => d.signals[r] === 'keyword'));
}

/**
 * A message that does not answer the open question where only a date, a time, a choice or the like does, or a story
 * with a question where a name is asked. A description takes any text; "I'm afraid I don't have one" skips the photo.
 */
function leavesTheQuestion(t: Turn, input: Input): boolean {
  const step = t.currentStep();
  if (t.state.frame?.waiting !== 'answer' || !step || !isAsk(step) || step.type === 'text') return false;
  if (step.type === 'name') return input.type === 'text' && notAName(input.text);
  if (step.optional && input.type === 'text' && isSkip(input.text)) return false;
  return !parsesAsAnswer(t, input);
}

/**
 * A name takes any text, but not a story with a question: "eigenlijk ik heb probleem. ik heb veel schulden … kunnen
 * jullie mij daarmee helpen?" was taken for the name.
 */
function notAName(text: string): boolean {
  const sentences = text.split(/(?<=[.!?])\s+/).filter(Boolean);
  return text.trim().split(/\s+/).length > NAME_MAX_WORDS && (isQuestion(text) || sentences.length > 1);
}
const NAME_MAX_WORDS = 8;

/** The message is a valid answer to the open question. */
function parsesAsAnswer(t: Turn, input: Input): boolean {
  const step = t.currentStep();
  return Boolean(step && isAsk(step) && parseSlot(answerType(step, input), slotInput(input), parseContext(t, step, options(t, step))).ok);
}

/** "overslaan" to an optional question, "nee laat maar" to a yes/no question: an answer that sounds like a stop. */
function answersInstead(t: Turn, text: string): boolean {
  const step = t.currentStep();
  if (t.state.frame?.waiting !== 'answer' || step?.kind !== 'ask') return false;
  if (step.optional && skipsByName(text)) return true;
  return step.type === 'yesno' && /^\W*(?:nee+n?|no|nope)\b/i.test(text) && parseYesNo(text) === false;
}

function describeInput(input: Input): string {
  if (input.type === 'text') return input.text;
  if (input.type === 'location') return `[locatie ${input.location.latitude}, ${input.location.longitude}]`;
  if (input.type === 'attachment') return `[bijlage ${input.attachment.name ?? input.attachment.contentType}]${input.text ? ` ${input.text}` : ''}`;
  return '';
}
