/**
 * Appointments in Qmatic (docs/qmatic.md): with `qmatic:` in bot.yaml the calendar.* actions book at a Qmatic
 * Orchestra branch instead of in Loket's own calendar. Qmatic holds the appointment; Loket keeps which of its
 * references (AFS-7K3M9Q, what the resident types) belongs to which Qmatic appointment, and who booked, for the
 * e-mail. A booking reserves the time first and confirms it with the customer after, so a lost answer never leaves
 * a second appointment behind: Loket looks before it confirms again.
 */
import type { Logger } from 'pino';
import {
  addDays, AppointmentsUnavailable, formatTime, localNow, parseTime,
  type Appointment, type AppointmentBook, type BookOutcome, type BookProduct, type Contact, type MoveOutcome,
} from '../appointments';
import { BUILTIN_PREFIXES } from '../content/products';
import { inLanguage, type QmaticSettings } from '../content/types';
import { OutboxWorker, SqlOutbox, type OutboxPluginOptions, type OutboxStore } from '../outbox';
import { newReference } from '../slots/reference';
import { migrate, type Sql } from '../storage';
import { CONFIRMED, QmaticClient, QmaticError, RESERVED, type QmaticAppointment, type QmaticService } from './client';

export { QmaticClient, QmaticError, type QmaticAppointment, type QmaticService } from './client';

export const QMATIC_TOPIC = 'qmatic';
const PREFIX = BUILTIN_PREFIXES.appointment;
const DEFAULT_ZONE = 'Europe/Amsterdam';
const DEFAULT_SEARCH_DAYS = 30;

const MIGRATIONS = [
  `CREATE TABLE qmatic_appointments (
     reference TEXT PRIMARY KEY,
     public_id TEXT NOT NULL,
     product TEXT NOT NULL,
     date TEXT NOT NULL,
     start_min INTEGER NOT NULL,
     end_min INTEGER NOT NULL,
     status TEXT NOT NULL,
     name TEXT,
     email TEXT,
     revision INTEGER NOT NULL DEFAULT 0,
     bot_id TEXT,
     created_at TEXT NOT NULL,
     updated_at TEXT NOT NULL
   );
   CREATE INDEX qmatic_appointments_public_id ON qmatic_appointments (public_id);`,
  // The booking action's key: a turn run again after a crash finds the booking it made instead of making a second.
  `ALTER TABLE qmatic_appointments ADD COLUMN turn_key TEXT;
   CREATE UNIQUE INDEX qmatic_appointments_turn_key ON qmatic_appointments (bot_id, turn_key);`,
];

interface Row extends Appointment, Contact { public_id: string; status: string }

interface Product extends BookProduct { service: string }

export interface QmaticOptions extends OutboxPluginOptions {
  settings: QmaticSettings;
}

export interface Qmatic {
  readonly book: AppointmentBook;
  /** Deletes in Qmatic what must not stay there (the old time after a move), when Qmatic was away at the time. */
  readonly worker: OutboxWorker;
  close(): Promise<void>;
}

/** The settings checked at start-up: a key variable that is not set stops it with a clear message. */
function clientOf(settings: QmaticSettings, env: NodeJS.ProcessEnv, where: string): QmaticClient {
  let apiKey: string | undefined;
  if (settings.api_key_env) {
    apiKey = env[settings.api_key_env];
    if (!apiKey) throw new Error(`${where}: qmatic.api_key_env names the environment variable ${settings.api_key_env}, which is not set`);
  }
  return new QmaticClient({ url: settings.url, apiKey, apiKeyHeader: settings.api_key_header, timeoutMs: settings.timeout_ms ?? 10_000 });
}

/** A Qmatic failure as the actions see it: refused means the time cannot be had; anything else, Qmatic is away. */
function unavailable(err: unknown): AppointmentsUnavailable {
  return new AppointmentsUnavailable(err instanceof Error ? err.message : String(err));
}

class QmaticBook implements AppointmentBook {
  readonly timeZone: string;
  private readonly products = new Map<string, Product>();
  private readonly ready: Promise<unknown>;
  private services?: Promise<Map<string, QmaticService>>;

