import { cap, capitalize, fold } from '../text';
import { numberAt } from './numbers';
import type { Address, HouseNumber, Lang } from './types';

/** Dutch postcodes, house numbers and addresses. Works on the original text, because capitals help tell a street from a word. */

type Mode = 'answer' | 'sentence';

interface Span { start: number; end: number }
interface PostcodeMatch extends Span { postcode: string }
interface NumberMatch extends Span { value: HouseNumber }

// 1234 AB, 1234AB, 1234-AB. SA, SD and SS are never used.
const POSTCODE = /(?<![\p{L}\d])([1-9]\d{3})(\s?-?\s?)([A-Za-z]{2})(?![\p{L}\d])/gu;
/** An addition after a space stays on its line: "Molenstraat 7\nE-mail: …" is number 7, not 7E. */
const HOUSE_NUMBER = /(?<![\p{L}\d.,:/+-])(\d{1,5})(?:\s*-\s*([A-Za-z0-9]{1,4})|([A-Za-z]{1,3})|[ \t]+(bis|Bis|BIS|hs|HS|I{1,3}|IV|[A-Za-z]))?(?![\p{L}\d]|[.,:/-]\d|[-'’]\p{L})/gu;
/** Letters straight after a number that make it a measure, not an addition: "12u", "3km". */
const NOT_ADDITION = /^(?:u|h|x|m|km|cm|mm|kg|jr|uur|ste|st|de|th|am|pm)$/i;
/** A word after a number that makes it a count or a duration ("3 keer", "12 jaar"), not a house number. */
const UNIT_AFTER = /^\s*(?:uur|minuten|minuut|dagen|dag|weken|week|maanden|maand|jaar|jaren|keer|meter|km|kilo|euro|procent|stuks|lantaarnpalen|palen|tegels|bomen|hours?|days?|weeks?|months?|years?|times)\b/i;

/** Street words: "Kerkstraat", "Laan van Meerdervoort", "Dam". */
const STREET_SUFFIX = /(?:straat|laan|weg|plein|gracht|kade|singel|dijk|dreef|steeg|markt|hof|pad|park|plantsoen|allee|wal|haven|kanaal|boulevard|brink|vaart|wetering|veld|hoven|gaarde|promenade|baan|pleintje|laantje|str)$/;
const STREET_NOUN = /^(?:laan|plein|dam|markt|singel|kade|weg|dijk|gracht|boulevard|dreef|brink|wal|hof|straat|park)$/;
/** Ordinary words that end like a street. */
const NOT_STREETS = new Set(['onderweg', 'halverwege', 'omweg', 'uitweg', 'snelweg', 'autoweg', 'fietspad', 'voetpad', 'wandelpad', 'tuinpad',
  'supermarkt', 'arbeidsmarkt', 'woningmarkt', 'loopbaan', 'rijbaan', 'busbaan', 'speelveld', 'voetbalveld', 'sportveld', 'kerkhof', 'gerechtshof',
  'pretpark', 'jachthaven', 'vertrekhal']);
/** Capitalised at the start of a sentence, but not part of a street or city name. */
const SENTENCE_WORDS = new Set(['bij', 'in', 'op', 'aan', 'voor', 'naast', 'tegenover', 'achter', 'langs', 'de', 'het', 'ik', 'er', 'mijn', 'onze',
  'hier', 'daar', 'is', 'at', 'on', 'near', 'the', 'my', 'it', 'please', 'graag', 'adres', 'address', 'postcode', 'straat', 'locatie',
  // "Havenstraat 3, I want to report it": a pronoun or a conjunction starts the next sentence, not a city.
  'i', 'we', 'you', 'he', 'she', 'they', 'there', 'this', 'that', 'and', 'but', 'so', 'wij', 'zij', 'hij', 'u', 'jij', 'je', 'maar', 'want', 'dus', 'ook', 'en',
  // "It's Zeedijk 27": the answer's opening words, not the street's first word.
  'it', "it's", 'its', "that's", 'thats', "here's"]);
/** Small words that can sit inside a street or city name: "Laan van Meerdervoort", "Alphen aan den Rijn". */
const CONNECTORS = new Set(['van', 'de', 'der', 'den', 'het', 't', 'ter', 'te', 'aan', 'op', 'in', 'en', 'bij', 'la', 'le', 'sint', 'st', 'v.', 'v.d.', 'vd.', 'v.d', 'vd']);
/** Articles that some street names start with: "De Ruyterstraat", "Het Spui", "'t Hoogt". */
const ARTICLES = new Set(['de', 'het', 't']);
/** Words before a street that are not part of it: "het is bij de Kerkstraat 12". */
const FILLER = new Set(['het', 'is', 'bij', 'de', 'op', 'aan', 'in', 'ik', 'woon', 'wonen', 'mijn', 'ons', 'onze', 'adres', 'adresse', 'straat',
  'locatie', 'plek', 'hier', 'daar', 'voor', 'naast', 'tegenover', 'achter', 'langs', 'vlakbij', 'hoek', 'ter', 'hoogte', 'van', 'nummer', 'nr', 'huisnummer',
  'the', 'at', 'on', 'near', 'address', 'my', 'it', 'its', 'of', 'street', 'number', 'location', 'er', 'staat', 'ligt', 'zit', 'gaat', 'om', 'en',
  'postcode', 'die', 'dat', 'deze', 'een', 'ja', 'oke', 'ok', 'graag', 'please', 'hij', 'zij', 'we', 'wij', 'tussen', 'between']);

/** Words that announce a house number: "nummer drie", "number eight". */
const CUE_WORDS = 'huisnummer|nummer|number|nr\\.?';
const NUMBER_CUE = new RegExp(`^(?:${CUE_WORDS}|no\\.?)$`, 'i');

/**
 * Abbreviations in street names, kept with their dot: "Prof. v.d. Waalsstr. 9", "Ln. v. Nieuw Oost-Indië 12a",
 * "J.P. Coenstraat 3". A single letter is an initial; after these a full stop does not end the sentence.
 */
const ABBREVIATIONS = 'prof|dr|drs|mr|ir|ing|ds|st|burg|jhr|gen|kon|mgr|pres|ln|\\p{L}*str|vd|pl';
const NAME_ABBREVIATION = new RegExp(`^(?:\\p{L}|(?:\\p{L}\\.)+\\p{L}|${ABBREVIATIONS})$`, 'iu');
const CLAUSE_END = new RegExp(`[,;:!?()\\n]|(?<!(?:^|[\\s.])(?:\\p{L}|${ABBREVIATIONS}))\\.\\s`, 'iu');
const isCapitalized = (word: string): boolean => /^\p{Lu}/u.test(word);
const isNameWord = (word: string): boolean => isCapitalized(word) && !SENTENCE_WORDS.has(fold(word));

function postcodes(text: string, mode: Mode): PostcodeMatch[] {
  const out: PostcodeMatch[] = [];
  for (const m of text.matchAll(POSTCODE)) {
    const letters = m[3].toUpperCase();
    if (letters === 'SA' || letters === 'SD' || letters === 'SS') continue;
    // In a sentence "in 2024 op straat" is not a postcode: there the letters must be capitals or written against the digits.
    const cued = /postcode\s*(?:is\s*)?:?\s*$/i.test(text.slice(0, m.index));
    const spaced = /^\s+$/.test(m[2]);
    if (mode === 'sentence' && !cued && spaced && m[3] !== letters) continue;
    out.push({ start: m.index, end: m.index + m[0].length, postcode: `${m[1]} ${letters}` });
  }
  return out;
}

function houseNumbers(text: string, mode: Mode, skip: Span[]): NumberMatch[] {
  const out: NumberMatch[] = [];
  for (const m of text.matchAll(HOUSE_NUMBER)) {
    const start = m.index;
    if (skip.some((s) => start < s.end && start + m[0].length > s.start)) continue;
    const number = Number(m[1]);
    if (number < 1 || m[1].startsWith('0')) continue;
    let end = start + m[0].length;
    let addition: string | undefined = m[2] ?? m[3] ?? m[4];
    if (addition && NOT_ADDITION.test(addition)) continue;
    // "Kerkstraat 12 u kunt" or "12 a lamp": a lower-case single letter after a space is only an addition in an answer.
    if (m[4] && mode === 'sentence' && /^[a-z]$/.test(m[4])) {
      addition = undefined;
      end = start + m[1].length;
    }
    if (mode === 'sentence' && UNIT_AFTER.test(text.slice(end))) continue;
    out.push({ start, end, value: addition ? { number, addition: addition.toUpperCase() } : { number } });
  }
  return out;
}

export function formatHouseNumber(h: HouseNumber): string {
  if (!h.addition) return String(h.number);
  if (/^[A-Z]$/.test(h.addition)) return `${h.number}${h.addition.toLowerCase()}`;
  if (/^(?:\d+|[IVX]+)$/.test(h.addition)) return `${h.number}-${h.addition}`;
  return `${h.number} ${h.addition.toLowerCase()}`;
}

// ---- postcode

export function parsePostcode(text: string): string | undefined {
  const found = new Set(postcodes(cap(text), 'answer').map((p) => p.postcode));
  return found.size === 1 ? [...found][0] : undefined;
}

export function findPostcode(text: string): string | undefined {
  const found = new Set(postcodes(cap(text), 'sentence').map((p) => p.postcode));
  return found.size === 1 ? [...found][0] : undefined;
}

// ---- house number

/** "12", "12a", "12 A", "12-2", "12 bis", "nr 12", "huisnummer 12 a". */
export function parseHouseNumber(text: string): HouseNumber | undefined {
  const t = cap(text);
  const found = houseNumbers(t, 'answer', postcodes(t, 'answer'));
  const distinct = new Set(found.map((f) => formatHouseNumber(f.value)));
  return distinct.size === 1 ? found[0].value : undefined;
}

// ---- address

/** The parts of a message between commas and full stops, where a dot after "Prof", "v.d" or "Kerkstr" ends no part. */
export function splitClauses(text: string): string[] {
  return text.split(CLAUSE_END).map(withoutFullStop).filter(Boolean);
}

function withoutFullStop(clause: string): string {
  const c = clause.trim();
  const last = (c.split(/\s+/).pop() ?? '').replace(/\.+$/, '');
  return c.endsWith('.') && !NAME_ABBREVIATION.test(last) ? c.replace(/\.+$/, '').trim() : c;
}

/** The words before a number in the same part of the sentence: "de lamp bij Kerkstraat" for "… Kerkstraat 12". */
function wordsBefore(text: string, index: number): string[] {
  const clause = text.slice(Math.max(0, index - 120), index).split(CLAUSE_END).pop() ?? '';
  return clause.split(/\s+/).filter(Boolean).map((w) => w.replace(/^["'“(]+|["'”)]+$/g, '').replace(/\.+$/, (dot, at, word) => (NAME_ABBREVIATION.test(word.slice(0, at)) ? dot : '')) || w);
}

function isStreetWord(word: string, mode: Mode): boolean {
  const w = fold(word).replace(/\.$/, '');
  if (NOT_STREETS.has(w)) return false;
  if (STREET_NOUN.test(w)) return mode === 'answer' || isCapitalized(word);
  if (!/^\p{L}[\p{L}'’.-]*$/u.test(word) || w.length <= 5) return false;
  // As the answer to the place question, "kerkwge" and "lindelaaan" are streets typed in a hurry.
  return STREET_SUFFIX.test(w) || (mode === 'answer' && STREET_SUFFIX.test(slipped(w)));
}

/** The word with its last two letters swapped back, or a tripled letter made double. */
function slipped(w: string): string {
  const tripled = w.replace(/(\p{L})\1\1/u, '$1$1');
  return tripled !== w ? tripled : w.slice(0, -2) + w.slice(-1) + w.slice(-2, -1);
}

/** A street ending at the last word before the number, or undefined when there is none. */
function streetBefore(before: string[], mode: Mode): string | undefined {
  let words = before.slice(-7);
  while (words.length && NUMBER_CUE.test(words[words.length - 1])) words = words.slice(0, -1);
  const anchor = findAnchor(words, mode);
  if (anchor !== undefined) return extendBack(words, anchor);
  return mode === 'answer' ? looseStreet(words) : namedAfterPreposition(words);
}

const PLACE_PREPOSITION = /^(?:aan|op|in|bij|naast|tegenover|achter|at|on|near|opposite)$/i;

/** "aan de Vogelzang 2", "at Kalverdijkje 4": a street without a street word, named where a place is expected. */
function namedAfterPreposition(words: string[]): string | undefined {
  let start = words.length;
  while (start > 0 && words.length - start < 3 && isCapitalized(words[start - 1]) && !SENTENCE_WORDS.has(fold(words[start - 1]))) start--;
  if (start === words.length) return undefined;
  const article = start >= 1 && ARTICLES.has(fold(words[start - 1])) ? 1 : 0;
  const english = start >= 1 && /^(?:at|on|near|opposite)$/i.test(words[start - 1]);
  if (!english && !(article && start >= 2 && PLACE_PREPOSITION.test(words[start - 2]))) return undefined;
  return capitalize(words.slice(start).join(' '));
}

/** The street word and the name parts after it ("Laan" in "Laan van Meerdervoort"). */
function findAnchor(words: string[], mode: Mode): number | undefined {
  for (let i = words.length - 1; i >= 0; i--) {
    if (isStreetWord(words[i], mode)) return i;
    const w = words[i];
    const namePart = isCapitalized(w) || CONNECTORS.has(fold(w)) || (mode === 'answer' && /^\p{L}+$/u.test(w));
    if (!namePart) return undefined;
  }
  return undefined;
}

function extendBack(words: string[], anchor: number): string | undefined {
  let start = anchor;
  while (start > 0) {
    const w = words[start - 1];
    const f = fold(w);
    if (isNameWord(w)) start--;
    else if (!isCapitalized(w) && CONNECTORS.has(f)) {
      // "Prof. van der Waalsstraat": a run of small words belongs to the name when a name word comes before it.
      let first = start - 1;
      while (first > 0 && !isCapitalized(words[first - 1]) && CONNECTORS.has(fold(words[first - 1]))) first--;
      if (first >= 1 && isNameWord(words[first - 1])) start = first;
      else break;
    } else break;
  }
  if (start > 0 && articleInName(words, start - 1, words[anchor])) start--;
  // "Dorpsstraat ter hoogte van nummer 14": small words after the street are not part of its name.
  let end = words.length;
  while (end > anchor + 1 && !isCapitalized(words[end - 1]) && FILLER.has(fold(words[end - 1]))) end--;
  const name = words.slice(start, end).filter((w, i) => i > 0 || !(CONNECTORS.has(fold(w)) && !isCapitalized(w)));
  return name.length ? capitalize(name.join(' ')) : undefined;
}

/**
 * "De Ruyterstraat", "De Dreef": a capitalised article belongs to the name when it is written inside the sentence
 * ("bij De Ruyterstraat 5") or comes before a bare street noun. At the start ("De Kerkstraat 12") it is an article.
 */
function articleInName(words: string[], i: number, anchorWord: string): boolean {
  const w = words[i];
  if (!isCapitalized(w) || !ARTICLES.has(fold(w))) return false;
  return i > 0 || STREET_NOUN.test(fold(anchorWord));
}

/** An answer like "Rokin 12" or "bij de lange voorhout 3": whatever is left after the small words. */
function looseStreet(words: string[]): string | undefined {
  let start = 0;
  while (start < words.length && FILLER.has(fold(words[start]))) start++;
  const name = words.slice(start);
  if (name.length === 0 || name.length > 5) return undefined;
  // Dutch street names are in Latin letters; anything else is a sentence we do not read.
  if (!name.every((w) => /^\p{Script=Latin}[\p{Script=Latin}\p{M}'’.-]*$/u.test(w)) || name.join('').length < 3) return undefined;
  return capitalize(name.join(' '));
}

/** "Voorbeeld" in "1234 AB Voorbeeld", or after the number in "Kerkstraat 12, Voorbeeld" and "Kerkstraat 12 in Voorbeeld". */
function cityAfter(text: string, from: number, afterPostcode: boolean, mode: Mode): string | undefined {
  const rest = text.slice(from, from + 80);
  const lead = (afterPostcode ? /^\s*,?\s*/ : /^\s*,\s*|^\s+(?:in|te)\s+/).exec(rest);
  if (!lead) return undefined;
  const words = rest.slice(lead[0].length).split(/[,.;:!?()\n]/)[0].split(/\s+/).filter(Boolean).slice(0, 4);
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    const f = fold(w);
    const name = /^(?:'s-)?\p{L}[\p{L}'’-]*$/u.test(w);
    const capital = isCapitalized(w) || w.startsWith("'s");
    const joins = out.length > 0 && CONNECTORS.has(f) && isCapitalized(words[i + 1] ?? '');
    // Right after a postcode, a lower-case word is still the city in an answer ("1234 ab voorbeeld").
    const lower = mode === 'answer' && afterPostcode && !FILLER.has(f) && !CONNECTORS.has(f) && !SENTENCE_WORDS.has(f);
    if (!name || !(capital || joins || lower) || (capital && out.length === 0 && SENTENCE_WORDS.has(f))) break;
    out.push(w);
  }
  return out.length ? capitalize(out.join(' ')) : undefined;
}

/** The postcode written right after or before the number ("1234 AB 12", "12, 1234 AB", "1234 AB, huisnummer 12"). */
function postcodeBeside(text: string, n: NumberMatch, pcs: PostcodeMatch[]): { after?: PostcodeMatch; before?: PostcodeMatch } {
  const gap = (a: number, b: number): boolean => /^[\s,]*(?:(?:in|te|huisnummer|nummer|number|nr\.?|en)\s*)?$/i.test(text.slice(a, b));
  return { after: pcs.find((p) => p.start >= n.end && gap(n.end, p.start)), before: pcs.find((p) => p.end <= n.start && gap(p.end, n.start)) };
}

function addressFromNumber(text: string, n: NumberMatch, pcs: PostcodeMatch[], mode: Mode): Address | undefined {
  const street = streetBefore(wordsBefore(text, n.start), mode);
  const { after, before } = postcodeBeside(text, n, pcs);
  const postcode = after ?? before ?? (mode === 'answer' && pcs.length === 1 ? pcs[0] : undefined);
  if (!street && !postcode) return undefined;
  if (!street && mode === 'sentence' && !before && !after) return undefined;
  const city = after
    ? cityAfter(text, after.end, true, mode)
    : before && !street
      ? cityAfter(text, before.end, true, mode) ?? cityAfter(text, n.end, true, mode)
      : cityAfter(text, n.end, false, mode);
  const address: Address = {};
  if (street) address.street = street;
  address.number = n.value.number;
  if (n.value.addition) address.addition = n.value.addition;
  if (postcode) address.postcode = postcode.postcode;
  if (city) address.city = city;
  return address;
}

/**
 * A house number said instead of typed, as dictation writes it: "molenweg vierendertig", "marktplein nummer drie",
 * "Stationsweg number thirty four". Only after a street word or "nummer"; "een"/"one" only after "nummer", since
 * "in de Kerkstraat een lamp" holds no number.
 */
function spokenHouseNumbers(text: string): string {
  const tokens = text.split(/(\s+)/);
  for (let i = 2; i < tokens.length; i += 2) {
    const prev = tokens[i - 2].replace(/[,:]$/, '');
    const cue = NUMBER_CUE.test(prev);
    if (!tokens[i] || (!cue && !isStreetWord(prev, 'answer'))) continue;
    // The words from here on, without the spaces between them and the punctuation after them.
    const ahead = [i, i + 2, i + 4].filter((k) => tokens[k]).map((k) => fold(tokens[k]).replace(/[.,!?]+$/, ''));
    const spoken = numberAt(ahead, 0);
    if (!spoken || spoken.value < (cue ? 1 : 2)) continue;
    tokens.splice(i, spoken.length * 2 - 1, String(spoken.value));
  }
  return tokens.join('');
}

function findAddress(text: string, mode: Mode): Address | undefined {
  const t = spokenHouseNumbers(cap(text));
  const pcs = postcodes(t, mode);
  const numbers = houseNumbers(t, mode, pcs);
  const pairs = numbers.map((n) => ({ n, a: addressFromNumber(t, n, pcs, mode) })).filter((p): p is { n: NumberMatch; a: Address } => p.a !== undefined);
  const found = pairs.map((p) => p.a);
  // Prefer one with a street; two different streets means we do not know which one is meant.
  const withStreet = found.filter((a) => a.street);
  // "Beukenlaan 23, de paal staat tussen 23 en 25": a real street word beats words that only sit before a number.
  const anchored = withStreet.filter((a) => a.street!.split(' ').some((w) => isStreetWord(w, 'answer')));
  // "postcode 1234 CD, huisnummer 8, eigenlijk meer tussen nummer 8 en 10": the number written beside the postcode.
  const besidePostcode = pairs.filter((p) => !p.a.street && p.a.postcode && Object.values(postcodeBeside(t, p.n, pcs)).some(Boolean)).map((p) => p.a);
  const pick = anchored.length ? anchored : withStreet.length ? withStreet : besidePostcode.length ? besidePostcode : found;
  const distinct = new Set(pick.map((a) => formatAddress(a, 'nl')));
  return distinct.size === 1 ? pick[0] : undefined;
}

/** What a resident typed when asked for an address. */
export function parseAddress(text: string): Address | undefined {
  return findAddress(text, 'answer') ?? streetThenCuedNumber(text);
}

/**
 * A place named by its streets without a number, as an answer: "op de hoek van de Kerkstraat en de Molenweg",
 * "Stationsweg tegenover de bakker". The street is the first street word; the resident's words describe the spot.
 * A street alone ("Kerkstraat") is a place only when asked again: first the bot asks for a number or a landmark.
 */
export function parseStreetPlace(text: string, bareStreet: boolean): Address | undefined {
  const t = cap(text).trim();
  const words = answerWords(t);
  const street = words.find((_w, i) => streetAt(words, i));
  if (t.length > 200) return undefined;
  if (!street) return postcodePlace(t);
  if (!bareStreet && onlyStreet(words)) return undefined;
  // Two numbers ("Kerkstraat 12 en Dorpsstraat 4") is two places: ask again rather than guess.
  if ((t.match(/\d+/g) ?? []).length > 1) return undefined;
  return { street: capitalize(street), description: t.replace(/[.!?]+$/, '') };
}

/** The words of an answer about a place, without the quotes and punctuation around them. */
function answerWords(text: string): string[] {
  return text.split(/[\s,;:/]+/).map((w) => w.replace(/^["'“(]+|["'”).!?]+$/g, '')).filter(Boolean);
}

/** A word that names a street by itself ("Kerkstraat"), not a bare street noun ("straat", "plein"). */
const namesStreet = (w: string): boolean => isStreetWord(w, 'answer') && !STREET_NOUN.test(fold(w));

/** The word at `i` names a street: "Kerkstraat", or a square written as a name ("aan de Markt"). */
function streetAt(words: string[], i: number): boolean {
  return namesStreet(words[i]) || namedSquare(words, i);
}

/** "aan de Markt", "op de Brink", "de Grote Markt": a street noun written as a name, after an article or a name. */
const BEFORE_SQUARE = new Set(['de', 'het', 'den', 'op', 'aan', 'bij', 'grote', 'oude', 'nieuwe', 'kleine']);
function namedSquare(words: string[], i: number): boolean {
  const w = words[i];
  return i > 0 && STREET_NOUN.test(fold(w)) && isCapitalized(w) && (BEFORE_SQUARE.has(fold(words[i - 1])) || isCapitalized(words[i - 1]));
}

/** One street, with at most small words around it ("in de Kerkstraat"): where on it is not said. */
function onlyStreet(words: string[]): boolean {
  const streets = words.filter((_w, i) => streetAt(words, i));
  return streets.length === 1 && words.every((w) => streets.includes(w) || FILLER.has(fold(w)));
}

/** Only a street name as the answer to "Waar is het?". */
export function isBareStreet(text: string): boolean {
  return onlyStreet(answerWords(cap(text).trim()));
}

/** "7411 KT, bij het putje voor de flat": a postcode is a street or part of one; the words say where on it. */
function postcodePlace(t: string): Address | undefined {
  const found = postcodes(t, 'answer');
  const rest = t.replace(POSTCODE, ' ').replace(/\b(?:postcode|postal code|zip)\b/gi, ' ').replace(/[\s,;:.!?]+/g, ' ').trim();
  if (found.length !== 1 || /\d/.test(rest) || rest.split(' ').filter((w) => w.length > 1).length < 2) return undefined;
  return { postcode: found[0].postcode, description: t.replace(/[.!?]+$/, '') };
}

/** "er is een boom omgewaaid in de Meidoornstraat": a street named in a sentence, without a number. */
export function findStreetName(text: string): string | undefined {
  const words = text.split(/[\s,;:!?()]+/).map((w) => w.replace(/^["'“(]+|["'”).]+$/g, '')).filter(Boolean);
  for (let i = words.length - 1; i >= 0; i--) {
    if (isStreetWord(words[i], 'sentence') && !STREET_NOUN.test(fold(words[i]))) return extendBack(words.slice(0, i + 1), i);
  }
  return undefined;
}

/** An address inside a longer sentence: a street word and a number, or a postcode and a number. */
export function findAddressInText(text: string): Address | undefined {
  return findAddress(text, 'sentence') ?? streetThenCuedNumber(text);
}

const SENTENCE_END = new RegExp(`[!?\\n]|(?<!(?:^|[\\s.])(?:\\p{L}|${ABBREVIATIONS}))\\.\\s`, 'iu');

/** The sentences of a message: a dot after "Prof" or "Kerkstr" ends none. */
function sentences(text: string): string[] {
  return text.split(SENTENCE_END).map((x) => x.trim()).filter(Boolean);
}

/** "nummer 3", "nr. 12a", "no. 56": in a sentence "no" needs its dot ("no 2 people"). */
const CUED_NUMBER = new RegExp(`\\b(?:${CUE_WORDS}|no\\.)\\s*(\\d{1,5})([a-zA-Z])?(?![\\p{L}\\d])`, 'u');

/**
 * "langs de Parklaan, ter hoogte van nummer 3", "on Wilhelminastraat near number 56": a street, and further on in the
 * same sentence a number announced as a house number.
 */
function streetThenCuedNumber(text: string): Address | undefined {
  for (const sentence of sentences(cap(text))) {
    const m = CUED_NUMBER.exec(sentence);
    const street = m ? findStreetName(sentence.slice(0, m.index)) : undefined;
    if (m && street && Number(m[1]) > 0) return m[2] ? { street, number: Number(m[1]), addition: m[2].toUpperCase() } : { street, number: Number(m[1]) };
  }
  return undefined;
}

/** Words that pin a spot on a street: a landmark, a corner or a crossing. */
const LANDMARKS = 'rotonde|speeltuin|school|kerk|station|bushalte|bushokje|halte|brug|viaduct|tunnel|flat|glasbak|container|ingang|parkeerplaats|supermarkt|winkel|sporthal|bibliotheek|roundabout|playground|bus stop';
const LANDMARK = new RegExp(`\\b(?:bij|tegenover|naast|hoek|kruising|kruispunt|ter hoogte van|achter|langs|tussen|vlak na|vlak voor|near|opposite|corner|crossing|junction|next to|in front of|behind|along|between|${LANDMARKS})\\b`, 'i');

const PLACE_NOUNS = `${LANDMARKS}|fietspad|voetpad|wandelpad|vijver|sloot|speelveld|trapveld|voetbalveld|sportpark|sportveld|begraafplaats|kerkhof|winkelcentrum|centrum|haven|fietsenrek|fietsenstalling|parkeergarage|parkeerterrein|gemeentehuis|stadhuis|moskee|zwembad|bos|plantsoen|grasveld|bankje|kruispunt|tankstation|ziekenhuis|kinderboerderij|cycle path|pond|church|bridge|car park|parking lot|shopping centre|town hall`;
/**
 * As the answer to the place question, a spot told by what is there, without a street: "op het fietspad tussen de
 * brug en de kerk", "bij het station, ingang noord" (a compound or a plural counts: "ophaalbrug", "glasbakken"). The
 * back office finds it as a person would; the sentences that say where are kept, a story beside them is not. One
 * landmark alone ("bij de kerk": which one?) needs a name beside it ("langs de Vaart"), or is taken when the question
 * is asked again.
 */
const LANDMARK_PLACE = new RegExp(`\\b(?:bij|tussen|langs|tegenover|naast|achter|voor|vlakbij|vlak bij|in|op|aan|near|by|next to|behind|opposite|along|between|in front of|at|on)\\s+(?:(?:de|het|een|die|dat|the|a)\\s+)?(?:\\p{L}+\\s+)?\\p{L}*(?:${PLACE_NOUNS})(?:en|s)?\\b`, 'iu');
const PLACE_NOUN = new RegExp(`\\b\\p{L}*(?:${PLACE_NOUNS})(?:en|s)?\\b`, 'giu');
export function landmarkPlace(text: string, again: boolean): Address | undefined {
  const t = text.trim();
  const where = t.length <= 200 ? sentences(t).filter((x) => LANDMARK_PLACE.test(x)) : [];
  if (!where.length) return undefined;
  const said = where.join(' ');
  const named = where.some((x) => x.split(/\s+/).slice(1).some(isCapitalized));
  if (!again && !named && (said.match(PLACE_NOUN) ?? []).length < 2) return undefined;
  return { description: said.replace(/[.!?]+$/, '') };
}

/** "Schoolweg 1, op de hoek met de Dorpsstraat": a clause that says where on the street is part of the place. */
export const SPOT = /^(?:op de hoek|hoek|bij|naast|tegenover|voor|achter|ter hoogte van|vlakbij|vlak bij|vlak na|vlak voor|in de buurt van|richting|near|opposite|next to|at the corner|on the corner|in front of|behind|across from)\b/;

/** Where a phrase that says where begins: a preposition of place or a landmark. */
const PLACE_START = new RegExp(`\\b(?:(?:de|het|the) )?(?:${LANDMARKS})\\b|\\b(?:bij|op|aan|in|langs|naast|tegenover|achter|hoek|kruising|kruispunt|at|on|near|by|opposite|along|corner|crossing)\\b`, 'i');

/**
 * The words that say where, out of the sentence that names the street: "Bij de glasbak op het Marktplein staan
 * vuilniszakken" → "Bij de glasbak op het Marktplein"; a clause after it that says where on the street stays.
 */
function placePhrase(sentence: string, last: string): string {
  const clauses = splitClauses(sentence);
  const i = Math.max(0, clauses.findIndex((c) => fold(c).includes(last)));
  const clause = clauses[i] ?? sentence;
  const at = fold(clause).indexOf(last);
  const head = at < 0 ? clause : clause.slice(0, at + last.length);
  const from = PLACE_START.exec(head)?.index ?? 0;
  const next = clauses[i + 1];
  return [head.slice(from).trim(), next && SPOT.test(fold(next)) ? next : ''].filter(Boolean).join(', ');
}

/** The street's last word (folded) written with a capital, as a name: "de glijbaan in de speeltuin" names no street. */
function writtenAsName(sentence: string, last: string): boolean {
  return sentence.split(/[\s,;:/()]+/).some((w) => isCapitalized(w) && fold(w.replace(/[.!?"'”]+$/, '')) === last);
}

/**
 * A place named in a first message without a house number, pinned by a landmark, a corner or a crossing: "bij de
 * glasbak op het Marktplein", "kruispunt Torenstraat/Nieuwstraat". The street and the words that say where; a street
 * alone ("iets in de Kerkstraat") is not enough to skip the question.
 */
export function findStreetPlace(text: string): Address | undefined {
  const corner = cornerOfStreets(text);
  if (corner) return corner;
  for (const sentence of sentences(cap(text))) {
    const street = findStreetName(sentence.replace(/\//g, ' / '));
    const last = fold(street?.split(' ').pop() ?? '');
    if (street && writtenAsName(sentence, last) && sentence.length <= 200 && LANDMARK.test(fold(sentence))) return { street, description: placePhrase(sentence, last) };
  }
  return undefined;
}

/**
 * A corner or crossing of two streets, however it is typed: "on the corner of kerkstraat and molenweg", "kruising
 * stationsweg/parallelweg". Two street words beside "hoek" or "kruising" name a spot even without capitals.
 */
const CORNER = /\b(?:(?:op |on )?(?:de |the )?(?:hoek|kruising|kruispunt|corner|crossing|junction|intersection)(?: (?:van|of|met))?(?: de| the)?) ([\p{L}'’.-]+) ?(?:\/|\ben\b|\band\b|\bx\b|&|-) ?(?:de |the )?([\p{L}'’.-]+)/iu;
function cornerOfStreets(text: string): Address | undefined {
  const m = CORNER.exec(text);
  if (!m || text.length > 200 || !isStreetWord(m[1], 'sentence') || !isStreetWord(m[2], 'sentence')) return undefined;
  return { street: capitalize(m[1]), description: m[0].trim() };
}

/** "Kerkstraat 12a, 1234 AB Voorbeeld"; without a street "1234 AB, huisnummer 12". */
export function formatAddress(a: Address, lang: Lang): string {
  if (a.description && a.number === undefined) return a.description;
  const number = a.number !== undefined ? formatHouseNumber({ number: a.number, addition: a.addition }) : '';
  const place = [a.postcode, a.city].filter(Boolean).join(' ');
  if (a.street) return [`${a.street} ${number}`.trim(), place].filter(Boolean).join(', ');
  const label = lang === 'en' ? 'house number' : 'huisnummer';
  return [place, number && `${label} ${number}`].filter(Boolean).join(', ');
}
