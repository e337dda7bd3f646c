import { openDatabase, type Database } from './sqlite';
import type { Sql } from './sql';

type Statement = ReturnType<Database['prepare']> & { all(...params: unknown[]): unknown[]; get(...params: unknown[]): unknown; run(...params: unknown[]): { changes: number } };

/**
 * The Sql port on a SQLite file. better-sqlite3 is synchronous with one connection, so work takes turns on a promise
 * chain shared by every wrapper of that connection: a statement outside a transaction waits for the running
 * transaction instead of landing inside it, and two transactions never begin on one connection at once.
 * `exclusive` is a transaction like any other, since only one process may use the file.
 */
/**
 * One queue per database file in this process: every wrapper and connection of the same file takes turns. Two
 * connections of one process must not both hold a transaction open across an await: the second would wait for the
 * file's lock synchronously, and the first could never finish.
 */
const queues = new Map<string, { chain: Promise<unknown> }>();
const memoryQueues = new WeakMap<Database, { chain: Promise<unknown> }>();

function turnsOf(db: Database): { chain: Promise<unknown> } {
  const file = db.memory ? undefined : db.name;
  let turns = file ? queues.get(file) : memoryQueues.get(db);
  if (!turns) {
    turns = { chain: Promise.resolve() };
    if (file) queues.set(file, turns);
    else memoryQueues.set(db, turns);
  }
  return turns;
}

export class SqliteSql implements Sql {
  readonly dialect = 'sqlite' as const;
  private readonly turns: { chain: Promise<unknown> };
  private readonly statements = new Map<string, Statement>();

  constructor(readonly db: Database) {
    this.turns = turnsOf(db);
  }

  static open(file: string): SqliteSql {
    return new SqliteSql(openDatabase(file));
  }

  all<T>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    return this.queue(() => this.prepare(sql).all(...params) as T[]);
  }

  get<T>(sql: string, params: readonly unknown[] = []): Promise<T | undefined> {
    return this.queue(() => this.prepare(sql).get(...params) as T | undefined);
  }

  run(sql: string, params: readonly unknown[] = []): Promise<number> {
    return this.queue(() => this.runNow(sql, params));
  }

  transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T> {
    return this.queue(async () => {
      this.db.exec('BEGIN IMMEDIATE');
      try {
        const value = await fn(this.inside);
        this.db.exec('COMMIT');
        return value;
      } catch (err) {
        this.db.exec('ROLLBACK');
        throw err;
      }
    });
  }

  exclusive<T>(_key: string, fn: (tx: Sql) => Promise<T>): Promise<T> {
    return this.transaction(fn);
  }

  async close(): Promise<void> {
    await this.turns.chain;
    this.db.close();
  }

  /** Inside a transaction: the same connection at once, and a nested transaction is part of the outer one. */
  private readonly inside: Sql = {
    dialect: 'sqlite',
    all: async (sql, params = []) => this.prepare(sql).all(...params) as never,
    get: async (sql, params = []) => this.prepare(sql).get(...params) as never,
    run: async (sql, params = []) => this.runNow(sql, params),
    transaction: (fn) => fn(this.inside),
    exclusive: (_key, fn) => fn(this.inside),
    close: async () => undefined,
  };

  private queue<T>(work: () => T | Promise<T>): Promise<T> {
    const result = this.turns.chain.then(work);
    this.turns.chain = result.catch(() => undefined);
    return result;
  }

  private runNow(sql: string, params: readonly unknown[]): number {
    const statement = this.prepare(sql);
    if (!statement.reader) return statement.run(...params).changes;
    statement.all(...params);
    return 0;
  }

  private prepare(sql: string): Statement {
    let statement = this.statements.get(sql);
    if (!statement) this.statements.set(sql, (statement = this.db.prepare(sql) as Statement));
    return statement;
  }
}
