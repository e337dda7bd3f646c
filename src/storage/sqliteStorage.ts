import type { Storage, StoreItems } from 'botbuilder';
import { migrate, type Database, type Statement } from './sqlite';

/**
 * botbuilder's `Storage` (read, write, delete) on SQLite, so conversation state survives a restart. Follows
 * MemoryStorage's eTag rules: a write with an eTag other than '*' fails if the stored item changed meanwhile.
 */
export class SqliteStorage implements Storage {
  // Prepared once: preparing took as long as running them, on every turn.
  private readonly get: Statement;
  private readonly etag: Statement;
  private readonly put: Statement;
  private readonly del: Statement;

  constructor(private readonly db: Database) {
    migrate(db, 'storage', [
      'CREATE TABLE storage (key TEXT PRIMARY KEY, value TEXT NOT NULL, etag INTEGER NOT NULL)',
      // When each item last changed, so conversations past their retention can be purged (src/privacy/).
      `ALTER TABLE storage ADD COLUMN updated_at TEXT;
       UPDATE storage SET updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now');
       CREATE INDEX storage_updated ON storage (updated_at);`,
    ]);
    this.get = db.prepare('SELECT value, etag FROM storage WHERE key = ?');
    this.etag = db.prepare('SELECT etag FROM storage WHERE key = ?');
    this.put = db.prepare('INSERT INTO storage (key, value, etag, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, etag = excluded.etag, updated_at = excluded.updated_at');
    this.del = db.prepare('DELETE FROM storage WHERE key = ?');
  }

  async read(keys: string[]): Promise<StoreItems> {
    const items: StoreItems = {};
    for (const key of keys) {
      const row = this.get.get(key) as { value: string; etag: number } | undefined;
      if (row) items[key] = { ...JSON.parse(row.value), eTag: String(row.etag) };
    }
    return items;
  }

  async write(changes: StoreItems): Promise<void> {
    this.db.transaction(() => {
      for (const [key, item] of Object.entries(changes)) {
        const { eTag, ...value } = (item ?? {}) as { eTag?: string };
        const row = this.etag.get(key) as { etag: number } | undefined;
        if (row && eTag && eTag !== '*' && eTag !== String(row.etag)) throw new Error(`storage: item "${key}" was changed by someone else (eTag ${eTag} is stale)`);
        this.put.run(key, JSON.stringify(value), (row?.etag ?? 0) + 1, new Date().toISOString());
      }
    })();
  }

  async delete(keys: string[]): Promise<void> {
    this.db.transaction(() => keys.forEach((k) => this.del.run(k)))();
  }
}
