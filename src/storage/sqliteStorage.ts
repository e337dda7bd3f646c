import type { Storage, StoreItems } from 'botbuilder-core';
import { migrate, type Database } from './sqlite';
import type { Sql } from './sql';
import { SqliteSql } from './sqliteSql';

/**
 * botbuilder's `Storage` (read, write, delete) on SQLite, so conversation state survives a restart. Follows
 * MemoryStorage's eTag rules: a write with an eTag other than '*' fails if the stored item changed meanwhile.
 */
export class SqliteStorage implements Storage {
  // Through the Sql port, so state writes take turns with (and are committed together with) the other stores' work.
  private readonly sql: SqliteSql;

  constructor(db: Database) {
    migrate(db, 'storage', [
      'CREATE TABLE storage (key TEXT PRIMARY KEY, value TEXT NOT NULL, etag INTEGER NOT NULL)',
      // When each item last changed, so conversations past their retention can be purged (src/privacy/).
      `ALTER TABLE storage ADD COLUMN updated_at TEXT;
       UPDATE storage SET updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now');
       CREATE INDEX storage_updated ON storage (updated_at);`,
    ]);
    this.sql = new SqliteSql(db);
  }

  async read(keys: string[]): Promise<StoreItems> {
    const items: StoreItems = {};
    for (const key of keys) {
      const row = await this.sql.get<{ value: string; etag: number }>('SELECT value, etag FROM storage WHERE key = ?', [key]);
      if (row) items[key] = { ...JSON.parse(row.value), eTag: String(row.etag) };
    }
    return items;
  }

  write(changes: StoreItems): Promise<void> {
    const entries = Object.entries(changes);
    if (entries.length === 1) return this.put(this.sql, ...entries[0]);
    return this.sql.transaction(async (tx) => {
      for (const [key, item] of entries) await this.put(tx, key, item);
    });
  }

  /**
   * One item in one statement: an eTag of '*' (or none) always writes, any other only while it is the stored one.
   * The eTag counts the item's writes.
   */
  private async put(sql: Sql, key: string, item: unknown): Promise<void> {
    const { eTag, ...value } = (item ?? {}) as { eTag?: string };
    const expected = eTag && eTag !== '*' ? eTag : null;
    const changed = await sql.run(
      `INSERT INTO storage (key, value, etag, updated_at) VALUES (?, ?, 1, ?)
       ON CONFLICT(key) DO UPDATE SET value = excluded.value, etag = storage.etag + 1, updated_at = excluded.updated_at
       WHERE ? IS NULL OR CAST(storage.etag AS TEXT) = ?`,
      [key, JSON.stringify(value), new Date().toISOString(), expected, expected],
    );
    if (!changed) throw new Error(`storage: item "${key}" was changed by someone else (eTag ${eTag} is stale)`);
  }

  async delete(keys: string[]): Promise<void> {
    await this.sql.transaction(async (tx) => {
      for (const key of keys) await tx.run('DELETE FROM storage WHERE key = ?', [key]);
    });
  }
}
