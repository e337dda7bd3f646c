import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSql, type Sql } from '../../src/storage';
import { startCluster, type Cluster } from './postgres';

export type Dialect = 'sqlite' | 'postgres';

export interface FreshDatabase {
  /** The current test's database: a SQLite file, or a postgres:// URL. */
  readonly target: string;
  /** A connection to it, closed after the test; several stand for several instances. */
  open(): Sql;
}

/**
 * A fresh database for every test of the calling `describe`: a SQLite file, or on one throw-away PostgreSQL cluster
 * a schema of its own (ids start at 1, and no test sees another's rows). Registers the jest hooks itself.
 */
export function freshDatabase(dialect: Dialect): FreshDatabase {
  let cluster: Cluster | undefined;
  let dir: string;
  let n = 0;
  let target = '';
  const opened: Sql[] = [];
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'loket-fresh-'));
    if (dialect === 'postgres') cluster = await startCluster();
  });
  beforeEach(async () => {
    n++;
    if (!cluster) return void (target = join(dir, `db${n}.sqlite`));
    const admin = openSql(cluster.url);
    await admin.run(`CREATE SCHEMA test${n}`);
    await admin.close();
    target = `${cluster.url}?options=${encodeURIComponent(`-c search_path=test${n}`)}`;
  });
  afterEach(async () => {
    for (const sql of opened.splice(0)) await sql.close();
  });
  afterAll(() => {
    cluster?.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  return {
    get target() {
      return target;
    },
    open() {
      const sql = openSql(target);
      opened.push(sql);
      return sql;
    },
  };
}
