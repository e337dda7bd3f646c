import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSql, type Dialect, type Sql } from '../../src/storage';
import { startCluster, type Cluster } from './postgres';

/** Both databases a store must work on: store tests run once per dialect (`describe.each(DIALECTS)`). */
export const DIALECTS: readonly Dialect[] = ['sqlite', 'postgres'];

/** One throw-away PostgreSQL cluster per test file (jest loads this module once per file), started when first needed. */
let cluster: Promise<Cluster> | undefined;
let databases = 0;

afterAll(async () => {
  if (cluster) (await cluster).stop();
});

/** The test file's PostgreSQL cluster. */
export function sharedCluster(): Promise<Cluster> {
  cluster ??= startCluster();
  return cluster;
}

/** A new, empty PostgreSQL database in the file's cluster; returns its URL. */
export async function freshPostgres(): Promise<string> {
  const { url } = await sharedCluster();
  const name = `loket_test_${++databases}`;
  const admin = openSql(url);
  try {
    await admin.run(`CREATE DATABASE ${name}`);
  } finally {
    await admin.close();
  }
  return url.replace(/\/[^/]*$/, `/${name}`);
}

export interface TestDatabase {
  /** The first connection, as one instance has it. */
  readonly sql: Sql;
  /** A SQLite file or a postgres:// URL. */
  readonly target: string;
  /** Another connection to the same database: a second instance on PostgreSQL, a restart on SQLite. */
  connect(): Sql;
}

/**
 * A fresh, empty database for each test of the block: a SQLite file in a new folder, or a new database in the file's
 * PostgreSQL cluster. Connections opened through it are closed after each test.
 */
export function testDatabase(dialect: Dialect): TestDatabase {
  let dir = '';
  let target = '';
  const opened: Sql[] = [];
  beforeEach(async () => {
    if (dialect === 'sqlite') {
      dir = mkdtempSync(join(tmpdir(), 'loket-store-'));
      target = join(dir, 'loket.sqlite');
    } else {
      target = await freshPostgres();
    }
  });
  afterEach(async () => {
    for (const sql of opened.splice(0)) await sql.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = '';
  });
  const connect = () => {
    const sql = openSql(target);
    opened.push(sql);
    return sql;
  };
  return {
    get sql() {
      return opened[0] ?? connect();
    },
    get target() {
      return target;
    },
    connect,
  };
}
