/**
 * A message outside a flow: a menu button, the flow or answer of the intent it is about, "Bedoelt u A of B?" when two
 * intents are close (or "Bedoelt u A?" when one leads but is not sure), an honest "not for us", or "not understood".
 */
import { isAsk, type Intent } from '../content/types';
import { parseSlot } from '../slots';
import type { ChoiceOption } from '../slots/types';
import { parseYesNo } from '../slots/yesno';
import { normalize } from '../text';
import type { Turn } from './context';
import { ASKED_IN_WORDS, photoStep, startFlow } from './flow';
import { handOver } from './handoverTurn';
import { prefillSlots } from './prefill';
import { takesAnyText } from './question';
import { acknowledgement } from './thanks';
import type { Understanding } from './types';

const MIN_CLARIFY_SCORE = 0.3;
/** Below the threshold, a product this likely is worth a "Wilt u een melding doen?" rather than "Sorry". */
const MIN_SUGGEST_SCORE = 0.25;
/** Below this, a question the classifier alone takes for a report is asked about first ("Bedoelt u: …?"). */
const UNSURE_REPORT_BELOW = 0.7;
const ASKS_FOR_INFORMATION =
  /^\W*(?:weet (?:u|je|jij|jullie) (?:of|wanneer|hoe|waarom)|hoe staat het (?:met|ervoor)|do you know (?:if|whether|when|why)|waar (?:kan|moet|mag) ik [^?]{0,40}\b(?:kwijt|heen|naartoe|brengen|inleveren)\b|where (?:can|do|should) i (?:take|bring|dump|leave))/i;
/** Below this, the classifier's answer gives way to a follow-up question about the last answer. */
const FOLLOW_UP_BELOW = 0.8;

type Candidate = { intent: string; title: string };

export async function route(t: Turn, u: Understanding, text: string): Promise<void> {
  const intent = u.intent ? t.content.intents.get(u.intent) : undefined;
  const asked = followUp(t, u, text);
  if (asked) return answerAgain(t, asked, u, text);
  if (intent?.out_of_scope) return notForUs(t, intent);
  if (!intent && u.foreign) return otherLanguage(t);
  // A lean to a colleague that the policy did not follow is no answer either: the likeliest thing the bot does may be.
  if (!intent || u.outOfScope || intent.handover) {
    // Grief beside a question the bot answers ("Moeder overleden. Wat moet ik regelen?"): the classifier hears grief,
    // the policy found the question; its answer, with a word of sympathy.
    const griefAsks = t.result.decision?.condolence ? u.keywords.find((k) => actionable(t, k)) : undefined;
    if (griefAsks) return act(t, t.content.intents.get(griefAsks)!, u, text);
    const leading = guess(t, u);
    // A story that leans to a colleague without reason enough, where one flow clearly leads what the bot does itself,
    // asks for that flow: "Vanochtend lag er een enorme tak midden op straat … er hangt nog een tak half los".
    const wanted = leading && intent?.handover ? t.content.intents.get(leading.intent) : undefined;
    if (wanted) return act(t, wanted, u, text);
    // The words of one flow, where the lean to a colleague was not followed: "De lantaarnpaal ruikt verbrand en doet
    // het niet meer. Geen rook of vuur te zien" leaned to crisis, which the policy set aside.
    const named = intent?.handover ? u.keywords.filter((k) => t.flowFor(k)) : [];
    if (named.length === 1) return act(t, t.content.intents.get(named[0])!, u, text);
    return leading ? askClarify(t, [leading], text) : notUnderstood(t);
  }
  const close = closeCall(t, u);
  if (close) return askClarify(t, close, text);
  t.state.misunderstood = 0;
  if (reportsSomething(t, intent) && ALREADY_DONE.test(text) && !NOT_DONE.test(text) && !ASKED_IN_WORDS.test(text)) return alreadyDone(t, u);
  // A question for information the classifier alone, unsure, takes for a report ("Weet u of de wedstrijd zaterdag
  // doorgaat? Het veld stond onder water", "Waar kan ik al dat snoeiafval kwijt?"): asked, not started. Its keywords
  // still start it; so does "Kan iemand daar naar kijken?" after a story (any question: 76 development reports lost).
  if (reportsSomething(t, intent) && ASKS_FOR_INFORMATION.test(text) && !u.keywords.includes(intent.id) && u.score < UNSURE_REPORT_BELOW) {
    return askClarify(t, [{ intent: intent.id, title: intentTitle(t, intent.id) }], text);
  }
  return act(t, intent, u, text);
}

/**
 * Told in passing that someone already took care of it ("er lag een dode kat, de buurman heeft hem al weggehaald", "de
 * dierenambulance was er al bij", "hij staat alweer."): no melding, but the question beside it if there is one. "Is
 * dat al gemeld?", "staat alweer een matras", "al gemeld, maar er gebeurt niks" and "ik wil melden dat …" still start
 * it.
 */
