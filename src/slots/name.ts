import { fold } from '../text';

/**
 * A person's name. Residents wrap it in words ("mijn naam is Ria de Boer", "ik ben Jan", "naam: …, graag") and give
 * it before it is asked, in a first message or in a list of lines. What is kept is the name itself, as written.
 */

/** Words before the name in an answer: a greeting or yes, then "mijn naam is", "ik ben", "my name is", "met". */
const GREETING = /^(?:(?:hoi|hallo|hi|hello|hey|ja|jawel|yes|oke|ok|okay|sure|hoor|prima|goedemorgen|goedemiddag|goedenavond|dag)\b[\s,!.]*)+/i;
const LEAD = /^(?:(?:mijn|m'n|mn|my|onze|our)\s+(?:volledige\s+|full\s+|achter)?(?:naam|name)\s*(?:is|:)?|(?:naam|name)\s*(?:is|:)?|ik\s+heet|ik\s+ben|i\s+am|i'?m|it'?s|it\s+is|this\s+is|dit\s+is|that'?s|dat\s+is|(?:u|je)\s+spreekt\s+met|you'?re\s+speaking\s+(?:to|with)|met)\s+/i;
/**
 * Polite words after it: "Jan de Vries, graag", "Sam Carter please". Like the other patterns here that are not held at
 * the start, it begins only where a run of spaces or punctuation begins: tried from inside every run, a long answer
 * took seconds.
 */
const TAIL = /(?<![\s,])(?:[\s,]+(?:graag|alstublieft|alsjeblieft|aub|please|thanks|thank you|bedankt|dank u|dank je))+[\s.!]*$|(?<![\s.!,;])[\s.!,;]+$/i;

/** The name in an answer to "Wat is uw naam?"; the answer as typed when it has no lead-in words. */
export function parseName(text: string): string | undefined {
  const typed = withoutContact(text.trim());
  const name = typed.replace(GREETING, '').replace(LEAD, '').replace(TAIL, '').trim();
  // "ja", "oké", "hallo" on their own answer something else (the summary still on screen): no name.
  if (!name && GREETING.test(typed)) return undefined;
  return name || typed || undefined;
}

/** Words between a name and the e-mail address or phone number after it: "Jan de Vries, mail: jan@…", "… komma …". */
const CONTACT_LEAD = /(?<![\s,;:])(?:[\s,;:]|\b(?:komma|en|and|mijn|my|e-?mail(?:adres)?|mailadres|mail|is|tel|telefoon(?:nummer)?|phone|nummer)\b)+$/i;

/**
 * "Jan de Vries, jan@example.nl", "markus weber komma markus apenstaartje example punt com", "Els Bos 06 12345678":
 * the name and what comes after it in one answer; the name is what comes before the address or number.
 */
function withoutContact(text: string): string {
  const written = text.search(/(?<!\S)\S+@\S+/);
  const at = text.search(/ (?:apenstaartje|at-teken) /i);
  const dictated = at > 0 ? Math.max(text.lastIndexOf(',', at), text.slice(0, at).lastIndexOf(' komma ')) : -1;
  const phone = text.search(/(?:\+|\b0)\d[\d\s-]{7,}/);
  const cut = [written, dictated, phone].filter((i) => i > 0).sort((a, b) => a - b)[0];
  const before = cut === undefined ? text : text.slice(0, cut).replace(CONTACT_LEAD, '').trim();
  return before || text;
}

/** Where an announced name ends: at a comma, a full stop, an e-mail address, a digit or the next clause. */
const STOP_WORDS = new Set(['en', 'and', 'email', 'e-mail', 'mail', 'mijn', 'my', 'ik', 'i', 'tel', 'telefoon', 'phone', 'graag', 'please', 'van', 'voor', 'for', 'op', 'om', 'at', 'is', 'wil', 'want', 'would', 'zijn', 'be']);
const ANNOUNCED = /\b(?:(?:mijn|m'n|mn|my)\s+(?:volledige\s+|full\s+)?(?:naam|name)\s*(?:is|:)|(?:naam|name)\s*:|ik\s+heet|my\s+name'?s|i\s+am\s+called)\s*([^\n,;:.!?@\d]+)|\bnaam\s+(\p{Lu}[^\n,;:.!?@\d]*)/iu;
/** Small words inside Dutch surnames: "Ria de Boer", "Jan van der Berg", "Els ter Horst". */
export const PARTICLES: ReadonlySet<string> = new Set(['de', 'van', 'der', 'den', 'ter', 'ten', 'te', 'het', "'t", 'la', 'le', 'el', 'al', 'bin', 'ben', 'da', 'di', 'do', 'dos', 'von', 'zu']);
const MAX_WORDS = 6;

/** A name given before it is asked: announced ("mijn naam is …", "naam: …", "my name is …") or a line of its own. */
export function findName(text: string): string | undefined {
  const m = ANNOUNCED.exec(text);
  const announced = m ? nameWords((m[1] ?? m[2]).trim().split(/\s+/)) : undefined;
  return announced ?? nameLine(text);
}

/** The words of a name, up to the first word that is not part of one; "de" or "van" at its end is not. */
function nameWords(words: string[]): string | undefined {
  const out: string[] = [];
  for (const w of words) {
    if (out.length >= MAX_WORDS || (STOP_WORDS.has(fold(w)) && !(out.length && PARTICLES.has(fold(w))))) break;
    if (!/^\p{L}[\p{L}'’-]*$/u.test(w)) break;
    out.push(w);
  }
  while (out.length > 1 && PARTICLES.has(fold(out.at(-1)!))) out.pop();
  return out.length && /\p{Lu}/u.test(out[0]) ? out.join(' ') : undefined;
}

/** The name that starts at the first capitalised word: "…, het moet Ria de Boers zijn" → "Ria de Boers". */
export function nameFrom(words: string[], notNames: ReadonlySet<string>): string | undefined {
  const i = words.findIndex((w) => /^\p{Lu}[\p{L}'’-]+$/u.test(w) && !notNames.has(fold(w)));
  return i < 0 ? undefined : nameWords(words.slice(i));
}

/** "Paspoort / Dinsdag 17 maart / Marleen Visser / marleen@…": in a list of lines, the line that is only a name. */
function nameLine(text: string): string | undefined {
  const lines = text.split(/\n+/).map((l) => l.trim()).filter(Boolean);
  if (lines.length < 3) return undefined;
  const names = lines.filter((l) => {
    const words = l.split(/\s+/);
    return words.length >= 2 && words.length <= 4 && words.every((w) => /^\p{Lu}[\p{L}'’-]+$/u.test(w) || PARTICLES.has(fold(w))) && /^\p{Lu}/u.test(words.at(-1)!);
  });
  return names.length === 1 ? names[0] : undefined;
}
