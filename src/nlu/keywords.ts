/**
 * Keywords and lexicon words as rules on the normalised message: what a pattern matched is the evidence the handover
 * policy shows.
 */
import type { BotContent } from '../content/types';
import { type KnownNeeds, Prefilter } from './prefilter';

/**
 * `exact`: the pattern names an exception ("wel eens" before "slaat me") or stays within one word, so it only reads
 * the message as written.
 */
export type KeywordRule = { intent: string; re: RegExp; exact?: boolean; unless?: RegExp };

export function keywordRules(content: BotContent, known?: KnownNeeds): KeywordRule[] {
  return prefiltered([...content.intents.values()].flatMap((i) => (i.keywords ?? []).map((k) => keywordRule(i.id, k))), known);
}

/**
 * Most exceptions are written first: `^(?!.*\b(kost|prijs)\b).*\brijbewijs verlopen`. Read that way, every message is
 * scanned for every exception before the keyword itself is looked for, and a keyword rarely matches. So the exception
 * becomes `unless`, tried only after the keyword matched: the same rule, with the exception read for few messages.
 */
function keywordRule(intent: string, pattern: string): KeywordRule {
  const flags = caseFolded(pattern) ? 'iu' : 'u';
  // A pattern within one word reads the same with the fillers left out: it is tried once.
  const exact = /\(\?<?!/.test(pattern) || ONE_WORD.test(pattern);
  const split = leadingException(pattern);
  if (!split) return { intent, re: new RegExp(pattern, flags), exact };
  return { intent, re: new RegExp(split.rest, flags), exact, unless: new RegExp(split.exception, flags) };
}

/** Letters, digits, `\b`, `\w`, `\d`, groups, quantifiers and letter classes: nothing that can match a space. */
const ONE_WORD = /^(?:\\[bwd]|[\p{L}\p{N}'?*+{},()|-]|\[[\p{L}\p{N}-]+\])+$/u;

/**
 * `^(?!X)Y` as an exception and Y (Y unanchored when it starts with `.*`); undefined for any other shape. `^(?!.*X)`
 * gives the exception X, read anywhere; any other X ("^(?!(?!.*paspoort).*ziekenhuis)": a place, unless a document is
 * named) is read from the start, as written.
 */
function leadingException(pattern: string): { exception: string; rest: string } | undefined {
  if (!pattern.startsWith('^(?!')) return undefined;
  const end = closingParen(pattern, 1);
  if (end === undefined) return undefined;
  const rest = pattern.slice(end + 1);
  // "^(?!.*X)A|B": the exception holds for A only.
  if (!rest || topLevelBar(rest)) return undefined;
  const inner = pattern.slice(4, end);
  const exception = inner.startsWith('.*') && !/^\.\*[*+?{]/.test(inner) ? inner.slice(2) : `^${inner}`;
  const greedy = rest.startsWith('.*') && !rest.startsWith('.*?') && !/^\.\*[*+?{]/.test(rest);
  return { exception, rest: greedy ? rest.slice(2) : `^${rest}` };
}

/** The index of the `)` that closes the group opened at `open`, skipping escapes and character classes. */
function closingParen(pattern: string, open: number): number | undefined {
  let depth = 0;
  let inClass = false;
  for (let i = open; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') i++;
    else if (inClass) inClass = c !== ']';
    else if (c === '[') inClass = true;
    else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i;
  }
  return undefined;
}

function topLevelBar(pattern: string): boolean {
  let depth = 0;
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') i++;
    else if (inClass) inClass = c !== ']';
    else if (c === '[') inClass = true;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth === 0) return true;
  }
  return false;
}

/** A lexicon word said not to be the case: "niemand gewond", "geen rook te zien", "nobody is hurt". */
const DENIED = '(?<!\\b(?:niemand|geen|niet|nooit|nobody|no|not|never) (?:[a-z0-9]+ )?)';

/** Lexicon words as rules: whole words of the normalised message, not denied; "stuip*" takes any ending. */
export function lexiconRules(content: BotContent, known?: KnownNeeds): KeywordRule[] {
  return prefiltered([...content.intents.values()].flatMap((i) => (i.lexicon ?? []).map((w) => ({ intent: i.id, re: new RegExp(`${DENIED}(?<![a-z0-9])${w.replace(/\*$/, '[a-z0-9]*')}(?![a-z0-9])`) }))), known);
}

/**
 * Keywords are matched against the lower-cased message, so only a pattern with capitals needs the `i` flag, and V8
 * runs `iu` patterns several times slower than `u` ones: 377 keywords took a fifth of a turn's CPU with it.
 */
function caseFolded(pattern: string): boolean {
  return /\p{Lu}/u.test(pattern.replace(/\\[pP]\{[^}]*\}|\\./g, ''));
}

/**
 * Words that stress or soften without changing what is said: "ik zie het echt niet meer zitten", "de pillen liggen al
 * klaar". A pattern lists its phrase once; it also matches with these left out.
 */
const FILLERS = /\b(?:echt|gewoon|heel|erg|helemaal|toch|nou|even|ff|eigenlijk|al|nog|wel|ook|zo|nu|inmiddels|allemaal|zeker|really|just|already|now) /g;

/** A rule list's prefilter (./prefilter.ts), kept with it. */
const prefilters = new WeakMap<KeywordRule[], Prefilter>();

/** Built with the rules, so no resident's message waits while the patterns are read (about 0.1 s). */
function prefiltered(rules: KeywordRule[], known?: KnownNeeds): KeywordRule[] {
  prefilters.set(rules, new Prefilter(rules.map((r) => r.re), known));
  return rules;
}

/** The keyword rules that match a normalised message, with the words they matched. */
export function matchKeywords(rules: KeywordRule[], norm: string): { intent: string; match: string }[] {
  const plain = `${norm} `.replace(FILLERS, '').trimEnd();
  // A list made some other way (a test's, the tuner's) gets its prefilter on first use.
  let prefilter = prefilters.get(rules);
  if (!prefilter) prefilters.set(rules, (prefilter = new Prefilter(rules.map((r) => r.re))));
  const found: { intent: string; match: string }[] = [];
  for (const i of plain === norm ? prefilter.candidates(norm) : prefilter.candidates(norm, plain)) {
    const r = rules[i];
    const m = r.re.exec(norm) ?? (plain !== norm && !r.exact ? r.re.exec(plain) : null);
    if (m && !r.unless?.test(norm)) found.push({ intent: r.intent, match: m[0].trim() });
  }
  return found;
}
