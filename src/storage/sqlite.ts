import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';

/** The database handle every store uses; re-exported so callers need not import better-sqlite3 themselves. */
export type Database = BetterSqlite3.Database;
export type Statement = BetterSqlite3.Statement;

const IN_MEMORY = ':memory:';

/**
 * Opens (and creates) a SQLite database file. WAL lets readers continue while one writer
 * works; the busy timeout makes a second process wait for a lock instead of failing at once.
 */
export function openDatabase(file: string, options: { busyTimeoutMs?: number } = {}): Database {
  if (file !== IN_MEMORY && file !== '') {
    fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  }
  const db = new BetterSqlite3(file);
  db.pragma('journal_mode = WAL'); // ignored (stays 'memory') for ':memory:'
  db.pragma('synchronous = NORMAL'); // safe with WAL, much faster than FULL
  db.pragma(`busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs ?? 5000))}`);
  db.pragma('foreign_keys = ON');
  // Every Loket database holds personal data: an erased or purged row is overwritten with zeros, not left in free
  // space for a copy of the file to give away (src/privacy empties the write-ahead log after).
  db.pragma('secure_delete = ON');
  return db;
}

/**
 * Applies the not yet applied steps of one module's schema. `steps` is append-only:
 * step i is recorded as version i+1 under `name`, so each module owns its tables and
 * adds a new step instead of editing an old one. Returns how many steps ran now.
 */
export function migrate(db: Database, name: string, steps: readonly string[]): number {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    name TEXT NOT NULL,
    version INTEGER NOT NULL,
    applied_at TEXT NOT NULL,
    PRIMARY KEY (name, version)
  )`);
  // Immediate: two processes starting at once must not both apply the same step.
  const run = db.transaction(() => {
    const row = db
      .prepare('SELECT COALESCE(MAX(version), 0) AS version FROM schema_migrations WHERE name = ?')
      .get(name) as { version: number };
    const insert = db.prepare('INSERT INTO schema_migrations (name, version, applied_at) VALUES (?, ?, ?)');
    for (let version = row.version + 1; version <= steps.length; version++) {
      db.exec(steps[version - 1]);
      insert.run(name, version, new Date().toISOString());
    }
    return Math.max(0, steps.length - row.version);
  });
  return run.immediate();
}
