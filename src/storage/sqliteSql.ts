import { openDatabase, type Database } from './sqlite';
import type { Sql } from './sql';

type Statement = ReturnType<Database['prepare']> & { all(...params: unknown[]): unknown[]; get(...params: unknown[]): unknown; run(...params: unknown[]): { changes: number } };

/**
 * One piece of work on the connection: a statement, a whole transaction (in a savepoint, so it can fail alone), or a
 * statement SQLite runs only outside any transaction (VACUUM, some pragmas such as wal_checkpoint).
 */
type Kind = 'statement' | 'transaction' | 'outside';
interface Job {
  owner: SqliteSql;
  work: (tx: Sql) => unknown;
  kind: Kind;
  resolve(value: unknown): void;
  reject(err: unknown): void;
}

/** Work of one database file, taking turns; `draining` while a batch runs. */
interface Turns { jobs: Job[]; draining: boolean }

/**
 * At most this many jobs share one commit, so a batch's first job waits for a bounded number of others. Under load
 * from 200 residents a batch holds some tens.
 */
const MAX_BATCH = 256;

/**
 * One queue per database file in this process: every wrapper and connection of the same file takes turns. Two
 * connections of one process must not both hold a transaction open across an await: the second would wait for the
 * file's lock synchronously, and the first could never finish.
 */
const queues = new Map<string, Turns>();
const memoryQueues = new WeakMap<Database, Turns>();

function turnsOf(db: Database): Turns {
  const file = db.memory ? undefined : db.name;
  let turns = file ? queues.get(file) : memoryQueues.get(db);
  if (!turns) {
    turns = { jobs: [], draining: false };
    if (file) queues.set(file, turns);
    else memoryQueues.set(db, turns);
  }
  return turns;
}

/**
 * The Sql port on a SQLite file. better-sqlite3 is synchronous with one connection, so work takes turns in a queue
 * shared by every wrapper of that file: a statement outside a transaction waits for the running transaction instead
 * of landing inside it, and two transactions never begin on one connection at once. `exclusive` is a transaction like
 * any other, since only one process may use the file.
 *
 * Group commit: the work that arrives in the same round of the event loop (the turns of many residents at once) runs
 * in one SQLite transaction, each transaction in a savepoint of its own, and is committed once. A commit is most of
 * the cost of a small write, so under load this saves most of it; every caller still hears back only after the commit
 * that holds its work, and a failed transaction is rolled back alone.
 */
export class SqliteSql implements Sql {
  readonly dialect = 'sqlite' as const;
  private readonly turns: Turns;
  private readonly statements = new Map<string, Statement>();

  constructor(readonly db: Database) {
    this.turns = turnsOf(db);
  }

  static open(file: string): SqliteSql {
    return new SqliteSql(openDatabase(file));
  }

  all<T>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    return this.queue(() => this.prepare(sql).all(...params), kindOf(sql)) as Promise<T[]>;
  }

  get<T>(sql: string, params: readonly unknown[] = []): Promise<T | undefined> {
    return this.queue(() => this.prepare(sql).get(...params), kindOf(sql)) as Promise<T | undefined>;
  }

  run(sql: string, params: readonly unknown[] = []): Promise<number> {
    return this.queue(() => this.runNow(sql, params), kindOf(sql)) as Promise<number>;
  }

  runAtCommit(): void {
    throw new Error('runAtCommit is for inside a transaction');
  }

  transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T> {
    return this.queue(fn, 'transaction') as Promise<T>;
  }

  exclusive<T>(_key: string, fn: (tx: Sql) => Promise<T>): Promise<T> {
    return this.transaction(fn);
  }

  async close(): Promise<void> {
    if (!this.db.open) return;
    // Whatever was queued before the close is committed first.
    await this.queue(() => undefined, 'statement');
    this.db.close();
  }

  /** Inside a transaction: the same connection at once, and a nested transaction is part of the outer one. */
  private readonly inside: Sql = {
    dialect: 'sqlite',
    all: async (sql, params = []) => this.prepare(sql).all(...params) as never,
    get: async (sql, params = []) => this.prepare(sql).get(...params) as never,
    run: async (sql, params = []) => this.runNow(sql, params),
    // SQLite writes at once and commits with the batch; a failure throws into the work, which fails its transaction.
    runAtCommit: (sql, params = []) => void this.runNow(sql, params),
    transaction: (fn) => fn(this.inside),
    exclusive: (_key, fn) => fn(this.inside),
    close: async () => undefined,
  };

  private queue(work: (tx: Sql) => unknown, kind: Kind): Promise<unknown> {
    return new Promise((resolve, reject) => {
      this.turns.jobs.push({ owner: this, work, kind, resolve, reject });
      if (!this.turns.draining) void drain(this.turns);
    });
  }

  /** Runs one job inside the open batch; returns how to tell its caller once the batch is committed. */
  async step(job: Job): Promise<() => void> {
    if (job.kind !== 'transaction') {
      try {
        const value = job.work(this.inside);
        return () => job.resolve(value);
      } catch (err) {
        // A failed statement undoes only itself; the batch goes on.
        return () => job.reject(err);
      }
    }
    this.prepare('SAVEPOINT job').run();
    try {
      const value = await job.work(this.inside);
      this.prepare('RELEASE job').run();
      return () => job.resolve(value);
    } catch (err) {
      if (this.db.inTransaction) {
        this.prepare('ROLLBACK TO job').run();
        this.prepare('RELEASE job').run();
      }
      return () => job.reject(err);
    }
  }

  /** Statements that control the batch's transaction, prepared once like every other. */
  control(statement: 'BEGIN IMMEDIATE' | 'COMMIT' | 'ROLLBACK'): void {
    this.prepare(statement).run();
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

/** Runs the file's queued work, batch after batch, until the queue is empty. */
async function drain(turns: Turns): Promise<void> {
  turns.draining = true;
  try {
    while (turns.jobs.length) await batch(turns);
  } finally {
    turns.draining = false;
  }
}

/**
 * One transaction for the jobs of one connection that are queued now or arrive before the event loop's next round,
 * committed once. When the transaction itself fails (BEGIN or COMMIT, or SQLite dropped it after a grave error such
 * as a full disk), every job in it fails: none of their work was kept.
 */
async function batch(turns: Turns): Promise<void> {
  const owner = turns.jobs[0].owner;
  if (turns.jobs[0].kind === 'outside') return (await owner.step(turns.jobs.shift()!))();
  try {
    owner.control('BEGIN IMMEDIATE');
  } catch (err) {
    return turns.jobs.shift()!.reject(err);
  }
  const settled: (() => void)[] = [];
  const ran: Job[] = [];
  const next = () => (ran.length < MAX_BATCH && turns.jobs[0]?.owner.db === owner.db && turns.jobs[0].kind !== 'outside' ? turns.jobs.shift() : undefined);
  try {
    for (let job = next(); job; job = next() ?? (await nextRound(), next())) {
      ran.push(job);
      settled.push(await job.owner.step(job));
      if (!owner.db.inTransaction) throw new Error('SQLite rolled the transaction back');
    }
    owner.control('COMMIT');
  } catch (err) {
    if (owner.db.inTransaction) owner.control('ROLLBACK');
    for (const job of ran) job.reject(err);
    return;
  }
  for (const settle of settled) settle();
}

function kindOf(sql: string): Kind {
  return /^\s*(?:VACUUM|PRAGMA)\b/i.test(sql) ? 'outside' : 'statement';
}

/** Lets the requests that are ready now (other residents' turns) queue their work before the batch commits. */
function nextRound(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
