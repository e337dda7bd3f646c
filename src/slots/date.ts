import type * as Chrono from 'chrono-node';
import { addDays, addMonths, daysBetween, makeDate, mondayOf, today, weekday, yearOf } from './calendar';
import { numberWord, smallNumber } from './numbers';
import { fold, isTypoOf } from '../text';
import type { ParseContext } from './types';
import { validate } from './validate';

/**
 * Dates in Dutch and English, relative to ctx.now in Amsterdam. Own rules first: chrono-node's Dutch parser
 * reads "dinsdag" as today, "volgende week" as a week from now and misses "overmorgen" and "14-3".
 */

interface DateCtx {
  today: string;
  /** The question asks about the past ("wanneer is het gebeurd?"), so "dinsdag" means last Tuesday. */
  past: boolean;
  lang: ParseContext['lang'];
  mode: Mode;
}

/** Answer: the whole message answers "which day?", so abbreviations, typos and looser forms count. */
type Mode = 'answer' | 'sentence';

interface Rule {
  re: RegExp;
  resolve: (m: RegExpExecArray, c: DateCtx) => string | undefined;
  answerOnly?: boolean;
  enOnly?: boolean;
}

const WEEKDAYS: Record<string, number> = {
  zondag: 0, maandag: 1, dinsdag: 2, woensdag: 3, donderdag: 4, vrijdag: 5, zaterdag: 6,
  sunday: 0, monday: 1, tuesday: 2, wednesday: 3, thursday: 4, friday: 5, saturday: 6,
};
const WEEKDAY_ABBR: Record<string, number> = {
  zo: 0, ma: 1, di: 2, wo: 3, do: 4, vr: 5, za: 6,
  sun: 0, mon: 1, tue: 2, tues: 2, wed: 3, thu: 4, thur: 4, thurs: 4, fri: 5, sat: 6,
};
export const MONTHS: Record<string, number> = {
  januari: 1, februari: 2, maart: 3, april: 4, mei: 5, juni: 6, juli: 7, augustus: 8, september: 9, oktober: 10, november: 11, december: 12,
  january: 1, february: 2, march: 3, may: 5, june: 6, july: 7, august: 8, october: 10,
  jan: 1, feb: 2, mrt: 3, mar: 3, apr: 4, jun: 6, jul: 7, aug: 8, sep: 9, sept: 9, okt: 10, oct: 10, nov: 11, dec: 12,
};

const alt = (keys: string[]): string => [...keys].sort((a, b) => b.length - a.length).join('|');
const WD = `(${alt(Object.keys(WEEKDAYS))})(?:ochtend|morgen|middag|avond|morning|afternoon|evening)?`;
const MON = `(${alt(Object.keys(MONTHS))})\\.?(?![a-z])`;
const NEXT = 'aanstaande|komende|volgende|deze|a\\.s\\.?|next|this|coming';
const LAST = 'vorige|afgelopen|last';
const BACK = /^(?:vorige|afgelopen|last|sinds|since)$/;
const WEEK_REL = 'volgende|komende|deze|vorige|afgelopen|next|this|last';

/** A passed date without a year this recent is a slip for this year (so it is reported as past), not next year. */
const RECENT_PAST_DAYS = 30;

function weekDelta(word: string): number {
  if (/^(volgende|komende|next)$/.test(word)) return 1;
  if (/^(vorige|afgelopen|last)$/.test(word)) return -1;
  return 0;
}

function nextWeekday(from: string, wd: number): string {
  return addDays(from, (wd - weekday(from) + 7) % 7 || 7);
}

function previousWeekday(from: string, wd: number): string {
  return addDays(from, -((weekday(from) - wd + 7) % 7 || 7));
}

/** The next such weekday (never today), or the last one after "vorige"/"sinds" or when asking about the past. */
function relativeWeekday(modifier: string | undefined, wd: number, c: DateCtx): string {
  const back = modifier ? BACK.test(modifier) : c.past;
  return back ? previousWeekday(c.today, wd) : nextWeekday(c.today, wd);
}

function fullYear(raw: string): number {
  return raw.length === 2 ? 2000 + Number(raw) : Number(raw);
}

