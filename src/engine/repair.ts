import type { AskStep, Flow } from '../content/types';
import { fold, words } from '../text';
import { nameFrom, PARTICLES } from '../slots';
import type { SlotType } from '../slots/types';

/**
 * How residents repair a conversation in their own words: giving up ("laat maar, annuleren"), no preference
 * ("maakt niet uit"), and correcting an earlier answer ("nee, het is Dorpsstraat 5", "mijn achternaam is Janssen").
 * Pure text rules; the turn decides what to do with them.
 */

/** Giving up on the current flow, in more words than the whole-message commands ("stop", "annuleren"). */
const STOP_PHRASES = [
  /\blaat (?:ook |dan )?(?:maar|het|dat|die|de melding|de afspraak)(?: maar)?(?: zitten| zo)?\b/,
  /\b(?:toch )?(?:maar )?(?:niet meer nodig|hoeft niet meer|hoeft al niet meer)\b/,
  // With what is given up: "ik wil niet meer" on its own can be a cry for help, never a stop.
  /\bik (?:wil|hoef) (?:het|dit|dat|deze melding|de melding|de afspraak) (?:toch |eigenlijk )?niet meer\b/,
  /\bik (?:wil|hoef) (?:toch |eigenlijk )?geen (?:melding|afspraak)(?: meer)?(?: maken| doen)?\b/,
  /\b(?:annuleer|annuleren|cancel|stop|stoppen|afbreken)(?: dit| dat| het| deze(?: melding| afspraak| vraag)?| (?:de|mijn) (?:melding|vraag)| maar| ermee| hiermee| this| that| it)?\b/,
  /\bdoe (?:maar|toch) (?:niet|niks|maar niet)\b/,
  /\bik zie (?:er )?(?:toch )?van af\b/,
  /\b(?:never ?mind|forget (?:it|about it)|i dont want (?:this|it|to) ?(?:anymore)?|no longer needed)\b/,
];
/** Words around a stop phrase that do not change it: "nee laat maar, annuleren aub". */
const STOP_FILLER = new Set(['nee', 'neen', 'nope', 'no', 'ok', 'oke', 'okay', 'toch', 'maar', 'dan', 'ja', 'eh', 'hmm', 'sorry',
  'aub', 'alstublieft', 'alsjeblieft', 'please', 'graag', 'hoor', 'eigenlijk', 'ik', 'wil', 'het', 'dit', 'dat',
  'oh', 'ah', 'nou', 'weet', 'je', 'wat', 'verder', 'bedankt', 'dank', 'u', 'thanks', 'just', 'all', 'zitten', 'zo',
  'niks', 'niet', 'meer', 'gewoon', 'the', 'okee', 'er', 'mee', 'actually', 'ach', 'i', 'want', 'to', 'wanna',
  'would', 'like', 'now', 'lets', 'let', 's', 'ill', 'well', 'even', 'effe', 'ff', 'liever', 'daarom', 'dus', 'wel',
  'nu', 'so', 'then', 'o', 'wacht', 'nodig', 'hoeft', 'hoef']);
/** Typed fast, said aloud or in Gronings: "laatmaar", "ik wil stoppe", "stopen", "laat maar zitte", "stop mor". */
const SPOKEN_STOP: [RegExp, string][] = [[/\blaatmaar\b/g, 'laat maar'], [/\bstop(?:pe|en)\b/g, 'stoppen'], [/\bzitte\b/g, 'zitten'], [/\b(?:mor|moar)\b/g, 'maar']];
const INTERJECTION = /^(?:allee|alee|tja|pff+|och|ach|oei|oh|ah|nou|hm+|eh+m?|ok|oke|okay|okee|well|oh well|jeetje|jee)$/;
/** Dictated, without commas: "eh weet je wat stop maar ik doe het later", "stop kind moet eten ik doe het vanavond wel". */
const STOP_UNPUNCTUATED = /^(?:stop|stoppen)\b(?! (?:met|maar niet|niet|de|het|een|die|dat)\b).{0,80}\b(?:later|een andere keer|morgen|straks|vanavond|vanmiddag|geen tijd)\b|\b(?:stop|stoppen) maar\b(?! (?:met|niet))|\b(?:laat|stop) maar\b.{0,30}\b(?:later|een andere keer|morgen|straks|ik \w+ (?:het |dat )?(?:wel|zelf))\b|\b(?:ik stop|stop ik) (?:nu|hier|ermee|maar)\b(?! met)/;
/** Up to this many words, the first or last clauses of a message can still be the resident's decision to stop. */
const STOP_STORY_WORDS = 30;
/** Longer than this, a stop phrase is part of a story ("hij zegt: laat maar ...") rather than the resident's decision. */
const STOP_MAX_WORDS = 9;

