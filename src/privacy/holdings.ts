import { readdir, stat, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { SqliteSql, type Sql } from '../storage';
import type { Database } from '../storage/sqlite';
import type { Place, PersonalTable } from './register';
import { retentionOf, type Retention } from './retention';

/** Where one bot's personal data is: its own database, the server's store, and the folders for files. */
export interface Holdings {
  botId: string;
  retention: Retention;
  bot: Sql;
  shared: Sql;
  /** The folder of the state file: directline-media/ and whatsapp-media/<bot>/ are in it. */
  stateDir: string;
}

/** A running bot's holdings: its own database, the server's store and the folder of the server's state file. */
export function holdingsOf(botId: string, bot: Parameters<typeof retentionOf>[0], db: Database, shared: Sql, stateFile: string): Holdings {
  return { botId, retention: retentionOf(bot), bot: new SqliteSql(db), shared, stateDir: dirname(stateFile) };
}

/** The media folders of a bot: uploaded photos (shared by the bots of a server) and its WhatsApp images. */
export function mediaDirs(h: Holdings): string[] {
  return [join(h.stateDir, 'directline-media'), join(h.stateDir, 'whatsapp-media', h.botId)];
}

export function sqlOf(h: Holdings, place: Place): Sql {
  return place === 'bot' ? h.bot : h.shared;
}

/**
 * Whether a table's rows are looked for in a place. A bot's table with a bot column is looked for in the shared store
 * too: with DATABASE_URL such tables are in PostgreSQL, one table for every bot (the human queue, for one).
 */
export function keptIn(t: PersonalTable, place: Place): boolean {
  return t.place === place || (place === 'shared' && t.place === 'bot' && t.botColumn !== undefined);
}

/** The tables that exist in a database (a store that never ran is skipped), each with its columns. */
export class Tables extends Set<string> {
  constructor(readonly columns: Map<string, Set<string>>) {
    super(columns.keys());
  }
}

export async function tablesIn(sql: Sql): Promise<Tables> {
  const rows = sql.dialect === 'sqlite'
    ? await sql.all<{ t: string; c: string }>("SELECT m.name AS t, p.name AS c FROM sqlite_master m JOIN pragma_table_info(m.name) p WHERE m.type = 'table'")
    : await sql.all<{ t: string; c: string }>('SELECT table_name AS t, column_name AS c FROM information_schema.columns WHERE table_schema = current_schema()');
  const columns = new Map<string, Set<string>>();
  for (const r of rows) columns.set(r.t, (columns.get(r.t) ?? new Set()).add(r.c));
  return new Tables(columns);
}

/**
 * `AND <the bot's rows>` for a table several bots share, with its parameters. A bot's own table from before it had
 * its bot column (a bot file the code that adds the column has not opened yet) holds that bot's rows only.
 */
export function botScope(t: PersonalTable, botId: string, tables: Tables): { sql: string; params: unknown[] } {
  if (t.botColumn && (t.place !== 'bot' || tables.columns.get(t.table)?.has(t.botColumn))) return { sql: ` AND ${t.botColumn} = ?`, params: [botId] };
  if (t.botPrefix) {
    const { column, prefix } = t.botPrefix(botId);
    return { sql: ` AND substr(${column}, 1, ${prefix.length}) = ?`, params: [prefix] };
  }
  return { sql: '', params: [] };
}

/** A checkpoint that another connection's checkpoint kept busy is tried again this often, this far apart. */
const CHECKPOINT_TRIES = 100;
const CHECKPOINT_RETRY_MS = 50;

/**
 * After personal data was deleted, on SQLite: secure_delete (storage/sqlite.ts) zeroed the rows, but copies SQLite
 * made of rows when a page split can stay in unused space of a page, and the write-ahead log still holds pages as
 * they were. `rewrite` (VACUUM: about a second per 100 MB, writers wait meanwhile) leaves neither; the log is always
 * emptied into the file. Waits for readers (the busy timeout); while another connection checkpoints (a running
 * server's worker does every 250 ms) SQLite gives up at once instead, so that is tried again. Throws when the log
 * could not be emptied: the deleted data would still be in it.
 */
export async function scrub(sql: Sql, rewrite: boolean): Promise<void> {
  if (sql.dialect !== 'sqlite') return;
  if (rewrite) await sql.run('VACUUM');
  for (let attempt = 1; ; attempt++) {
    const [r] = await sql.all<{ busy: number }>('PRAGMA wal_checkpoint(TRUNCATE)');
    if (!r || r.busy === 0) return;
    if (attempt >= CHECKPOINT_TRIES) throw new Error('the write-ahead log could not be emptied: another connection kept it busy; try again');
    await new Promise((resolve) => setTimeout(resolve, CHECKPOINT_RETRY_MS));
  }
}

/** Files in a folder older than the cutoff, deleted; returns how many. */
export async function purgeFiles(dir: string, cutoff: Date): Promise<number> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return 0;
  }
  let n = 0;
  for (const name of names) {
    const file = join(dir, name);
    const info = await stat(file).catch(() => undefined);
    if (info?.isFile() && info.mtime < cutoff && (await unlink(file).then(() => true, () => false))) n++;
  }
  return n;
}

/** The stored files a text links to (Direct Line attachment URLs, WhatsApp file: URLs) that are in the bot's folders. */
export function filesIn(text: string, h: Holdings): string[] {
  const [directLine, whatsApp] = mediaDirs(h);
  const found = new Set<string>();
  for (const m of text.matchAll(/\/v3\/directline\/attachments\/([0-9a-f-]{36}\.[a-z]{3,4})/g)) found.add(join(directLine, m[1]));
  for (const m of text.matchAll(/whatsapp-media\/([^/"\\\s]+)\/([0-9a-f-]{36}\.[a-z0-9]{2,4})/g)) if (m[1] === h.botId) found.add(join(whatsApp, m[2]));
  return [...found];
}
