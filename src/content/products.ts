/**
 * What bot.yaml's `calendar:` and `cases:` sections mean when they are left out, and the rules for case prefixes.
 * Content validation and the actions both read them here, so the two cannot drift apart.
 */
import type { CalendarSettings, CaseProduct } from './types';

/** The calendar of a bot without a `calendar:` section; each field left out of one falls back to its value here. */
export const DEFAULT_CALENDAR: Readonly<Required<CalendarSettings>> = {
  timezone: 'Europe/Amsterdam',
  desks: 3,
  slot_minutes: 15,
  search_days: 30,
  opening_hours: {
    ma: '09:00-17:00',
    di: '09:00-17:00',
    wo: '09:00-17:00',
    do: '09:00-20:00', // late opening on Thursday evening
    vr: '09:00-17:00',
  },
  holidays: [],
  products: {
    paspoort: { label: { nl: 'Paspoort', en: 'Passport' }, duration: 15 },
    'id-kaart': { label: { nl: 'ID-kaart', en: 'ID card' }, duration: 15 },
    rijbewijs: { label: { nl: 'Rijbewijs', en: 'Driving licence' }, duration: 15 },
    'uittreksel-brp': { label: { nl: 'Uittreksel BRP', en: 'BRP extract' }, duration: 10 },
    verhuizing: { label: { nl: 'Verhuizing uit het buitenland', en: 'Moving from abroad' }, duration: 15 },
    huwelijk: { label: { nl: 'Trouwen of partnerschap', en: 'Marriage or partnership' }, duration: 30 },
  },
};

/** Reference prefixes of Loket's own stores; a case product may not take one, or its references would mix. */
export const BUILTIN_PREFIXES = { appointment: 'AFS', report: 'MLD', callback: 'TBV' } as const;

const PREFIX_RE = /^[A-Z]{2,4}$/;

/** Every problem with the case products' prefixes: not 2–4 capitals, a built-in one, or one shared by two products. */
export function casePrefixProblems(cases: Record<string, CaseProduct>): { product: string; message: string }[] {
  const builtin = new Map<string, string>(Object.entries(BUILTIN_PREFIXES).map(([what, prefix]) => [prefix, what]));
  const taken = new Map<string, string>();
  const out: { product: string; message: string }[] = [];
  for (const [product, { prefix }] of Object.entries(cases)) {
    if (typeof prefix !== 'string' || !PREFIX_RE.test(prefix)) {
      out.push({ product, message: `prefix ${JSON.stringify(prefix)} must be 2 to 4 capital letters, like GRV` });
    } else if (builtin.has(prefix)) {
      out.push({ product, message: `prefix "${prefix}" is Loket's own (for ${builtin.get(prefix)}s); choose another` });
    } else if (taken.has(prefix)) {
      out.push({ product, message: `prefix "${prefix}" is also the prefix of "${taken.get(prefix)}"; each product needs its own` });
    }
    taken.set(prefix, product);
  }
  return out;
}

/** An RSIN (like a BSN) passes the eleven test: 9 digits, weighted 9..2 and -1, summing to a multiple of 11. */
export function isRsin(value: string): boolean {
  if (!/^\d{9}$/.test(value)) return false;
  const d = [...value].map(Number);
  return (d.slice(0, 8).reduce((sum, n, i) => sum + n * (9 - i), 0) - d[8]) % 11 === 0;
}