/** A day and month without a year: the coming one, unless it just passed or the question is about the past. */
function dayMonth(day: number, month: number, c: DateCtx): string | undefined {
  const year = yearOf(c.today);
  const thisYear = makeDate(year, month, day);
  if (!thisYear) return makeDate(c.past ? year - 1 : year + 1, month, day); // 29 February
  const ago = daysBetween(thisYear, c.today);
  if (c.past) return ago >= 0 ? thisYear : makeDate(year - 1, month, day);
  return ago <= RECENT_PAST_DAYS ? thisYear : makeDate(year + 1, month, day);
}

/** "de 14e": the coming 14th of a month, or the last one when the question is about the past. */
function dayOfMonth(day: number, c: DateCtx): string | undefined {
  const [y, m, d] = c.today.split('-').map(Number);
  const step = c.past ? -1 : 1;
  const first = (day - d) * step >= 0 ? makeDate(y, m, day) : undefined;
  if (first) return first;
  for (let i = 1; i <= 2; i++) {
    const [ny, nm] = addMonths(`${c.today.slice(0, 8)}01`, i * step).split('-').map(Number);
    const found = makeDate(ny, nm, day);
    if (found) return found;
  }
  return undefined;
}

function inPeriod(amount: number, unit: string, c: DateCtx): string | undefined {
  if (amount > 400) return undefined;
  if (/^(dag|dagen|days?)$/.test(unit)) return addDays(c.today, amount);
  if (/^(week|weken|weeks?)$/.test(unit)) return addDays(c.today, amount * 7);
  return addMonths(c.today, amount);
}

