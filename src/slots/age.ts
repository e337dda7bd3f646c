import { MONTHS } from './date';
import { fold } from '../text';

/** "ik ben geboren op 12 augustus 1961", "born in 1950", "ik ben van '61": the resident answers with a birth. */
const BORN = /\b(?:geboren|born|geboortejaar|geboortedatum|date of birth|year of birth|bouwjaar|ik ben van|i was born)\b/;
const NUMERIC_DATE = /\b(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})\b/;
const WRITTEN_DATE = new RegExp(`\\b(\\d{1,2})\\s+(${Object.keys(MONTHS).join('|')})\\.?\\s+(\\d{4})\\b`);
const YEAR = /\b(19\d\d|20\d\d)\b/;

/**
 * The age in years of someone who answers "Hoe oud bent u?" with their birth: a full date gives the exact age; a
 * year alone the age they turn this year. A bare year ("1949") counts only where an age is asked (`asked`).
 */
export function ageFromBirth(text: string, now: Date, asked: boolean): number | undefined {
  const t = fold(text);
  const thisYear = now.getUTCFullYear();
  const numeric = NUMERIC_DATE.exec(t);
  const written = WRITTEN_DATE.exec(t);
  const date = numeric ? [Number(numeric[3]), Number(numeric[2]), Number(numeric[1])] : written ? [Number(written[3]), MONTHS[written[2]], Number(written[1])] : undefined;
  if (!BORN.test(t) && !(asked && (date || /^\s*(?:19|20)\d\d\s*[.!]?\s*$/.test(t)))) return undefined;
  if (date) {
    const [y, m, d] = date;
    if (y < 1900 || y > thisYear || m < 1 || m > 12 || d < 1 || d > 31) return undefined;
    const hadBirthday = now.getUTCMonth() + 1 > m || (now.getUTCMonth() + 1 === m && now.getUTCDate() >= d);
    return thisYear - y - (hadBirthday ? 0 : 1);
  }
  const year = YEAR.exec(t) ?? /\b(?:van|in|from)\s+'?(\d\d)\b/.exec(t);
  if (!year) return undefined;
  // "van '51" is 1951, "in '05" 2005: nobody is over a hundred.
  const full = year[1].length === 4 ? Number(year[1]) : 1900 + Number(year[1]) >= thisYear - 100 ? 1900 + Number(year[1]) : 2000 + Number(year[1]);
  return full >= 1900 && full <= thisYear ? thisYear - full : undefined;
}
