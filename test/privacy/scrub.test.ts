import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scrub } from '../../src/privacy/holdings';
import { BackgroundCheckpoints, SqliteSql } from '../../src/storage';

describe('scrub', () => {
  it('empties the write-ahead log while another connection keeps checkpointing (a running server beside a purge)', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'loket-scrub-')), 'a.sqlite');
    const sql = SqliteSql.open(file);
    await sql.run('CREATE TABLE t (x TEXT)');
    // The server's own checkpoint worker, as busy as it can be: SQLite lets only one checkpoint run at a time.
    const checkpoints = new BackgroundCheckpoints([sql.db], 1);
    try {
      for (let round = 0; round < 20; round++) {
        // One commit each, as a server's turns come: a long log, so the worker's checkpoints take a while.
        for (let i = 0; i < 200; i++) await sql.run('INSERT INTO t VALUES (?)', ['x'.repeat(500)]);
        await scrub(sql, false);
        expect({ round, wal: statSync(`${file}-wal`).size }).toEqual({ round, wal: 0 });
      }
    } finally {
      await checkpoints.close();
      await sql.close();
    }
  });
});
