import type { Activity } from 'botbuilder-core';
import { migrate, type Sql } from '../../storage';

/** One Direct Line conversation: which bot it talks to, the resident it belongs to, and its log position. */
export interface ConversationRecord {
  id: string;
  botId: string;
  userId?: string;
  userName?: string;
  createdAt: string;
  /** The next sequence number; the watermark of the newest activity is `nextSeq - 1`. */
  nextSeq: number;
}

/** An activity as it is kept in the log and sent to clients: always with its server id. */
export type LoggedActivity = Partial<Activity> & { id: string };

export interface ActivityPage {
  activities: LoggedActivity[];
  /** Index of the newest activity in the conversation (undefined while the log is empty). */
  watermark?: number;
}

/**
 * Append-only: each step is one migration (see storage/sql.ts); add a step, never edit one. Exported for the tests that
 * build a database as an earlier version left it.
 */
export const MIGRATIONS = [
  `CREATE TABLE directline_conversations (
     id TEXT PRIMARY KEY,
     bot_id TEXT NOT NULL,
     user_id TEXT,
     user_name TEXT,
     created_at TEXT NOT NULL,
     next_seq INTEGER NOT NULL DEFAULT 0
   )`,
  {
    sqlite: `CREATE TABLE directline_activities (
       conversation_id TEXT NOT NULL REFERENCES directline_conversations(id) ON DELETE CASCADE,
       seq INTEGER NOT NULL,
       activity TEXT NOT NULL,
       PRIMARY KEY (conversation_id, seq)
     ) WITHOUT ROWID`,
    postgres: `CREATE TABLE directline_activities (
       conversation_id TEXT NOT NULL REFERENCES directline_conversations(id) ON DELETE CASCADE,
       seq INTEGER NOT NULL,
       activity TEXT NOT NULL,
       PRIMARY KEY (conversation_id, seq)
     )`,
  },
  // Accepted client activities whose turn has not finished: picked up again after a crash (by any instance).
  `CREATE TABLE directline_inbox (
     conversation_id TEXT NOT NULL,
     seq INTEGER NOT NULL,
     received_at TEXT NOT NULL,
     PRIMARY KEY (conversation_id, seq)
   )`,
  // When the conversation last grew, so it is purged that many days after its last message (src/privacy/).
  'ALTER TABLE directline_conversations ADD COLUMN updated_at TEXT',
  // On SQLite, activities in a table with rowids and the key as an index: WITHOUT ROWID kept each activity (most are
  // larger than a twentieth of a page) in the key's B-tree, so every commit rewrote pages all over it. A new row now
  // goes at the table's end and only the small index entry lands among the others: commits under load about half as
  // expensive, the file about half as large (docs/deploy.md). PostgreSQL's tables were like this already.
  {
    sqlite: `CREATE TABLE directline_activities_rowid (
       conversation_id TEXT NOT NULL REFERENCES directline_conversations(id) ON DELETE CASCADE,
       seq INTEGER NOT NULL,
       activity TEXT NOT NULL,
       PRIMARY KEY (conversation_id, seq)
     );
     INSERT INTO directline_activities_rowid (conversation_id, seq, activity) SELECT conversation_id, seq, activity FROM directline_activities ORDER BY conversation_id, seq;
     DROP TABLE directline_activities;
     ALTER TABLE directline_activities_rowid RENAME TO directline_activities`,
    postgres: '',
  },
];

/** The inbox's sequence number for a conversation's start, whose turn is the welcome (the log starts at 0). */
export const JOIN = -1;

/** What instances tell each other when a conversation's log grew (`c`, the conversation) and to where (`w`, a watermark). */
export interface Notice { c: string; w: number }

/** A log grown to `watermark`, as every instance hears it (the statement below writes the same JSON). */
export function notice(conversationId: string, watermark: number): string {
  return JSON.stringify({ c: conversationId, w: watermark } satisfies Notice);
}

/** An append to a conversation that is not (or no longer: erased) in the store. */
export class UnknownConversation extends Error {
  constructor(readonly conversationId: string) {
    super(`unknown Direct Line conversation ${conversationId}`);
  }
}

/** An accepted activity whose turn has not been marked done. */
export interface Pending { conversationId: string; seq: number; receivedAt: string }

/** The id Direct Line gives an activity: `<conversationId>|0000042`. */
export function activityId(conversationId: string, seq: number): string {
  return `${conversationId}|${String(seq).padStart(7, '0')}`;
}

/** A stored activity with its server id (rows stored before the id was left out of the JSON have it too). */
function logged(conversationId: string, seq: number, json: string): LoggedActivity {
  return { ...(JSON.parse(json) as Partial<Activity>), id: activityId(conversationId, seq) };
}

