import {
  addDays, AppointmentsUnavailable, formatTime, isValidDate, localNow, parseTime, slotLabel, weekday,
  type Appointment, type AppointmentBook, type BookOutcome, type BookProduct, type Contact, type MoveOutcome,
} from '../appointments';
import { DEFAULT_CALENDAR, BUILTIN_PREFIXES } from '../content/products';
import { inLanguage, type CalendarProduct, type CalendarSettings, type Weekday } from '../content/types';
import { migrating, type Sql } from '../storage';
import type { Action, ActionContext, AppointmentNotice, Notifier } from './types';
import { normalizeReference, unusedReferenceIn } from './reference';
import { fail, guarded, notifyAfter, ok, stringArg } from './util';

const WEEKDAYS: Weekday[] = ['zo', 'ma', 'di', 'wo', 'do', 'vr', 'za']; // Date#getDay order
const PREFIX = BUILTIN_PREFIXES.appointment;
const DEFAULT_LIMIT = 4;
const MAX_LIMIT = 20;

const MIGRATIONS = [
  `CREATE TABLE calendar_appointments (
     reference TEXT PRIMARY KEY,
     product TEXT NOT NULL,
     date TEXT NOT NULL,
     start_min INTEGER NOT NULL,
     end_min INTEGER NOT NULL,
     desk INTEGER NOT NULL,
     status TEXT NOT NULL DEFAULT 'booked',
     name TEXT,
     email TEXT,
     bot_id TEXT,
     created_at TEXT NOT NULL,
     updated_at TEXT NOT NULL
   );
   CREATE INDEX calendar_appointments_date ON calendar_appointments (date, status);`,
  // Each move or cancellation counts up, so the calendar item in the resident's e-mail replaces the older one.
  'ALTER TABLE calendar_appointments ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;',
  // A desk is never given twice for the same start, also not by two instances at once (PostgreSQL).
  "CREATE UNIQUE INDEX calendar_appointments_booked ON calendar_appointments (date, desk, start_min) WHERE status = 'booked';",
  // Per bot: on PostgreSQL several municipalities' bots share the table, each with its own desks.
  `DROP INDEX calendar_appointments_booked;
   CREATE UNIQUE INDEX calendar_appointments_booked ON calendar_appointments (bot_id, date, desk, start_min) WHERE status = 'booked';`,
  // The booking action's key: a turn run again after a crash finds the booking it made instead of making a second.
  `ALTER TABLE calendar_appointments ADD COLUMN turn_key TEXT;
   CREATE UNIQUE INDEX calendar_appointments_turn_key ON calendar_appointments (bot_id, turn_key);`,
];

interface Product extends BookProduct { duration: number; desks: number[] }

interface Settings {
  products: Map<string, Product>;
  hours: Array<Array<[number, number]>>; // by Date#getDay, minutes after midnight
  holidays: Set<string>;
  slotMinutes: number;
  timeZone: string;
  searchDays: number;
}

interface Busy { desk: number; start_min: number; end_min: number }

// ---------------------------------------------------------------- configuration
// bot.yaml is checked with file:line messages before it gets here; these errors are for settings given in code.

function positiveInt(value: number, what: string): number {
  if (!Number.isInteger(value) || value < 1) throw new Error(`calendar: ${what} must be a positive whole number, got ${String(value)}`);
  return value;
}

function resolveProducts(config: Record<string, CalendarProduct>, desks: number): Map<string, Product> {
  const all = Array.from({ length: desks }, (_, i) => i + 1);
  const products = new Map<string, Product>();
  for (const [rawName, product] of Object.entries(config)) {
    const name = rawName.trim().toLowerCase();
    const duration = positiveInt(product.duration, `duration of product "${rawName}"`);
    const own = product.desks ?? all;
    const bad = own.find((d) => !Number.isInteger(d) || d < 1 || d > desks);
    if (bad !== undefined || own.length === 0) {
      throw new Error(`calendar: product "${rawName}" names desk ${String(bad)}, but desks are 1..${desks}`);
    }
    products.set(name, { name, label: product.label ?? rawName, duration, desks: [...new Set(own)].sort((a, b) => a - b) });
  }
  return products;
}

