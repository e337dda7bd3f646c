import type { Pool, PoolClient } from 'pg';
import { pg } from './pg';
import type { Sql } from './sql';

type Query = (text: string, values: unknown[]) => Promise<{ rows: unknown[]; rowCount: number | null }>;

/** At most this many statement texts are prepared on each connection; the SQL in the stores holds far fewer. */
const MAX_PREPARED = 500;
const names = new Map<string, string>();

/**
 * A statement with values, prepared once per connection under a name and planned from then on by PostgreSQL's plan
 * cache: the load benchmark showed the Direct Line log's statement spending as long in the planner as in execution.
 * Texts without values go as they are (they may hold several statements, which a prepared statement cannot).
 * A text that selects `*` stays unprepared: a column added by a newer instance's migration would make its cached
 * plan fail ("cached plan must not change result type") on the instances still running.
 */
export function statement(text: string, values: unknown[]): { text: string; values: unknown[]; name?: string } {
  let name = names.get(text);
  if (name === undefined && values.length > 0 && names.size < MAX_PREPARED && !/(?:SELECT|RETURNING|,)\s*\*|\.\*/i.test(text)) {
    name = `loket_${names.size + 1}`;
    names.set(text, name);
  }
  return name === undefined ? { text, values } : { name, text, values };
}

/** `?` placeholders become PostgreSQL's `$1, $2, …` (the stores' SQL has no `?` inside string literals). */
export function toPostgres(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

/** The Sql port on a PostgreSQL pool, shared by every instance that has the same `DATABASE_URL`. */
export class PostgresSql implements Sql {
  readonly dialect = 'postgres' as const;

  private constructor(private readonly pool: Pool) {}

  static open(url: string, max = 10): PostgresSql {
    const pool = new (pg().Pool)({ connectionString: url, max });
    // An idle client that loses its connection must not take the process down; the next query reconnects.
    pool.on('error', () => undefined);
    return new PostgresSql(pool);
  }

  all<T>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    return rows<T>(this.query, sql, params);
  }

  async get<T>(sql: string, params: readonly unknown[] = []): Promise<T | undefined> {
    return (await rows<T>(this.query, sql, params))[0];
  }

  async run(sql: string, params: readonly unknown[] = []): Promise<number> {
    return (await this.query(toPostgres(sql), [...params])).rowCount ?? 0;
  }

  runAtCommit(): void {
    throw new Error('runAtCommit is for inside a transaction');
  }

  async transaction<T>(fn: (tx: Sql) => Promise<T>, lockKey?: string): Promise<T> {
    const client = await this.pool.connect();
    const opening = lockKey === undefined ? 'BEGIN' : `BEGIN; SELECT pg_advisory_xact_lock(hashtextextended(${client.escapeLiteral(lockKey)}, 0))`;
    const tx = new Inside(client, opening);
    try {
      const value = await fn(tx.sql);
      await tx.commit();
      return value;
    } catch (err) {
      if (tx.begun) await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  exclusive<T>(key: string, fn: (tx: Sql) => Promise<T>): Promise<T> {
    return this.transaction(fn, key);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  private readonly query: Query = (text, values) => this.pool.query(statement(text, values));
}

async function rows<T>(query: Query, sql: string, params: readonly unknown[]): Promise<T[]> {
  return (await query(toPostgres(sql), [...params])).rows as T[];
}

/**
 * One client inside a transaction; a nested transaction is part of the outer one. BEGIN (with the lock) is not sent on
 * its own: it goes out with the first statement, its values written into the text, so a turn takes one round trip
 * fewer. On a busy instance each round trip costs a write to the socket and a wake-up of the database, which profiles
 * showed dear. Each statement of such a text still sees what committed before it ran, so the read after the lock is
 * as fresh as before.
 */
class Inside {
  /** What must go out before the next statement; undefined once the transaction has begun. */
  private opening: string | undefined;
  /** Writes for the commit's round trip. */
  private readonly atCommit: [string, unknown[]][] = [];
  readonly sql: Sql;

  constructor(private readonly client: PoolClient, opening: string) {
    this.opening = opening;
    const query: Query = (text, values) => this.query(text, values);
    const tx: Sql = {
      dialect: 'postgres',
      all: (sql, params = []) => rows(query, sql, params),
      get: async (sql, params = []) => (await rows(query, sql, params))[0] as never,
      run: async (sql, params = []) => (await query(toPostgres(sql), [...params])).rowCount ?? 0,
      runAtCommit: (sql, params = []) => void this.atCommit.push([toPostgres(sql), [...params]]),
      transaction: (fn) => fn(tx),
      exclusive: async (key, fn) => {
        await query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [key]);
        return fn(tx);
      },
      close: async () => undefined,
    };
    this.sql = tx;
  }

  get begun(): boolean {
    return this.opening === undefined;
  }

  /**
   * The writes kept for the commit, then COMMIT, in one round trip where their values can be written in. A
   * transaction without statements still begins (and takes its lock) and ends.
   */
  async commit(): Promise<void> {
    const texts = this.opening === undefined ? [] : [this.opening];
    this.opening = undefined;
    for (const [text, values] of this.atCommit.splice(0)) {
      const inline = inlined(text, values);
      if (inline !== undefined) {
        texts.push(inline);
        continue;
      }
      if (texts.length) await this.client.query(texts.splice(0).join('; '));
      await this.client.query(statement(text, values));
    }
    await this.client.query([...texts, 'COMMIT'].join('; '));
  }

  private async query(text: string, values: unknown[]): Promise<{ rows: unknown[]; rowCount: number | null }> {
    const opening = this.opening;
    if (opening === undefined) return this.client.query(statement(text, values));
    this.opening = undefined;
    const inline = inlined(text, values);
    if (inline === undefined) {
      await this.client.query(opening);
      return this.client.query(statement(text, values));
    }
    const results = (await this.client.query(`${opening}; ${inline}`)) as unknown as { rows: unknown[]; rowCount: number | null }[];
    return results[results.length - 1];
  }
}

/**
 * A statement with its `$n` values written in as literals, exactly as pg sends them otherwise (text of unknown type,
 * so PostgreSQL infers each type from its place as it does for a parameter). Undefined where that is not certain:
 * values pg sends differently (dates, buffers, arrays, objects), text with a NUL (the protocol ends a query's text
 * there), statements with quotes or semicolons of their own, or placeholders that do not match the values.
 */
export function inlined(text: string, values: readonly unknown[]): string | undefined {
  if (/[;'"]|\$\$/.test(text)) return undefined;
  let ok = true;
  let highest = 0;
  const out = text.replace(/\$(\d+)/g, (_, n: string) => {
    highest = Math.max(highest, Number(n));
    const v = values[Number(n) - 1];
    if (v === null || v === undefined) return 'NULL';
    const plain = typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));
    if (!plain || String(v).includes('\0')) ok = false;
    return plain ? pgEscape(String(v)) : '';
  });
  return ok && highest === values.length ? out : undefined;
}

/**
 * A string literal, as pg's escapeLiteral writes it, by regular expressions: pg's loop over every character made a
 * turn's state (several KB of JSON) dearer to write in than the round trip it saved.
 */
function pgEscape(value: string): string {
  const quoted = `'${value.replace(/'/g, "''")}'`;
  return value.includes('\\') ? ` E${quoted.replace(/\\/g, '\\\\')}` : quoted;
}
