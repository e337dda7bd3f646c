/**
 * Identifiers nobody asked for: a BSN (elfproef), an IBAN (mod-97) or a payment card number (Luhn) typed into free
 * text. Each is found by its form and its checksum, so other numbers residents type (phone numbers, postcodes, house
 * numbers, dates, amounts, references such as MLD-7K3M9Q) stay as they are.
 */

export type IdentifierKind = 'bsn' | 'iban' | 'card';

export interface Masked {
  text: string;
  /** What was masked, each kind once; empty when the text had none. */
  found: IdentifierKind[];
}

/** Replaces each letter and digit; separators stay, so "111.222.333" reads "•••.•••.•••". */
const MASK = '•';

/** Digit groups joined by single separators: "111222333", "1112.22.333", "4111-1111-1111-1111", "12-03-2026". */
const NUMBER_RUN = /[0-9]+(?:[ \u00a0.,:/-][0-9]+)*/g;
/** Right before a number that belongs to something else: a word or reference, an international prefix, an amount. */
const NOT_AFTER = /[\p{L}\p{N}_+#@/\\)-]$|[€$£]\s?$/u;
/** Right after one: a word ("1234AB"), an e-mail address, a reference's next part. */
const NOT_BEFORE = /^(?:[\p{L}_@]|[/-][\p{L}\p{N}])/u;

/** Where an IBAN may start: two letters of a country code, then two check digits (a space between is fine). */
const IBAN_START = /(?<![\p{L}\p{N}])[a-z]{2}(?= ?[0-9]{2})/giu;
/** IBAN lengths of SEPA countries and a few others residents bank in (the SWIFT IBAN registry). */
const IBAN_LENGTHS: Record<string, number> = Object.fromEntries(
  ('AD24 AE23 AT20 BE16 BG22 CH21 CY28 CZ24 DE22 DK18 EE20 ES24 FI18 FO18 FR27 GB22 GI23 GL18 GR27 HR21 HU28 IE22 IS26 '
    + 'IT27 LI21 LT20 LU20 LV21 MA28 MC27 MT31 NL18 NO15 PL28 PT25 RO24 SA24 SE24 SI19 SK24 SM27 TR26 UA29 VA22')
    .split(' ').map((e) => [e.slice(0, 2), Number(e.slice(2))]),
);

/** The text with every BSN, IBAN and card number masked, and which kinds there were. */
export function maskIdentifiers(text: string): Masked {
  const spans = [...ibans(text), ...numbers(text)];
  if (!spans.length) return { text, found: [] };
  // Match indices count UTF-16 units, so the text is masked unit by unit.
  const units = text.split('');
  for (const s of spans) for (let i = s.start; i < s.end; i++) if (/[\p{L}\p{N}]/u.test(units[i])) units[i] = MASK;
  return { text: units.join(''), found: [...new Set(spans.map((s) => s.kind))] };
}

interface Span { start: number; end: number; kind: IdentifierKind }

function numbers(text: string): Span[] {
  const spans: Span[] = [];
  for (const m of text.matchAll(NUMBER_RUN)) {
    const start = m.index!;
    const end = start + m[0].length;
    if (NOT_AFTER.test(text.slice(Math.max(0, start - 2), start)) || NOT_BEFORE.test(text.slice(end, end + 2))) continue;
    const kind = numberKind(m[0]);
    if (kind) spans.push({ start, end, kind });
  }
  return spans;
}

/** A whole run of digit groups as a BSN or card number, by how such numbers are written and by their checksum. */
function numberKind(run: string): IdentifierKind | undefined {
  const groups = run.split(/[^0-9]/);
  const separators = new Set(run.replace(/[0-9]/g, ''));
  if (separators.size > 1) return undefined;
  const separator = [...separators][0];
  const digits = groups.join('');
  const sizes = (min: number, max: number, last = min) => groups.every((g, i) => g.length >= (i === groups.length - 1 ? last : min) && g.length <= max);
  if (digits.length === 9 && (!separator || ('. \u00a0-'.includes(separator) && sizes(2, 4)))) return isBsn(digits) ? 'bsn' : undefined;
  if (digits.length >= 13 && digits.length <= 19 && digits[0] !== '0' && (!separator || (' \u00a0-'.includes(separator) && sizes(4, 6, 1)))) {
    return passesLuhn(digits) ? 'card' : undefined;
  }
  return undefined;
}

/** The elfproef for a BSN: 9 digits, weights 9 down to 2 and then -1, the sum a multiple of 11. */
export function isBsn(digits: string): boolean {
  if (!/^[0-9]{9}$/.test(digits)) return false;
  const sum = [...digits].reduce((s, d, i) => s + Number(d) * (i === 8 ? -1 : 9 - i), 0);
  return sum % 11 === 0;
}

/** The Luhn check of payment card numbers. */
export function passesLuhn(digits: string): boolean {
  if (!/^[0-9]{2,}$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
}

/** An IBAN without spaces: a known country's length and mod-97 equal to 1. */
export function isIban(compact: string): boolean {
  const iban = compact.toUpperCase();
  if (!/^[A-Z]{2}[0-9]{2}[A-Z0-9]+$/.test(iban) || IBAN_LENGTHS[iban.slice(0, 2)] !== iban.length) return false;
  const digits = `${iban.slice(4)}${iban.slice(0, 4)}`.replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));
  let rest = 0;
  for (const d of digits) rest = (rest * 10 + Number(d)) % 97;
  return rest === 1;
}

/** IBANs written together or in groups ("NL91 ABNA 0417 1643 00"): as many characters as the country's length. */
function ibans(text: string): Span[] {
  const spans: Span[] = [];
  for (const m of text.matchAll(IBAN_START)) {
    const length = IBAN_LENGTHS[m[0].toUpperCase()];
    if (!length) continue;
    let compact = '';
    let i = m.index!;
    while (i < text.length && compact.length < length) {
      if (/[a-z0-9]/i.test(text[i])) compact += text[i++];
      else if (text[i] === ' ' && compact.length && /[a-z0-9]/i.test(text[i + 1] ?? '')) i++;
      else break;
    }
    if (compact.length === length && !/[\p{L}\p{N}]/u.test(text[i] ?? '') && isIban(compact)) spans.push({ start: m.index!, end: i, kind: 'iban' });
  }
  return spans;
}