/** Periods "HH:MM-HH:MM" per weekday to minute ranges by Date#getDay; a day left out is closed. */
function resolveHours(days: CalendarSettings['opening_hours'] = {}): Array<Array<[number, number]>> {
  return WEEKDAYS.map((day) => {
    const periods = days[day] ?? [];
    return (Array.isArray(periods) ? periods : [periods]).map((period): [number, number] => {
      const [from, to] = String(period).split('-');
      const open = parseTime(from ?? '');
      const close = parseTime(to ?? '');
      if (open === undefined || close === undefined || close <= open) {
        throw new Error(`calendar: opening hours for ${day} must be periods "HH:MM-HH:MM", got "${String(period)}"`);
      }
      return [open, close];
    });
  });
}

function resolveSettings(settings: CalendarSettings): Settings {
  const d = DEFAULT_CALENDAR;
  const desks = positiveInt(settings.desks ?? d.desks, 'desks');
  const holidays = settings.holidays ?? d.holidays;
  const badHoliday = holidays.find((h) => !isValidDate(h));
  if (badHoliday !== undefined) throw new Error(`calendar: holiday "${badHoliday}" is not a YYYY-MM-DD date`);
  const timeZone = settings.timezone ?? d.timezone;
  localNow(new Date(), timeZone); // throws RangeError now, not at the first resident, on an unknown zone
  return {
    products: resolveProducts(settings.products ?? d.products, desks),
    hours: resolveHours(settings.opening_hours ?? d.opening_hours),
    holidays: new Set(holidays),
    slotMinutes: positiveInt(settings.slot_minutes ?? d.slot_minutes, 'slot_minutes'),
    timeZone,
    searchDays: positiveInt(settings.search_days ?? d.search_days, 'search_days'),
  };
}

// ---------------------------------------------------------------- calendar logic

/** First desk that serves the product and has nothing overlapping [start, end). */
function freeDesk(busy: Busy[], desks: number[], start: number, end: number): number | undefined {
  return desks.find((desk) => !busy.some((b) => b.desk === desk && b.start_min < end && b.end_min > start));
}

export function slotId(date: string, start: number): string {
  return `${date}T${formatTime(start)}`;
}

export function parseSlotId(value: unknown): { date: string; start: number } | undefined {
  if (typeof value !== 'string') return undefined;
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{1,2}:\d{2})$/.exec(value.trim());
  if (!m || !isValidDate(m[1])) return undefined;
  const start = parseTime(m[2]);
  return start === undefined ? undefined : { date: m[1], start };
}

/**
 * Loket's own appointment book of one bot: which start times exist, which are free, and the bookings themselves, in
 * the Sql port (the bot's SQLite file, or PostgreSQL shared by several instances and bots, each with its own desks).
 */
export class Calendar implements AppointmentBook {
  private readonly settings: Settings;
  private readonly ready: Promise<unknown>;

  constructor(private readonly sql: Sql, private readonly botId: string, settings: CalendarSettings = {}) {
    this.settings = resolveSettings(settings);
    this.ready = migrating(sql, 'calendar', MIGRATIONS);
  }

  get timeZone(): string {
    return this.settings.timeZone;
  }

  product(name: unknown): Product | undefined {
    return typeof name === 'string' ? this.settings.products.get(name.trim().toLowerCase()) : undefined;
  }

  /** Start times the opening hours allow on a date, still in the future, bookings ignored. */
  openStarts(product: Product, date: string, now: Date): number[] {
    if (this.settings.holidays.has(date)) return [];
    const today = localNow(now, this.settings.timeZone);
    if (date < today.date) return [];
    const starts: number[] = [];
    for (const [open, close] of this.settings.hours[weekday(date)]) {
      for (let t = open; t + product.duration <= close; t += this.settings.slotMinutes) {
        if (date > today.date || t > today.minutes) starts.push(t);
      }
    }
    return starts;
  }

  async freeStarts(product: Product, date: string, now: Date, ignoreReference?: string): Promise<number[]> {
    const busy = await this.busyOn(this.sql, date, ignoreReference);
    return this.openStarts(product, date, now).filter(
      (t) => freeDesk(busy, product.desks, t, t + product.duration) !== undefined,
    );
  }

  /** Free starts on the date, or else on the first following day that has any. */
  async findFree(product: Product, date: string, now: Date): Promise<{ date: string; starts: number[] } | undefined> {
    const today = localNow(now, this.settings.timeZone).date;
    const first = date < today ? today : date; // a date in the past moves to today
    for (let i = 0; i <= this.settings.searchDays; i++) {
      const day = addDays(first, i);
      const starts = await this.freeStarts(product, day, now);
      if (starts.length > 0) return { date: day, starts };
    }
    return undefined;
  }

