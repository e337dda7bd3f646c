import { cap, fold, unstretched } from '../text';

/** Yes or no, in the ways people type it. Anything in between ("misschien", "ja nee") is not understood. */

const YES_PHRASES = new Set(['ja', 'jawel', 'jazeker', 'jaja', 'jawis', 'joa', 'jao', 'jo', 'jowel', 'jaowel', 'joawel', 'grand', 'thats grand', 'that s grand', 'jep', 'jup', 'jaa', 'jah', 'jaah', 'klopt', 'dat klopt', 'klopt helemaal', 'correct', 'juist',
  'prima', 'goed', 'is goed', 'dat is goed', 'helemaal goed', 'oke', 'ok', 'okay', 'okee', 'okido', 'zeker', 'zeker weten', 'absoluut', 'natuurlijk',
  'uiteraard', 'akkoord', 'graag', 'doe maar', 'yes', 'yep', 'yeah', 'yup', 'y', 'j', 'sure', 'of course', 'right', 'that is right', 'thats right',
  'fine', 'geen probleem', 'no problem', 'prima zo', 'top', 'perfect', 'precies', 'inderdaad', 'indeed', 'agreed', 'true', 'waar', 'klopt ja',
  'in orde', 'is in orde', 'das in orde', 'dat is in orde', 'das goed', 'das juist', 't is juist', 'tis juist', 'is juist', 'allemaal goed', 'alles klopt',
  'klopt allemaal', 'jup', 'jep', 'yess', 'ja hoor', 'k', 'kk', 'oki', 'okey', 'all good', 'looks good', 'all correct', 'thats correct', 'that is correct', 'correct ja']);
const NO_PHRASES = new Set(['nee', 'neen', 'neej', 'nait', 'neeh', 'neh', 'neee', 'nope', 'no', 'n', 'nah', 'neuh', 'nein', 'niet', 'nee hoor', 'nee dank je', 'nee bedankt', 'no thanks', 'nooit', 'klopt niet', 'dat klopt niet', 'klopt er niet',
  'niet goed', 'niet correct', 'niet juist', 'onjuist', 'incorrect', 'fout', 'liever niet', 'zeker niet', 'helemaal niet', 'absoluut niet',
  'nog niet', 'not', 'not really', 'no thanks', 'no thank you', 'never', 'niet akkoord', 'dat is fout', 'dat is niet goed', 'false', 'onwaar', 'klopt nee']);
const YES_START = new Set(['ja', 'jawel', 'jazeker', 'jaja', 'yes', 'yep', 'yeah', 'yup', 'jep', 'jup', 'jaa', 'jah', 'jaah', 'klopt', 'correct', 'prima', 'oke', 'ok', 'okay', 'okee', 'zeker', 'sure', 'graag',
  'top', 'perfect',
  // Limburgs and Brabants "jao", "joa"; Turkish "evet", French "oui": residents answer in the word they think in.
  'jao', 'joa', 'evet', 'oui',
  // Gronings and Drents "jo, dat klopt"
  'jo', 'jowel', 'jaowel']);
const NO_START = new Set(['nee', 'neen', 'neej', 'neeh', 'neh', 'neee', 'nope', 'no', 'nah', 'neuh']);
/** Words that add nothing to a yes or a no: "ja hoor, dank u". */
const SOFT = new Set(['hoor', 'hor', 'hè', 'he', 'dank', 'je', 'u', 'wel', 'graag', 'bedankt', 'thanks', 'thank', 'you', 'please', 'dat', 'is', 'het',
  'helemaal', 'echt', 'toch', 'gewoon', 'alstublieft', 'alsjeblieft', 'svp', 'aub', 'bvd', 'hoe', 'dan', 'ook', 'sir', 'hi', 'hoi', 'hallo', 'merci',
  'allemaal', 'zo', 'nu', 'all', 'its', 'yes', 'dankjewel', 'dankuwel', 'thx']);
/** Up to this many words, a first word we do not know may be a yes or no in another language. */
const SHORT_ANSWER = 4;
/** Words with a meaning of their own here: "niet ja" or "hoe nee" is not a foreign word before a yes or no. */
const KNOWN = new Set([...YES_PHRASES, ...NO_PHRASES, ...SOFT, 'maar', 'but', 'of', 'or', 'misschien', 'maybe', 'waarom', 'why', 'what', 'wat']);
/** Typed fast, the yes or no runs into the next word: "jaklopt", "neehoor", "jagraag". */
const GLUED = /^(ja|nee)(?=(?:klopt|hoor|graag|prima|goed|zeker|dankje|dankjewel|bedankt|hoeft)\b)/;
/** A reasoning that ends in a no: "…, dus nee", "…, so no". Not "dus ja", which is as often a filler ("tja, dus ja"). */
const CONCLUDED = /\b(?:dus|so|daarom|kortom)\s+(?:nee|neen|no)$/;
/** "ja nee": Dutch for "no", but people mean many things by it. */
const MIXED = /\b(?:ja\s+nee|nee\s+ja|yes\s+no|no\s+yes)\b/;