/**
 * `appendAll` on PostgreSQL: take the accepted activity from the inbox ($5, when answering), number the activities
 * by updating the conversation's row (only when the inbox entry was there), add them ($4, in order) and, with $6,
 * their inbox entries; drop what is beyond $7 activities; tell every instance on channel $8 (when given), heard at
 * the commit. Returns the first number (null when nothing was added) and whether the inbox entry was taken; `notified`
 * is selected only because PostgreSQL runs a SELECT in a WITH only when something reads it.
 */
const APPEND_AT_ONCE = `
  WITH taken AS (
    DELETE FROM directline_inbox WHERE $5::int IS NOT NULL AND conversation_id = $1 AND seq = $5 RETURNING seq
  ), numbered AS (
    UPDATE directline_conversations SET next_seq = next_seq + $2::int, updated_at = $3
    WHERE id = $1 AND ($5::int IS NULL OR EXISTS (SELECT 1 FROM taken))
    RETURNING next_seq - $2::int AS first
  ), added AS (
    INSERT INTO directline_activities (conversation_id, seq, activity)
    SELECT $1, numbered.first + a.i - 1, a.json FROM numbered, unnest($4::text[]) WITH ORDINALITY AS a(json, i)
  ), accepted AS (
    INSERT INTO directline_inbox (conversation_id, seq, received_at)
    SELECT $1, numbered.first + n.i - 1, $3 FROM numbered, generate_series(1, $2::int) AS n(i) WHERE $6::boolean
  ), dropped AS (
    DELETE FROM directline_activities WHERE conversation_id = $1 AND seq <= (SELECT first + $2::int - 1 - $7::int FROM numbered)
  ), notified AS (
    SELECT pg_notify($8, json_build_object('c', $1::text, 'w', numbered.first + $2::int - 1)::text) FROM numbered WHERE $8::text IS NOT NULL
  )
  SELECT (SELECT first FROM numbered) AS first, (SELECT count(*) FROM taken) AS taken, (SELECT count(*) FROM notified) AS notified`;

/** `create` on PostgreSQL, in one statement: the conversation unless it exists and, with $6, its start in the inbox. */
const CREATE_AT_ONCE = `
  WITH created AS (
    INSERT INTO directline_conversations (id, bot_id, user_id, user_name, created_at) VALUES ($1, $2, $3, $4, $5)
    ON CONFLICT (id) DO NOTHING RETURNING id
  ), started AS (
    INSERT INTO directline_inbox (conversation_id, seq, received_at) SELECT id, ${JOIN}, $5 FROM created WHERE $6::boolean
  )
  SELECT count(*) AS created FROM created`;

/** How many conversations an instance remembers who they belong to (a few hundred bytes each). */
const REMEMBERED = 10_000;

/**
 * An activity just added to the log: its number and id at once. The activity as clients get it is read back from its
 * JSON only when asked for: a turn's replies need just their ids, and parsing each again was garbage on every turn.
 */
export class Appended {
  private parsed?: LoggedActivity;

  constructor(private readonly conversationId: string, readonly seq: number, private readonly json: string) {}

  get id(): string {
    return activityId(this.conversationId, this.seq);
  }

  get activity(): LoggedActivity {
    this.parsed ??= logged(this.conversationId, this.seq, this.json);
    return this.parsed;
  }
}

/** A record without the optional fields that are not there: as read from a row, or as just written. */
function withoutEmpty(rec: ConversationRecord): ConversationRecord {
  const { userId, userName, ...rest } = rec;
  return { ...rest, ...(userId != null ? { userId } : {}), ...(userName != null ? { userName } : {}) };
}

interface ConversationRow { id: string; bot_id: string; user_id: string | null; user_name: string | null; created_at: string; next_seq: number }

/**
 * Conversations and their activity logs (one table each) in the Sql port, so a restart loses nothing and, on
 * PostgreSQL, every instance sees the same logs. Each log keeps at most `maxActivities` activities; older ones are
 * dropped, but sequence numbers (watermarks) keep increasing.
 */
export class DirectLineStore {
  /** Conversations this instance has seen, oldest first: whose they are never changes, so a message need not ask. */
  private readonly seen = new Map<string, ConversationRecord>();

  /**
   * `notices`: on PostgreSQL with the bus in the same database, the bus channel every append tells of its new
   * watermark on (see `notifies`).
   */
  private constructor(private readonly sql: Sql, readonly maxActivities: number, private readonly notices?: string) {}

  static async open(sql: Sql, maxActivities = 1000, notices?: string): Promise<DirectLineStore> {
    await migrate(sql, 'directline', MIGRATIONS);
    return new DirectLineStore(sql, maxActivities, sql.dialect === 'postgres' ? notices : undefined);
  }