const RULES: Rule[] = [
  {
    // "donderdag de 19e", "Thursday the 19th": the day of the month decides, when the weekday agrees with it.
    re: new RegExp(`\\b${WD}\\s+(?:de|den|the)\\s+(\\d{1,2})(?:e|de|ste|st|nd|rd|th)\\b`),
    resolve: (m, c) => {
      const day = dayOfMonth(+m[2], c);
      return day && weekday(day) === WEEKDAYS[m[1]] ? day : undefined;
    },
  },
  { re: /(?<![\d-])(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)/, resolve: (m) => makeDate(+m[1], +m[2], +m[3]) },
  {
    re: /(?<![\d./-])(\d{1,2})([-/.])(\d{1,2})\2(\d{4}|\d{2})(?!\d|[./-]\d)/,
    resolve: (m) => makeDate(fullYear(m[4]), +m[3], +m[1]),
  },
  {
    re: new RegExp(`(?<![\\d.:/-])(\\d{1,2})(?:e|de|ste|st|nd|rd|th)?\\s*(?:van\\s+|of\\s+)?${MON}(?:\\s*,?\\s*(\\d{4})(?!\\d))?`),
    resolve: (m, c) => (m[3] ? makeDate(+m[3], MONTHS[m[2]], +m[1]) : dayMonth(+m[1], MONTHS[m[2]], c)),
  },
  {
    re: new RegExp(`\\b${MON}\\s+(\\d{1,2})(?:st|nd|rd|th)?(?:\\s*,?\\s*(\\d{4}))?(?![\\d:.])`),
    resolve: (m, c) => (m[3] ? makeDate(+m[3], MONTHS[m[1]], +m[2]) : dayMonth(+m[2], MONTHS[m[1]], c)),
    enOnly: true,
  },
  {
    // "14-3", "14/3", "14.3" as the whole answer; in a sentence "12-2" may be a house number (see the next rule).
    re: /(?<![\d./-])(\d{1,2})([-/.])(\d{1,2})(?!\d|[./-]\d|\s*(?:uur|u\b|h\b))/,
    resolve: (m, c) => dayMonth(+m[1], +m[3], c),
    answerOnly: true,
  },
  {
    // "op 12-2" can be a house number ("ik woon op 12-2"); "op 12/2" cannot.
    re: new RegExp(`\\b(?:(?:${alt(Object.keys(WEEKDAYS))}|vanaf|per|on)\\s+(\\d{1,2})[-/]|op\\s+(\\d{1,2})/)(\\d{1,2})(?!\\d|[./-]\\d)`),
    resolve: (m, c) => dayMonth(+(m[1] ?? m[2]), +m[3], c),
  },
  {
    // "afspraak paspoort do 12/3 11:15", "thu 12/3 after lunch": a short weekday counts when it agrees with the date.
    re: new RegExp(`\\b(${alt(Object.keys(WEEKDAY_ABBR))})\\.?\\s+(\\d{1,2})[-/](\\d{1,2})(?!\\d|[./-]\\d)`),
    resolve: (m, c) => {
      const day = dayMonth(+m[2], +m[3], c);
      return day && weekday(day) === WEEKDAY_ABBR[m[1]] ? day : undefined;
    },
  },
  // "de 17e dan", "doe maar de 27e", "17e": as the answer to "which day?" a day of the month, anywhere in it.
  { re: /(?:\b(?:de|den)\s+|^)(\d{1,2})(?:e|de|ste)\b(?!\s+(?:week|weken|keer|maand|helft|poging))/, resolve: (m, c) => dayOfMonth(+m[1], c), answerOnly: true },
  { re: /^(?:on\s+)?the\s+(\d{1,2})(?:st|nd|rd|th)(?:\s+(?:please|if possible))?$/, resolve: (m, c) => dayOfMonth(+m[1], c), answerOnly: true },
  // "an extract for my new job, on the 19th if possible", "graag op de 19e": in a sentence, after "on"/"op".
  { re: /\b(?:on|op)\s+(?:the|de)\s+(\d{1,2})(?:st|nd|rd|th|e|de|ste)\b/, resolve: (m, c) => dayOfMonth(+m[1], c) },
  {
    re: new RegExp(`\\b(${WEEK_REL})\\s+week\\s+(?:op\\s+)?${WD}\\b`),
    resolve: (m, c) => addDays(mondayOf(c.today), weekDelta(m[1]) * 7 + ((WEEKDAYS[m[2]] + 6) % 7)),
  },
  {
    re: new RegExp(`\\b${WD}\\s+(?:van\\s+)?(?:de\\s+)?(${WEEK_REL})\\s+week\\b`),
    resolve: (m, c) => addDays(mondayOf(c.today), weekDelta(m[2]) * 7 + ((WEEKDAYS[m[1]] + 6) % 7)),
  },
  { re: /\b(volgende|komende|next)\s+week\b/, resolve: (_m, c) => addDays(mondayOf(c.today), 7) },
  {
    re: /\b(over|in)\s+(een|\d{1,3}|[a-z]+)\s+(dagen|dag|weken|week|maanden|maand|days?|weeks?|months?)\b/,
    resolve: (m, c) => {
      // In a Dutch sentence "in een week" is mostly "within a week"; "over een week" is the date.
      if (m[1] === 'in' && c.mode === 'sentence' && c.lang !== 'en') return undefined;
      const n = m[2] === 'een' ? 1 : smallNumber(m[2]);
      return n === undefined || n < 1 ? undefined : inPeriod(n, m[3], c);
    },
  },
  {
    // "sinds maandag" (since Monday) is the last one.
    re: new RegExp(`\\b(?:(${NEXT}|${LAST}|sinds|since)\\s+)?${WD}(?![a-z])`),
    resolve: (m, c) => relativeWeekday(m[1], WEEKDAYS[m[2]], c),
  },
  {
    re: new RegExp(`^(?:(${NEXT}|${LAST})\\s+)?(${alt(Object.keys(WEEKDAY_ABBR))})\\.?$`),
    resolve: (m, c) => relativeWeekday(m[1], WEEKDAY_ABBR[m[2]], c),
    answerOnly: true,
  },
  // "afspraak paspoort do 14u", "wo om 9 uur": in a sentence an abbreviated weekday counts only before a time ("zo" and
  // "ma" are words too).
  {
    re: /\b(ma|di|wo|do|vr)\.?\s+(?:om\s+)?\d{1,2}(?:[:.]\d{2})?\s*(?:u|uur|h)\b/,
    resolve: (m, c) => relativeWeekday(undefined, WEEKDAY_ABBR[m[1]], c),
  },
  // "na het weekend": the Monday after it.
  { re: /\b(?:na|after)\s+(?:het|dit|the|this)\s+weekend\b/, resolve: (_m, c) => nextWeekday(c.today, 1) },
  { re: /\b(overmorgen|day after tomorrow)\b/, resolve: (_m, c) => addDays(c.today, 2) },
  { re: /\b(eergisteren|day before yesterday)\b/, resolve: (_m, c) => addDays(c.today, -2) },
  // Not "goede morgen" (good morning) and not "'s morgens" (in the morning).
  { re: /(?<!\bgoede |\bgoeie |\bgoed )\b(morgen(?:ochtend|middag|avond|vroeg)?|tomorrow|tmrw|tmr|2morrow|mrgn)\b/, resolve: (_m, c) => addDays(c.today, 1) },
  { re: /\b(vandaag|vanochtend|vanmorgen|vanmiddag|vanavond|today|tonight)\b/, resolve: (_m, c) => c.today },
  { re: /\b(gisteren|gister|gisterochtend|gistermiddag|gisteravond|yesterday)\b/, resolve: (_m, c) => addDays(c.today, -1) },
];

