import type { Lang } from '../slots/types';
import { MONTH_NAMES } from '../slots/calendar';

/**
 * Calendar dates ('YYYY-MM-DD') and wall-clock times (minutes after midnight) of the
 * municipality. Date arithmetic runs in UTC so daylight saving never shifts a day.
 */

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_RE = /^(\d{1,2})[:.](\d{2})$/;

export function isValidDate(value: string): boolean {
  const m = DATE_RE.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3];
}

/** 'HH:MM' (or 'H.MM') to minutes after midnight; undefined when it is not a time of day. */
export function parseTime(value: string): number | undefined {
  const m = TIME_RE.exec(value.trim());
  if (!m) return undefined;
  const hours = +m[1];
  const minutes = +m[2];
  if (hours > 24 || minutes > 59 || (hours === 24 && minutes > 0)) return undefined;
  return hours * 60 + minutes;
}

export function formatTime(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** 0 = Sunday ... 6 = Saturday, like Date#getDay. */
export function weekday(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

/** Today's date and the minute of the day at the municipality, whatever the server's time zone. */
export function localNow(now: Date, timeZone: string): { date: string; minutes: number } {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
  }).formatToParts(now);
  const get = (type: string): string => parts.find((p) => p.type === type)?.value ?? '00';
  return { date: `${get('year')}-${get('month')}-${get('day')}`, minutes: +get('hour') * 60 + +get('minute') };
}

const DAYS: Record<Lang, string[]> = {
  nl: ['zo', 'ma', 'di', 'wo', 'do', 'vr', 'za'],
  en: ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'],
};

/** What the resident reads on a button: 'di 14 maart 10:30' / 'Tue 14 March 10:30'. */
export function slotLabel(date: string, minutes: number, lang: Lang): string {
  const [, month, day] = date.split('-').map(Number);
  const names = DAYS[lang] ? lang : 'nl';
  return `${DAYS[names][weekday(date)]} ${day} ${MONTH_NAMES[names][month - 1]} ${formatTime(minutes)}`;
}
