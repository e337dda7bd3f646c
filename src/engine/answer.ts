/**
 * The resident's message while a question is open, in the order residents repair a conversation: a correction of an
 * earlier answer (corrections.ts), then "no preference", then the answer itself (with anything else it answers,
 * fill.ts), and only then a digression.
 */
import { isAsk, type AskStep, type Flow, type Intent, type Option, type Step } from '../content/types';
import { defaultErrorMessage, earliestDate, findInText, parseSlot, SPOT, splitClauses } from '../slots';
import { parseYesNo } from '../slots/yesno';
import type { ParseContext } from '../slots/types';
import { fold } from '../text';
import { asksMeaning, isSkip, saysDontKnow, saysNoMail, saysNoPhoto } from './commands';
import { answerConfirm, answerEdit } from './confirm';
import type { Turn } from './context';
import { correct } from './corrections';
import { anyTime, fillAhead, fillBehind, gateOf, skipNextOptional } from './fill';
import { accept, advance, reask, startFlow } from './flow';
import { handOver } from './handoverTurn';
import { suggestion } from './prefill';
import { answerType, asksSomething, isQuestion, options, parseContext, prompt, slotInput, takesAnyText } from './question';
import { afterSelfCorrection, answerVariants, preference, type Preference } from './repair';
import { closing, THANKED } from './thanks';
import type { Frame, Input, Understanding } from './types';

/** Answers residents send in pieces on WhatsApp ("2611 AB", then "huisnummer 7"; "jan.devries", then "@gmail.com"). */
const PIECED = new Set(['address', 'email', 'phone']);
const DIGRESS_MIN_SCORE = 0.8;
/** A message phrased as a question that answers nothing asked: the likeliest short answer helps more than "Dat begrijp ik niet". */
const QUESTION_MIN_SCORE = 0.6;
const SWITCH_MIN_SCORE = 0.8;
const SWITCH_MIN_WORDS = 3;

export async function answer(t: Turn, input: Input, u: Understanding | undefined): Promise<void> {
  const f = t.state.frame!;
  const step = t.currentStep()!;
  const text = input.type === 'text' ? input.text : '';
  if (asksSomething(text)) f.questioned = true;
  const pref = text && f.waiting === 'answer' ? preference(text) : undefined;
  if (pref && isAsk(step) && (await noPreference(t, f, step, pref, text))) return;
  if (text && u && (await switchAsked(t, f, u, text))) return;
  if (text && (await backToEarlierChoice(t, f, text))) return;
  if (text && (await correct(t, f, step, input, text))) return;
  if (step.kind === 'confirm') return f.waiting === 'edit' ? answerEdit(t, f, step, input) : answerConfirm(t, f, step, input, u);
  if (isAsk(step)) return answerQuestion(t, f, step, input, u, text);
}