  /** Whether appends tell every instance themselves (a `notice` on the bus), so the caller need not publish. */
  get notifies(): boolean {
    return this.notices !== undefined;
  }

  /**
   * The conversation as this instance first saw it, read once: for a message, which needs only whose it is (`nextSeq`
   * may be old; `after` reads the log itself). An erased conversation may still be remembered: its next append
   * throws UnknownConversation, and is forgotten.
   */
  async known(id: string): Promise<ConversationRecord | undefined> {
    const seen = this.seen.get(id);
    if (seen) return seen;
    const found = await this.get(id);
    if (found) this.remember(found);
    return found;
  }

  /** A resident's name is not kept in memory beside the database (where erasing reaches it): read again each time. */
  private remember(conversation: ConversationRecord): void {
    if (conversation.userName !== undefined) return;
    if (this.seen.size >= REMEMBERED) this.seen.delete(this.seen.keys().next().value!);
    this.seen.set(conversation.id, conversation);
  }

  async get(id: string): Promise<ConversationRecord | undefined> {
    const row = await this.sql.get<ConversationRow>('SELECT * FROM directline_conversations WHERE id = ?', [id]);
    return row && withoutEmpty({ id: row.id, botId: row.bot_id, createdAt: row.created_at, nextSeq: Number(row.next_seq), userId: row.user_id ?? undefined, userName: row.user_name ?? undefined });
  }

  /**
   * Creates the conversation unless it exists; returns it and whether it was created now. With `welcome`, the start is
   * accepted like a message (in the inbox as JOIN, in the same transaction): a welcome lost with its instance is sent
   * after all.
   */
  async create(rec: Omit<ConversationRecord, 'nextSeq' | 'createdAt'>, options: { welcome?: boolean; now?: Date } = {}): Promise<{ conversation: ConversationRecord; created: boolean }> {
    const now = (options.now ?? new Date()).toISOString();
    const values = [rec.id, rec.botId, rec.userId ?? null, rec.userName ?? null, now];
    const created = this.sql.dialect === 'postgres'
      ? Number((await this.sql.get<{ created: number | string }>(CREATE_AT_ONCE, [...values, Boolean(options.welcome)]))?.created) === 1
      : await this.sql.transaction(async (tx) => {
        const n = await tx.run('INSERT INTO directline_conversations (id, bot_id, user_id, user_name, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING', values);
        if (n === 1 && options.welcome) await tx.run('INSERT INTO directline_inbox (conversation_id, seq, received_at) VALUES (?, ?, ?)', [rec.id, JOIN, now]);
        return n === 1;
      });
    // Made now: it is what was written, without reading it back.
    const conversation = created ? withoutEmpty({ ...rec, createdAt: now, nextSeq: 0 }) : await this.get(rec.id);
    if (!conversation) throw new UnknownConversation(rec.id);
    this.remember(conversation);
    return { conversation, created };
  }

  /**
   * Appends one activity; the store gives it its server id. Returns the stored activity and its sequence number. With
   * `inbox`, the activity is also kept as accepted-but-not-answered until `done`, in the same transaction.
   */
  async append(conversationId: string, activity: Partial<Activity>, options: { inbox?: boolean; now?: Date } = {}): Promise<Appended> {
    const [first] = await this.appendAll(conversationId, [activity], options);
    return first;
  }

  /**
   * Appends several activities at once: all of them are in the log, or none (a turn's replies). With `answers`, they
   * answer that accepted activity and take it from the inbox in the same transaction; when it is no longer there
   * (another instance answered it), nothing is appended and the result is empty.
   */
  async appendAll(conversationId: string, activities: Partial<Activity>[], options: { inbox?: boolean; answers?: number; now?: Date } = {}): Promise<Appended[]> {
    // The stored JSON is what clients get (undefined fields dropped, Dates as ISO strings); the id is added on reading.
    const jsons = activities.map((a) => JSON.stringify({ ...a, id: undefined }));
    const now = (options.now ?? new Date()).toISOString();
    const first = this.sql.dialect === 'postgres' ? await this.appendInOneStatement(conversationId, jsons, now, options) : await this.appendInTransaction(conversationId, jsons, now, options);
    if (first === undefined) return [];
    return jsons.map((json, i) => new Appended(conversationId, first + i, json));
  }

