import type { Sql } from '../storage';
import { botScope, keptIn, mediaDirs, purgeFiles, scrub, tablesIn, type Holdings, type Tables } from './holdings';
import { PERSONAL_TABLES, type Place, type PersonalTable } from './register';

const DAY_MS = 86_400_000;

/** Rows (or files) purged per table or folder. */
export type PurgeCounts = Record<string, number>;

/** The moments before which rows of this table are past their retention: one per retention it has. */
function cutoffsOf(t: PersonalTable, h: Holdings, now: Date): string[] {
  const cutoff = (ms: number) => {
    const at = new Date(now.getTime() - ms).toISOString();
    return t.cutoffDate ? at.slice(0, 10) : at;
  };
  const first = cutoff(typeof t.kept === 'object' ? t.kept.fixedMs : h.retention[t.kept] * DAY_MS);
  return t.keptToo ? [first, cutoff(h.retention[t.keptToo] * DAY_MS)] : [first];
}

/** Deletes or anonymises the rows of one table past retention, children first (PostgreSQL has no cascade here for all). */
async function purgeTable(sql: Sql, t: PersonalTable, h: Holdings, now: Date, tables: Tables): Promise<number> {
  const scope = botScope(t, h.botId, tables);
  const where = `(${t.expired})${scope.sql}`;
  const params = [...cutoffsOf(t, h, now), ...scope.params];
  if (t.anonymise) return sql.run(`UPDATE ${t.table} SET ${t.anonymise} WHERE ${where}`, params);
  for (const c of t.children ?? []) {
    if (tables.has(c.table)) await sql.run(`DELETE FROM ${c.table} WHERE ${c.column} IN (SELECT ${c.parent} FROM ${t.table} WHERE ${where})`, params);
  }
  return sql.run(`DELETE FROM ${t.table} WHERE ${where}`, params);
}

async function purgePlace(sql: Sql, place: Place, h: Holdings, now: Date, counts: PurgeCounts): Promise<void> {
  const tables = await tablesIn(sql);
  for (const t of PERSONAL_TABLES) {
    if (!keptIn(t, place) || !tables.has(t.table)) continue;
    const n = await purgeTable(sql, t, h, now, tables);
    if (n) counts[t.table] = (counts[t.table] ?? 0) + n;
  }
}

/**
 * Everything of one bot past its retention, now. The server's store is purged under one lock for all instances
 * (on PostgreSQL an advisory lock: several instances purging at once take turns, and the later ones find nothing
 * left); the bot's own database and the media folders belong to this instance. `rewrite`: SQLite files are rewritten
 * after, so no copy of a purged row is left in them (see `scrub`); too slow to do every hour in a running server.
 */
export async function purge(h: Holdings, now = new Date(), rewrite = false): Promise<PurgeCounts> {
  const counts: PurgeCounts = {};
  await h.shared.exclusive('loket:purge', (tx) => purgePlace(tx, 'shared', h, now, counts));
  await h.bot.transaction((tx) => purgePlace(tx, 'bot', h, now, counts));
  if (Object.keys(counts).length) for (const sql of [h.shared, h.bot]) await scrub(sql, rewrite);
  const cutoff = new Date(now.getTime() - h.retention.media * DAY_MS);
  for (const dir of mediaDirs(h)) {
    const n = await purgeFiles(dir, cutoff);
    if (n) counts[dir.includes('whatsapp-media') ? 'whatsapp-media' : 'directline-media'] = n;
  }
  return counts;
}
