/**
 * Where Loket keeps what must survive a restart. SQLite files are the embedded default for one instance;
 * `DATABASE_URL=postgres://…` makes PostgreSQL the store several instances share (docs/deploy.md).
 */
import { PostgresSql } from './postgresSql';
import type { Sql } from './sql';
import { SqliteSql } from './sqliteSql';

export { migrate, migrating, withGeneratedId, type Dialect, type Sql, type Step } from './sql';
export { PostgresSql } from './postgresSql';
export { SqliteSql } from './sqliteSql';
export { holdSingleInstance } from './instanceLock';
export { LocalBus, PostgresBus, type Bus } from './bus';
export { BackgroundCheckpoints } from './checkpoints';

/** A postgres:// URL opens PostgreSQL; anything else is a SQLite file. */
export function openSql(target: string): Sql {
  return /^postgres(?:ql)?:\/\//i.test(target) ? PostgresSql.open(target) : SqliteSql.open(target);
}
