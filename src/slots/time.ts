import { numberWord } from './numbers';
import { fold } from '../text';
import type { Lang } from './types';

/** Times of day ('HH:MM', 24 hours) in Dutch and English: "10 uur", "half 11", "kwart over 2", "14u30", "9 am". */

type DayPart = 'am' | 'pm' | 'night' | undefined;
type Mode = 'answer' | 'sentence';

interface TimeCtx { part: DayPart; lang: Lang; mode: Mode; text: string }

interface Rule {
  re: RegExp;
  resolve: (m: RegExpExecArray, c: TimeCtx) => number | undefined;
  answerOnly?: boolean;
}

const HOUR = '(\\d{1,2}|een|twee|drie|vier|vijf|zes|zeven|acht|negen|tien|elf|twaalf|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)';
const MINUTES = '(kwart|quarter|\\d{1,2}|een|twee|drie|vier|vijf|zes|zeven|acht|negen|tien|elf|twaalf|dertien|veertien|twintig|five|ten|twenty)';
/** Words that may follow "om 10" when it is a time; anything else ("om 10 lantaarnpalen") is not. */
const AFTER_BARE_HOUR = /^(?:$|[,.!?;)]|(?:s|in|op|of|en|graag|morgen|vandaag|aanstaande|komende|volgende|ok|oke|please|pls|tomorrow|today|on|or|and|possible|mogelijk|kan|als|if)\b)/;
/** Time words that turn "3 uur" in a sentence into a time rather than a duration ("al 3 uur kapot"). */
const TIME_CUE_BEFORE = /\b(?:om|rond|rondom|tegen|omstreeks|at|around|about|by)\s+(?:een\s+uur\s+of\s+)?$/;
/**
 * "vrijdag 13 maart 9 uur", "morgen 10 uur", "do 14u", "vrijdagochtend vroeg, 9 uur": right after a day or a part of
 * it, "9 uur" is a time of that day, not a duration.
 */
const DAY_BEFORE = /\b(?:(?:(?:maan|dins|woens|donder|vrij|zater|zon)dag|morgen|overmorgen)(?:ochtend|morgen|middag|avond)?|(?:ma|di|wo|do|vr)\.?|vandaag|tomorrow|today|monday|tuesday|wednesday|thursday|friday|saturday|sunday|(?:januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december|jan|feb|mrt|apr|jun|jul|aug|sep|okt|nov|dec)|\d{1,2}[-/]\d{1,2}(?:[-/]\d{2,4})?|s ?(?:morgens|ochtends|middags|avonds)|(?:in the )?(?:morning|afternoon|evening))(?:\s+(?:vroeg|laat|early|late))?\s*,?\s*$/;

/** "na vieren": the Dutch form of an hour after "na" and "voor". */
const ROUND_HOURS: Record<string, number> = {
  enen: 1, tweeen: 2, drieen: 3, vieren: 4, vijven: 5, zessen: 6, zevenen: 7, achten: 8, negenen: 9, tienen: 10, elven: 11, twaalven: 12,
};

/** Hours in words from two up ("een"/"one" and "enen" also mean "a", so each rule decides on those itself). */
const HOURS_TWO_UP = 'twee|drie|vier|vijf|zes|zeven|acht|negen|tien|elf|twaalf|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve';
const ROUND_TWO_UP = Object.keys(ROUND_HOURS).filter((w) => w !== 'enen').join('|');

function hourOf(raw: string): number | undefined {
  return /^\d+$/.test(raw) ? Number(raw) : numberWord(raw);
}

/** Morning, afternoon or evening said anywhere in the message ("'s middags", "pm", "vanavond"). */
function dayPart(folded: string): DayPart {
  if (/\b(?:s ?nachts|vannacht|at night)\b/.test(folded)) return 'night';
  if (/voormiddag/.test(folded)) return 'am'; // Flemish for the morning, though it ends in "middag"
  if (/middag|avond|\bpm\b|p\.m\.|afternoon|evening|tonight/.test(folded)) return 'pm';
  if (/ochtend|\bs ?morgens|\bvanmorgen|\bam\b|a\.m\.|morning/.test(folded)) return 'am';
  return undefined;
}

/**
 * The hour as meant: "2 uur 's middags" is 14. Without morning or evening, hours 1 to 7 are in the afternoon,
 * because nobody books the town hall at 3 at night; "07:30" written with a zero stays in the morning.
 */