const ALREADY_DONE =
  /\b(?:al|alweer|inmiddels|intussen|already) (?:\w+ ){0,3}?(?:weggehaald|opgehaald|opgeruimd|gerepareerd|gemaakt|gemeld|doorgegeven|geregeld|opgelost|verwijderd|aan het ophalen|removed|reported|fixed|picked up|cleared|taken away)\b(?![^.!?]*\?)|\ber (?:\w+ ){0,2}al bij\b|\b(?:staat|staan|hangt|hangen|doet|doen|brandt|branden)(?: het)? (?:gelukkig )?alweer(?: (?:hoor|rechtop|overeind|goed))?(?=\s*(?:[.,!?]|$))/i;
/**
 * Still a problem, or reported by the resident before: "al twee keer gemeld, maar er gebeurt niks", "staat al weken
 * scheef", "is weer kapot", "ik heb vorige week al gemeld dat de glasbak vol zit", "misschien is het al gemeld".
 */
const NOT_DONE =
  /\b(?:nog steeds|nog altijd|nog niet|nog niks|niks gebeurd|niets gebeurd|gebeurt niks|gebeurt niets|weer|still|nothing|again|sinds|misschien|maybe)\b|\bal (?:\w+ )?(?:dagen|weken|maanden|jaren|tijden|lang)\b|\b(?:al|already)\b[^.!?]*\b(?:maar|but)\b|\bik heb\b[^.!?]*\bal\b[^.!?]*\bgemeld\b|\bi (?:have )?already reported\b/i;

/** A report of something out there: its flow asks for a photo of it. (A licence reported stolen is still wanted.) */
function reportsSomething(t: Turn, intent: Intent): boolean {
  const flow = t.flowFor(intent.id);
  return Boolean(flow && photoStep(flow));
}

function alreadyDone(t: Turn, u: Understanding): Promise<void> | void {
  const other = u.keywords
    .concat(u.ranking.filter((r) => r.score >= MIN_CLARIFY_SCORE).map((r) => r.intent))
    .map((id) => t.content.intents.get(id))
    .find((i) => i?.answer && !i.handover && !i.small_talk && !i.out_of_scope && !t.flowFor(i.id));
  if (other) return act(t, other, u, u.text);
  t.say(t.botText('already_done'), t.menu());
}

/** What an intent leads to: its flow, else its answer. */
export async function act(t: Turn, intent: Intent, u: Understanding | undefined, text: string): Promise<void> {
  t.state.clarify = undefined;
  t.state.clarifyText = undefined;
  if (t.result.decision?.condolence) t.say(t.botText('condolence'));
  const flow = t.flowFor(intent.id);
  t.state.topic = flow || !intent.answer || intent.small_talk ? undefined : intent.id;
  if (flow) return startFlow(t, flow, u, text, { intent: intent.id });
  if (intent.answer) {
    t.say(t.text(intent.answer));
    t.links(intent.links);
    return;
  }
  notUnderstood(t);
}

/** Words that point back at what was just said ("daar", "die", "dat") and words that ask the municipality about it. */
const POINTS_BACK = /(?<![\p{L}\p{N}])(?:da(?:ar|t)\w*|die|dit|het|hem|er(?:voor|over|aan|mee)|dan|that|it|this|there|then)(?![\p{L}\p{N}])/iu;
const ASKS_US = /(?<![\p{L}\p{N}])(?:jullie|gemeente|u|(?:bij )?wie|via|hier|waar (?:\p{L}+ ){0,3}dan (?:wel|heen)|dan wel heen|ergens anders|you|council|who|here|where else|where (?:\p{L}+ ){0,3}then)(?![\p{L}\p{N}])/iu;
/** The town hall as the place to go ("kan dat bij het gemeentehuis?"): a follow-up only with a verb that asks. */
const OUR_PLACE = /(?<![\p{L}\p{N}])(?:gemeentehuis|stadhuis|balie|loket|town hall|city hall|desk)(?![\p{L}\p{N}])/iu;
const ASKS = /(?<![\p{L}\p{N}])(?:kan|kun|kunt|kunnen|moet|moeten|mag|can|could|must|should|do)(?![\p{L}\p{N}])/iu;
/**
 * The only words a follow-up has: it names no subject of its own. "Mijn internet ligt plat, kan de gemeente dat
 * oplossen?" and "Geeft de gemeente subsidie voor een groen dak?" point back and ask the municipality too, but are new
 * questions; taken as follow-ups, 16 of 46 such development messages got the previous answer again.
 */
