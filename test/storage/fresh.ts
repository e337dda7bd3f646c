import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSql, type Sql } from '../../src/storage';
import { createDatabase, startCluster, type Cluster } from './postgres';

export type Dialect = 'sqlite' | 'postgres';

/** Both databases a store must work on: its tests run once per dialect (`describe.each(DIALECTS)`). */
export const DIALECTS: readonly Dialect[] = ['sqlite', 'postgres'];

/** One throw-away PostgreSQL cluster per test file (jest loads this module once per file), started when first needed. */
let cluster: Promise<Cluster> | undefined;
let databases = 0;

afterAll(async () => {
  if (cluster) (await cluster).stop();
});

/**
 * A new, empty PostgreSQL database in the test file's cluster; returns its URL. A database of its own, not a schema:
 * NOTIFY reaches every listener of a database, so two tests' servers never hear each other.
 */
export async function freshPostgres(): Promise<string> {
  cluster ??= startCluster();
  const { url } = await cluster;
  return createDatabase(url, `loket_test_${++databases}`);
}

export interface FreshDatabase {
  /** The current test's database: a SQLite file, or a postgres:// URL. */
  readonly target: string;
  /** One connection for the whole test, opened when first used. */
  readonly sql: Sql;
  /** A connection to it, closed after the test; several stand for several instances (or a restart on SQLite). */
  open(): Sql;
}

/**
 * A fresh database for every test of the calling `describe`: a SQLite file, or a new database in the test file's
 * PostgreSQL cluster (ids start at 1, and no test sees another's rows). Registers the jest hooks itself.
 */
export function freshDatabase(dialect: Dialect): FreshDatabase {
  let dir = '';
  let target = '';
  const opened: Sql[] = [];
  beforeEach(async () => {
    if (dialect === 'postgres') return void (target = await freshPostgres());
    dir = mkdtempSync(join(tmpdir(), 'loket-fresh-'));
    target = join(dir, 'loket.sqlite');
  });
  afterEach(async () => {
    for (const sql of opened.splice(0)) await sql.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = '';
  });
  const open = () => {
    const sql = openSql(target);
    opened.push(sql);
    return sql;
  };
  return {
    get target() {
      return target;
    },
    get sql() {
      return opened[0] ?? open();
    },
    open,
  };
}
