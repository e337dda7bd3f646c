/**
 * The one database port every shared store is written against: SQLite (embedded, one instance) or PostgreSQL (shared
 * by several instances, `DATABASE_URL`). SQL uses `?` placeholders and the common subset of both dialects; where they
 * differ, a migration step gives one text per dialect.
 */
export type Dialect = 'sqlite' | 'postgres';

export interface Sql {
  readonly dialect: Dialect;
  all<T>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  get<T>(sql: string, params?: readonly unknown[]): Promise<T | undefined>;
  /** Runs a statement; resolves to the number of rows it changed. */
  run(sql: string, params?: readonly unknown[]): Promise<number>;
  /**
   * Inside a transaction: a write whose outcome the work does not wait for, run at the commit (on PostgreSQL in the
   * commit's own round trip). Its failure fails the transaction. Outside a transaction there is no commit to wait
   * for: it throws.
   */
  runAtCommit(sql: string, params?: readonly unknown[]): void;
  /** Statements in one transaction: all or nothing. */
  transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T>;
  /**
   * Runs `fn` in a transaction that no other process runs for the same key at the same time (on PostgreSQL a
   * transaction-scoped advisory lock): one conversation's turns never overlap, on whichever instance they arrive.
   * The lock is taken with the transaction's first statement (on PostgreSQL in the same round trip).
   */
  exclusive<T>(key: string, fn: (tx: Sql) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** A migration step: one SQL text for both dialects, or one per dialect. */
export type Step = string | { sqlite: string; postgres: string };

/** A table created with a generated id: the same columns in both dialects, each with its own auto-increment. */
export function withGeneratedId(create: (id: string) => string): Step {
  return { sqlite: create('id INTEGER PRIMARY KEY AUTOINCREMENT'), postgres: create('id BIGSERIAL PRIMARY KEY') };
}

/**
 * Applies the steps of one module's schema not applied yet. `steps` is append-only: step i is version i+1 under
 * `name`, so each store owns its tables and adds a step instead of editing one. Two instances starting at once apply
 * each step once. Returns how many steps ran now.
 */
export async function migrate(sql: Sql, name: string, steps: readonly Step[]): Promise<number> {
  // One lock for all migrations: even CREATE TABLE IF NOT EXISTS collides when two instances run it at once.
  return sql.exclusive('loket:migrate', async (tx) => {
    await tx.run(`CREATE TABLE IF NOT EXISTS schema_migrations (
      name TEXT NOT NULL, version INTEGER NOT NULL, applied_at TEXT NOT NULL, PRIMARY KEY (name, version))`);
    const row = await tx.get<{ version: number | string }>('SELECT COALESCE(MAX(version), 0) AS version FROM schema_migrations WHERE name = ?', [name]);
    const done = Number(row?.version ?? 0);
    for (let version = done + 1; version <= steps.length; version++) {
      const step = steps[version - 1];
      for (const statement of statements(typeof step === 'string' ? step : step[sql.dialect])) await tx.run(statement);
      await tx.run('INSERT INTO schema_migrations (name, version, applied_at) VALUES (?, ?, ?)', [name, version, new Date().toISOString()]);
    }
    return Math.max(0, steps.length - done);
  });
}

/** A step may hold several statements separated by semicolons at the end of a line. */
function statements(text: string): string[] {
  return text.split(/;\s*(?:\n|$)/).map((s) => s.trim()).filter(Boolean);
}

/**
 * `migrate` for a store that is usable at once (its constructor cannot wait): each query awaits the promise, so a
 * failed migration surfaces there, not as an unhandled rejection.
 */
export function migrating(sql: Sql, name: string, steps: readonly Step[]): Promise<number> {
  const ready = migrate(sql, name, steps);
  ready.catch(() => undefined);
  return ready;
}