  constructor(
    private readonly client: QmaticClient,
    private readonly sql: Sql,
    private readonly botId: string,
    private readonly settings: QmaticSettings,
    private readonly outbox: OutboxStore,
    private readonly wake: () => void,
    private readonly log: Logger,
  ) {
    this.timeZone = settings.timezone ?? DEFAULT_ZONE;
    localNow(new Date(), this.timeZone); // an unknown zone throws now, not at the first resident
    for (const [name, p] of Object.entries(settings.products)) {
      const key = name.trim().toLowerCase();
      this.products.set(key, { name: key, label: p.label ?? name, service: p.service });
    }
    this.ready = migrate(sql, 'qmatic', MIGRATIONS);
    this.ready.catch(() => undefined); // surfaces at the first query
  }

  product(name: unknown): Product | undefined {
    return typeof name === 'string' ? this.products.get(name.trim().toLowerCase()) : undefined;
  }

  async findFree(product: Product, date: string, now: Date): Promise<{ date: string; starts: number[] } | undefined> {
    const service = await this.service(product);
    const today = localNow(now, this.timeZone);
    const first = date < today.date ? today.date : date;
    const last = addDays(first, this.settings.search_days ?? DEFAULT_SEARCH_DAYS);
    try {
      const dates = (await this.client.dates(this.settings.branch, service)).filter((d) => d >= first && d <= last).sort();
      // A day Qmatic listed may have filled up since; the next one is tried then.
      for (const day of dates.slice(0, 5)) {
        const starts = (await this.client.times(this.settings.branch, service, day))
          .map((t) => parseTime(t))
          .filter((t): t is number => t !== undefined && (day > today.date || t > today.minutes))
          .sort((a, b) => a - b);
        if (starts.length) return { date: day, starts };
      }
      return undefined;
    } catch (err) {
      throw unavailable(err);
    }
  }

  async book(product: Product, date: string, start: number, person: { name: string; email: string }, now: Date, key?: string): Promise<BookOutcome> {
    const before = key && (await this.byKey(key));
    if (before) return { appointment: before };
    const held = await this.reserve(product, date, start);
    if ('error' in held) return held;
    await this.ready;
    const reference = await this.unusedReference();
    const at = now.toISOString();
    await this.sql.run(`INSERT INTO qmatic_appointments (reference, public_id, product, date, start_min, end_min, status, name, email, bot_id, created_at, updated_at, turn_key)
                        VALUES (?, ?, ?, ?, ?, ?, 'reserved', ?, ?, ?, ?, ?, ?)`,
      [reference, held.publicId, product.name, date, start, start, person.name, person.email, this.botId, at, at, key ?? null]);
    const failed = () => this.sql.run("UPDATE qmatic_appointments SET status = 'failed', name = NULL, email = NULL WHERE reference = ?", [reference]);
    const confirmed = await this.confirm(held.publicId, product, reference, person).catch(async (err: unknown) => {
      await failed();
      throw err;
    });
    if ('error' in confirmed) {
      await failed();
      return confirmed;
    }
    const when = this.local(confirmed);
    await this.sql.run("UPDATE qmatic_appointments SET status = 'booked', date = ?, start_min = ?, end_min = ?, updated_at = ? WHERE reference = ?",
      [when.date, when.start_min, when.end_min, at, reference]);
    return { appointment: { reference, product: product.name, ...when, revision: 0 } };
  }

  /** Loket's row, checked against Qmatic: an appointment a desk employee deleted there is gone here too. */
  async get(reference: string): Promise<Appointment | undefined> {
    const row = await this.row(reference);
    if (!row) return undefined;
    let remote: QmaticAppointment | undefined;
    try {
      remote = await this.client.appointment(row.public_id);
    } catch (err) {
      throw unavailable(err);
    }
    if (!remote || remote.status !== CONFIRMED) {
      await this.forget(reference, 'cancelled', new Date());
      return undefined;
    }
    const when = this.local(remote);
    if (when.date !== row.date || when.start_min !== row.start_min || when.end_min !== row.end_min) {
      // Moved in Qmatic by a desk employee: Loket follows, and the next e-mail replaces the older calendar item.
      await this.sql.run('UPDATE qmatic_appointments SET date = ?, start_min = ?, end_min = ?, revision = revision + 1 WHERE reference = ?',
        [when.date, when.start_min, when.end_min, reference]);
      return { ...appointmentOf(row), ...when, revision: row.revision + 1 };
    }
    return appointmentOf(row);
  }

