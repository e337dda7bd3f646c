import type { Lang } from './types';
import { fold, words } from '../text';

/** Number words: Dutch up to 999 ("vijfenzeventig", "tweehonderd"), English up to 99 ("twenty-one"). */

const NL_UNITS = ['nul', 'een', 'twee', 'drie', 'vier', 'vijf', 'zes', 'zeven', 'acht', 'negen', 'tien', 'elf', 'twaalf',
  'dertien', 'veertien', 'vijftien', 'zestien', 'zeventien', 'achttien', 'negentien'];
const NL_TENS = ['', '', 'twintig', 'dertig', 'veertig', 'vijftig', 'zestig', 'zeventig', 'tachtig', 'negentig'];
const EN_UNITS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve',
  'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen', 'twenty'];
const EN_TENS = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];

const WORDS = new Map<string, number>();
NL_UNITS.forEach((w, i) => WORDS.set(w, i));
EN_UNITS.forEach((w, i) => WORDS.set(w, i));
for (let t = 2; t < 10; t++) {
  WORDS.set(NL_TENS[t], t * 10);
  WORDS.set(EN_TENS[t], t * 10);
  for (let u = 1; u < 10; u++) {
    // "eenentwintig"; after folding "tweeëntwintig" reads "tweeentwintig".
    WORDS.set(`${NL_UNITS[u]}en${NL_TENS[t]}`, t * 10 + u);
    WORDS.set(`${EN_TENS[t]}${EN_UNITS[u]}`, t * 10 + u);
  }
}

/** One number word (folded, hyphens and spaces removed), or undefined. */
export function numberWord(word: string): number | undefined {
  const w = word.replace(/[\s-]/g, '');
  const direct = WORDS.get(w);
  if (direct !== undefined) return direct;
  const m = /^(\p{L}*?)honderd(\p{L}*)$/u.exec(w);
  if (!m) return undefined;
  const hundreds = m[1] ? WORDS.get(m[1]) : 1;
  const rest = m[2] ? WORDS.get(m[2].replace(/^en/, '')) : 0;
  if (hundreds === undefined || hundreds < 1 || hundreds > 9 || rest === undefined || rest > 99) return undefined;
  return hundreds * 100 + rest;
}

/** A whole number written in digits or as a word: "3", "drie", "three". "een"/"a" are 1 only where the caller allows. */
export function smallNumber(token: string): number | undefined {
  if (/^\d{1,3}$/.test(token)) return Number(token);
  if (token === 'a' || token === 'an') return 1;
  return numberWord(token);
}

const NUMERAL = /(?<![\p{L}\d.,])-?\d+(?:[.,]\d+)*(?![\p{L}\d]|[.,]\d)/gu;

/** "1.000" and "1,5" in Dutch, "1,000" and "1.5" in English. */
export function numeral(raw: string, lang: Lang): number | undefined {
  const thousands = lang === 'en' ? ',' : '.';
  const decimal = lang === 'en' ? '.' : ',';
  let s = raw;
  const groups = s.split(thousands);
  if (groups.length > 1 && groups.slice(1).every((g) => /^\d{3}(?:[.,]\d+)?$/.test(g))) s = groups.join('');
  s = s.replace(decimal, '.');
  if (!/^-?\d+(?:\.\d+)?$/.test(s)) return undefined;
  const n = Number(s);
  return Number.isFinite(n) ? n : undefined;
}

/** The one number in an answer: "75", "75 jaar", "ik ben 78", "vijfenzeventig", "vijf en zeventig". */
export function parseNumber(text: string, lang: Lang): number | undefined {
  const folded = fold(text);
  const found = new Set<number>();
  for (const m of folded.matchAll(NUMERAL)) {
    const n = numeral(m[0], lang);
    if (n === undefined) return undefined;
    found.add(n);
  }
  if (found.size === 0) wordNumbers(words(text)).forEach((n) => found.add(n));
  return found.size === 1 ? [...found][0] : undefined;
}

