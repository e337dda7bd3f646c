import { numberWord } from './numbers';
import { parseTime } from './time';
import { fold, isTypoOf, remembered, words } from '../text';
import type { ChoiceOption } from './types';

/**
 * Which option a resident means: its value, label or a synonym as whole words ("ik heb afval gezien"), a small typo
 * ("lantarenpaal"), or its place in the list ("2", "de tweede"). Two options that fit equally well is not understood.
 */

type Mode = 'answer' | 'sentence';

const EXACT = 1000;
const PHRASE = 100;
const FUZZY = 50;
const PARTIAL = 30;
/**
 * Words too common to pick an option on their own when they are only part of its label. With "niet" and "nee" among
 * them a refusal ("nee liever niet") is no part of "lamp brandt niet": it chose street lighting.
 */
const STOPWORDS = new Set(['het', 'de', 'een', 'is', 'ik', 'ben', 'aan', 'van', 'met', 'op', 'in', 'en', 'of', 'te', 'the', 'a', 'an', 'it', 'i', 'to', 'at', 'on', 'and', 'or',
  'niet', 'geen', 'nee', 'ja', 'wel', 'liever', 'graag', 'hoor', 'toch', 'maar', 'not', 'no', 'yes', 'rather']);

/** An option's value, label or synonym as words, and those words joined with and without spaces. */
interface Term { words: string[]; spaced: string; compact: string }

/**
 * Whether `test` holds for one of the option's terms (its value, label and synonyms), trying them in that order. No
 * list is built: a choice is read against every option at several points of a turn, and the lists were about 6% of
 * what a turn allocated.
 */
function someTerm(option: ChoiceOption, test: (term: Term) => boolean): boolean {
  if (termPasses(option.value, test) || termPasses(option.label, test)) return true;
  for (const text of option.synonyms ?? []) if (termPasses(text, test)) return true;
  return false;
}

function termPasses(text: unknown, test: (term: Term) => boolean): boolean {
  if (typeof text !== 'string') return false;
  const term = termOf(text);
  return term.words.length > 0 && test(term);
}

/**
 * Options are rebuilt on every turn, but their words mostly come from the content: each term is split into words
 * once. Terms from data (appointment times) come and go; the memo is emptied when it grows large.
 */
const memo = new Map<string, Term>();
const REMEMBERED = 5000;

function termOf(term: string): Term {
  return remembered(memo, REMEMBERED, term, splitTerm);
}

function splitTerm(term: string): Term {
  const w = words(term.replace(/_/g, ' '));
  return { words: w, spaced: w.join(' '), compact: w.join('') };
}

/** The option named exactly: the whole answer is one of its terms ("Afval", "zwerf afval" for "zwerfafval"). */
function namedExactly(option: ChoiceOption, spaced: string, compact: string): boolean {
  return someTerm(option, (t) => t.spaced === spaced || t.compact === compact);
}

/** A word said not to be wanted: "liever aan de balie, ik heb geen digid" does not choose DigiD. */
const NEGATORS = new Set(['geen', 'niet', 'zonder', 'no', 'not', 'without']);

/** Where `term` appears as whole words in `tokens`, with or without typos, and not right after a no. */
function phraseAt(tokens: string[], term: string[], fuzzy: boolean): boolean {
  for (let i = 0; i + term.length <= tokens.length; i++) {
    if (NEGATORS.has(tokens[i - 1]) && !NEGATORS.has(term[0])) continue;
    if (term.every((w, j) => (fuzzy ? typoOf(tokens[i + j], w) : tokens[i + j] === w))) return true;
  }
  return false;
}

/**
 * A typo of an option's word. A word of four letters must keep its length: one letter more or less is mostly another
 * word ("hoe lang moet ik wachten" chose the desk by "langs").
 */
function typoOf(typed: string, known: string): boolean {
  return (typed.length > SHORT_WORD || typed.length === known.length) && isTypoOf(typed, known);
}
const SHORT_WORD = 4;

/** What the resident said, as `score` compares it with every option. */
interface Said { tokens: string[]; spaced: string; compact: string; content: string[] }