async function answerQuestion(t: Turn, f: Frame, step: AskStep, input: Input, u: Understanding | undefined, text: string): Promise<void> {
  // "weet ik niet" or "geen idee" is no description, also not of what the resident wrote before: an optional one is
  // skipped, a needed one asked again with its example.
  if (takesAnyText(step) && saysDontKnow(text)) return dontKnow(t, f, step);
  const offered = f.suggested?.[step.ask];
  if (offered && (await answerOffer(t, f, step, offered, text))) return;
  // "wat bedoelt u?" is no description, and "wat bedoelt u met uittreksel?" no choice: what the question means, then
  // the question again. Other answers are parsed first: "bedoelt u mijn leeftijd? 45" answers.
  if ((takesAnyText(step) || step.type === 'choice' || step.type === 'yesno') && asksMeaningOf(step, text)) return prompt(t, step, f, t.text(step.explain!));
  const opts = options(t, step);
  const context = parseContext(t, step, opts);
  // "I'd rather do it at the desk. Where is the town hall, by the way?": the question answered, the answer taken.
  if (u && (await answerBesideQuestion(t, f, step, { input, u, text, opts, context }))) return;
  // A clear question in between ("hoe laat is het gemeentehuis open?") is not a description or a choice.
  const question = isQuestion(text);
  if (u && (takesAnyText(step) || step.type === 'choice') && question && (await shortAnswer(t, f, u, QUESTION_MIN_SCORE))) return;
  // "online met digid. o nee wacht, … doe maar aan de balie": what the resident settles on counts, when it answers.
  // Not in a description, where "sorry voor het typen" is part of the text.
  const settled = input.type === 'text' && !takesAnyText(step) ? afterSelfCorrection(text) : undefined;
  const second = settled ? parseSlot(answerType(step, input), { text: settled }, context) : undefined;
  let parsed = second?.ok ? second : parseSlot(answerType(step, input), slotInput(input), context);
  const pieces = f.unread?.step === f.step ? [`${f.unread.text} ${text}`] : [];
  // The settled part was read above; the other readings are tried once each.
  for (const variant of parsed.ok || !text ? [] : [...pieces, ...answerVariants(text)].filter((v) => v !== settled)) {
    const again = parseSlot(answerType(step, input), { text: variant }, context);
    if (again.ok) {
      parsed = again;
      break;
    }
  }
  if (parsed.ok) {
    const ahead = fillAhead(t, f, text);
    if (!takesAnyText(step)) fillBehind(t, f, text);
    if (step.type === 'address') describedToo(t, f, text, parsed.value);
    if (step.type === 'choice') describedAhead(t, f, text);
    // "de lamp is al een week uit, geen foto, mail naar an@…": the description keeps only what is wrong.
    const own = step.type === 'text' && ahead ? ownPart(text) : undefined;
    if (own) return accept(t, f, step, own, own, undefined);
    return accept(t, f, step, parsed.value, parsed.display, opts.find((o) => o.value === parsed.value));
  }
  // "zaterdag" to a date question on a closed day is a wrong answer, not a question about the milieustraat.
  const answerAttempt = parsed.error !== 'not_understood' && parsed.error !== 'no_match';
  if (!answerAttempt && asksMeaningOf(step, text)) return prompt(t, step, f, t.text(step.explain!));
  // "no photo, and yes email me at tom@…": skipped, and what it says for later questions is kept.
  if (step.optional && text && isSkip(text)) {
    fillAhead(t, f, text);
    return accept(t, f, step, null, '', undefined);
  }
  if (step.type === 'yesno' && text && (await yesByValue(t, f, step, text))) return;
  if (text && (await yesTakenBack(t, f, step, text))) return;
  // "Kapelstraat 17" to "Waar gaat uw melding over?" does not answer it, but the address is kept for its question;
  // an e-mail address to "Heeft u een foto?" says there is no photo.
  // A question in between ("hoe laat is het gemeentehuis open?") is answered first and fills nothing.
  const ahead = question ? 0 : fillAhead(t, f, text);
  if (ahead && step.optional && !t.file) return accept(t, f, step, null, '', undefined);
  if (!answerAttempt && !f.requested && f.questioned && !f.history.length && closing(text)) return closeUnanswered(t, f);
  if (u && !ahead && !answerAttempt && !bareYesNo(text) && (await digress(t, f, step, u, text))) return;
  // "moet ik daarvoor langskomen?" asks; it does not choose the desk for the question after this one.
  if (question) fillAhead(t, f, text, { choices: CHOOSES.test(text) });
  // "38 jaar" to "Wat is er met uw rijbewijs?": an answer to a later question, kept; not a misunderstanding.
  if (ahead) return prompt(t, step, f, t.botText('noted'));
  f.unread = PIECED.has(step.type) && text ? { step: f.step, text } : undefined;
  return retry(t, f, step, defaultErrorMessage(parsed.error, step.type, t.state.lang));
}

function dontKnow(t: Turn, f: Frame, step: AskStep): Promise<void> | void {
  if (step.optional) return accept(t, f, step, null, '', undefined);
  return retry(t, f, step, step.explain ? t.text(step.explain) : defaultErrorMessage('not_understood', step.type, t.state.lang));
}

/** The resident asks what the question means ("wat bedoelt u?"), and the step explains it. */
function asksMeaningOf(step: AskStep, text: string): boolean {
  return Boolean(text && step.explain && asksMeaning(text));
}

/**
 * Something written as an e-mail address, spelled right or not. Tried only from where a word starts: from every position
 * inside "a@a@a@…" (8,000 characters) it took 83 s; this gives the same answer.
 */
