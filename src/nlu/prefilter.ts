/**
 * Which keyword rules can match a message at all. Every message used to be run through every pattern (700 of them),
 * half the time the NLU took on a long message. Each pattern is read once for the text any match must contain
 * ("rijbewijs" in `\b(mijn|mn) (\w+ )?rijbewijs`, "brand" or "fik" in `in de (brand|fik)`); one pass over the message
 * (Aho–Corasick) finds which of those texts occur, and only the rules whose text occurs are run. A pattern that needs
 * no fixed text of at least MIN_LENGTH characters is always run. Matching is unchanged: a rule left out could not
 * have matched.
 */
import { type AST, RegExpParser } from '@eslint-community/regexpp';

/** Shorter texts occur in nearly every message and would filter nothing. */
const MIN_LENGTH = 3;

/** Texts of which any match contains at least one; undefined when no such list is known. */
type Need = string[] | undefined;

/**
 * What patterns need, by flags and source, kept between starts: reading 700 patterns took ~0.13 s of each start-up.
 * null is "no text needed".
 */
export type KnownNeeds = Map<string, string[] | null>;

const parser = new RegExpParser({ ecmaVersion: 2024 });

/** What any match of `re` must contain, or undefined. Case-insensitive patterns are always run. */
export function requiredTexts(re: RegExp): Need {
  if (re.flags.includes('i')) return undefined;
  try {
    return ofAlternatives(parser.parsePattern(re.source, 0, re.source.length, { unicode: re.flags.includes('u') }).alternatives);
  } catch {
    return undefined;
  }
}

/** Any one alternative may match: every one needs a text, and the need is any of them. */
function ofAlternatives(alternatives: AST.Alternative[]): Need {
  const all: string[] = [];
  for (const alternative of alternatives) {
    const need = ofAlternative(alternative);
    if (!need) return undefined;
    all.push(...need);
  }
  return [...new Set(all)];
}

/** A sequence: runs of plain characters are texts it needs, and so is what each required group needs; the best one. */
function ofAlternative(alternative: AST.Alternative): Need {
  const needs: string[][] = [];
  let run = '';
  const endRun = () => {
    if (run.length >= MIN_LENGTH) needs.push([run]);
    run = '';
  };
  for (const element of alternative.elements) {
    if (element.type === 'Character') run += String.fromCodePoint(element.value);
    // Zero-width (\b, ^, lookarounds): the characters on either side still follow each other in the text.
    else if (element.type === 'Assertion') continue;
    else {
      endRun();
      const need = ofElement(element);
      if (need) needs.push(need);
    }
  }
  endRun();
  return best(needs);
}

function ofElement(element: AST.Element): Need {
  if (element.type === 'Group' || element.type === 'CapturingGroup') return ofAlternatives(element.alternatives);
  if (element.type === 'Quantifier' && element.min >= 1) return ofElement(element.element);
  return undefined;
}

/** The most selective need: the longest shortest text, then the fewest texts. */
function best(needs: string[][]): Need {
  const usable = needs.filter((n) => n.every((text) => text.length >= MIN_LENGTH));
  const shortest = (n: string[]) => Math.min(...n.map((t) => t.length));
  return usable.sort((a, b) => shortest(b) - shortest(a) || a.length - b.length)[0];
}

/** Aho–Corasick over the needed texts: one pass over a message says which occur. */
export class TextIndex {
  private readonly next: Map<number, number>[] = [new Map()];
  private readonly fail: number[] = [0];
  /** Per state, the texts (by number) that end there, including through its fail links. */
  private readonly ends: number[][] = [[]];

  constructor(texts: string[]) {
    texts.forEach((text, id) => {
      let state = 0;
      for (let i = 0; i < text.length; i++) state = this.step(state, text.charCodeAt(i), true);
      this.ends[state].push(id);
    });
    this.link();
  }

  /** Marks in `into` the numbers of the texts that occur in `message`, and lists in `touched` the ones it marked now. */
  found(message: string, into: Uint8Array, touched: number[]): void {
    let state = 0;
    for (let i = 0; i < message.length; i++) {
      const c = message.charCodeAt(i);
      while (state !== 0 && !this.next[state].has(c)) state = this.fail[state];
      state = this.next[state].get(c) ?? 0;
      for (const id of this.ends[state]) {
        if (into[id] === 1) continue;
        into[id] = 1;
        touched.push(id);
      }
    }
  }

  private step(state: number, c: number, grow: boolean): number {
    let to = this.next[state].get(c);
    if (to === undefined && grow) {
      to = this.next.length;
      this.next.push(new Map());
      this.fail.push(0);
      this.ends.push([]);
      this.next[state].set(c, to);
    }
    return to ?? 0;
  }

  /** Breadth first: a state's fail link is the longest proper suffix of its text that is also in the trie. */
  private link(): void {
    const queue = [...this.next[0].values()];
    for (let head = 0; head < queue.length; head++) {
      const state = queue[head];
      for (const [c, to] of this.next[state]) {
        let f = this.fail[state];
        while (f !== 0 && !this.next[f].has(c)) f = this.fail[f];
        const target = this.next[f].get(c);
        this.fail[to] = target !== undefined && target !== to ? target : 0;
        this.ends[to].push(...this.ends[this.fail[to]]);
        queue.push(to);
      }
    }
  }
}

/** For a list of patterns: which of them can match a message (and the message with fillers left out). */
export class Prefilter {
  private readonly index: TextIndex;
  /** Patterns without a needed text: always run. */
  private readonly always: number[] = [];
  /** Per needed text (by number), the patterns that need it. */
  private readonly users: number[][] = [];
  /** Scratch marks, cleared after each call: this runs on every message, and allocating them cost more than the search. */
  private readonly seen: Uint8Array;
  private readonly picked: Uint8Array;

  constructor(patterns: RegExp[], known: KnownNeeds = new Map()) {
    const numbers = new Map<string, number>();
    patterns.forEach((re, pattern) => {
      const key = `${re.flags}/${re.source}`;
      let need = known.get(key) ?? undefined;
      if (!known.has(key)) known.set(key, (need = requiredTexts(re)) ?? null);
      if (!need) return void this.always.push(pattern);
      for (const text of need) {
        if (!numbers.has(text)) numbers.set(text, numbers.size);
        (this.users[numbers.get(text)!] ??= []).push(pattern);
      }
    });
    this.index = new TextIndex([...numbers.keys()]);
    this.seen = new Uint8Array(numbers.size);
    this.picked = new Uint8Array(patterns.length);
  }

  /** The patterns (by number, in order) that can match any of the messages. */
  candidates(...messages: string[]): number[] {
    const texts: number[] = [];
    for (const m of messages) this.index.found(m, this.seen, texts);
    const out = [...this.always];
    for (const text of texts) {
      this.seen[text] = 0;
      for (const pattern of this.users[text]) {
        if (this.picked[pattern] === 1) continue;
        this.picked[pattern] = 1;
        out.push(pattern);
      }
    }
    for (const pattern of out) this.picked[pattern] = 0;
    return out.sort((a, b) => a - b);
  }
}
