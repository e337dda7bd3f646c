import type { Storage, StoreItems } from 'botbuilder';
import { migrate, type Database } from './sqlite';

/**
 * botbuilder's `Storage` (read, write, delete) on SQLite, so conversation state survives a restart. Follows
 * MemoryStorage's eTag rules: a write with an eTag other than '*' fails if the stored item changed meanwhile.
 */
export class SqliteStorage implements Storage {
  constructor(private readonly db: Database) {
    migrate(db, 'storage', [
      'CREATE TABLE storage (key TEXT PRIMARY KEY, value TEXT NOT NULL, etag INTEGER NOT NULL)',
      // When each item last changed, so conversations past their retention can be purged (src/privacy/).
      `ALTER TABLE storage ADD COLUMN updated_at TEXT;
       UPDATE storage SET updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now');
       CREATE INDEX storage_updated ON storage (updated_at);`,
    ]);
  }

  async read(keys: string[]): Promise<StoreItems> {
    const get = this.db.prepare<[string], { value: string; etag: number }>('SELECT value, etag FROM storage WHERE key = ?');
    const items: StoreItems = {};
    for (const key of keys) {
      const row = get.get(key);
      if (row) items[key] = { ...JSON.parse(row.value), eTag: String(row.etag) };
    }
    return items;
  }

  async write(changes: StoreItems): Promise<void> {
    const current = this.db.prepare<[string], { etag: number }>('SELECT etag FROM storage WHERE key = ?');
    const put = this.db.prepare('INSERT INTO storage (key, value, etag, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, etag = excluded.etag, updated_at = excluded.updated_at');
    this.db.transaction(() => {
      for (const [key, item] of Object.entries(changes)) {
        const { eTag, ...value } = (item ?? {}) as { eTag?: string };
        const row = current.get(key);
        if (row && eTag && eTag !== '*' && eTag !== String(row.etag)) throw new Error(`storage: item "${key}" was changed by someone else (eTag ${eTag} is stale)`);
        put.run(key, JSON.stringify(value), (row?.etag ?? 0) + 1, new Date().toISOString());
      }
    })();
  }

  async delete(keys: string[]): Promise<void> {
    const del = this.db.prepare('DELETE FROM storage WHERE key = ?');
    this.db.transaction(() => keys.forEach((k) => del.run(k)))();
  }
}
