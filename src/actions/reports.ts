import { BUILTIN_PREFIXES } from '../content/products';
import { migrating, type Sql } from '../storage';
import { formatLocation } from '../slots/media';
import { formatAddress } from '../slots/place';
import type { Address, GeoLocation, Lang } from '../slots/types';
import type { Signalen } from '../signalen';
import type { Action, Notifier } from './types';
import { normalizeReference, unusedReferenceIn } from './reference';
import { fail, guarded, isPlainObject, notifyAfter, ok, stringArg } from './util';

const PREFIX = BUILTIN_PREFIXES.report;
const INITIAL_STATUS = 'ontvangen';

const MIGRATIONS = [
  `CREATE TABLE reports (
     reference TEXT PRIMARY KEY,
     category TEXT NOT NULL,
     location_json TEXT NOT NULL,
     description TEXT NOT NULL,
     photo_json TEXT,
     name TEXT,
     email TEXT,
     phone TEXT,
     status TEXT NOT NULL,
     bot_id TEXT,
     conversation_id TEXT,
     created_at TEXT NOT NULL
   );
   CREATE INDEX reports_created_at ON reports (created_at);`,
  // A melding sent on to Signalen: its UUID (for the status) and its number, which the resident was given.
  `ALTER TABLE reports ADD COLUMN signal_id TEXT;
   ALTER TABLE reports ADD COLUMN signal_reference TEXT;
   CREATE INDEX reports_signal_reference ON reports (signal_reference);`,
  // The action's key: a turn run again after a crash finds the melding it stored instead of storing a second.
  `ALTER TABLE reports ADD COLUMN turn_key TEXT;
   CREATE UNIQUE INDEX reports_turn_key ON reports (bot_id, turn_key);`,
];

interface ReportRow { reference: string; category: string; status: string; created_at: string; signal_id: string | null; signal_reference: string | null }
const COLUMNS = 'reference, category, status, created_at, signal_id, signal_reference';

interface Photo { url: string; contentType: string; name?: string }

/** An uploaded file as the attachment slot gives it; anything else is refused rather than stored half. */
function photoArg(value: unknown): Photo | undefined | 'invalid' {
  if (value === undefined || value === null || value === '') return undefined;
  if (!isPlainObject(value) || typeof value.url !== 'string' || typeof value.contentType !== 'string') return 'invalid';
  const photo: Photo = { url: value.url, contentType: value.contentType };
  if (typeof value.name === 'string') photo.name = value.name;
  return photo;
}