export function wantsToStop(text: string): boolean {
  // "stop, ik regel het later wel", "ik moet eerst mijn agenda checken. stop maar" and "Ik weet het adres niet.
  // Stop, ik kijk morgen": a clause of its own decides, in a message short enough to be the resident's own decision.
  const clauses = text.split(/[,.;!?]/).map((c) => c.trim()).filter((c) => c && !INTERJECTION.test(fold(c)) && !onlyFiller(c));
  const count = text.split(/\s+/).length;
  // "Och, ik zie dat de buurman het al opruimt. Stop maar, laat maar zitten.": in a longer message the decision is
  // its first clause or one of its last two.
  const decisive = [clauses[0], ...clauses.slice(-2)].filter(Boolean);
  if (stopWords(text)) return true;
  if (count <= STOP_MAX_WORDS * 2 && clauses.length > 1 && clauses.some(stopWords)) return true;
  return count <= STOP_STORY_WORDS && ((clauses.length > 1 && decisive.some(stopWords)) || STOP_UNPUNCTUATED.test(fold(text)));
}

function onlyFiller(clause: string): boolean {
  return fold(clause).replace(/[^\p{L}\p{N}\s]/gu, ' ').split(/\s+/).filter(Boolean).every((w) => STOP_FILLER.has(w));
}

function stopWords(text: string): boolean {
  const f = SPOKEN_STOP.reduce((x, [re, to]) => x.replace(re, to), fold(text).replace(/[^\p{L}\p{N}\s]/gu, ' ').replace(/\s+/g, ' ').trim());
  if (!f || f.split(' ').length > STOP_MAX_WORDS) return false;
  let rest = f;
  for (const re of STOP_PHRASES) rest = rest.replace(new RegExp(re.source, 'g'), ' ');
  if (rest === f) return false;
  return rest.split(/\s+/).filter(Boolean).every((w) => STOP_FILLER.has(w));
}

/**
 * Other readings of an answer that does not parse as a whole, when the resident corrects themselves in it:
 * "donderdag... oh nee wacht, donderdag kan ik niet. Vrijdag dan" and "76... nee 77" (what follows the last
 * correction word) and "Wilgenweg 5, niet 3, sorry" (without what is negated), or after a sigh and a face.
 */
export function answerVariants(text: string): string[] {
  const out: string[] = [];
  const last = afterSelfCorrection(text);
  if (last) out.push(last);
  // Each pattern starts only where a run of spaces and punctuation starts: tried from inside one, it went over the
  // rest of the run again, and a message of 10,000 spaces took minutes.
  const kept = text.replace(/(?:[,;]|(?<![\s,;]))\s*\b(?:niet|not)\s+[^,;.!?]+/gi, '').replace(/(?<![,;.!\s])[,;.!\s]*(?:(?:sorry|hoor|graag)[,;.!\s]*)?$/i, '').trim();
  if (kept && kept !== text.trim()) out.push(kept);
  // "donderdag kan ik niet. Vrijdag dan": the last part that says no "niet".
  const clauses = text.split(/[.!?;,]+/).map((c) => c.trim()).filter((c) => c && !/\b(?:niet|not|geen|cannot|cant)\b/i.test(fold(c)));
  if (clauses.length && clauses.at(-1) !== text.trim()) out.push(clauses.at(-1)!);
  // "pff wat een vragen zeg 🙄 nee hoeft niet", "wat een gedoe 😅 doe maar de eerste": a sigh, a face, then the answer.
  const afterFace = text.split(FACES).at(-1)?.trim();
  if (afterFace && afterFace !== text.trim()) out.push(afterFace);
  return out.filter((v, i) => out.indexOf(v) === i);
}