const FOLLOW_UP_WORDS = new Set(
  ('kan kun kunt kunnen moet moeten mag mogen wil wilt zou ik je jij u jullie we wij ze dat die dit het hem daar daarvoor daarmee daarover daaraan ' +
    'ervoor erover eraan ermee er ook bij via aan voor iets wat hoe waar wie wanneer doen regelen aanvragen vragen laten zelf dan nog even ' +
    'gewoon de een gemeente en of niet wel hier helpen mee naar toe heen is dus eigenlijk misschien ' +
    'zit zo zijn terecht bellen mailen melden doorgeven aangeven verlengen gemeentehuis stadhuis balie loket ' +
    'that it this there can could you do does i we is the council about anything something help with me apply for where how who also then ' +
    'vergoedt vergoeden betaalt betalen hier ergens anders dus ok oke gaat gaan ' +
    'should must need to at go call report renew town city hall desk my pay cover here somewhere else or')
    .split(' '),
);
const FOLLOW_UP_MAX_WORDS = 14;

/**
 * A short question about the bot's last answer ("moet ik die bij jullie doen?" after the answer about the tax
 * return, "kunnen jullie daar iets aan doen?" after the one about student finance), with no subject of its own: that
 * answer again, where the bot would otherwise not know what to do or would guess. Without the previous answer both
 * were not understood.
 */
export function followUp(t: Turn, u: Understanding, text: string): Intent | undefined {
  const topic = t.state.topic ? t.content.intents.get(t.state.topic) : undefined;
  const words = normalize(text).split(' ').filter(Boolean);
  const asksUs = ASKS_US.test(text) || (OUR_PLACE.test(text) && ASKS.test(text));
  if (!topic || words.length > FOLLOW_UP_MAX_WORDS || !words.every((w) => FOLLOW_UP_WORDS.has(w)) || !POINTS_BACK.test(text) || !asksUs) return undefined;
  // After another body's answer, or "not for us", the question is whether the municipality does it after all ("moet ik
  // dat bij jullie melden?" after the grid operator's number, "can I do that at the town hall?" after the IND's,
  // "Vergoedt de gemeente dat?" after one's own roof): the classifier hears "melden", "town hall" or politics in it.
  if (answersElsewhere(topic)) return topic;
  const intent = u.intent ? t.content.intents.get(u.intent) : undefined;
  const lost = !intent || u.outOfScope || intent.out_of_scope || intent.handover || u.score < FOLLOW_UP_BELOW;
  return lost && !(intent && t.flowFor(intent.id)) ? topic : undefined;
}

/** The answer sends the resident elsewhere: another body, or "not something the municipality does". */
export function answersElsewhere(intent: Intent): boolean {
  return Boolean(intent.elsewhere || intent.out_of_scope);
}

/** A follow-up gets the last answer again, "not for us" with its menu. */
export function answerAgain(t: Turn, intent: Intent, u: Understanding, text: string): Promise<void> | void {
  return intent.out_of_scope ? notForUs(t, intent) : act(t, intent, u, text);
}

/** A press on a menu button goes straight to its intent, without asking the classifier. */
export function menuIntent(t: Turn, text: string): Intent | undefined {
  const n = normalize(text);
  const item = n ? (t.content.bot.menu ?? []).find((m) => normalize(t.text(m.label)) === n) : undefined;
  return item && t.content.intents.get(item.intent);
}

/**
 * Understood, and not something the municipality's bot does (football, a webshop, spam): an honest answer with what
 * it can do. It is not a misunderstanding, so it never leads to a handover.
 */
function notForUs(t: Turn, intent: Intent): void {
  t.state.misunderstood = 0;
  t.state.topic = intent.answer ? intent.id : undefined;
  t.say(intent.answer ? t.text(intent.answer) : t.botText('fallback'), t.menu());
  t.links(intent.links);
}

/**
 * A message in a language the bot does not speak: which languages it reads, in each of them. Not a misunderstanding:
 * a colleague would not read it either.
 */
function otherLanguage(t: Turn): void {
  t.state.misunderstood = 0;
  t.say(t.botText('other_language'), t.menu());
}

/** "Sorry, dat begrijp ik niet", and after a few times in a row a person. */
export function notUnderstood(t: Turn): void {
  t.state.misunderstood += 1;
  const limit = t.content.bot.handover.after_misunderstood ?? 3;
  if (t.state.misunderstood >= limit) return handOver(t, ['not_understood'], 'normal');
  t.say(t.botText('fallback'), t.menu());
}

/**
 * A photo sent before anything else ("this is what is broken"): the one flow that asks for a photo starts, and the
 * photo fills that question (see startFlow). Without exactly one such flow it is not understood.
 */
export async function photoFirst(t: Turn): Promise<void> {
  const takers = [...t.content.flows.values()].filter((flow) => flow.triggers.length && photoStep(flow));
  if (takers.length !== 1) return notUnderstood(t);
  t.state.misunderstood = 0;
  await startFlow(t, takers[0], undefined, '', { intent: takers[0].triggers[0] });
}