function said(tokens: string[]): Said {
  return { tokens, spaced: tokens.join(' '), compact: tokens.join(''), content: tokens.filter((t) => !STOPWORDS.has(t)) };
}

function score(option: ChoiceOption, { tokens, spaced, compact, content }: Said, mode: Mode): number {
  let best = 0;
  // "er borrelt water uit de grond, het gras staat blank en het water loopt de stoep op": more of one option's words
  // ("water", "blank") than of another's ("stoep") tips a tie between single words.
  const phrases = new Set<string>();
  const exact = someTerm(option, ({ words: term, spaced: termSpaced, compact: termCompact }) => {
    if (termSpaced === spaced || termCompact === compact) return true;
    if (phraseAt(tokens, term, false)) {
      best = Math.max(best, PHRASE + term.length * 10);
      phrases.add(termSpaced);
    }
    else if (mode === 'answer' && phraseAt(tokens, term, true)) best = Math.max(best, FUZZY + term.length * 10);
    // "10:30" for the button "wo 11 maart 10:30": the answer is part of one label.
    // "de soort" for "Soort melding": the words that matter.
    else if (mode === 'answer' && content.length && phraseAt(term, content, false)) best = Math.max(best, PARTIAL + content.length);
    return false;
  });
  if (exact) return EXACT;
  return best + Math.min(Math.max(0, phrases.size - 1), MORE_WORDS_MAX);
}
/** Below the 10 a longer term adds, so "graffiti op de muur" still beats three single words. */
const MORE_WORDS_MAX = 9;

/** The single option with the highest score; a tie means we cannot tell. */
function unique(options: ChoiceOption[], scores: number[]): ChoiceOption | undefined {
  const top = Math.max(0, ...scores);
  if (top === 0) return undefined;
  const winners = options.filter((_, i) => scores[i] === top);
  return new Set(winners.map((o) => o.value)).size === 1 ? winners[0] : undefined;
}

const ORDINALS: Record<string, number> = {
  eerste: 1, tweede: 2, derde: 3, vierde: 4, vijfde: 5, zesde: 6, zevende: 7, achtste: 8, negende: 9, tiende: 10,
  first: 1, second: 2, third: 3, fourth: 4, fifth: 5, sixth: 6, seventh: 7, eighth: 8, ninth: 9, tenth: 10,
  laatste: -1, last: -1, bovenste: 1, onderste: -1, top: 1, bottom: -1, vroegste: 1, earliest: 1, eerstvolgende: 1,
};
const ORDINAL_FILLER = new Set(['de', 'den', 'het', 'the', 'optie', 'keuze', 'nummer', 'nr', 'no', 'number', 'option', 'choice', 'graag', 'please', 'doe', 'maar', 'die', 'ik', 'kies', 'neem', 'wil',
  'one', 'that', 'dan', 'tijd', 'time', 'slot', 'i', 'take', 'll', 'will', 'mag', 'ok', 'oke', 'is', 'goed', 'prima', 'fine', 'good', 'works',
  'is goed', 'lijkt', 'me', 'mij', 'wel', 'fijn', 'perfect', 'thanks', 'merci', 'bedankt', 'dank', 'je', 'u', 'doet', 'geef',
  'heeft', 'hebt', 'heb', 'hebben', 'jullie', 'vrij', 'beschikbaar', 'you', 'have', 'available', 'free', 'aub', 'alstublieft', 'ja', 'yes', 'moment', 'plek',
  'pls', 'plz', 'svp', 'ff', 'even', 'grand', 'great', 'alright', 'cool', 'top', 'super']);

/** "2", "optie 2", "de tweede", "2e", "the last": the place in the list, counted from 1. */
function ordinal(text: string, count: number): number | undefined {
  const rest = words(text).filter((w) => !ORDINAL_FILLER.has(w));
  if (rest.length !== 1 || rest[0] === 'een') return undefined;
  const w = rest[0];
  const digits = /^(\d{1,2})(?:e|de|ste|st|nd|rd|th)?$/.exec(w);
  const n = digits ? Number(digits[1]) : ORDINALS[w] ?? numberWord(w) ?? misspeltOrdinal(w);
  if (n === undefined) return undefined;
  const index = n === -1 ? count : n;
  return index >= 1 && index <= count ? index : undefined;
}