const FACES = /\p{Extended_Pictographic}(?:\p{Extended_Pictographic}|\p{Emoji_Modifier}|\uFE0F|\u200D|\s)*/u;

const SELF_CORRECTION = /(?<!\.)(?:\.{2,}|…)\s*(?:nee|no)\b[\s,.:;!-]*|\b(?:oh nee|nee wacht|wacht(?: even)?|sorry|ik bedoel(?:de)?|liever|toch maar|of nee|i mean|actually|no wait|correctie|oops|oeps)\b[\s,.:;!-]*/i;

/** Words that take back what came before in an opening message: "Nee wat zeg ik, mijn rijbewijs!". */
const RESTATED = /(?:\bnee,?\s+)?\bwat zeg ik\s*[,!.:;-]+|\b(?:nee,? wacht|no wait|ik bedoel(?:de)?|i mean|oh nee|of nee|correctie|oops|oeps)\b[\s,.:;!-]+/i;

/** An opening message that corrects itself means what follows the correction ("paspoort. Nee wat zeg ik, mijn rijbewijs!"). */
export function restated(text: string): string | undefined {
  const last = afterLast(text, RESTATED);
  return last && /\p{L}{3,}/u.test(last) ? last : undefined;
}

/** "… zielig. Maar mijn vraag: stadhuis open vrijdagmiddag?", "waar ik eigenlijk voor kom:", "but my question is". */
const ACTUAL_QUESTION = /\b(?:maar )?(?:mijn|m'n|mn|de) (?:eigenlijke |echte )?vraag(?: is)?\s*[:,-]|\bwaar ik (?:eigenlijk )?voor (?:kom|schrijf|bel|app)\s*[:,-]?|\b(?:but )?my (?:actual |real )?question(?: is)?\s*[:,-]?/i;

/** What the resident names as their actual question, after a story told first. */
export function actualQuestion(text: string): string | undefined {
  const last = afterLast(text, ACTUAL_QUESTION);
  return last && /\p{L}{3,}/u.test(last) ? last : undefined;
}

/** What follows the last correction word in an answer: "online met digid. o nee wacht, … doe maar aan de balie". */
export function afterSelfCorrection(text: string): string | undefined {
  return afterLast(text, SELF_CORRECTION);
}

/** What follows the last `marker` in the text; undefined without a marker or with nothing after it. */
function afterLast(text: string, marker: RegExp): string | undefined {
  const parts = text.split(marker);
  const last = parts.at(-1)?.trim();
  return parts.length > 1 && last ? last : undefined;
}

export type Preference = 'any' | 'earliest';

const ANY = /^(?:(?:nee|no|eh|hmm|nou|oh)\s+)?(?:(?:(?:dat|het|da|de|the|t)\s+)?(?:(?:tijd|tijdstip|uur|dag|datum|time|day|date)\s+)?maakt?\s+(?:mij\s+|me\s+|ons\s+)?(?:ook\s+|echt\s+|toch\s+)?(?:niet|nie|niks|geen\s+bal|weinig)\s+(?:zoveel\s+)?(?:uit|uut)|om het even|(?:t|het|t is|het is|is)?\s*(?:mij|me|ons)\s+(?:om het even|gelijk|egaal)|(?:t|het)\s+is\s+(?:mij\s+|me\s+|ons\s+)?gelijk|(?:ik\s+)?(?:heb\s+)?geen\s+voorkeur|(?:no|any)\s+preference|(?:i\s+)?(?:dont|do not)\s+(?:mind|care)|(?:(?:it|the\s+(?:time|day|date))\s+)?(?:doesnt|does not)\s+matter|whatever|whenever(?:\s+works)?|egal|boeit\s+(?:me\s+)?niet|alles\s+(?:is\s+)?(?:goed|prima)|(?:wat|welke|wanneer)\s+(?:u|jullie|je)\s+wil(?:t|len)?|(?:anytime|any time|any day|elke\s+(?:dag|tijd)|altijd)(?:\s+is\s+(?:goed|prima|fine))?)(?:\s+(?:hoor|eigenlijk|echt|really|voor\s+mij|for\s+me|wat\s+mij\s+betreft))*$/;
const EARLIEST = /^(?:(?:zo|z0)\s+(?:snel|vroeg|gauw|spoedig|rap|vlug)\s+(?:als\s+)?mogelijk|zsm|asap|as\s+(?:soon|early)\s+as\s+pos+ible|(?:de\s+|het\s+)?eerste(?:\s+(?:mogelijkheid|moment|plek|tijd|tijdstip|vrije\s+(?:plek|tijd|dag)))?|earliest(?:\s+possible)?|(?:the\s+)?first\s+(?:available|free|possible|one)(?:\s+(?:slot|time|day))?)(?:\s+(?:graag|please|aub|alstublieft))?$/;

/** A clause that names a day or a time ("maar liever na 3 uur") takes back a "no preference" before it. */
const NAMES_A_TIME = /\d|\b(?:uur|half|kwart|ochtend|middag|avond|morgen|maandag|dinsdag|woensdag|donderdag|vrijdag|liever|behalve|niet op|am|pm|morning|afternoon|evening|monday|tuesday|wednesday|thursday|friday|rather|except)\b/;

/** "maakt niet uit", "geen voorkeur", "no preference"; "zo snel mogelijk" asks for the earliest. */
export function preference(text: string): Preference | undefined {
  // "zo rap mogelijk, maakt ons niet uit": every part says the same.
  // "dat maakt niet uit, hij is met pensioen", "ok dan vraag ik dat daar. tijd maakt niet uit": one part says it, the
  // rest names no day or time.
  const parts = text.split(/[,.;!]+/).map((p) => fold(p).replace(/[^\p{L}\p{N}\s]/gu, ' ').replace(/\s+/g, ' ').trim()).filter(Boolean);
  const says = (p: string) => EARLIEST.test(p) || ANY.test(p);
  if (!parts.some(says) || !parts.every((p) => says(p) || !NAMES_A_TIME.test(p))) return undefined;
  return parts.some((p) => EARLIEST.test(p)) ? 'earliest' : 'any';
}

/** "zo snel mogelijk, tijd maakt niet uit": no preference about the time, said while answering the day. */
export function noTimePreference(text: string): boolean {
  return text.split(/[,.;!?]+/).some((p) => {
    const clause = fold(p).replace(/[^\p{L}\p{N}\s]/gu, ' ').replace(/\s+/g, ' ').trim();
    // "maakt niet uit hoe laat", "hoe laat maakt me niet uit", "doesn't matter what time": the time named around it.
    const named = clause.replace(/\s+(?:hoe laat|welke tijd|welk tijdstip|what time|which time)$/, '').replace(/^(?:hoe laat|welke tijd|welk tijdstip|what time|which time)\s+/, '');
    return ANY.test(named) && /\b(?:tijd|tijdstip|uur|hoe laat|time)\b/.test(clause);
  });
}

export interface CorrectionText {
  /** What is left once the correction words are gone: the new value, or what to look for it in. */
  rest: string;
  /** The resident said they correct something ("nee", "ik bedoel", "niet X maar Y"). */
  marked: boolean;
  /** The word naming what is corrected ("achternaam" in "mijn achternaam is Janssen"). */
  mentioned?: string;
}

const MARKERS = /^(?:\s*(?:nee+n?|nope|no|sorry|oeps|oops|pardon|excuus|excuses|correctie|foutje|wacht(?: even)?|oh|o|eh|ehm|uh|hmm|toch|eigenlijk|liever|actually|wait|i mean|ik bedoel(?:de)?|ik heb me vergist|ik vergis me|i made a mistake|my mistake|my bad|verkeerd|fout|typo|tikfout)\b[\s,.:;!-]*)+/i;
/**
 * "o, het is trouwens geen kat maar een vos. Hij ligt midden op de stoep" describes, to the description question:
 * a sound of surprise or hesitation is stripped like a marker, but it does not say that something is corrected.
 */
const HESITATION = /\b(?:oh|o|eh|ehm|uh|hmm)\b|[\s,.:;!-]+/gi;
const NOT_BUT = /^(?:het is |it is |its )?(?:niet|not)\s+(.+?)\s*,?\s+(?:maar|but)\s+(.+)$/i;
/**
 * "het is 18 in plaats van 8", "Merelplein ipv Merelstraat", "the 19th instead of the 18th": the new value first. It
 * starts only where a run of spaces and commas starts: tried from inside one, a message of 40,000 spaces took minutes.
 */
const INSTEAD_OF = /(?<![\s,])[\s,]+(?:in plaats van|ipv\.?|i\.p\.v\.?|instead of)\s+\S/i;
const MENTION = /^(?:(?:mijn|m'n|mn|het|de|uw|je|zijn|haar|hun|my|the|your|his|her|their)\s+)?([\p{L}-]{3,})\s*(?:is|was|moet(?: zijn)?|moest(?: zijn)?|wordt|should be|must be|=|:)\s+(?:zijn\s+)?(.+)$/iu;
/** "mijn naam klopt niet", "het adres is fout": what is wrong, without the right value. */
const WRONG = /^(?:(?:mijn|m'n|mn|het|de|uw|zijn|haar|my|the|your|his|her)\s+)?([\p{L}-]{3,})\s+(?:klopt\s+(?:nog\s+)?niet(?:\s+(?:helemaal|echt|meer|helemaal\s+goed))?|is\s+(?:fout|verkeerd|niet\s+(?:helemaal\s+)?(?:goed|juist)|onjuist|wrong|incorrect|not\s+(?:quite\s+)?(?:right|correct))|isn'?t\s+(?:quite\s+|really\s+)?(?:right|correct)|was\s+(?:fout|verkeerd|wrong))\b/iu;
/** "typo in my name, it should be Anna Kowalska", "tikfout in mijn naam, het moet Ria de Boers zijn". */
const IN_MENTION = /^(?:in|with|met|bij)\s+(?:mijn|m'n|mn|de|het|uw|my|the|your)\s+([\p{L}-]{3,})\s*[,:;.-]*\s*(?:(?:het|it|dat|that)\s+)?(?:should be|must be|moet(?: zijn)?|moest(?: zijn)?|is|was|=)\s+(.+)$/iu;
const COPULA = /^(?:(?:het|dat|it|that)\s+(?:is|was|moet zijn|moest zijn|wordt|should be)|its|it's|het moet|maar|but|dus|so)\b[\s,:]*/i;

/** A correction said after the value: "een april bedoel ik", "the 19th I mean". */
const MARKED_AFTER = /(?<![\s,;:.!-])[\s,;:.!-]*\b(?:bedoel ik|bedoelde ik|i mean|i meant)\s*[.!]*$/i;

/** Reads a possible correction. Marked or naming a slot; otherwise only a value that fits an earlier question better. */
export function readCorrection(text: string): CorrectionText {
  const read = readCorrectionWords(text.replace(REST_IS_RIGHT, '').trim());
  const rest = read.rest.replace(OLD_VALUE_DENIED, '').trim();
  return { ...read, rest };
}

/**
 * "18, niet 8", "het Merelplein, niet de Merelstraat": the new value, then the old one denied after a comma. The
 * denial goes (it is no part of the value) and marks a correction. After "niet" comes a value: an article, a number
 * or a name ("niet maar één" denies no value). Like the patterns below it starts only where a run of spaces starts.
 */
const OLD_VALUE_DENIED = /(?<!\s)\s*,\s*(?:en\s+)?(?:niet|not)\s+(?:(?:de|het|een|the|op|in|aan|nummer|nr\.?)\s+[^\s,.;!?]+|\d+\p{L}?|\p{Lu}[^\s,.;!?]*)(?:\s+[^\s,.;!?]+){0,3}[.!]?$/u;

function readCorrectionWords(text: string): CorrectionText {
  let rest = text;
  const marker = MARKERS.exec(rest);
  const after = MARKED_AFTER.exec(rest);
  const marked = Boolean(marker?.[0].replace(HESITATION, '').trim()) || after !== null || OLD_VALUE_DENIED.test(rest);
  if (after) rest = rest.slice(0, after.index);
  if (marker) rest = rest.slice(marker[0].length);
  rest = rest.replace(COPULA, '').trim();
  const wrong = WRONG.exec(rest);
  // "de plek klopt niet helemaal, het is Stationsweg 4": what is wrong, and the right value after it.
  if (wrong) return { rest: rest.slice(wrong[0].length).replace(/^[\s,;:.!-]+/, '').replace(COPULA, '').trim(), marked: true, mentioned: fold(wrong[1]) };
  const notBut = NOT_BUT.exec(rest);
  if (notBut) return { rest: notBut[2].trim(), marked: true };
  const insteadOf = INSTEAD_OF.exec(rest);
  if (insteadOf && insteadOf.index > 0) return { ...readCorrectionWords(rest.slice(0, insteadOf.index)), marked: true };
  const mention = MENTION.exec(rest) ?? IN_MENTION.exec(rest);
  if (mention) return { rest: mention[2].trim(), marked: true, mentioned: fold(mention[1]) };
  return { rest, marked };
}

/** Words that name a slot of a type, whatever its label. */
const TYPE_WORDS: Partial<Record<SlotType, string[]>> = {
  address: ['adres', 'straat', 'straatnaam', 'plek', 'locatie', 'plaats', 'huisnummer', 'postcode', 'address', 'street', 'location', 'place'],
  email: ['email', 'e-mail', 'mail', 'emailadres', 'e-mailadres', 'mailadres', 'email address'],
  phone: ['telefoon', 'telefoonnummer', 'mobiel', 'mobiele', 'nummer', '06', 'phone', 'number', 'mobile'],
  date: ['dag', 'datum', 'day', 'date'],
  time: ['tijd', 'tijdstip', 'uur', 'time'],
  number: ['leeftijd', 'age'],
  // "the description isn't quite right": a text question is mostly a description.
  text: ['omschrijving', 'beschrijving', 'description', 'wat er aan de hand is', 'wat er mis is', 'what is going on', "what's going on", 'whats going on', "what's wrong", 'whats wrong'],
};

/** Words that name a question: its slot, its label in both languages, and the words for its type. */
export function slotWords(step: AskStep): string[] {
  return [step.ask, ...labelTexts(step), ...(TYPE_WORDS[step.type] ?? [])].filter(Boolean);
}

/** Whether `word` ("achternaam") names this question: by its type, its slot name or the last word of its label. */
export function names(word: string, step: AskStep): boolean {
  const labels = [step.ask, ...labelTexts(step)].flatMap((l) => words(l).slice(-1));
  const typeWords = TYPE_WORDS[step.type] ?? [];
  // "achternaam" names the question "Naam"; "nummer" names "Afspraaknummer".
  return typeWords.includes(word) || labels.some((l) => word === l || (Math.min(l.length, word.length) >= 4 && (word.endsWith(l) || l.endsWith(word))));
}

function labelTexts(step: AskStep): string[] {
  const l = step.label;
  if (!l) return [];
  return typeof l === 'string' ? [l] : [l.nl, l.en].filter((x): x is string => typeof x === 'string');
}

/** Types whose values are distinctive enough to recognise as a correction without being told. */
export const RECOGNISABLE: ReadonlySet<SlotType> = new Set(['address', 'email', 'phone', 'date', 'postcode', 'time']);

const NAME_PART = /^(?:achter|sur|last|family)/;
const FIRST_PART = /^(?:voor|first|given)/;
const NOT_A_NAME = new Set(['met', 'dubbel', 'dubbele', 'een', 'extra', 'zonder', 'en', 'de', 'het', 'is', 'sorry', 'nee', 'with', 'double', 'letter', 'the', 'and', 'not']);

/**
 * A corrected name: the whole name, or only the surname ("mijn achternaam is met dubbel s, Janssen") or first name
 * put into the old one. Undefined when no name can be read, so the question is asked again.
 */
export function correctedName(old: string, said: string, mentioned: string): string | undefined {
  const rest = said.replace(REST_IS_RIGHT, '').replace(SPELLING_HINT, ' ').trim();
  const parts = rest.split(/[,;:]/).map((p) => p.trim()).filter(Boolean);
  const restWords = rest.split(/[\s,;:]+/);
  const capitalised = withParticles(restWords, nameFrom(restWords, NOT_A_NAME));
  const last = parts.at(-1) ?? '';
  const lastWords = last.split(/\s+/);
  const single = lastWords.length <= 3 && lastWords.every((w) => /^[\p{L}'’-]{2,}$/u.test(w)) && !NOT_A_NAME.has(fold(lastWords[0]));
  const name = capitalised ?? (single ? last : undefined);
  if (!name) return undefined;
  const tidy = name.charAt(0).toUpperCase() + name.slice(1);
  const oldWords = old.trim().split(/\s+/);
  if (NAME_PART.test(mentioned) && oldWords.length > 1) return [...oldWords.slice(0, surnameStart(oldWords)), surname(name)].join(' ');
  if (FIRST_PART.test(mentioned) && oldWords.length > 1) return [tidy, ...oldWords.slice(1)].join(' ');
  return tidy;
}

/**
 * "verder klopt het", "de rest is goed": the rest of the summary confirmed, not part of the name. It starts only where
 * a run of spaces and punctuation starts: tried from inside one, 40,000 spaces took two seconds.
 */
const REST_IS_RIGHT = /(?<![\s,.;])[\s,.;]*\b(?:(?:en )?verder|de rest|rest|voor de rest|(?:and )?the rest|otherwise)\b.{0,20}\b(?:klopt|is goed|goed|correct|right|fine|ok[eé]?)\b.*$/i;
/** How a name is spelt, said beside it: "met ij", "met een y", "met 2 t's", "met twee f'en", "with a double s". */
const SPELLING_HINT = /\b(?:met|with) (?:een |a |de |twee |2 |two |dubbele? |double |lange |korte )*(?:ij|y|ei|\p{L})(?:'s|’s|s|'en|’en)?(?![\p{L}'’])/giu;

/** "de Wit": the particles said before a capitalised name belong to it. */
function withParticles(words: string[], name: string | undefined): string | undefined {
  if (!name) return undefined;
  let i = words.indexOf(name.split(/\s+/)[0]);
  const before: string[] = [];
  while (i > 0 && PARTICLES.has(fold(words[i - 1]))) before.unshift(words[--i]);
  return [...before, name].join(' ');
}

/** Where the surname starts in a name: at its first particle ("Anouk van Dyk"), else the last word. */
function surnameStart(words: string[]): number {
  const i = words.findIndex((w, k) => k > 0 && PARTICLES.has(fold(w)));
  return i > 0 ? i : words.length - 1;
}

/** A surname as Dutch writes it: particles in lower case, the name itself with a capital ("van Dijk"). */
function surname(name: string): string {
  const words = name.split(/\s+/);
  const main = words.findIndex((w) => !PARTICLES.has(fold(w)));
  return words.map((w, k) => (k === main ? w.charAt(0).toUpperCase() + w.slice(1) : k < main ? w.toLowerCase() : w)).join(' ');
}

/**
 * Answers that a corrected slot makes stale, between the corrected question and where the resident is: the result of
 * an action that used it, and a choice offered from that result ("Welke tijd past u?" after a new day).
 */
export function staleAfter(flow: Flow, from: number, to: number, slot: string): string[] {
  const dirty = new Set([slot]);
  const stale: string[] = [];
  for (let i = from + 1; i <= to && i < flow.steps.length; i++) {
    const s = flow.steps[i];
    if (s.kind === 'action' && s.result && uses(s.with, dirty)) {
      dirty.add(s.result);
      stale.push(s.result);
    }
    if (s.kind === 'ask' && s.options_from && dirty.has(s.options_from.split('.')[0])) {
      dirty.add(s.ask);
      stale.push(s.ask);
    }
  }
  return stale;
}

function uses(args: Record<string, unknown> | undefined, slots: Set<string>): boolean {
  return Object.values(args ?? {}).some((v) => typeof v === 'string' && [...v.matchAll(/\{([A-Za-z_]\w*)/g)].some((m) => slots.has(m[1])));
}