function wordNumbers(tokens: string[]): number[] {
  // "een"/"a" only count when they are the whole answer: "ik heb een vraag" holds no number.
  if (tokens.length === 1 && /^(een|a|an)$/.test(tokens[0])) return [1];
  const out: number[] = [];
  for (let i = 0; i < tokens.length; ) {
    const n = numberAt(tokens, i);
    if (n && !(n.length === 1 && tokens[i] === 'een')) out.push(n.value);
    i += n?.length ?? 1;
  }
  return out;
}

/**
 * The number written in words from tokens[i] on, and how many tokens it takes: "vijfenzeventig", "vijf en zeventig"
 * (three words), "thirty four" or "twee honderd" (two), "drie" (one).
 */
export function numberAt(tokens: string[], i: number): { value: number; length: number } | undefined {
  const joined = i + 2 < tokens.length && tokens[i + 1] === 'en' ? numberWord(tokens.slice(i, i + 3).join('')) : undefined;
  if (joined !== undefined && joined > 20) return { value: joined, length: 3 };
  const one = numberWord(tokens[i]);
  const pair = one !== undefined && i + 1 < tokens.length ? numberWord(tokens[i] + tokens[i + 1]) : undefined;
  if (pair !== undefined && pair > 20) return { value: pair, length: 2 };
  return one === undefined ? undefined : { value: one, length: 1 };
}

/** Words that say what a number in a sentence counts; such a number is not an age, amount or answer. */
const UNIT_AFTER = /^(?:uur|u|minuten|minuut|min|dagen|dag|weken|week|maanden|maand|keer|x|meter|m|km|cm|kilo|kg|gram|liter|euro|eur|procent|stuks|januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december|jan|feb|mrt|apr|jun|jul|aug|sep|sept|okt|nov|dec|hours?|minutes?|days?|weeks?|months?|times)$/;

/**
 * A number inside a sentence ("ik ben 80", "80 jaar"): digits only, standing on their own, and only when there is
 * exactly one such number, so dates, times, postcodes and house numbers do not count.
 */
export function findNumber(text: string): number | undefined {
  const folded = fold(text);
  const found = new Set<number>();
  const re = /(?<![\p{L}\d.,:/+-])\d{1,6}(?![\p{L}\d]|[.,:/-]\d)(?:\s+(\p{L}+))?/gu;
  for (const m of folded.matchAll(re)) {
    const before = folded.slice(Math.max(0, m.index - 12), m.index);
    const digits = /^\d+/.exec(m[0])![0];
    if (m[1] && UNIT_AFTER.test(m[1])) continue;
    if (digits.length === 4 && m[1]?.length === 2) continue; // a postcode
    if (digits.length > 1 && digits.startsWith('0')) continue; // part of a phone number or a time
    if (/(?:\bom|\bover|\bin|\bnr\.?|\bnummer|straat|laan|weg|plein)\s*$/.test(before)) continue;
    found.add(Number(digits));
  }
  if (found.size === 0) {
    for (const m of folded.matchAll(/\b(\p{L}+)\s+jaar\b/gu)) {
      const n = numberWord(m[1]);
      if (n !== undefined && m[1] !== 'een') found.add(n);
    }
  }
  if (found.size === 0) saidAfterIAm(folded).forEach((n) => found.add(n));
  return found.size === 1 ? [...found][0] : undefined;
}

/** "ik ben tweeenvijftig", "and i'm seventy six": a number in words right after "ik ben" or "I am", with no unit after it. */
function saidAfterIAm(folded: string): number[] {
  const out: number[] = [];
  for (const m of folded.matchAll(/\b(?:ik ben|ben ik|i am|i ?m)\s+(?:nu |al |now |already )?((?:\p{L}+[\s-]?){1,3})/gu)) {
    const tokens = m[1].trim().split(/[\s-]+/);
    const n = wordNumbers(tokens.slice(0, 3)).find((x) => x > 1);
    const end = tokens.findIndex((t) => numberWord(t) === undefined && t !== 'en');
    if (n !== undefined && !(end >= 0 && UNIT_AFTER.test(tokens[end]))) out.push(n);
  }
  return out;
}

export function formatNumber(n: number, lang: Lang): string {
  return lang === 'en' ? String(n) : String(n).replace('.', ',');
}
