import type * as Pg from 'pg';

/** node-postgres, loaded when PostgreSQL is used: one instance on SQLite files never needs it (~50 ms of start-up). */
export function pg(): typeof Pg {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('pg');
}