function clockHour(hour: number, c: TimeCtx, leadingZero = false): number | undefined {
  if (hour < 0 || hour > 24) return undefined;
  if (hour > 12) return hour === 24 ? undefined : hour;
  if (c.part === 'am' || c.part === 'night') return hour === 12 ? 0 : hour;
  if (c.part === 'pm') return hour === 12 ? 12 : hour + 12;
  return !leadingZero && hour >= 1 && hour <= 7 ? hour + 12 : hour;
}

function at(hour: number | undefined, minute: number): number | undefined {
  if (hour === undefined || minute < 0 || minute > 59) return undefined;
  return hour * 60 + minute;
}

/** "kwart voor 3": minutes before or after the hour; "half 1 's nachts" wraps to 23:30. */
function offset(hour: number | undefined, minutes: number): number | undefined {
  if (hour === undefined) return undefined;
  return (((hour * 60 + minutes) % 1440) + 1440) % 1440;
}

function minutesWord(raw: string): number | undefined {
  if (raw === 'kwart' || raw === 'quarter') return 15;
  const n = hourOf(raw) ?? numberWord(raw);
  return n !== undefined && n >= 1 && n <= 29 ? n : undefined;
}

const RULES: Rule[] = [
  {
    // "tussen 2 en 3", "between 2 and 3", "tussen 14.00 en 15.00 uur": the start of the window.
    re: new RegExp(`\\b(?:tussen|between)\\s+${HOUR}(?:[:.](\\d{2}))?(?:\\s*uur)?\\s+(?:en|and|-)\\s+${HOUR}(?:[:.]\\d{2})?(?!\\s*(?:weken|week|dagen|dag|maanden|jaar|keer|euro|kinderen|personen|mensen|weeks|days|months|years|times|people))`),
    resolve: (m, c) => {
      const hour = hourOf(m[1]);
      return hour === undefined ? undefined : at(clockHour(hour, c), m[2] ? +m[2] : 0);
    },
  },
  {
    // 10:30, 10.30, 14u30, 14h30; a dot only with "uur" or "om" in a sentence, as it could be an amount.
    re: /(?<![\d.:/,-])(\d{1,2})(?:\s?(:)\s?|(\.)|(u|h))(\d{2})(?!\d|[.:/-]\d)(\s*(?:uur|u)\b)?/,
    resolve: (m, c) => {
      if (m[3] && c.mode === 'sentence' && !m[6] && !TIME_CUE_BEFORE.test(c.text.slice(0, m.index))) return undefined;
      return at(clockHour(+m[1], c, m[1].length === 2 && m[1].startsWith('0')), +m[5]);
    },
  },
  {
    // kwart over 2, tien voor half 3, 5 minuten over 10
    re: new RegExp(`\\b${MINUTES}\\s+(?:minuten\\s+)?(over|voor)\\s+(half\\s+)?${HOUR}\\b`),
    resolve: (m, c) => {
      const minutes = minutesWord(m[1]);
      const hour = hourOf(m[4]);
      if (minutes === undefined || hour === undefined || hour > 12) return undefined;
      return offset(clockHour(hour, c), (m[3] ? -30 : 0) + (m[2] === 'over' ? minutes : -minutes));
    },
  },
  {
    // quarter past 2, half past 2, ten to 3
    re: new RegExp(`\\b(half|${MINUTES.slice(1, -1)})\\s+(?:minutes\\s+)?(past|after|to)\\s+${HOUR}\\b`),
    resolve: (m, c) => {
      const minutes = m[1] === 'half' ? 30 : minutesWord(m[1]);
      const hour = hourOf(m[3]);
      if (minutes === undefined || hour === undefined || hour > 12) return undefined;
      return offset(clockHour(hour, c), m[2] === 'to' ? -minutes : minutes);
    },
  },
  {
    // Dutch "half 11" is 10:30; British "half eleven" is 11:30.
    re: new RegExp(`\\bhalf\\s+${HOUR}\\b(?!\\s*(?:jaar|kilo|liter|meter|dag|week|maand|hours?|years?|[.,]\\d))`),
    resolve: (m, c) => {
      const hour = hourOf(m[1]);
      if (hour === undefined || hour < 1 || hour > 12) return undefined;
      return offset(clockHour(hour, c), c.lang === 'en' ? 30 : -30);
    },
  },
  {
    re: new RegExp(`(?<![\\d.:,/-])${HOUR}\\s*(am|pm|a\\.m\\.?|p\\.m\\.?)(?![a-z])`),
    resolve: (m, c) => {
      const hour = hourOf(m[1]);
      if (hour === undefined || hour < 1 || hour > 12) return undefined;
      return at(clockHour(hour, { ...c, part: m[2].startsWith('a') ? 'am' : 'pm' }), 0);
    },
  },
  {
    // "een uur of twee", "uur of 3": about that hour (not one o'clock).
    re: new RegExp(`\\b(?:een\\s+)?uur\\s+of\\s+(\\d{1,2}|een|${HOURS_TWO_UP}|${ROUND_TWO_UP})\\b`),
    resolve: (m, c) => {
      const hour = hourOf(m[1]) ?? ROUND_HOURS[m[1]];
      return hour === undefined || hour > 12 ? undefined : at(clockHour(hour, c), 0);
    },
  },
  {
    // "ten thirty", "nine fifteen", "two forty-five": English says the minutes after the hour; in a sentence only
    // after "at"/"around" or a day ("two thirty people" is no time).
    re: new RegExp(`\\b(one|${HOURS_TWO_UP})[\\s-]+(o[\\s-]?five|fifteen|twenty(?:[\\s-]five)?|thirty|forty(?:[\\s-]five)?|fifty)\\b`),
    resolve: (m, c) => {
      const before = c.text.slice(0, m.index);
      if (c.mode === 'sentence' && !TIME_CUE_BEFORE.test(before) && !DAY_BEFORE.test(before)) return undefined;
      const hour = hourOf(m[1]);
      const minutes = /^o/.test(m[2]) ? 5 : numberWord(m[2].replace(/[\s-]/g, ''));
      return hour === undefined || hour > 12 || minutes === undefined ? undefined : at(clockHour(hour, c), minutes);
    },
  },
  {
    // 10 uur, 10u, 10 o'clock; in a sentence only after "om"/"rond" or with a part of the day ("al 3 uur kapot" is a duration).
    re: new RegExp(`(?<![\\d.:,/-])${HOUR}\\s*(?:uur|u|h|o\\s?clock)(?![a-z])`),
    resolve: (m, c) => {
      const cued = TIME_CUE_BEFORE.test(c.text.slice(0, m.index)) || DAY_BEFORE.test(c.text.slice(0, m.index)) || /^\s*(?:s ?(?:morgens|ochtends|middags|avonds|nachts)|in de|ofzo|of zo|ongeveer|or so)\b/.test(c.text.slice(m.index + m[0].length));
      if (c.mode === 'sentence' && !cued) return undefined;
      if (/\b(?:over|binnen|in|al|for|within)\s+$/.test(c.text.slice(0, m.index))) return undefined; // "over een uur" is a duration
      const hour = hourOf(m[1]);
      return hour === undefined ? undefined : at(clockHour(hour, c), 0);
    },
  },
  {
    // om 10, at 10, rond 3, around eleven, like 3, rond tienen ("om een afspraak": not "one", "een").
    re: new RegExp(`\\b(?:om|rond|tegen|omstreeks|at|around|about|like)\\s+(\\d{1,2}|${HOURS_TWO_UP}|${ROUND_TWO_UP})(?![\\d:./-]|,\\d)`),
    resolve: (m, c) => {
      if (!AFTER_BARE_HOUR.test(c.text.slice(m.index + m[0].length).trimStart())) return undefined;
      const hour = hourOf(m[1]) ?? ROUND_HOURS[m[1]];
      return hour === undefined ? undefined : at(clockHour(hour, c), 0);
    },
  },
  { re: /^(?:om\s+|at\s+)?(\d{1,2})[.!]?$/, resolve: (m, c) => at(clockHour(+m[1], c), 0), answerOnly: true },
  // "1430", "0930 uur": four digits typed in a hurry, as the whole answer.
  { re: /^(?:om\s+|at\s+)?([01]\d|2[0-3])([0-5]\d)(?:\s*(?:uur|u|h))?$/, resolve: (m) => at(+m[1], +m[2]), answerOnly: true },
  {
    // na vieren, na 4, after 4, vanaf 3 uur: from that hour on ("na 2 weken" is a duration).
    re: new RegExp(`\\b(?:na|after|vanaf|from)\\s+(\\d{1,2}|een|one|${HOURS_TWO_UP}|enen|${ROUND_TWO_UP})\\b(?!\\s*(?:minuten|minuut|dagen|dag|weken|week|maanden|jaar|keer|minutes|days|weeks|months|years|times|mensen|personen|euro)\\b)`),
    resolve: (m, c) => {
      const hour = hourOf(m[1]) ?? ROUND_HOURS[m[1]];
      return hour === undefined ? undefined : at(clockHour(hour, c), 0);
    },
  },
  { re: /\b(?:middernacht|midnight)\b/, resolve: () => 0 },
  { re: /\b(?:noon|midday|middaguur)\b/, resolve: () => 12 * 60 },
];

