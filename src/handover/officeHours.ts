/**
 * Office hours for the chat desk (bot.yaml handover.office_hours): periods per weekday and closed dates, read in the
 * municipality's time zone whatever the server's zone is.
 */
import type { OfficeHours, Weekday } from '../content/types';
import type { Lang } from '../slots/types';

const WEEKDAYS: Weekday[] = ['zo', 'ma', 'di', 'wo', 'do', 'vr', 'za'];
const LOOKAHEAD_DAYS = 21;

interface LocalTime { readonly date: string; readonly weekday: number; readonly minutes: number }

export function isOpen(hours: OfficeHours | undefined, now: Date): boolean {
  if (!hours) return true;
  const local = localTime(now, hours.timezone);
  return periods(hours, local.date, local.weekday).some(([from, to]) => local.minutes >= from && local.minutes < to);
}

/** When the desk opens next, as a resident reads it: "morgen om 9.00 uur", "maandag 24 november om 9.00 uur". */
export function nextOpening(hours: OfficeHours | undefined, now: Date, lang: Lang): string | undefined {
  if (!hours) return undefined;
  const local = localTime(now, hours.timezone);
  for (let d = 0; d < LOOKAHEAD_DAYS; d++) {
    const date = addDays(local.date, d);
    const weekday = (local.weekday + d) % 7;
    const start = periods(hours, date, weekday).map(([from]) => from).find((from) => d > 0 || from > local.minutes);
    if (start !== undefined) return describe(date, d, start, lang);
  }
  return undefined;
}

function periods(hours: OfficeHours, date: string, weekday: number): [number, number][] {
  if (hours.holidays?.includes(date)) return [];
  const day = hours.days[WEEKDAYS[weekday]];
  return (day === undefined ? [] : Array.isArray(day) ? day : [day]).map((p) => {
    const [from, to] = p.split('-').map(minutesOf);
    return [from, to];
  });
}

function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h * 60 + m;
}

function localTime(now: Date, zone = 'Europe/Amsterdam'): LocalTime {
  const clock = clockIn(zone);
  const minute = Math.floor(now.getTime() / 60_000);
  if (clock.minute !== minute || !clock.local) {
    const parts: Record<string, string> = {};
    for (const p of clock.format.formatToParts(now)) parts[p.type] = p.value;
    const weekday = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(parts.weekday);
    clock.local = { date: `${parts.year}-${parts.month}-${parts.day}`, weekday, minutes: Number(parts.hour) * 60 + Number(parts.minute) };
    clock.minute = minute;
  }
  return clock.local;
}

/**
 * Every turn asks whether the desk is open. Per time zone a DateTimeFormat is made once (making one costs far more
 * than using it), and its last reading is kept for the rest of that minute.
 */
interface Clock { format: Intl.DateTimeFormat; minute?: number; local?: LocalTime }

const clocks = new Map<string, Clock>();

function clockIn(zone: string): Clock {
  let clock = clocks.get(zone);
  if (!clock) {
    clock = { format: new Intl.DateTimeFormat('en-GB', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', weekday: 'short' }) };
    clocks.set(zone, clock);
  }
  return clock;
}

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

const DAY_NAMES = {
  en: new Intl.DateTimeFormat('en-GB', { weekday: 'long', day: 'numeric', month: 'long', timeZone: 'UTC' }),
  nl: new Intl.DateTimeFormat('nl-NL', { weekday: 'long', day: 'numeric', month: 'long', timeZone: 'UTC' }),
};

function describe(date: string, daysAhead: number, minutes: number, lang: Lang): string {
  const h = Math.floor(minutes / 60);
  const m = String(minutes % 60).padStart(2, '0');
  const time = lang === 'en' ? `at ${h}:${m}` : `om ${h}.${m} uur`;
  if (daysAhead === 0) return lang === 'en' ? `today ${time}` : `vandaag ${time}`;
  if (daysAhead === 1) return lang === 'en' ? `tomorrow ${time}` : `morgen ${time}`;
  const day = DAY_NAMES[lang === 'en' ? 'en' : 'nl'].format(new Date(`${date}T12:00:00Z`));
  return lang === 'en' ? `on ${day} ${time}` : `op ${day} ${time}`;
}