/** "eerstte", "frist": the one ordinal word a typo away, if only one is. */
function misspeltOrdinal(w: string): number | undefined {
  const near = Object.keys(ORDINALS).filter((o) => isTypoOf(w, o));
  return near.length === 1 ? ORDINALS[near[0]] : undefined;
}

/** Longer than this, an ordinal word in a sentence is more likely part of a story. */
const ORDINAL_SENTENCE_WORDS = 12;
/** Words that may follow "de eerste" when it names a place in the list ("de eerste tijd die u noemt"), not "de eerste keer". */
const ORDINAL_NEXT = new Set(['tijd', 'tijdstip', 'tijdslot', 'moment', 'optie', 'keuze', 'mogelijkheid', 'plek', 'die', 'dat', 'dan', 'maar', 'graag', 'is', 'van', 'uit', 'in', 'op', 'de', 'lijst', 'knop',
  'schikt', 'past', 'lijkt', 'prima', 'goed',
  'one', 'time', 'slot', 'option', 'please', 'that', 'then', 'on', 'from', 'button']);

/** "Dan neem ik graag de eerste tijd die u noemt", "doet u maar de eerste, dat is goed": a place named in a sentence. */
function ordinalInSentence(tokens: string[], count: number): number | undefined {
  if (tokens.length > ORDINAL_SENTENCE_WORDS || tokens.some((w) => /\d/.test(w))) return undefined;
  const at = tokens.flatMap((w, i) => (Object.hasOwn(ORDINALS, w) ? [i] : []));
  if (at.length !== 1) return undefined;
  const i = at[0];
  if (!['de', 'het', 'the'].includes(tokens[i - 1] ?? '') || (i + 1 < tokens.length && !ORDINAL_NEXT.has(tokens[i + 1]))) return undefined;
  const n = ORDINALS[tokens[i]];
  const index = n === -1 ? count : n;
  return index >= 1 && index <= count ? index : undefined;
}

export function parseChoice(text: string, options: ChoiceOption[]): ChoiceOption | undefined {
  const tokens = words(text);
  if (!tokens.length || !options.length) return undefined;
  // A pressed button's text or a typed label: decided before any typo is looked for.
  const answer = said(tokens);
  const exact = options.filter((o) => namedExactly(o, answer.spaced, answer.compact));
  if (exact.length) return new Set(exact.map((o) => o.value)).size === 1 ? exact[0] : undefined;
  const scores = options.map((o) => score(o, answer, 'answer'));
  const place = ordinal(text, options.length);
  if (place !== undefined) return options[place - 1];
  const named = unique(options, scores);
  if (named || scores.some((s) => s > 0)) return named;
  const inSentence = ordinalInSentence(tokens, options.length);
  return inSentence === undefined ? atClockTime(text, options) : options[inSentence - 1];
}

const CLOCK = /\b(\d{1,2}):(\d{2})\b/;

/** "11 uur is prima", "half 11", "3 pm" for the buttons "wo 18 maart 11:00" …: the one option at that time. */
function atClockTime(text: string, options: ChoiceOption[]): ChoiceOption | undefined {
  const time = parseTime(text, 'nl') ?? parseTime(text, 'en');
  if (!time) return undefined;
  const at = options.filter((o) => {
    const m = CLOCK.exec(o.label);
    return m !== null && `${m[1].padStart(2, '0')}:${m[2]}` === time;
  });
  return at.length === 1 ? at[0] : undefined;
}

/** A pressed button carries the option's value. */
export function choiceByValue(value: string, options: ChoiceOption[]): ChoiceOption | undefined {
  return options.find((o) => o.value === value) ?? options.find((o) => fold(o.value) === fold(value));
}

/** An option named word for word inside a longer sentence; no typos, no list places. */
export function findChoice(text: string, options: ChoiceOption[]): ChoiceOption | undefined {
  const tokens = words(text);
  if (!tokens.length || !options.length) return undefined;
  const sentence = said(tokens);
  return unique(options, options.map((o) => score(o, sentence, 'sentence')));
}