/** Words of a question too common to be what it asks about. */
const GENERIC = new Set(['heeft', 'hebben', 'wilt', 'willen', 'kunnen', 'zullen', 'zouden', 'moeten', 'alstublieft', 'would', 'should', 'please']);
const NEGATION = new Set(['niet', 'nie', 'geen', 'nooit', 'not', 'never', 'nog', 'no']);
const ECHO_MIN_LETTERS = 6;
/** Two forms of one word: "goedgekeurd" and "goedgekeurde", "verklaring" and "verklaringen". */
const sameWord = (a: string, b: string) => a === b || (a.length >= 7 && b.length >= 7 && a.slice(0, 7) === b.slice(0, 7));

/**
 * "Hij is in elk geval nog niet goedgekeurd" to "Heeft het CBR uw gezondheidsverklaring al goedgekeurd?": a word of
 * the question, said with a negation before it in a statement, is a no. Only ever a no: an echo without a negation may
 * be a description ("mijn melding gaat over een boom"), not a yes.
 */
export function deniedEcho(text: string, question: string): false | undefined {
  const words = (s: string) => fold(s).replace(/[^\p{L}\s]/gu, ' ').split(/\s+/).filter(Boolean);
  const asked = words(question).filter((w) => w.length >= ECHO_MIN_LETTERS && !GENERIC.has(w));
  const statements = cap(text).split(/(?<=[.!;])|,|(?<=\?)/).filter((c) => c.trim() && !c.trim().endsWith('?'));
  const denied = statements.some((c) => {
    const ws = words(c);
    return ws.some((w, i) => asked.some((a) => sameWord(a, w)) && ws.slice(Math.max(0, i - 3), i).some((n) => NEGATION.has(n) && n !== 'nog'));
  });
  return denied ? false : undefined;
}

export function parseYesNo(text: string): boolean | undefined {
  const raw = cap(text).trim();
  const up = /👍|👌|✅|✔/u.test(raw);
  const down = /👎|❌|✖/u.test(raw);
  // "jaaaa", "neeee": a drawn-out yes or no.
  const f = unstretched(fold(raw).replace(/[^\p{L}\p{N}\s]/gu, ' ').replace(/\s+/g, ' ').trim()).replace(GLUED, '$1 ');
  if (!f) return up === down ? undefined : up;
  if (MIXED.test(f)) return undefined;
  // "daar heb ik nog niets van gehoord dus nee": the conclusion at the end decides.
  if (CONCLUDED.test(f)) return false;
  if (YES_PHRASES.has(f)) return true;
  if (NO_PHRASES.has(f)) return false;
  const tokens = f.split(' ');
  const rest = tokens.slice(1);
  // "nee, nog niet" and "ja maar wel snel": the first word decides, unless the rest turns it round ("ja klopt niet").
  if (NO_START.has(tokens[0]) && !['problem', 'probleem'].includes(tokens[1])) return false;
  if (YES_START.has(tokens[0]) && !turnsToNo(rest)) return true;
  if (tokens.every((t) => SOFT.has(t) || YES_PHRASES.has(t))) return tokens.some((t) => YES_PHRASES.has(t)) ? true : undefined;
  // "tak, ja", "evet ja klopt": a word of one's own language first, then the Dutch yes or no decides.
  if (tokens.length <= SHORT_ANSWER && tokens.length > 1 && !KNOWN.has(tokens[0])) {
    if (NO_START.has(tokens[1])) return false;
    if (YES_START.has(tokens[1]) && !turnsToNo(tokens.slice(2))) return true;
  }
  const without = tokens.filter((t) => !SOFT.has(t)).join(' ');
  if (YES_PHRASES.has(without)) return true;
  if (NO_PHRASES.has(without)) return false;
  return undefined;
}

/** "klopt niet", "zeker niet": a yes word followed straight by a "niet". */
function turnsToNo(rest: string[]): boolean {
  return rest[0] === 'niet' || rest[0] === 'not';
}
