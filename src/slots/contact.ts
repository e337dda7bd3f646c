import { cap } from '../text';

/** E-mail addresses and phone numbers (Dutch, or abroad with a country code). */

const EMAIL = /(?<![\p{L}\d._%+-])[a-z0-9](?:[a-z0-9._%+-]{0,62}[a-z0-9_%+-])?@[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*\.[a-z]{2,24}(?![\p{L}\d@-]|\.[a-z\d])/giu;

const WHOLE_EMAIL = new RegExp(`^${EMAIL.source}$`, 'iu');

/** Top-level domains residents use, to tell where a typed or dictated address ends. */
const COMMON_TLD = 'nl|com|be|org|net|eu|de|info|nu|io|uk|fr|es|it|pl|tr';
/** The dot before a common top-level domain typed as a comma or a space: "jan@example,nl", "jan@example .nl". */
const SLIPPED_DOT = new RegExp(`(@[a-z0-9-]+)\\s*(?:,\\s*|\\s+\\.?\\s*)(${COMMON_TLD})(?![\\p{L}\\d@.-])`, 'giu');

function emails(text: string): string[] {
  // "jan @ example.nl" is still meant as one address; so is "henk . bakker @ gmail . com" when it is all the message.
  let t = (spoken(text) ?? cap(text)).replace(/\s*@\s*/g, '@').replace(SLIPPED_DOT, '$1.$2');
  const joined = t.trim().replace(/([\p{L}\d])\s+\.\s*(?=[\p{L}\d])/gu, '$1.');
  // A short ending as the top-level domain: "jan@x.nl . graag" is an address and a word, not jan@x.nl.graag.
  if (joined !== t.trim() && WHOLE_EMAIL.test(joined) && /\.[a-z]{2,4}$/i.test(joined)) t = joined;
  return [...t.matchAll(EMAIL)].map((m) => m[0].toLowerCase()).filter((e) => !e.includes('..') && e.length <= 254);
}

const SPOKEN_AT = /\s(?:apenstaartje|at-teken|at sign|at)\s/;
const SPOKEN_DOT = /\s(?:punt|dot)\s/;
const SPOKEN_INTRO = /^.*?\b(?:e-?mail(?:adres)?|mailadres|email address|e-mail address|address)\s+(?:is|:)\s+/;

/**
 * Dictated: "jan punt de vries apenstaartje gmail punt com", "j smith at gmail dot com". Read only when the text has
 * no @ but a spoken one with a spoken dot after it; all spaces go, as dictation cannot say them.
 */
function spoken(text: string): string | undefined {
  const t = ` ${cap(text).toLowerCase().replace(/[,!?]+/g, ' ').replace(/\.\s*$/, '').trim()} `;
  if (t.includes('@') || !SPOKEN_AT.test(t) || !SPOKEN_DOT.test(t.slice(t.search(SPOKEN_AT)))) return undefined;
  const address = ` ${t.trim().replace(SPOKEN_INTRO, '')} `
    .replace(SPOKEN_AT, '@')
    .replace(/\s(?:punt|dot)(?=\s)/g, '.')
    .replace(/\s(?:streepje|koppelteken|liggend streepje|dash|hyphen)(?=\s)/g, '-')
    .replace(/\s(?:underscore|laag streepje)(?=\s)/g, '_');
  const at = address.indexOf('@');
  // "yes send it to anna dot white at …": the address starts after the last word that leads up to it.
  const local = address.slice(0, at).replace(SPOKEN_LEAD, '');
  // "… example punt com verder klopt het": the address ends with its top-level domain.
  const domain = SPOKEN_DOMAIN.exec(address.slice(at))?.[0] ?? address.slice(at);
  return (local + domain).replace(/\s+/g, '');
}

/** A dictated domain up to a common top-level domain said as a word of its own. */
const SPOKEN_DOMAIN = new RegExp(`^@.*?\\.\\s*(?:${COMMON_TLD}|ma|edu|gov)(?=\\s)`);

/** Words before a dictated address that are not part of it: "ja, stuur maar naar", "yes send it to". */
const SPOKEN_LEAD = /^.*\s(?:naar|aan|to|via|is|op|komma)\s|^\s*(?:ja|yes|yep|ok|oke|oké|prima|graag|sure)(?=\s)/;

/** The text with its e-mail addresses left out: they say who, not what (what the classifier reads). */
export function withoutEmails(text: string): string {
  return text.replace(EMAIL, ' ');
}

/** The one e-mail address in the text, lower case. */
export function findEmail(text: string): string | undefined {
  const found = new Set(emails(text));
  return found.size === 1 ? [...found][0] : undefined;
}

// 06 12345678, 06-1234 5678, +31 6 12345678, 0031 (0)6 12345678, (010) 123 4567, 020-1234567.
const SEP = '(?:\\s*[-./]?\\s*)';
const PHONE = new RegExp(`(?<![\\d+])(?:(?:\\+|00)31${SEP}(?:\\(0\\)${SEP})?|0)[1-9](?:${SEP}\\d){8}(?!\\d|${SEP}\\d)`, 'g');

/** Two-digit area codes (after the 0); other landlines have three. 6 is mobile. */
const SHORT_AREA = new Set(['10', '13', '15', '20', '23', '24', '26', '30', '33', '35', '36', '38', '40', '43', '45', '46', '50', '53', '55', '58',
  '70', '71', '72', '73', '74', '75', '76', '77', '78', '79', '84', '85', '87', '88', '91']);

function nationalDigits(raw: string): string | undefined {
  const digits = raw.replace(/\(0\)/, '').replace(/[^\d+]/g, '');
  const national = digits.replace(/^(?:\+|00)31/, '0');
  return /^0[1-9]\d{8}$/.test(national) ? national : undefined;
}

function phones(text: string): string[] {
  const t = cap(text).replace(/\((0\d{1,3})\)/g, '$1 ');
  return [...t.matchAll(PHONE)].map((m) => nationalDigits(m[0])).filter((n): n is string => n !== undefined);
}

// A number abroad needs its country code: +32 470 12 34 56, 0049 30 1234567 (9 to 15 digits in all, E.164).
const FOREIGN = new RegExp(`(?<![\\d+])(?:\\+|00)(?!31)[1-9](?:${SEP}\\d){8,14}(?!\\d|${SEP}\\d)`, 'g');

function foreignPhones(text: string): string[] {
  return [...cap(text).matchAll(FOREIGN)].map((m) => `+${m[0].replace(/\D/g, '').replace(/^00/, '')}`);
}

/** The one phone number in the text as E.164: '+31612345678' (Dutch), or '+32470123456' with a country code. */
export function findPhone(text: string): string | undefined {
  const found = new Set([...phones(text).map((n) => `+31${n.slice(1)}`), ...foreignPhones(text)]);
  return found.size === 1 ? [...found][0] : undefined;
}

/** '06 12345678' for mobiles, '010 1234567' or '0511 123456' for landlines; numbers abroad as E.164. */
export function formatPhone(e164: string): string {
  if (!e164.startsWith('+31')) return e164;
  const national = `0${e164.replace(/^\+31/, '')}`;
  const area = national[1] === '6' ? 2 : SHORT_AREA.has(national.slice(1, 3)) ? 3 : 4;
  return `${national.slice(0, area)} ${national.slice(area)}`;
}
