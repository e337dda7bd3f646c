/** Global commands: the words that work everywhere ("stop", "terug", "opnieuw", "help"), and what they do. */
import { isAsk } from '../content/types';
import { normalize } from '../text';
import type { Turn } from './context';
import { advance, reask } from './flow';

export type Command = 'stop' | 'restart' | 'back' | 'help';

/** Words that work everywhere, whatever the bot is asking. Whole-message matches only, so "nee" stays an answer. */
const COMMANDS: Record<Command, string[]> = {
  stop: ['stop', 'stoppen', 'annuleren', 'annuleer', 'afbreken', 'cancel', 'laat maar', 'laat maar zitten', 'ik wil stoppen',
    'hou op', 'quit', 'exit', 'stop maar', 'ik stop', 'nee stop', 'stop ermee', 'stoppen aub', 'stop alsjeblieft'],
  restart: ['opnieuw', 'opnieuw beginnen', 'begin opnieuw', 'herstart', 'restart', 'start over', 'reset', 'vanaf het begin',
    'overnieuw', 'nog een keer beginnen', 'helemaal opnieuw'],
  back: ['terug', 'vorige', 'ga terug', 'back', 'go back', 'previous', 'vorige vraag', 'een stap terug', 'stap terug'],
  help: ['help', 'hulp', '?', 'wat moet ik doen', 'ik snap het niet', 'wat kan ik zeggen', 'ik begrijp het niet', 'hoe werkt dit', 'helpen',
    'menu', 'hoofdmenu', 'keuzemenu', 'opties', 'keuzes', 'options', 'main menu'],
};

const LOOKUP = new Map<string, Command>(
  (Object.entries(COMMANDS) as [Command, string[]][]).flatMap(([cmd, words]) => words.map((w) => [normalize(w) || w, cmd])),
);

export function commandOf(text: string): Command | undefined {
  const n = normalize(text).replace(/\b(aub|alstublieft|graag|pls|please)\b/g, '').trim();
  return LOOKUP.get(n || text.trim());
}

const SKIP = new Set(['overslaan', 'sla over', 'skip', 'geen', 'nee', 'niet', 'heb ik niet', 'hoeft niet', 'nvt', 'n.v.t.', 'no', 'none', 'geen foto', 'nee dank je', 'nee bedankt', 'liever niet']);

/** "nee heb ik niet", "geen foto sorry", "no pic", "don't have one": a short no. */
const SKIP_START = /^(?:nee+|neen|nope|no|nah|geen|gen|zonder|none|without|niet|helaas niet|heb (?:ik |k )?(?:er )?(?:geen|niet)|i (?:dont|do not) have|dont have|do not have|sla (?:maar |deze |die |het )?over|over ?slaan|skip)\b/;
const PHOTO = '(?:foto|fotos|photo|photos|picture|pictures|pic|pics|afbeelding)';
/** "geen foto", "no photo", "een foto heb ik niet": the photo named and said no to, anywhere in a message. */
// Also "foto: nee", "foto hebik nie" (typed fast) and "ik beschik niet over een foto" (formal).
const NO_PHOTO_NAMED = new RegExp(
  `\\b(?:geen|gen|gin|gien|gain|gein|no|zonder|without)\\s+(?:\\w+\\s+)?${PHOTO}\\b|\\b${PHOTO}\\s+(?:(?:heb|hebben|heeft)\\s+(?:ik|k|we|wij)|hebik|hebk)\\s+(?:\\w+\\s+)?(?:niet|nie|geen)\\b|^${PHOTO}\\s+(?:nee|neen|no|niet|nie|geen|none)$|\\bniet over (?:een )?${PHOTO}\\b`,
);
const NO_PHOTO = new RegExp(
  `\\b(?:geen|gen|gin|gien|gain|gein|no|zonder|without|niet)\\s+(?:\\w+\\s+)?${PHOTO}\\b|\\b(?:dont|do not|havent|have not) (?:have|got) (?:one|any|it|a photo|a picture)\\b|\\bheb (?:ik |k )?(?:er )?(?:geen|niet)\\b|\\bheb (?:ik|k) (?:\\w+ )?niet\\b`,
);
/** "laat maar, overslaan", dictated "over slaan": the word for skipping anywhere in a short message. */
const SKIP_ANYWHERE = /\b(?:over ?slaa?n|over ?slaaan|sla (?:\w+ )?over|skip)\b/;
const SKIP_MAX_WORDS = 12;
/** "Ik heb helaas geen foto kunnen maken, mijn telefoon kan dat niet zo goed": a longer no, about the photo itself. */
const NO_PHOTO_MAX_WORDS = 25;

/** "geen foto", "no photo" anywhere in a message. */
export function saysNoPhoto(text: string): boolean {
  return NO_PHOTO_NAMED.test(normalize(text));
}

/** "no tin foto, overslaan": the word for skipping, or a no to the photo itself; not a "nee" that may start a correction. */
export function skipsByName(text: string): boolean {
  const n = normalize(text);
  return SKIP_ANYWHERE.test(n) || NO_PHOTO_NAMED.test(n);
}