const WRITTEN_ADDRESS = /(?<!\S)\S+@\S+\.\S+/;

/** The clauses of a description that do not answer the photo or e-mail question; undefined when none is left. */
function ownPart(text: string): string | undefined {
  const clauses = text.split(/[,;]+|\s+(?:en|and)\s+(?=(?:ja|yes|geen|no|mail|e-?mail)\b)/i).map((c) => c.trim()).filter(Boolean);
  const own = clauses.filter((c) => !WRITTEN_ADDRESS.test(c) && !saysNoPhoto(c) && !saysNoMail(c));
  return own.length && own.length < clauses.length ? own.join(', ') : undefined;
}

/**
 * The answer to "U schreef al: …. Klopt dat?" under a description question; false when the message is an ordinary
 * answer to the question itself.
 */
async function answerOffer(t: Turn, f: Frame, step: AskStep, offered: string, text: string): Promise<boolean> {
  // "Ja": the first message is the answer. "nee, hij knippert steeds": not that, and the resident's own words instead.
  const no = NO_FIRST.exec(text);
  const own = no ? text.slice(no[0].length).trim() : '';
  const answer = bareYesNo(text) && parseYesNo(text) === true ? offered : own.split(/\s+/).length >= 2 && !answersOnlyLater(own) && !isSkip(own) ? own : undefined;
  if (answer) {
    await accept(t, f, step, answer, answer, undefined);
    return true;
  }
  const later = answersOnlyLater(text) || (isSkip(text) && !no);
  // "nee": not that; asked again, plainly, once.
  if (no && !later && !own && !f.declined?.includes(step.ask)) {
    (f.declined ??= []).push(step.ask);
    prompt(t, step, f);
    return true;
  }
  // "overslaan", "geen foto", "ja, naar an@…" (answers to the questions after it), or a second "nee": the first
  // message stands, as no description at all would be worse.
  if (!later && !bareYesNo(text)) return false;
  if (!fillAhead(t, f, text) && isSkip(text) && !no) skipNextOptional(t, f);
  await accept(t, f, step, offered, offered, undefined);
  return true;
}

/** A no that opens the answer ("nee", "nee hoor, …", "klopt niet:"), with what follows it its own words. */
const NO_FIRST = /^\s*(?:nee+n?|no|nope|klopt niet|dat klopt niet|not quite|not really)\b[\s,.:;!-]*(?:(?:hoor|sorry|dank (?:je|u)(?: wel)?|bedankt|thanks)\b[\s,.:;!-]*)*/i;

/** Only a no to the photo or to e-mail, or an e-mail address, with at most a yes or no beside it. */
function answersOnlyLater(text: string): boolean {
  if (!saysNoPhoto(text) && !saysNoMail(text) && !WRITTEN_ADDRESS.test(text)) return false;
  const own = ownPart(text);
  return own === undefined || bareYesNo(own);
}

/** "kerkstraat 5, ruikt echt heel vies uit het putje": the address, and after it what is wrong. */
function describedToo(t: Turn, f: Frame, text: string, address: unknown): void {
  const street = fold(String((address as { street?: unknown }).street ?? ''));
  // "ter hoogte van nr 30 ongeveer" completes a street named before: all of it is the address.
  if (!street || !fold(text).includes(street)) return;
  const rest = splitClauses(text).filter((c) => !fold(c).includes(street) && !SPOT.test(fold(c))).join(', ');
  if (rest) describedAhead(t, f, rest);
}

/**
 * Words that say what is wrong answer the description question still to come, as a first message that describes
 * would: after the address ("kerkstraat 5, ruikt vies uit het putje"), or as the kind of problem ("diep gat in het
 * asfalt, fietsers rijden er zo in" to "Waar gaat uw melding over?").
 */
function describedAhead(t: Turn, f: Frame, words: string): void {
  const later = t.flow(f.flow).steps.slice(f.step + 1).filter(isAsk).find((s) => s.prefill === 'message' && !(s.ask in f.slots));
  const told = later ? suggestion(later, words) : undefined;
  if (later && told) t.setSlot(f, later.ask, told, told);
}

/**
 * "Wilt u per e-mail horen …?" answered with the e-mail address itself: yes, and the question that only comes after
 * a yes (`when: "contact == true"`) is answered too.
 */