const globals = new Map<RegExp, RegExp>();
function globalRe(re: RegExp): RegExp {
  let g = globals.get(re);
  if (!g) globals.set(re, (g = new RegExp(re.source, 'g')));
  return g;
}

/** Typed fast or dictated, words run together: "halfvier", "kwartover elf", "kwartvoor 3". */
const HOUR_WORD = '(?:een|twee|drie|vier|vijf|zes|zeven|acht|negen|tien|elf|twaalf|\\d{1,2})';
const GLUED = new RegExp(`\\b(?:(half)(${HOUR_WORD})|(kwart|tien|vijf)(over|voor)(half)?(${HOUR_WORD})?)\\b`, 'g');

/** Sound-spellings of the English time words ("arond haf past ten") and the Dutch ones typed fast ("kwartr over 10", "hlaf 10"). */
const SPELT: Record<string, string> = {
  kwartr: 'kwart', kwrt: 'kwart', kwrat: 'kwart', kwatr: 'kwart', kawrt: 'kwart', kwar: 'kwart', kwat: 'kwart', hlaf: 'half', hafl: 'half', hallf: 'half', hlf: 'half',
  ovre: 'over', oevr: 'over', ovr: 'over', oveer: 'over', vooor: 'voor', vor: 'voor',
  // regional: Limburgs and Brabants "um kwart veur elf", "half ellef", Gronings "oaver"
  veur: 'voor', vur: 'voor', um: 'om', oaver: 'over', ellef: 'elf', twaalef: 'twaalf',
  haf: 'half', harf: 'half', arond: 'around', aroud: 'around', arround: 'around', quater: 'quarter', quartre: 'quarter', oclok: 'oclock', oklock: 'oclock', oclck: 'oclock',
};