const MAIL = '(?:e ?mail|mail|mailtje|email|updates?)';
/** "geen mail nodig", "no email please", "mail hoeft niet": a clause of its own that says no to e-mail. */
const NO_MAIL = new RegExp(
  `^(?:en |and )?(?:ook |also )?(?:(?:geen|gen|no|zonder|without) ${MAIL}(?: (?:nodig|needed|graag|aub|please|hoor|thanks|bedankt))?|${MAIL} (?:is )?niet nodig|${MAIL} hoeft niet|hoeft geen ${MAIL}|(?:i )?(?:dont|do not) need (?:an |any )?${MAIL})$`,
);

export function saysNoMail(text: string): boolean {
  // "nee geen foto en ook geen mail": a clause may follow "en" without a comma.
  return text.split(/[,;.!?]+|\s(?=(?:en|and) (?:ook |also )?(?:geen|gen|no|zonder|without)\b)/i).some((clause) => NO_MAIL.test(normalize(clause)));
}

/**
 * The resident asks what the open question means or why it is asked: "wat bedoelt u?", "bedoelt u hoe oud ik ben of
 * hoe oud het rijbewijs is?", "waarom wilt u dat weten?", "what do you mean?". Not a question about something else.
 */
const ASKS_MEANING = new RegExp(
  [
    '\\b(?:wat|hoe) bedoel(?:t|d)? (?:je|jij|u|jullie|ge|gij)\\b',
    '^(?:eh+m?\\s+|sorry,?\\s+|pardon,?\\s+)?bedoel(?:t|d)? (?:je|jij|u|ge|gij)\\b',
    '\\bwat (?:moet|wil) (?:ik|je) (?:hier |daar |nu )?(?:invullen|antwoorden|zeggen|typen|intypen)\\b',
    '\\bwaarom (?:wilt|wil|moet|moeten|vraagt|vragen) (?:u|je|jij|jullie) (?:dat|dit|dat nou|dat eigenlijk|mijn \\w+|naar \\w+(?: \\w+)?) ?(?:weten|hebben|vragen|nodig)?\\b',
    '\\bwhat do you mean\\b|\\bwhy do you (?:need|ask|want)\\b|\\bwhat (?:should|do) i (?:type|answer|enter|fill in)\\b',
  ].join('|'),
);

export function asksMeaning(text: string): boolean {
  return ASKS_MEANING.test(normalize(text));
}

/** The whole message says the resident does not know: "weet ik niet", "geen idee", "?", "no idea". */
const DONT_KNOW = /^(?:(?:eh+m?|hm+|sorry|pfff*|tja|nou) )*(?:(?:ik )?weet (?:ik |k )?(?:het |t )?(?:niet|nie|ni|echt niet)|weet ?niet|wn|geen (?:flauw )?(?:idee|benul)|idk|dunno|no idea|(?:i )?(?:don ?t|do not) know|not sure|onbekend|geen flauw benul)(?: (?:eigenlijk|hoor|precies|zo goed|meer|sorry|ook niet|helaas))*$/;

export function saysDontKnow(text: string): boolean {
  return /^\s*\?+\s*$/.test(text) || DONT_KNOW.test(normalize(text));
}

/** Answers that skip an optional question (only asked when the message is not a valid answer). */
export function isSkip(text: string): boolean {
  const n = normalize(text);
  const words = n.split(' ').length;
  return SKIP.has(n) || (words <= SKIP_MAX_WORDS && (SKIP_START.test(n) || SKIP_ANYWHERE.test(n))) || (words <= NO_PHOTO_MAX_WORDS && (NO_PHOTO.test(n) || NO_PHOTO_NAMED.test(n)));
}

export function runCommand(t: Turn, cmd: Command): Promise<void> | void {
  const s = t.state;
  if (cmd === 'stop') {
    const had = s.frame;
    s.frame = undefined;
    return t.say(had ? t.botText('cancelled') : t.botText('anything_else'), t.menu());
  }
  if (cmd === 'restart') {
    s.frame = undefined;
    s.clarify = undefined;
    s.clarifyText = undefined;
    s.misunderstood = 0;
    return t.say(`${t.botText('restarted')}\n\n${t.botText('welcome')}`, t.menu());
  }
  if (cmd === 'back') return back(t);
  // Outside a flow the help comes with the menu: "menu" asks for it by name.
  t.say(t.botText('help'), s.frame?.waiting ? undefined : t.menu());
  if (s.frame?.waiting) reask(t, s.frame);
}

/** "terug": the question answered last is asked again. */
function back(t: Turn): Promise<void> | void {
  const f = t.state.frame;
  const prev = f?.history.pop();
  if (!f || prev === undefined) return t.say(t.botText('nothing_to_go_back'));
  const step = t.flow(f.flow).steps[prev];
  if (isAsk(step)) {
    delete f.slots[step.ask];
    delete f.shown[step.ask];
  }
  f.step = prev;
  f.waiting = undefined;
  f.retries = 0;
  return advance(t);
}