async function yesByValue(t: Turn, f: Frame, step: AskStep, text: string): Promise<boolean> {
  const next = t.flow(f.flow).steps.filter(isAsk).find((s) => gateOf(s) === step.ask);
  const found = next ? findInText(next.type, text, { now: t.deps.now(), lang: t.state.lang, validate: next.validate }) : null;
  if (!next || !found) return false;
  t.setSlot(f, next.ask, found.value, found.display);
  await accept(t, f, step, true, t.state.lang === 'en' ? 'Yes' : 'Ja', undefined);
  return true;
}

/** Saying no to a question that only came after a yes: "toch liever geen e-mail", "hoeft toch niet", "no thanks". */
const TAKEN_BACK = /\b(?:geen|no|without|zonder) (?:e[- ]?mail|mail|mailtje|updates?)\b|\btoch (?:maar )?(?:niet|liever niet|geen)\b|\b(?:liever|rather) niet\b|\bhoeft (?:toch )?niet\b|\bchanged my mind\b|\bno thanks?\b/;

/**
 * "hmm, toch liever geen e-mail eigenlijk" to the e-mail question asked after "ja" to "Wilt u per e-mail horen …?":
 * the yes is taken back and the question it opened is skipped, instead of asking for an e-mail address forever.
 */
async function yesTakenBack(t: Turn, f: Frame, step: AskStep, text: string): Promise<boolean> {
  const gate = gateOf(step);
  if (!gate || !(TAKEN_BACK.test(fold(text)) || (bareYesNo(text) && parseYesNo(text) === false))) return false;
  t.setSlot(f, gate, false, t.state.lang === 'en' ? 'No' : 'Nee');
  await accept(t, f, step, null, '', undefined);
  return true;
}

/** "maakt niet uit": skip what may be skipped, the earliest day or time, or the option meant for it. */
async function noPreference(t: Turn, f: Frame, step: AskStep, pref: Preference, text: string): Promise<boolean> {
  const ctx = parseContext(t, step, []);
  const en = t.state.lang === 'en';
  if (step.type === 'date') {
    const day = earliestDate(ctx);
    if (!day) return false;
    anyTime(t, f, step.ask, text);
    await accept(t, f, step, day.value, day.display, undefined);
    return true;
  }
  if (step.type === 'time' && (pref === 'earliest' || !step.optional)) {
    // "de eerste graag" to the time question picks the first of the free times that follow, as the resident expects.
    if (/\b(?:eerste|first)\b/i.test(text)) f.pick = text;
    await accept(t, f, step, '00:00', en ? 'as early as possible' : 'zo vroeg mogelijk', undefined);
    return true;
  }
  // Free times are listed earliest first: "maakt niet uit" or "de eerste die u heeft" takes the first.
  const any = step.type === 'choice' ? options(t, step).find((o) => o.no_preference) ?? (step.options_from ? options(t, step)[0] : undefined) : undefined;
  if (any) {
    await accept(t, f, step, any.value, any.label, any);
    return true;
  }
  if (!step.optional) return false;
  await accept(t, f, step, null, '', undefined);
  return true;
}

/** Words of going back on a choice: "doe toch maar online", "weet je wat, liever …", "online dan maar". */
const CHOICE_TAKEN_BACK = /\b(?:toch|liever|weet je wat|dan maar|actually|rather|instead|changed my mind)\b/i;

/**
 * "Hmm, weet je wat, doe toch maar online met DigiD" at the appointment's day question, where the appointment came from
 * choosing the desk in the licence flow: that choice changes, and the licence flow goes on from it. Only with words of a
 * change of mind and another option of a choice the earlier flow asked.
 */
async function backToEarlierChoice(t: Turn, f: Frame, text: string): Promise<boolean> {
  const parent = f.parent;
  if (!parent || f.waiting !== 'answer' || !CHOICE_TAKEN_BACK.test(text)) return false;
  const flow = t.flow(parent.flow);
  for (const step of flow.steps.filter(isAsk)) {
    if (step.type !== 'choice' || !step.options || !(step.ask in parent.slots)) continue;
    const opts = options(t, step);
    const parsed = parseSlot('choice', { text }, parseContext(t, step, opts));
    if (!parsed.ok || parsed.value === parent.slots[step.ask]) continue;
    t.state.frame = parent;
    parent.step = flow.steps.indexOf(step);
    parent.waiting = undefined;
    t.setSlot(parent, step.ask, parsed.value, parsed.display);
    t.say(t.botText('corrected', { what: t.text(step.label) || step.ask, value: parsed.display }));
    await advance(t);
    return true;
  }
  return false;
}