const globals = new Map<RegExp, RegExp>();
function globalRe(re: RegExp): RegExp {
  let g = globals.get(re);
  if (!g) globals.set(re, (g = new RegExp(re.source, 'g')));
  return g;
}

function applyRules(folded: string, c: DateCtx): string | undefined {
  for (const rule of RULES) {
    if (rule.answerOnly && c.mode === 'sentence') continue;
    if (rule.enOnly && c.lang !== 'en') continue;
    for (const m of folded.matchAll(globalRe(rule.re))) {
      const date = rule.resolve(m as RegExpExecArray, c);
      if (date) return date;
    }
  }
  return undefined;
}

/** Words that look like a typo of a date word but are words of their own. */
const NOT_TYPOS = new Set(['morgens', 'zorgen', 'borgen', 'worden', 'orgel', 'weten', 'werken', 'wegen', 'dagen', 'mogen', 'maken']);
const VOCABULARY = [
  'vandaag', 'morgen', 'overmorgen', 'gisteren', 'volgende', 'aanstaande', 'komende', 'afgelopen', 'vorige',
  ...Object.keys(WEEKDAYS), ...Object.keys(MONTHS).filter((k) => k.length >= 5), 'dagen', 'weken', 'maanden',
  'tomorrow', 'today', 'yesterday', 'mogelijk',
];

/** Chat shorthand and sound-spellings too far from the word for a typo ("nxt wensday", "vlgnde week"). */
const SHORTHAND: Record<string, string> = {
  nxt: 'next', tmrw: 'tomorrow', tmr: 'tomorrow', tmrow: 'tomorrow', wensday: 'wednesday', wendsday: 'wednesday', wedensday: 'wednesday',
  thirsday: 'thursday', thursdy: 'thursday', vlgnde: 'volgende', vlgde: 'volgende', mrgn: 'morgen', ovrmrgn: 'overmorgen',
};

/** "morgn" → "morgen", "dinsdg" → "dinsdag": only words of five letters or more, one or two typos. */
function correctTypos(folded: string): string {
  return typosOf(folded.replace(/\p{L}+/gu, (w) => SHORTHAND[w] ?? w), VOCABULARY);
}

/** Each word of five letters or more that is a typo of one of `words`, put right. */
function typosOf(folded: string, words: readonly string[]): string {
  return folded.replace(/\p{L}{5,}/gu, (w) => (NOT_TYPOS.has(w) || words.includes(w) ? w : (words.find((known) => isTypoOf(w, known)) ?? w)));
}

function dateCtx(ctx: ParseContext, mode: Mode): DateCtx {
  return { today: today(ctx.now), past: Boolean(ctx.validate?.past && !ctx.validate.future), lang: ctx.lang === 'en' ? 'en' : 'nl', mode };
}

/** A date inside a longer sentence, only from clear date words. */
export function findDate(text: string, ctx: ParseContext): string | undefined {
  const folded = fold(text);
  const c = dateCtx(ctx, 'sentence');
  return applyRules(folded, c) ?? applyRules(weekdayTypos(folded), c);
}

/**
 * In a sentence only a weekday's typo is put right ("een nieuwe id kaart, vrijdg?"): "morgn" or a month's slip could
 * be another word there.
 */
function weekdayTypos(folded: string): string {
  return typosOf(folded, WEEKDAY_NAMES);
}
const WEEKDAY_NAMES = Object.keys(WEEKDAYS);

/** "veertien maart" → "14 maart". */
function spellDays(folded: string): string {
  return folded.replace(new RegExp(`\\b([a-z]+)(?=\\s+${MON})`, 'g'), (w) => {
    const n = numberWord(w);
    return n !== undefined && n >= 1 && n <= 31 ? String(n) : w;
  });
}

