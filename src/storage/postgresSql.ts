import type { Pool, PoolClient } from 'pg';
import { pg } from './pg';
import type { Sql } from './sql';

type Query = (text: string, values: unknown[]) => Promise<{ rows: unknown[]; rowCount: number | null }>;

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

  async transaction<T>(fn: (tx: Sql) => Promise<T>, lockKey?: string): Promise<T> {
    const client = await this.pool.connect();
    try {
      // One round trip for both: on a busy instance each costs a write to the socket, which profiles showed dear.
      await client.query(lockKey === undefined ? 'BEGIN' : `BEGIN; SELECT pg_advisory_xact_lock(hashtextextended(${client.escapeLiteral(lockKey)}, 0))`);
      const value = await fn(inside(client));
      await client.query('COMMIT');
      return value;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
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

  private readonly query: Query = (text, values) => this.pool.query(text, values);
}

async function rows<T>(query: Query, sql: string, params: readonly unknown[]): Promise<T[]> {
  return (await query(toPostgres(sql), [...params])).rows as T[];
}

/** One client inside a transaction; a nested transaction is part of the outer one. */
function inside(client: PoolClient): Sql {
  const query: Query = (text, values) => client.query(text, values);
  const tx: Sql = {
    dialect: 'postgres',
    all: (sql, params = []) => rows(query, sql, params),
    get: async (sql, params = []) => (await rows(query, sql, params))[0] as never,
    run: async (sql, params = []) => (await query(toPostgres(sql), [...params])).rowCount ?? 0,
    transaction: (fn) => fn(tx),
    exclusive: async (key, fn) => {
      await query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [key]);
      return fn(tx);
    },
    close: async () => undefined,
  };
  return tx;
}