/** "uur" mistyped after an hour, keys next to each other or autocorrect: "om 11 iur", "10 uut", "9 ur". */
const HOUR_SLIP = /\b(\d{1,2})\s*(?:iur|uir|yur|uyr|uut|uue|uuur|uhr|ur)\b/g;

function find(text: string, lang: Lang, mode: Mode): string | undefined {
  const folded = fold(text)
    .replace(HOUR_SLIP, '$1 uur')
    .replace(GLUED, (...m: string[]) => m.slice(1, 7).filter(Boolean).join(' '))
    .replace(/\p{L}+/gu, (w) => SPELT[w] ?? w);
  const c: TimeCtx = { part: dayPart(folded), lang, mode, text: folded };
  for (const rule of RULES) {
    if (rule.answerOnly && mode === 'sentence') continue;
    for (const m of folded.matchAll(globalRe(rule.re))) {
      const minutes = rule.resolve(m as RegExpExecArray, c);
      if (minutes !== undefined) return formatTime(minutes);
    }
  }
  return undefined;
}

export function formatTime(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** The time a resident typed when asked "what time?". */
export function parseTime(text: string, lang: Lang): string | undefined {
  return find(text, lang, 'answer');
}

/** A time inside a longer sentence: only clear forms like "om 10 uur", "10:30" or "half 11". */
export function findTime(text: string, lang: Lang): string | undefined {
  return find(text, lang, 'sentence');
}

/** A part of the day as the whole answer: the time in the middle of it stands for the preference. */
const DAY_PARTS: { re: RegExp; time: string; nl: string; en: string }[] = [
  { re: /^(?:zo |as )?(?:vroeg|early) (?:mogelijk|as possible)(?: in de ochtend| s ?ochtends| in the morning)?$/, time: '09:00', nl: 'zo vroeg mogelijk', en: 'as early as possible' },
  { re: /^(?:na|after|uit) (?:schooltijd|school|de school)$/, time: '15:30', nl: 'na schooltijd', en: 'after school' },
  { re: /^(?:(?:aan |op )?(?:het )?einde? (?:van )?de middag|laat in de middag|late afternoon|(?:at )?the end of the afternoon|late in the afternoon)$/, time: '16:00', nl: 'aan het eind van de middag', en: 'late in the afternoon' },
  { re: /^(?:in de |de )?(?:s ?ochtends|s ?morgens|ochtend|voormiddag|voor de middag|voor de lunch|vroeg|(?:in the )?morning|early)$/, time: '09:30', nl: "'s ochtends", en: 'in the morning' },
  { re: /^(?:tussen de middag|rond de middag|rond het middaguur|(?:rond )?lunchtijd|in de lunchpauze|(?:around |at )?lunch ?time|(?:around |at )?lunch)$/, time: '12:30', nl: 'rond de middag', en: 'around lunchtime' },
  { re: /^(?:in de |de |na de )?(?:s ?middags|middag|namiddag|na de middag|na de lunch|na twaalven|(?:in the )?afternoon|after lunch)$/, time: '14:00', nl: "'s middags", en: 'in the afternoon' },
  { re: /^(?:in de |de )?(?:s ?avonds|avond|(?:in the )?evening)$/, time: '18:00', nl: "'s avonds", en: 'in the evening' },
];
const PART_FILLER = /\b(?:graag|liefst|het liefst|liever|maar|dan|please|preferably|ergens|somewhere|iets|zo|ook|bij voorkeur|aub|ofzo|zoiets|ongeveer|if possible|ok|oke|ff|effe|even|efkes|pls|plz|svp|alsjeblieft|alstublieft)\b/g;

/** "do 12/3 na de lunch", "thursday after lunch": the day is the date question's; the part of the day remains. */
const WEEKDAY_WORDS = /\b(?:maandag|dinsdag|woensdag|donderdag|vrijdag|ma|di|wo|do|vr|monday|tuesday|wednesday|thursday|friday|mon|tue|tues|wed|thu|thur|thurs|fri)\b/g;

export function parseDayPart(text: string, lang: Lang): { value: string; display: string } | undefined {
  const f = fold(text).replace(/[^\p{L}\s]/gu, ' ').replace(PART_FILLER, ' ').replace(WEEKDAY_WORDS, ' ').replace(/\s+/g, ' ').trim();
  const part = DAY_PARTS.find((p) => p.re.test(f)) ?? twoWords(f);
  return part && { value: part.time, display: lang === 'en' ? part.en : part.nl };
}

/** "'s middags na de lunch", "'s ochtends vroeg": two ways of saying the same part of the day. */
function twoWords(f: string): (typeof DAY_PARTS)[number] | undefined {
  const words = f.split(' ');
  for (let i = 1; i < words.length; i++) {
    const [a, b] = [words.slice(0, i).join(' '), words.slice(i).join(' ')];
    const part = DAY_PARTS.find((p) => p.re.test(a) && p.re.test(b));
    if (part) return part;
  }
  return undefined;
}

/**
 * A part of the day said so that it can mean nothing else ("de eerste dinsdag van april 's ochtends vroeg een
 * afspraak", "over twee weken rond lunchtijd"); a bare "middag" or "ochtend" inside a sentence is not.
 */
const EXPLICIT_PART = /\b(?:s ?ochtends vroeg|vroeg in de ochtend|s ?(?:ochtends|morgens|middags|avonds)|rond (?:de )?lunchtijd|rond het middaguur|tussen de middag|in de lunchpauze|(?:aan het )?einde? van de middag|laat in de middag|na schooltijd|in de (?:ochtend|voormiddag|middag|namiddag|avond)|in the (?:morning|afternoon|evening)|after school|around lunch ?time)\b/;

/** "maandag 23 maart, in de voormiddag": a part of the day as a clause of its own in a longer message, or said explicitly. */
export function findDayPart(text: string, lang: Lang): { value: string; display: string } | undefined {
  const clauses = text.split(/[,;.!?]+/).map((c) => c.trim()).filter(Boolean);
  if (clauses.length >= 2) {
    for (const c of clauses) {
      const part = parseDayPart(c, lang);
      if (part) return part;
    }
  }
  const explicit = EXPLICIT_PART.exec(fold(text).replace(/[^\p{L}\s]/gu, ' ').replace(/\s+/g, ' '));
  return explicit ? parseDayPart(explicit[0], lang) : undefined;
}