/** "de zeventiende" → "de 17e", "de twintigste" → "de 20e" ("de eerste" is too often "the first free day"). */
function spellOrdinals(folded: string): string {
  return folded.replace(/\b(de|den)\s+([a-z]+?)(ste|de)\b/g, (all, article: string, stem: string, end: string) => {
    const n = numberWord(stem === 'der' && end === 'de' ? 'drie' : stem);
    return n !== undefined && n >= 2 && n <= 31 ? `${article} ${n}e` : all;
  });
}

/** "zo snel mogelijk", "maakt niet uit", "wanneer kan het eerst": no day in mind, the first one that is allowed. */
const ANY_DAY = /\b(maakt (mij |me )?niet (zo ?veel )?uit|zo ?snel (als )?mogelijk|zsm|asap|geen voorkeur|eerste (mogelijke |vrije |beste )?(dag|datum|moment|plek|mogelijkheid)|eerstvolgende (vrije )?(dag|datum|plek|moment)|wanneer (het |kan het )?(eerst|snelst)|as soon as pos+ible|earliest|any day|(it )?does ?n.?t matter|(i )?do ?n.?t mind|no preference)\b/;
/** "liever niet op maandag": a day that is ruled out is not the answer. */
const NEGATION = /\b(niet|geen|not|no)\b/;
const RETRACTION = /^(?:of )?(?:nee|neen|no|nope|toch|niet|wacht|sorry|oeps|oh nee|ow nee)\b/;

/** The date a resident typed when asked for one. */
export function parseDate(text: string, ctx: ParseContext): string | undefined {
  // "Woensdag 1 april graag. Geen grap hoor": the day first, a negation after it in a sentence of its own does not
  // deny it. Not a day after other words ("het is eigenlijk een ID-kaart niet een paspoort. En dan donderdag"
  // corrects first), and not when a later sentence takes it back ("morgen. nee toch niet").
  const sentences = text.split(/(?<=[.!?;])\s+/).filter((x) => /\p{L}|\d/u.test(x));
  if (sentences.length > 1) {
    const days = sentences.map((x) => parseDate(x, ctx));
    const retracted = sentences.slice(1).some((x) => RETRACTION.test(fold(x)));
    if (days[0] && days.filter(Boolean).length === 1 && !retracted) return days[0];
  }
  const c = dateCtx(ctx, 'answer');
  const folded = spellOrdinals(spellDays(fold(text).replace(/[!?.]+$/, '').trim()));
  if (!folded) return undefined;
  const anyDay = ANY_DAY.test(folded) || ANY_DAY.test(correctTypos(folded));
  if (NEGATION.test(folded) && !anyDay) return undefined;
  const found = applyRules(folded, c) ?? applyRules(correctTypos(folded), c) ?? viaChrono(folded, ctx, c);
  return found ?? (anyDay && !c.past ? firstAllowedDay(ctx) : undefined);
}

/** Today or the first day after it that the question's checks allow (weekdays, holidays), within two months. */
export function firstAllowedDay(ctx: ParseContext): string | undefined {
  const start = today(ctx.now);
  for (let i = 0; i < 60; i++) {
    const day = addDays(start, i);
    if (!validate('date', day, ctx)) return day;
  }
  return undefined;
}

// Required on the first date the rules cannot read: loading chrono-node costs ~50 ms of every start-up.
let chrono: typeof Chrono | undefined;

/** Last resort for wordings the rules do not know; only results with a known day count. */
function viaChrono(folded: string, ctx: ParseContext, c: DateCtx): string | undefined {
  // Numbers alone are the rules' job: chrono swaps day and month in "3/14".
  if (!/\p{L}/u.test(folded)) return undefined;
  chrono ??= require('chrono-node') as typeof Chrono;
  const parser = c.lang === 'en' ? chrono.en : chrono.nl;
  const found = parser.parse(folded, { instant: ctx.now, timezone: 'Europe/Amsterdam' }, { forwardDate: !c.past })[0];
  if (!found?.start.isCertain('day')) return undefined;
  return makeDate(found.start.get('year') ?? 0, found.start.get('month') ?? 0, found.start.get('day') ?? 0);
}