/**
 * "oh wacht, eigenlijk wil ik eerst een kapot verkeerslicht melden", "ik wil toch liever eerst een melding doen": the
 * resident asks, in so many words, for another product. Read before corrections ("kapot" is no new reason for the
 * licence) and before the answer (a description takes any text). Only with a word of changing one's mind, a wish,
 * and the other product named by its own keywords or understood as it would be outside a flow.
 */
const CHANGE_OF_MIND = /\b(?:eigenlijk|toch|liever|eerst|actually|instead|rather|first)\b/i;
const WISH = /\b(?:wil|wou|wilde|willen|moet|moeten|graag|want|wanna|need|would like|like to)\b/i;

async function switchAsked(t: Turn, f: Frame, u: Understanding, text: string): Promise<boolean> {
  if (f.waiting !== 'answer' || !CHANGE_OF_MIND.test(text) || !WISH.test(text)) return false;
  const named = [...u.keywords, ...(u.intent && !u.outOfScope ? [u.intent] : [])];
  const other = named.map((k) => t.flowFor(k)).find((x) => x !== undefined && x.id !== f.flow);
  const intent = other && named.find((k) => t.flowFor(k)?.id === other.id);
  if (!other || !intent) return false;
  await switchFlow(t, f, other, u, text, intent);
  return true;
}

/** Leave the open flow, saying so, and start `other` from the resident's message. */
async function switchFlow(t: Turn, f: Frame, other: Flow, u: Understanding, text: string, intent: string): Promise<void> {
  t.say(t.botText('switch_flow', { flow: t.text(t.flow(f.flow).title) }));
  await startFlow(t, other, u, text, { intent });
}

/** A question in the middle of a flow: answer it, then ask the open question again. */
export async function digress(t: Turn, f: Frame, step: Step, u: Understanding, text: string): Promise<boolean> {
  const intent = u.intent && !u.outOfScope ? t.content.intents.get(u.intent) : undefined;
  if (!intent) return false;
  // A description takes any text: only a clear question in between ("hoe laat zijn jullie open?") is not one.
  const describing = f.waiting === 'answer' && isAsk(step) && takesAnyText(step);
  if (describing && !isQuestion(text)) return false;
  // "Wat zijn eigenlijk de kosten van een nieuw rijbewijs?" in the middle of an appointment: a question, answered.
  if (isQuestion(text) && answerByKeyword(t, f, u)) return true;
  const other = t.flowFor(intent.id);
  if (other && other.id !== f.flow && !describing && f.waiting === 'answer' && clearlyAbout(u)) {
    await switchFlow(t, f, other, u, text, intent.id);
    return true;
  }
  return other ? false : shortAnswer(t, f, u, isQuestion(text) ? QUESTION_MIN_SCORE : DIGRESS_MIN_SCORE);
}

/** Words that choose what was named before: "die wil ik", "doe maar", "dan neem ik die", "I'll take that one". */
const CHOOSES = /\b(?:wil|wou|neem|doe|doen|kies|graag|liever|take|want|choose|go for)\b/i;

/** A short answer in between only when the classifier is fairly sure: a wrong one derails the flow. */
async function shortAnswer(t: Turn, f: Frame, u: Understanding, min: number): Promise<boolean> {
  const intent = answerFor(t, u, min);
  return intent ? answerBetween(t, f, intent) : false;
}

function answerFor(t: Turn, u: Understanding, min = DIGRESS_MIN_SCORE): Intent | undefined {
  const intent = u.intent && !u.outOfScope ? t.content.intents.get(u.intent) : undefined;
  return intent?.answer && intent.in_flow !== false && !t.flowFor(intent.id) && u.score >= min ? intent : undefined;
}