  async contact(reference: string): Promise<Contact | undefined> {
    const row = await this.row(reference);
    return row && { name: row.name, email: row.email };
  }

  /** A new time is reserved and confirmed first; only then is the old one deleted, so the resident never has none. */
  async reschedule(reference: string, product: Product, date: string, start: number, now: Date): Promise<MoveOutcome> {
    const row = await this.row(reference);
    if (!row) return 'not_found';
    const held = await this.reserve(product, date, start);
    if ('error' in held) return held.error;
    const confirmed = await this.confirm(held.publicId, product, reference, { name: row.name ?? '', email: row.email ?? '' });
    if ('error' in confirmed) return confirmed.error;
    const when = this.local(confirmed);
    await this.sql.run(`UPDATE qmatic_appointments SET public_id = ?, date = ?, start_min = ?, end_min = ?, revision = revision + 1, updated_at = ?
                        WHERE reference = ?`, [held.publicId, when.date, when.start_min, when.end_min, now.toISOString(), reference]);
    await this.release(row.public_id, reference);
    return 'ok';
  }

  async cancel(reference: string, now: Date): Promise<(Appointment & Contact) | undefined> {
    const row = await this.row(reference);
    if (!row) return undefined;
    try {
      await this.client.delete(row.public_id);
    } catch (err) {
      throw unavailable(err);
    }
    await this.forget(reference, 'cancelled', now);
    return { ...appointmentOf(row), revision: row.revision + 1, name: row.name, email: row.email };
  }

  // ---------------------------------------------------------------- steps

  /** The Qmatic service of a product, checked once to be offered at the branch. */
  private async service(product: Product): Promise<string> {
    this.services ??= this.client.services(this.settings.branch).then((list) => new Map(list.map((s) => [s.publicId, s])));
    let offered: Map<string, QmaticService>;
    try {
      offered = await this.services;
    } catch (err) {
      this.services = undefined; // asked again next time
      throw unavailable(err);
    }
    const s = offered.get(product.service);
    if (!s?.active || !s.publicEnabled) {
      this.log.error({ product: product.name, service: product.service }, 'qmatic: this service is not offered at the branch (qmatic.products)');
      throw new AppointmentsUnavailable(`service ${product.service} is not offered at branch ${this.settings.branch}`);
    }
    return s.publicId;
  }

  private async reserve(product: Product, date: string, start: number): Promise<{ publicId: string } | { error: 'slot_taken' }> {
    const service = await this.service(product);
    try {
      return { publicId: (await this.client.reserve(this.settings.branch, service, date, formatTime(start))).publicId };
    } catch (err) {
      // Refused: the time cannot be had. Not answered: a reservation that may have been made lapses by itself.
      if (err instanceof QmaticError && err.refused && err.status !== 401 && err.status !== 403) return { error: 'slot_taken' };
      throw unavailable(err);
    }
  }