/** A shared location / address object, or the place as the resident typed it. */
function locationArg(value: unknown): Record<string, unknown> | string | undefined {
  if (isPlainObject(value)) return Object.keys(value).length > 0 ? value : undefined;
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** The place as the resident reads it back in the receipt: an address, the shared location, or their own words. */
function locationText(location: Record<string, unknown> | string, lang: Lang): string {
  if (typeof location === 'string') return location;
  if (typeof location.latitude === 'number') return formatLocation(location as unknown as GeoLocation);
  return formatAddress(location as Address, lang);
}

/**
 * Meldingen in the Sql port: the bot's SQLite file, or PostgreSQL shared by every instance and bot, where each bot
 * finds only its own.
 */
class ReportStore {
  private readonly ready: Promise<unknown>;

  constructor(private readonly sql: Sql) {
    this.ready = migrating(sql, 'reports', MIGRATIONS);
  }

  /** Stores the melding; with `key`, the one stored before with that key (`before`, with Signalen's number if it got one). */
  async insert(row: Record<string, string | null>, key?: string): Promise<{ reference: string; before?: ReportRow }> {
    await this.ready;
    // The reference check and the insert share one transaction; the primary key refuses a code taken meanwhile.
    return this.sql.transaction(async (tx) => {
      const before = key && (await tx.get<ReportRow>(`SELECT ${COLUMNS} FROM reports WHERE bot_id = ? AND turn_key = ?`, [row.bot_id, key]));
      if (before) return { reference: before.reference, before };
      const reference = await unusedReferenceIn(tx, 'reports', PREFIX);
      await tx.run(`INSERT INTO reports (reference, category, location_json, description, photo_json, name, email, phone,
                      status, bot_id, conversation_id, created_at, turn_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [reference, row.category, row.location_json, row.description, row.photo_json, row.name, row.email, row.phone, row.status, row.bot_id, row.conversation_id, row.created_at, key ?? null]);
      return { reference };
    });
  }

  async get(reference: string, botId: string): Promise<ReportRow | undefined> {
    await this.ready;
    return this.sql.get<ReportRow>(`SELECT ${COLUMNS} FROM reports WHERE (reference = ? OR signal_reference = ?) AND bot_id = ?`, [reference, reference, botId]);
  }

  /** The melding reached Signalen: from now on the resident's number may be either. */
  async link(reference: string, signal: { signal_id: string; id_display: string }): Promise<void> {
    await this.ready;
    await this.sql.run("UPDATE reports SET signal_id = ?, signal_reference = ?, status = 'doorgestuurd' WHERE reference = ?",
      [signal.signal_id, signal.id_display, reference]);
  }
}

function createAction(store: ReportStore, notifier?: Notifier, signalen?: Signalen): Action {
  return {
    name: 'reports.create',
    description: 'Registers a report (melding) about public space; returns a reference like MLD-7K3M9Q.',
    params: [
      { name: 'category', required: true },
      { name: 'location', required: true },
      { name: 'description', required: true },
      { name: 'photo', required: false },
      { name: 'email', required: false },
      { name: 'phone', required: false },
      { name: 'name', required: false },
    ],
    async run(args, ctx) {
      const category = stringArg(args, 'category');
      const location = locationArg(args.location);
      const description = stringArg(args, 'description');
      const photo = photoArg(args.photo);
      if (!category) return fail('invalid_argument', 'category is required');
      if (location === undefined) return fail('invalid_argument', 'location is required');
      if (!description) return fail('invalid_argument', 'description is required');
      if (photo === 'invalid') return fail('invalid_argument', 'photo must be {url, contentType, name?}');
      const { reference, before } = await store.insert({
        category,
        location_json: JSON.stringify(location),
        description,
        photo_json: photo ? JSON.stringify(photo) : null,
        name: stringArg(args, 'name') ?? null,
        email: stringArg(args, 'email') ?? null,
        phone: stringArg(args, 'phone') ?? null,
        status: INITIAL_STATUS,
        bot_id: ctx.botId,
        conversation_id: ctx.conversationId,
        created_at: ctx.now.toISOString(),
      }, ctx.key);
      ctx.log.info({ action: 'reports.create', reference, ...(before ? { again: true } : {}) }, 'report registered');
      const email = stringArg(args, 'email');
      const phone = stringArg(args, 'phone');
      // Stored first, so the melding is never lost; then Signalen's number, when Signalen takes it now. Stored
      // before (the turn runs again), it keeps the number it got.
      const known = before?.signal_id ? { signal_id: before.signal_id, id_display: before.signal_reference ?? reference } : undefined;
      const signal = known ?? (signalen && await signalen.submit({
        reference, category, description, location, ...(photo ? { photo } : {}), ...(email ? { email } : {}), ...(phone ? { phone } : {}),
      }, ctx.log));
      if (signal && !known) await store.link(reference, signal);
      const shown = signal?.id_display ?? reference;
      const receipt = email && { kind: 'report_received' as const, to: email, reference: shown, category, description, location: locationText(location, ctx.lang) };
      const data: Record<string, unknown> = { reference: shown, category, emailed: await notifyAfter(notifier, receipt || undefined, ctx) };
      if (signalen) data.forwarded = !!signal;
      return ok(data);
    },
  };
}

/** "sig 123", "SIG-123" → "SIG-123": Signalen's numbers are letters and digits. */
function signalReference(input: unknown): string | undefined {
  if (typeof input !== 'string') return undefined;
  const m = /^\s*([A-Za-z]{2,5})[\s-]*(\d{1,12})\s*$/.exec(input);
  return m ? `${m[1].toUpperCase()}-${m[2]}` : undefined;
}

function findAction(store: ReportStore, signalen?: Signalen): Action {
  return {
    name: 'reports.find',
    description: 'Looks up a report by its reference and tells its status; a melding sent to Signalen, its status there.',
    params: [{ name: 'reference', required: true }],
    async run(args, ctx) {
      const reference = normalizeReference(args.reference, PREFIX) ?? signalReference(args.reference);
      const report = reference ? await store.get(reference, ctx.botId) : undefined;
      ctx.log.info({ action: 'reports.find', reference, found: !!report }, 'report lookup');
      if (!report) return ok({ found: false });
      let status = report.status;
      if (signalen && report.signal_id) {
        try {
          status = (await signalen.status(report.signal_id)) ?? status;
        } catch (err) {
          ctx.log.warn({ action: 'reports.find', reference, err: (err as Error).message }, 'Signalen status not readable');
          return fail('unreachable');
        }
      }
      return ok({ found: true, reference: report.signal_reference ?? report.reference, category: report.category, status, created_at: report.created_at });
    },
  };
}

/**
 * The report actions on the bot's database; with a notifier, a resident who gave an e-mail address gets a receipt;
 * with Signalen, each melding goes there and the resident gets Signalen's number.
 */
export function createReportActions(sql: Sql, notifier?: Notifier, signalen?: Signalen): Action[] {
  const store = new ReportStore(sql);
  signalen?.onForwarded((reference, signal) => store.link(reference, signal));
  return [createAction(store, notifier, signalen), findAction(store, signalen)].map(guarded);
}