  /**
   * Updating the conversation's row first locks it until the commit: appends from every instance take turns, and no
   * two get the same sequence number. Returns the first sequence number, or undefined when `answers` was taken.
   */
  private appendInTransaction(conversationId: string, jsons: string[], now: string, options: { inbox?: boolean; answers?: number }): Promise<number | undefined> {
    return this.sql.transaction(async (tx) => {
      if (options.answers !== undefined && !(await tx.run('DELETE FROM directline_inbox WHERE conversation_id = ? AND seq = ?', [conversationId, options.answers]))) return undefined;
      const row = await tx.get<{ next_seq: number }>('UPDATE directline_conversations SET next_seq = next_seq + ?, updated_at = ? WHERE id = ? RETURNING next_seq', [jsons.length, now, conversationId]);
      if (!row) throw this.unknown(conversationId);
      const first = Number(row.next_seq) - jsons.length;
      for (const [i, json] of jsons.entries()) {
        await tx.run('INSERT INTO directline_activities (conversation_id, seq, activity) VALUES (?, ?, ?)', [conversationId, first + i, json]);
        if (options.inbox) await tx.run('INSERT INTO directline_inbox (conversation_id, seq, received_at) VALUES (?, ?, ?)', [conversationId, first + i, now]);
      }
      const newest = first + jsons.length - 1;
      if (newest >= this.maxActivities) await tx.run('DELETE FROM directline_activities WHERE conversation_id = ? AND seq <= ?', [conversationId, newest - this.maxActivities]);
      return first;
    });
  }

  /**
   * The same in one statement (so one round trip, where the transaction took five), with the notice to every
   * instance in it: on PostgreSQL each round trip is a write to a socket, the largest cost of a turn there. The
   * statement is its own transaction.
   */
  private async appendInOneStatement(conversationId: string, jsons: string[], now: string, options: { inbox?: boolean; answers?: number }): Promise<number | undefined> {
    const row = await this.sql.get<{ first: number | null; taken: number | string }>(APPEND_AT_ONCE, [conversationId, jsons.length, now, jsons, options.answers ?? null, Boolean(options.inbox), this.maxActivities, this.notices ?? null]);
    if (options.answers !== undefined && Number(row?.taken) === 0) return undefined;
    if (row?.first == null) throw this.unknown(conversationId);
    return Number(row.first);
  }

  private unknown(conversationId: string): UnknownConversation {
    this.seen.delete(conversationId);
    return new UnknownConversation(conversationId);
  }

  /** Whether an accepted activity (or the start, JOIN) still waits for its turn to finish. */
  async waiting(conversationId: string, seq: number): Promise<boolean> {
    return (await this.sql.get('SELECT 1 AS w FROM directline_inbox WHERE conversation_id = ? AND seq = ?', [conversationId, seq])) !== undefined;
  }

  /** The turn of an accepted activity is over: it leaves the inbox. */
  async done(conversationId: string, seq: number): Promise<void> {
    await this.sql.run('DELETE FROM directline_inbox WHERE conversation_id = ? AND seq = ?', [conversationId, seq]);
  }

  /** Accepted activities received before `before` whose turn never finished, oldest first. */
  pending(before: Date, limit = 50): Promise<Pending[]> {
    return this.sql.all<{ conversation_id: string; seq: number; received_at: string }>(
      'SELECT conversation_id, seq, received_at FROM directline_inbox WHERE received_at < ? ORDER BY received_at, seq LIMIT ?',
      [before.toISOString(), limit],
    ).then((rows) => rows.map((r) => ({ conversationId: r.conversation_id, seq: Number(r.seq), receivedAt: r.received_at })));
  }

  /** One activity of the log by its sequence number. */
  async at(conversationId: string, seq: number): Promise<LoggedActivity | undefined> {
    const row = await this.sql.get<{ activity: string }>('SELECT activity FROM directline_activities WHERE conversation_id = ? AND seq = ?', [conversationId, seq]);
    return row && logged(conversationId, seq, row.activity);
  }

  /** Whether the log holds a reply to the activity with this id (so a recovered turn does not answer twice). */
  async answered(conversationId: string, seq: number): Promise<boolean> {
    const id = activityId(conversationId, seq);
    const rows = await this.sql.all<{ activity: string }>('SELECT activity FROM directline_activities WHERE conversation_id = ? AND seq > ?', [conversationId, seq]);
    return rows.some((r) => (JSON.parse(r.activity) as Partial<Activity>).replyToId === id);
  }

  /** Activities after the watermark (all of them without one), oldest first. */
  async after(conversationId: string, watermark?: number): Promise<ActivityPage> {
    const conversation = await this.get(conversationId);
    if (!conversation) return { activities: [] };
    const rows = await this.sql.all<{ seq: number; activity: string }>(
      'SELECT seq, activity FROM directline_activities WHERE conversation_id = ? AND seq > ? ORDER BY seq',
      [conversationId, watermark ?? -1],
    );
    // An activity appended between the two reads is in the page, so the watermark counts it too.
    const newest = Math.max(conversation.nextSeq - 1, ...rows.map((r) => Number(r.seq)));
    return {
      activities: rows.map((r) => logged(conversationId, Number(r.seq), r.activity)),
      ...(newest >= 0 ? { watermark: newest } : {}),
    };
  }
}