  /**
   * Confirms a reservation with the customer. When the answer is lost, Qmatic is asked what happened before anything
   * is sent again: a confirmed appointment is taken as it is, a reservation is confirmed once more. When that cannot
   * be known, the resident hears the booking failed, and the appointment is deleted from the outbox once Qmatic is
   * back, so no appointment the resident does not know of stays behind.
   */
  private async confirm(publicId: string, product: Product, reference: string, person: { name: string; email: string }): Promise<QmaticAppointment | { error: 'slot_taken' }> {
    const details = {
      title: `${inLanguage(product.label, 'nl')} (${reference})`,
      notes: `Geboekt via Loket, de chat van de gemeente. Afspraaknummer: ${reference}.`,
      customer: { lastName: person.name.slice(0, 200), email: person.email.slice(0, 255) },
    };
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        return await this.client.confirm(publicId, details);
      } catch (err) {
        if (err instanceof QmaticError && err.refused) {
          await this.client.delete(publicId).catch(() => undefined); // the reservation would lapse anyway
          return { error: 'slot_taken' };
        }
        const now = await this.client.appointment(publicId).catch(() => 'unknown' as const);
        if (now !== 'unknown' && now?.status === CONFIRMED) return now;
        if (now === 'unknown' || now?.status !== RESERVED || attempt === 1) {
          await this.release(publicId, reference);
          throw unavailable(err);
        }
      }
    }
    throw new AppointmentsUnavailable('unreachable'); // the loop always returns or throws
  }

  /** Deletes an appointment in Qmatic now, or from the outbox when Qmatic is away. */
  private async release(publicId: string, reference: string): Promise<void> {
    try {
      await this.client.delete(publicId);
    } catch (err) {
      this.log.warn({ reference, err: (err as Error).message }, 'qmatic: appointment not deleted now; it waits in the outbox');
      await this.outbox.add({ topic: QMATIC_TOPIC, kind: 'delete', reference, payload: { publicId } }, new Date());
      this.wake();
    }
  }

  private local(a: QmaticAppointment): { date: string; start_min: number; end_min: number } {
    const start = localNow(new Date(a.start), this.timeZone);
    const end = localNow(new Date(a.end), this.timeZone);
    return { date: start.date, start_min: start.minutes, end_min: end.date === start.date ? end.minutes : 24 * 60 };
  }

  private async row(reference: string): Promise<Row | undefined> {
    await this.ready;
    const row = await this.sql.get<Row>("SELECT * FROM qmatic_appointments WHERE reference = ? AND bot_id = ? AND status = 'booked'", [reference, this.botId]);
    return row && { ...row, start_min: Number(row.start_min), end_min: Number(row.end_min), revision: Number(row.revision) };
  }

  /** The booking made with this key; a try that did not get through gives its key up for the next. */
  private async byKey(key: string): Promise<Appointment | undefined> {
    await this.ready;
    await this.sql.run("UPDATE qmatic_appointments SET turn_key = NULL WHERE bot_id = ? AND turn_key = ? AND status <> 'booked'", [this.botId, key]);
    const row = await this.sql.get<Row>('SELECT * FROM qmatic_appointments WHERE bot_id = ? AND turn_key = ?', [this.botId, key]);
    return row && { reference: row.reference, product: row.product, date: row.date, start_min: Number(row.start_min), end_min: Number(row.end_min), revision: Number(row.revision) };
  }

  /** No longer booked: who booked is forgotten, the row stays as a record of the reference. */
  private async forget(reference: string, status: string, now: Date): Promise<void> {
    await this.sql.run('UPDATE qmatic_appointments SET status = ?, name = NULL, email = NULL, revision = revision + 1, updated_at = ? WHERE reference = ?',
      [status, now.toISOString(), reference]);
  }

  private async unusedReference(): Promise<string> {
    for (let i = 0; i < 20; i++) {
      const reference = newReference(PREFIX);
      if (!(await this.sql.get('SELECT 1 FROM qmatic_appointments WHERE reference = ?', [reference]))) return reference;
    }
    throw new Error('qmatic_appointments: could not find an unused reference');
  }
}

function appointmentOf(row: Row): Appointment {
  return { reference: row.reference, product: row.product, date: row.date, start_min: row.start_min, end_min: row.end_min, revision: row.revision };
}

export function createQmatic(opts: QmaticOptions): Qmatic {
  const client = clientOf(opts.settings, opts.env ?? process.env, opts.where ?? 'bot.yaml');
  const store = opts.store ?? new SqlOutbox(opts.sql, opts.botId);
  const log = opts.log.child({ component: 'qmatic' });
  const worker = new OutboxWorker({
    store, topic: QMATIC_TOPIC, log, retry: opts.retry,
    permanent: (err) => err instanceof QmaticError && err.refused,
    async deliver(item) {
      await client.delete(String(item.payload.publicId));
      log.info({ reference: item.reference }, 'qmatic: appointment deleted from the outbox');
    },
  });
  if (opts.deliver !== false) worker.start();
  const book = new QmaticBook(client, opts.sql, opts.botId, opts.settings, store, () => worker.wake(), log);
  return { book, worker, close: () => worker.stop() };
}