// ---- "Bedoelt u …?"

/** Two plausible intents with different outcomes and close scores: ask instead of guessing. */
function closeCall(t: Turn, u: Understanding): Candidate[] | undefined {
  const margin = t.content.bot.nlu?.clarify_margin ?? 0.15;
  const [a, b] = u.ranking;
  // Scores share one unit between all intents, so a runner-up near the winner is already a strong candidate.
  if (!a || !b || b.score < MIN_CLARIFY_SCORE || a.score - b.score >= margin) return undefined;
  if (u.keywords.includes(a.intent) && !u.keywords.includes(b.intent)) return undefined;
  const options = [a, b].map((r) => ({ intent: r.intent, title: intentTitle(t, r.intent) }));
  if (options.some((o) => !o.title) || options[0].title === options[1].title) return undefined;
  return options;
}

/**
 * Not sure enough to act, but one flow leads what the bot can do (Rasa's two-stage fallback instead of "Sorry"). A
 * lean to a colleague that did not hand over, or to "not for us", is left out of the race: "de bouwhekken zijn
 * omgewaaid en liggen over de rijbaan" leaned 0.40 to crisis, 0.31 to a melding, and nothing else came close.
 */
function guess(t: Turn, u: Understanding): Candidate | undefined {
  const [a, b] = u.ranking.filter((r) => actionable(t, r.intent));
  if (!a || a.score < MIN_SUGGEST_SCORE || (b && a.score - b.score < (t.content.bot.nlu?.clarify_margin ?? 0.15))) return undefined;
  const title = t.flowFor(a.intent) ? intentTitle(t, a.intent) : '';
  return title ? { intent: a.intent, title } : undefined;
}

/** An intent the bot acts on itself: a flow or an answer, not a colleague and not "not for us". */
function actionable(t: Turn, id: string): boolean {
  const intent = t.content.intents.get(id);
  return Boolean(intent && !intent.handover && !intent.out_of_scope && (intent.answer || t.flowFor(id)));
}

function intentTitle(t: Turn, id: string): string {
  const intent = t.content.intents.get(id);
  if (!intent || intent.handover || intent.out_of_scope) return '';
  if (intent.label) return t.text(intent.label);
  const flow = t.flowFor(id);
  return flow ? t.text(flow.title) : '';
}

function askClarify(t: Turn, options: Candidate[], asked: string): void {
  t.state.clarify = options;
  t.state.clarifyText = asked;
  const text = options.length === 1 ? t.botText('clarify_one', { a: options[0].title }) : t.botText('clarify', { a: options[0].title, b: options[1].title });
  const buttons = options.map((o) => ({ title: upperFirst(o.title), value: upperFirst(o.title) }));
  const none = t.state.lang === 'en' ? 'Something else' : 'Iets anders';
  t.say(text, [...buttons, { title: none, value: none }]);
}

/** The answer to "Bedoelt u …?"; false when the message is about something else. */
export async function resolveClarify(t: Turn, text: string): Promise<boolean> {
  const options = t.state.clarify!;
  const asked = t.state.clarifyText ?? '';
  const opts: ChoiceOption[] = options.map((o) => ({ value: o.intent, label: o.title }));
  const parsed = parseSlot('choice', { text }, { now: t.deps.now(), lang: t.state.lang, options: opts });
  // "Bedoelt u: een melding …?" — "ja", or going on with what that flow asks ("Het betreft de Beukenlaan 13").
  // "oke dankjewel hoor" thanks for the last answer; it says no yes to the question.
  const yes = options.length === 1 && ((parseYesNo(text) === true && !acknowledgement(text)) || goesOnWith(t, options[0].intent, text));
  if (!parsed.ok && !yes) return false;
  t.state.clarify = undefined;
  t.state.clarifyText = undefined;
  const intent = t.content.intents.get(parsed.ok ? String(parsed.value) : options[0].intent);
  if (!intent) return false;
  // The first message still counts: "… betreffende het riool" fills the category.
  const both = yes && parseYesNo(text) !== true ? `${asked}\n${text}` : asked;
  const u = both ? await t.deps.understand(both, t.state.lang) : undefined;
  await act(t, intent, u, both);
  return true;
}

/** The message answers a question the flow asks ("Het betreft de Beukenlaan 13"). */
function goesOnWith(t: Turn, intentId: string, text: string): boolean {
  const flow = t.flowFor(intentId);
  const asks = flow?.steps.filter(isAsk).filter((s) => s.prefill && !takesAnyText(s)) ?? [];
  return Boolean(flow && prefillSlots(asks, [], text, { now: t.deps.now(), lang: t.state.lang }, t.content.entities).length);
}

function upperFirst(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
