/**
 * Text as Loket compares it, in one place: the slot parsers, the NLU, the engine's commands and repairs, and content
 * validation all fold and compare words with these functions.
 */

/** Parsers only look at this many characters, so a pasted essay costs no more than a sentence. */
const MAX_PARSE_CHARS = 1000;

/** Straight and curly apostrophes and the accents people type for them: "’s Middags", "zo‘n", "zo´n". */
const APOSTROPHES = /['’‘`´]/g;

export function cap(text: string): string {
  return text.length > MAX_PARSE_CHARS ? text.slice(0, MAX_PARSE_CHARS) : text;
}

/** "I’d like" → "Id like": one spelling whichever apostrophe was typed. */
export function stripApostrophes(text: string): string {
  return text.replace(APOSTROPHES, '');
}

/**
 * Without the characters that show nothing (zero-width spaces and joiners, soft hyphens, direction marks): they come
 * along with text copied from a web page or a PDF, and inside a word ("af\u200Bspraak") they would split it.
 */
export function withoutInvisibles(text: string): string {
  return text.replace(/\p{Cf}+/gu, '');
}

/**
 * A letter typed three times or more, as chat stretches a word ("afspraaaaak", "halloooo"), typed `times` (twice by
 * default): no Dutch or English word has a letter three times in a row, and a double letter may be the word's own
 * ("afspraak"). Not "www".
 */
export function unstretched(text: string, times: 1 | 2 = 2): string {
  return text.replace(/(\p{L})\1{2,}/gu, (run, letter: string) => (letter === 'w' || letter === 'W' ? run : letter.repeat(times)));
}

/** Lower case without accents (é → e) or apostrophes. */
function plain(text: string): string {
  return stripApostrophes(text.normalize('NFD').replace(/\p{M}+/gu, '').toLowerCase());
}

/** Lower case without accents or apostrophes ("'s Middags" → "s middags"); punctuation and digits stay. */
export function fold(text: string): string {
  return plain(cap(text)).replace(/\s+/g, ' ').trim();
}

/** Folded words only: "ID-kaart!" → ["id", "kaart"]. */
export function words(text: string): string[] {
  return fold(text).split(/[^\p{L}\p{N}]+/u).filter(Boolean);
}

/**
 * Folded, with emoji and punctuation as spaces: the form keywords, commands and duplicate examples are compared in.
 * Dots, colons and slashes stay between digits ("10.30", "1/2"); @, - and + stay everywhere.
 */
export function normalize(text: string): string {
  return plain(text)
    .replace(/[^\p{L}\p{N}@.\-/:+]+/gu, ' ')
    .replace(/(?<!\d)[.:/](?!\d)/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Damerau distance 1 in one pass, without the table: this runs for every word of every message. */
export function oneEditApart(a: string, b: string): boolean {
  const short = a.length <= b.length ? a : b;
  const long = short === a ? b : a;
  if (long.length - short.length > 1) return false;
  let i = 0;
  while (i < short.length && short.charCodeAt(i) === long.charCodeAt(i)) i++;
  // After the first difference the rest must be equal: with the letter replaced, or with one letter left out.
  // Compared in place: this runs for every word against every long synonym on every message, and slices were garbage.
  const rest = short.length === long.length ? i + 1 : i;
  if (sameFrom(short, rest, long, i + 1)) return true;
  return short.length === long.length && short[i] === long[i + 1] && short[i + 1] === long[i] && sameFrom(short, i + 2, long, i + 2);
}

/** `a` from `i` on equals `b` from `j` on. */
function sameFrom(a: string, i: number, b: string, j: number): boolean {
  if (a.length - i !== b.length - j) return a.length <= i && b.length <= j;
  for (; i < a.length; i++, j++) if (a.charCodeAt(i) !== b.charCodeAt(j)) return false;
  return true;
}

/**
 * Edit distance. With `swaps` (optimal string alignment) two neighbouring letters swapped count as one edit, as in
 * a typo; without, as two (plain Levenshtein). Stops early once the distance is above `max`, so long words stay cheap.
 */
export function editDistance(a: string, b: string, { max = Infinity, swaps = true }: { max?: number; swaps?: boolean } = {}): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  // Three rows, reused from call to call: this runs for every word against every option on many turns.
  const n = b.length;
  let [prev2, prev, cur] = scratchRows(n + 1);
  for (let j = 0; j <= n; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = i;
    for (let j = 1; j <= n; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let d = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (swaps && i > 1 && j > 1 && a.charCodeAt(i - 1) === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === b.charCodeAt(j - 1)) d = Math.min(d, prev2[j - 2] + 1);
      cur[j] = d;
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > max) return max + 1;
    const oldest = prev2;
    prev2 = prev;
    prev = cur;
    cur = oldest;
  }
  return prev[n];
}

let rows = [new Int32Array(64), new Int32Array(64), new Int32Array(64)];

/** Rows of at least `length` cells, grown as needed; a word of over 4,096 characters gets rows of its own. */
function scratchRows(length: number): Int32Array[] {
  if (length > 4096) return [new Int32Array(length), new Int32Array(length), new Int32Array(length)];
  if (rows[0].length < length) rows = [new Int32Array(length), new Int32Array(length), new Int32Array(length)];
  return rows;
}

/** Typos allowed in a word of this length: none below 4 letters, one up to 7, two from 8. */
function allowedTypos(length: number): number {
  if (length < 4) return 0;
  return length <= 7 ? 1 : 2;
}

/** Whether `typed` is `known` with at most the allowed typos; Dutch "y" and "ij" count as the same. */
export function isTypoOf(typed: string, known: string): boolean {
  if (typed === known) return true;
  // The shorter word sets the limit, so "gas" is not a typo of "gras".
  const max = allowedTypos(Math.min(typed.length, known.length));
  if (max === 0) return false;
  if (editDistance(typed, known, { max }) <= max) return true;
  if (!typed.includes('ij') && !known.includes('ij')) return false;
  // "vrjidag" is one swap from "vrijdag" as typed, two once ij became y; "vrydag" is close only once it did.
  const a = typed.replace(/ij/g, 'y');
  const b = known.replace(/ij/g, 'y');
  return a === b || editDistance(a, b, { max }) <= max;
}

/** "kerkstraat" → "Kerkstraat"; text someone already capitalised stays as it is. */
export function capitalize(text: string): string {
  return text && text === text.toLowerCase() ? text[0].toUpperCase() + text.slice(1) : text;
}

/**
 * `compute(key)`, remembered in `memo` for the next call with the same key; the memo is emptied once it holds `limit`
 * entries. For pure work on strings that keep coming back (stems, option words, log pseudonyms).
 */
export function remembered<T>(memo: Map<string, T>, limit: number, key: string, compute: (key: string) => T): T {
  let value = memo.get(key);
  if (value === undefined) {
    if (memo.size >= limit) memo.clear();
    value = compute(key);
    memo.set(key, value);
  }
  return value;
}