  isOpenStart(product: Product, date: string, start: number, now: Date): boolean {
    return this.openStarts(product, date, now).includes(start);
  }

  async get(reference: string, sql: Sql = this.sql): Promise<Appointment | undefined> {
    await this.ready;
    const row = await sql.get<Appointment>(`SELECT reference, product, date, start_min, end_min, revision FROM calendar_appointments
                WHERE reference = ? AND bot_id = ? AND status = 'booked'`, [reference, this.botId]);
    return row && { ...row, start_min: Number(row.start_min), end_min: Number(row.end_min), revision: Number(row.revision) };
  }

  async contact(reference: string, sql: Sql = this.sql): Promise<Contact | undefined> {
    await this.ready;
    return sql.get<Contact>('SELECT name, email FROM calendar_appointments WHERE reference = ?', [reference]);
  }

  /**
   * Books the first free desk. The day's lock is taken before reading, so two instances (or connections) cannot both
   * see and take the last desk; the unique index would refuse it anyway.
   */
  async book(product: Product, date: string, start: number, person: { name: string; email: string }, now: Date, key?: string): Promise<BookOutcome> {
    if (!this.isOpenStart(product, date, start, now)) return { error: 'invalid_slot' };
    await this.ready;
    return this.sql.exclusive(`calendar:${this.botId}:${date}`, async (tx) => {
      const before = key && (await this.byKey(tx, key));
      if (before) return { appointment: before };
      const desk = freeDesk(await this.busyOn(tx, date), product.desks, start, start + product.duration);
      if (desk === undefined) return { error: 'slot_taken' as const };
      const reference = await unusedReferenceIn(tx, 'calendar_appointments', PREFIX);
      await tx.run(`INSERT INTO calendar_appointments
                  (reference, product, date, start_min, end_min, desk, name, email, bot_id, created_at, updated_at, turn_key)
                  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [reference, product.name, date, start, start + product.duration, desk, person.name, person.email, this.botId, now.toISOString(), now.toISOString(), key ?? null]);
      return { appointment: { reference, product: product.name, date, start_min: start, end_min: start + product.duration, revision: 0 } };
    });
  }

  /** Moves a booking; its own current place does not count as taken. */
  async reschedule(reference: string, product: Product, date: string, start: number, now: Date): Promise<MoveOutcome> {
    if (!this.isOpenStart(product, date, start, now)) return 'invalid_slot';
    await this.ready;
    return this.sql.exclusive(`calendar:${this.botId}:${date}`, async (tx) => {
      if (!(await this.get(reference, tx))) return 'not_found';
      const desk = freeDesk(await this.busyOn(tx, date, reference), product.desks, start, start + product.duration);
      if (desk === undefined) return 'slot_taken';
      await tx.run(`UPDATE calendar_appointments SET date = ?, start_min = ?, end_min = ?, desk = ?, updated_at = ?,
                    revision = revision + 1 WHERE reference = ?`, [date, start, start + product.duration, desk, now.toISOString(), reference]);
      return 'ok';
    });
  }

  /**
   * Frees the slot and forgets the name and e-mail address: they are no longer needed once the cancellation is
   * confirmed, so they are handed back for that one message.
   */
  async cancel(reference: string, now: Date): Promise<(Appointment & Contact) | undefined> {
    await this.ready;
    return this.sql.transaction(async (tx) => {
      const appointment = await this.get(reference, tx);
      if (!appointment) return undefined;
      const contact = (await this.contact(reference, tx))!;
      await tx.run(`UPDATE calendar_appointments SET status = 'cancelled', name = NULL, email = NULL, updated_at = ?,
                    revision = revision + 1 WHERE reference = ? AND status = 'booked'`, [now.toISOString(), reference]);
      return { ...appointment, ...contact, revision: appointment.revision + 1 };
    });
  }

  private async byKey(sql: Sql, key: string): Promise<Appointment | undefined> {
    const row = await sql.get<Appointment>(`SELECT reference, product, date, start_min, end_min, revision FROM calendar_appointments
                WHERE bot_id = ? AND turn_key = ?`, [this.botId, key]);
    return row && { ...row, start_min: Number(row.start_min), end_min: Number(row.end_min), revision: Number(row.revision) };
  }

  private async busyOn(sql: Sql, date: string, ignoreReference = ''): Promise<Busy[]> {
    await this.ready;
    const rows = await sql.all<Busy>(`SELECT desk, start_min, end_min FROM calendar_appointments
                WHERE bot_id = ? AND date = ? AND status = 'booked' AND reference != ?`, [this.botId, date, ignoreReference]);
    return rows.map((r) => ({ desk: Number(r.desk), start_min: Number(r.start_min), end_min: Number(r.end_min) }));
  }
}

// ---------------------------------------------------------------- actions

function limitArg(value: unknown): number {
  const n = typeof value === 'string' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n)) return DEFAULT_LIMIT;
  return Math.min(MAX_LIMIT, Math.max(1, Math.floor(n)));
}

/** Closest to the preferred minute first; without a preference, earliest first. */
function orderByPreference(starts: number[], preferred: number | undefined): number[] {
  if (preferred === undefined) return starts;
  return [...starts].sort((a, b) => Math.abs(a - preferred) - Math.abs(b - preferred) || a - b);
}

function slotData(date: string, start: number, ctx: ActionContext): { slot: string; label: string } {
  return { slot: slotId(date, start), label: slotLabel(date, start, ctx.lang) };
}

function productLabel(book: AppointmentBook, product: string, ctx: ActionContext): string {
  return inLanguage(book.product(product)?.label ?? product, ctx.lang);
}

/** The confirmation of what happened to an appointment; none without an e-mail address. */
function appointmentNotice(kind: AppointmentNotice['kind'], book: AppointmentBook, a: Appointment, contact: Contact, ctx: ActionContext): AppointmentNotice | undefined {
  if (!contact.email) return undefined;
  return {
    kind, to: contact.email, reference: a.reference, name: contact.name ?? '', product: productLabel(book, a.product, ctx),
    date: a.date, start: a.start_min, end: a.end_min, timeZone: book.timeZone, revision: a.revision,
  };
}

function freeSlotsAction(book: AppointmentBook): Action {
  return {
    name: 'calendar.free_slots',
    description: 'Free appointment slots for a product on a date (or the first following day with room).',
    params: [
      { name: 'product', required: true },
      { name: 'date', required: true },
      { name: 'time', required: false },
      { name: 'limit', required: false },
    ],
    async run(args, ctx) {
      const product = book.product(args.product);
      if (!product) return fail('unknown_product');
      const date = stringArg(args, 'date');
      if (!date || !isValidDate(date)) return fail('invalid_argument', 'date must be YYYY-MM-DD');
      const time = stringArg(args, 'time');
      const preferred = time === undefined ? undefined : parseTime(time);
      if (time !== undefined && preferred === undefined) return fail('invalid_argument', 'time must be HH:MM');
      const found = (await book.findFree(product, date, ctx.now)) ?? { date, starts: [] };
      const slots = orderByPreference(found.starts, preferred).slice(0, limitArg(args.limit)).map((t) => {
        const { slot, label } = slotData(found.date, t, ctx);
        return { id: slot, label };
      });
      // count 0 means nothing free within searchDays; the flow offers another way (phone, desk).
      const data: Record<string, unknown> = { slots, count: slots.length, date: found.date };
      if (found.date !== date) data.moved_to_date = found.date;
      ctx.log.info({ action: 'calendar.free_slots', product: product.name, count: slots.length }, 'free slots');
      return ok(data);
    },
  };
}

function bookAction(book: AppointmentBook, notifier?: Notifier): Action {
  return {
    name: 'calendar.book',
    description: 'Books an appointment in a free slot; returns a reference like AFS-7K3M9Q.',
    params: [
      { name: 'product', required: true },
      { name: 'slot', required: true },
      { name: 'name', required: true },
      { name: 'email', required: true },
    ],
    async run(args, ctx) {
      const product = book.product(args.product);
      if (!product) return fail('unknown_product');
      const name = stringArg(args, 'name');
      const email = stringArg(args, 'email');
      if (!name) return fail('invalid_argument', 'name is required');
      if (!email?.includes('@')) return fail('invalid_argument', 'email is required');
      const slot = parseSlotId(args.slot);
      if (!slot) return fail('invalid_slot');
      const outcome = await book.book(product, slot.date, slot.start, { name, email }, ctx.now, ctx.key);
      if ('error' in outcome) {
        ctx.log.info({ action: 'calendar.book', outcome: outcome.error }, 'not booked');
        return fail(outcome.error);
      }
      const booked = outcome.appointment;
      ctx.log.info({ action: 'calendar.book', reference: booked.reference }, 'appointment booked');
      const emailed = await notifyAfter(notifier, appointmentNotice('appointment_booked', book, booked, { name, email }, ctx), ctx);
      return ok({ reference: booked.reference, product_label: inLanguage(product.label, ctx.lang), ...slotData(booked.date, booked.start_min, ctx), emailed });
    },
  };
}

function findAction(book: AppointmentBook): Action {
  return {
    name: 'calendar.find',
    description: 'Looks up an appointment by its reference.',
    params: [{ name: 'reference', required: true }],
    async run(args, ctx) {
      const reference = normalizeReference(args.reference, PREFIX);
      const appointment = reference ? await book.get(reference) : undefined;
      ctx.log.info({ action: 'calendar.find', reference, found: !!appointment }, 'appointment lookup');
      if (!appointment) return ok({ found: false });
      return ok({
        found: true,
        reference: appointment.reference,
        product: appointment.product,
        product_label: productLabel(book, appointment.product, ctx),
        ...slotData(appointment.date, appointment.start_min, ctx),
      });
    },
  };
}

function rescheduleAction(book: AppointmentBook, notifier?: Notifier): Action {
  return {
    name: 'calendar.reschedule',
    description: 'Moves an appointment to another free slot.',
    params: [
      { name: 'reference', required: true },
      { name: 'slot', required: true },
    ],
    async run(args, ctx) {
      const reference = normalizeReference(args.reference, PREFIX);
      const appointment = reference ? await book.get(reference) : undefined;
      if (!reference || !appointment) return fail('not_found');
      const product = book.product(appointment.product);
      if (!product) return fail('unknown_product', 'the product of this appointment is no longer offered');
      const slot = parseSlotId(args.slot);
      if (!slot) return fail('invalid_slot');
      const outcome = await book.reschedule(reference, product, slot.date, slot.start, ctx.now);
      ctx.log.info({ action: 'calendar.reschedule', reference, outcome }, 'appointment reschedule');
      if (outcome !== 'ok') return fail(outcome);
      const moved = await book.get(reference);
      const contact = await book.contact(reference);
      const notice = moved && contact && appointmentNotice('appointment_rescheduled', book, moved, contact, ctx);
      return ok({ reference, ...slotData(slot.date, slot.start, ctx), emailed: await notifyAfter(notifier, notice || undefined, ctx) });
    },
  };
}

function cancelAction(book: AppointmentBook, notifier?: Notifier): Action {
  return {
    name: 'calendar.cancel',
    description: 'Cancels an appointment; the slot becomes free again.',
    params: [{ name: 'reference', required: true }],
    async run(args, ctx) {
      const reference = normalizeReference(args.reference, PREFIX);
      const cancelled = reference ? await book.cancel(reference, ctx.now) : undefined;
      ctx.log.info({ action: 'calendar.cancel', reference, cancelled: !!cancelled }, 'appointment cancel');
      if (!cancelled) return fail('not_found');
      const emailed = await notifyAfter(notifier, appointmentNotice('appointment_cancelled', book, cancelled, cancelled, ctx), ctx);
      return ok({ cancelled: true, reference, emailed });
    },
  };
}

/** A book that cannot be reached makes the action fail with `unreachable`: the flow tells the resident, nothing changed. */
function reachable(action: Action): Action {
  return {
    ...action,
    async run(args, ctx) {
      try {
        return await action.run(args, ctx);
      } catch (err) {
        if (!(err instanceof AppointmentsUnavailable)) throw err;
        ctx.log.warn({ action: action.name, err: err.message }, 'appointment book not reachable');
        return fail('unreachable');
      }
    },
  };
}

/** The calendar.* actions on an appointment book: Loket's own calendar or a remote one (Qmatic). */
export function createAppointmentActions(book: AppointmentBook, notifier?: Notifier): Action[] {
  return [freeSlotsAction, bookAction, findAction, rescheduleAction, cancelAction].map((make) => guarded(reachable(make(book, notifier))));
}

/**
 * One bot's calendar actions on its database (the Sql port), with bot.yaml's `calendar:` settings. Throws on invalid
 * settings. With a notifier, booking, moving and cancelling are confirmed by e-mail; their data says so in `emailed`.
 */
export function createCalendarActions(sql: Sql, botId: string, settings: CalendarSettings = {}, notifier?: Notifier): Action[] {
  return createAppointmentActions(new Calendar(sql, botId, settings), notifier);
}