/**
 * A sentence that answers the open question beside a sentence that asks something the bot answers: both, the answer
 * to the resident's question first. Only when each part is clearly one or the other.
 */
async function answerBesideQuestion(
  t: Turn,
  f: Frame,
  step: AskStep,
  { input, u, text, opts, context }: { input: Input; u: Understanding; text: string; opts: readonly Option[]; context: ParseContext },
): Promise<boolean> {
  if (takesAnyText(step)) return false;
  const sentences = text.split(/(?<=[.!?])\s+/).map((x) => x.trim()).filter(Boolean);
  const asked = sentences.filter(isQuestion);
  const told = sentences.filter((x) => !isQuestion(x)).join(' ');
  if (asked.length === 0 || !told) return false;
  const intent = answerFor(t, u);
  if (!intent) return false;
  // "Wat kost een ID-kaart? Die wil ik aanvragen.": the option may be named in the question, the choice beside it. Not
  // "hoe werkt digid ook alweer? ik heb dat nooit gebruikt", which names an option and chooses nothing.
  let parsed = parseSlot(answerType(step, input), { text: told }, context);
  if (!parsed.ok && step.type === 'choice' && CHOOSES.test(told)) parsed = parseSlot('choice', { text }, context);
  if (!parsed.ok) return false;
  t.say(t.text(intent.answer!));
  t.links(intent.links);
  await accept(t, f, step, parsed.value, parsed.display, opts.find((o) => o.value === parsed.value));
  return true;
}

/** The answer, then the open question again. */
function answerBetween(t: Turn, f: Frame, intent: Intent): boolean {
  t.say(t.text(intent.answer!));
  t.links(intent.links);
  reask(t, f, t.botText('resume'));
  return true;
}

/** A question whose words name an answer (a keyword), whatever the classifier's first choice. */
function answerByKeyword(t: Turn, f: Frame, u: Understanding): boolean {
  const intent = u.keywords
    .map((id) => t.content.intents.get(id))
    .find((i) => i?.answer && i.in_flow !== false && !i.handover && !t.flowFor(i.id));
  return intent ? answerBetween(t, f, intent) : false;
}

/** Leaving a flow half-way needs more than one word ("groen" is an answer gone wrong, not a new request). */
function clearlyAbout(u: Understanding): boolean {
  return u.score >= SWITCH_MIN_SCORE && u.text.trim().split(/\s+/).length >= SWITCH_MIN_WORDS;
}

/** Not an answer: ask again with what was wrong, and after too many tries go on (`on_fail`) or hand over. */
async function retry(t: Turn, f: Frame, step: AskStep, error: string): Promise<void> {
  f.retries += 1;
  if (f.retries > (step.retries ?? 2)) {
    f.retries = 0;
    f.waiting = undefined;
    if (step.on_fail) {
      f.step = t.indexOf(f.flow, step.on_fail);
      return advance(t);
    }
    return handOver(t, ['not_understood'], 'normal');
  }
  prompt(t, step, f, step.reprompt ? t.text(step.reprompt) : error);
}

/**
 * "ja hoor, dat klopt allemaal" to a question that is not yes/no: a misplaced answer, not a question in between. "ok
 * top, bedankt" is thanks, not a yes: thanked for, and the question asked again.
 */
function bareYesNo(text: string): boolean {
  const yes = parseYesNo(text);
  return yes !== undefined && text.trim().split(/\s+/).length <= 5 && !(yes && THANKED.test(text));
}

/**
 * Thanks before any question was answered, in a flow nobody asked for in words, after the resident asked something:
 * they came with a question and are done. The flow began on a remark beside it ("er lag een dode kat op de weg, de
 * buurman heeft hem al weggehaald. Tot hoe laat zijn jullie open?") or on a question the bot took for a request
 * ("Bij wie moet ik dit melden?"). Asked again, "Waar is het?" would follow them out of the door. A report without a
 * question ("de lantaarnpaal is kapot" — "ok, dank je") goes on: the resident may think it is done.
 */
function closeUnanswered(t: Turn, f: Frame): void {
  t.state.frame = undefined;
  t.state.misunderstood = 0;
  t.say(t.botText('closed_unanswered', { flow: t.text(t.flow(f.flow).title) }), t.menu());
}

