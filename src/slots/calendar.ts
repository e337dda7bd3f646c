import type { Lang } from './types';

/**
 * Calendar dates as 'YYYY-MM-DD' in the municipality's time zone. Arithmetic runs on UTC midnights so
 * daylight saving never moves a day.
 */

const TIME_ZONE = 'Europe/Amsterdam';
const DAY_MS = 86_400_000;

const todayFormat = new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });

/** Today's date in Amsterdam, whatever the server's time zone. */
export function today(now: Date): string {
  const parts = todayFormat.formatToParts(now);
  const get = (type: string): string => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** A real calendar date or undefined: 31 February is not a date. */
export function makeDate(year: number, month: number, day: number): string | undefined {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return undefined;
  if (year < 1900 || year > 2200 || month < 1 || month > 12 || day < 1) return undefined;
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return undefined;
  return iso(d);
}

function iso(d: Date): string {
  return d.toISOString().slice(0, 10);
}

function utc(date: string): Date {
  return new Date(`${date}T00:00:00Z`);
}

export function addDays(date: string, days: number): string {
  return iso(new Date(utc(date).getTime() + days * DAY_MS));
}

/** One month after 31 January is the last day of February. */
export function addMonths(date: string, months: number): string {
  const d = utc(date);
  const first = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1));
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  first.setUTCDate(Math.min(d.getUTCDate(), last));
  return iso(first);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((utc(to).getTime() - utc(from).getTime()) / DAY_MS);
}

/** 0 = Sunday … 6 = Saturday, like Date#getDay. */
export function weekday(date: string): number {
  return utc(date).getUTCDay();
}

/** Monday of the week the date is in (Dutch weeks start on Monday). */
export function mondayOf(date: string): string {
  return addDays(date, -((weekday(date) + 6) % 7));
}

export function yearOf(date: string): number {
  return Number(date.slice(0, 4));
}

const DAY_NAMES: Record<Lang, string[]> = {
  nl: ['zondag', 'maandag', 'dinsdag', 'woensdag', 'donderdag', 'vrijdag', 'zaterdag'],
  en: ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'],
};
export const MONTH_NAMES: Record<Lang, string[]> = {
  nl: ['januari', 'februari', 'maart', 'april', 'mei', 'juni', 'juli', 'augustus', 'september', 'oktober', 'november', 'december'],
  en: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
};

/**
 * A date to show as an example in a prompt ("dinsdag 15 december"): a Tuesday one to two weeks ahead, so it is a real
 * working day in the near future and never a Saturday as a hard-coded example can become.
 */
export function exampleDate(now: Date, lang: Lang): string {
  const start = addDays(today(now), 7);
  return formatDate(addDays(start, (2 - weekday(start) + 7) % 7), lang).replace(/ \d{4}$/, '');
}

/** "dinsdag 14 maart 2026" / "Tuesday 14 March 2026". */
export function formatDate(date: string, lang: Lang): string {
  const [year, month, day] = date.split('-').map(Number);
  return `${DAY_NAMES[lang][weekday(date)]} ${day} ${MONTH_NAMES[lang][month - 1]} ${year}`;
}
