import type { Entity } from '../content/types';
import { editDistance, normalize, oneEditApart } from '../text';
import { SPELL_MIN_LENGTH } from './spelling';

interface Synonym { entity: string; value: string; words: string[] }

/** Words shorter than this get no typo allowance. */
const TYPO_MIN_LENGTH = 6;

/**
 * The entity values and their synonyms, looked up by word (and for typos by length), so a message is compared with
 * the few synonyms it could match instead of all of them.
 */
export class EntityIndex {
  private readonly synonyms: Synonym[];
  private readonly byWord = new Map<string, number[]>();
  private readonly byLength = new Map<number, number[]>();
  private readonly phrases: number[] = [];

  constructor(entities: Entity[]) {
    this.synonyms = synonymsOf(entities);
    this.synonyms.forEach(({ words }, i) => {
      if (words.length > 1) return void this.phrases.push(i);
      push(this.byWord, words[0], i);
      if (words[0].length >= TYPO_MIN_LENGTH) push(this.byLength, words[0].length, i);
    });
  }

  /** Exact words first, typos only then: "verloren" is lost, not a typo of "verlopen". Longer synonyms win. */
  find(tokens: string[]): { entity: string; value: string }[] {
    const found: { entity: string; value: string }[] = [];
    const taken = new Set<string>();
    const phrases = this.phraseHits(tokens);
    for (const typos of [false, true]) {
      for (const i of this.hits(tokens, typos, phrases)) {
        const { entity, value } = this.synonyms[i];
        if (taken.has(entity)) continue;
        taken.add(entity);
        found.push({ entity, value });
      }
    }
    return found;
  }

  /**
   * The message with one-letter slips in the content's own long words put right ("rijbewies", "rijbewjis" →
   * "rijbewijs"), for keyword patterns that list only a few spellings. Words the bot knows from its training data
   * stay as they are; a slip that fits two words stays too. The same array when nothing changed.
   */
  spell(tokens: string[], known: (token: string) => boolean): string[] {
    let out = tokens;
    tokens.forEach((t, k) => {
      // A slip listed as a synonym ("rijbeweis") becomes the word it stands for.
      const listed = this.byWord.get(t)?.map((i) => this.synonyms[i].value).find((v) => v !== t && v.length >= SPELL_MIN_LENGTH && v.slice(0, 3) === t.slice(0, 3) && editDistance(t, v) <= 2);
      if (listed) {
        if (out === tokens) out = [...tokens];
        out[k] = listed;
      }
      if (t.length < SPELL_MIN_LENGTH - 1 || this.byWord.has(t) || known(t)) return;
      // Synonyms may be slips themselves ("rijbeweis"): what counts is that all fits mean the same value.
      const fits: Synonym[] = [];
      for (let length = t.length - 1; length <= t.length + 1; length++) {
        for (const i of this.byLength.get(length) ?? []) {
          const word = this.synonyms[i].words[0];
          if (word.length >= SPELL_MIN_LENGTH && oneEditApart(t, word)) fits.push(this.synonyms[i]);
        }
      }
      if (fits.length === 0 || fits.some((f) => f.entity !== fits[0].entity || f.value !== fits[0].value)) return;
      if (out === tokens) out = [...tokens];
      out[k] = (fits.find((f) => f.words[0] === f.value) ?? fits[0]).words[0];
    });
    return out;
  }

  /** The synonyms the tokens contain, in the index's order (longest first). Phrases allow a typo per word. */
  private hits(tokens: string[], typos: boolean, phrases: number[]): number[] {
    const hits = new Set<number>();
    for (const t of tokens) {
      for (const i of this.byWord.get(t) ?? []) hits.add(i);
      if (!typos) continue;
      for (let length = t.length - 1; length <= t.length + 1; length++) {
        for (const i of this.byLength.get(length) ?? []) if (wordMatches(t, this.synonyms[i].words[0])) hits.add(i);
      }
    }
    // "een uit treksel", "mijn rij bewijs": a word split in two is still that word.
    if (!typos) {
      for (let k = 0; k + 1 < tokens.length; k++) {
        if (tokens[k].length + tokens[k + 1].length < TYPO_MIN_LENGTH) continue;
        for (const i of this.byWord.get(tokens[k] + tokens[k + 1]) ?? []) hits.add(i);
      }
    }
    for (const i of phrases) hits.add(i);
    return [...hits].sort((a, b) => a - b);
  }

  /**
   * The phrases the tokens contain, a typo per long word allowed. A short word allows none, so a phrase with a short
   * word the message lacks ("id kaart" without "id") is skipped without comparing: most of the ~200 phrases are.
   */
  private phraseHits(tokens: string[]): number[] {
    const present = new Set(tokens);
    return this.phrases.filter((i) => {
      const { words } = this.synonyms[i];
      return words.every((w) => w.length >= TYPO_MIN_LENGTH || present.has(w)) && containsPhrase(tokens, words);
    });
  }
}

function synonymsOf(entities: Entity[]): Synonym[] {
  const out: Synonym[] = [];
  for (const e of entities) {
    for (const v of e.values ?? []) {
      for (const syn of [v.value, ...(v.synonyms ?? [])]) {
        const words = normalize(syn).split(' ').filter(Boolean);
        if (words.length) out.push({ entity: e.id, value: v.value, words });
      }
    }
  }
  // Longer synonyms first, so "id kaart" wins over "kaart".
  return out.sort((a, b) => b.words.join(' ').length - a.words.join(' ').length);
}

function push<K>(map: Map<K, number[]>, key: K, i: number): void {
  const list = map.get(key);
  if (list) list.push(i);
  else map.set(key, [i]);
}

/** Plain loops: this runs for every phrase on every message, and a callback per position was most of its garbage. */
function containsPhrase(tokens: string[], words: string[]): boolean {
  for (let i = 0; i + words.length <= tokens.length; i++) {
    let j = 0;
    while (j < words.length && wordMatches(tokens[i + j], words[j])) j++;
    if (j === words.length) return true;
  }
  return false;
}

/** Exact, or one typo (a letter more, less, other, or two letters swapped: "verlopne") in words of 6+ letters. */
function wordMatches(token: string, word: string): boolean {
  return token === word || (word.length >= TYPO_MIN_LENGTH && oneEditApart(token, word));
}
