/**
 * `loket serve` moves SQLite's checkpoints (copying the write-ahead log into the database file, with an fsync) to a
 * worker thread, so no request waits for the disk inside a commit. Checked on the files: the database file takes the
 * rows while the server's own connection never checkpoints, and after the worker stops it checkpoints as before.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BackgroundCheckpoints } from '../../src/storage';
import { openDatabase, type Database } from '../../src/storage/sqlite';

let dir: string;
beforeEach(() => void (dir = mkdtempSync(join(tmpdir(), 'loket-checkpoints-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** 300 commits of a row each: about 300 pages in the log, fewer than SQLite's own checkpoint waits for. */
function write(db: Database): void {
  db.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL)');
  const insert = db.prepare('INSERT INTO notes (text) VALUES (?)');
  for (let i = 0; i < 300; i++) insert.run('x'.repeat(2000));
}

describe('background checkpoints', () => {
  test('the worker copies the log into the database file; the connection does not', async () => {
    const file = join(dir, 'a.sqlite');
    const db = openDatabase(file);
    const checkpoints = new BackgroundCheckpoints([db], 10);
    try {
      expect(db.pragma('wal_autocheckpoint', { simple: true })).toBeGreaterThan(1000);
      const events: unknown[] = [];
      // The worker may copy part of the log while the rows are written: this waits for the checkpoint of all of it.
      const copied = new Promise<void>((resolve) => checkpoints.on('checkpoint', (e) => {
        events.push(e);
        if (statSync(file).size > 300 * 2000) resolve();
      }));
      write(db);
      await copied;
      expect(events[0]).toEqual({ file, pages: expect.any(Number) });
    } finally {
      await checkpoints.close();
    }
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    expect((db.prepare('SELECT COUNT(*) AS n FROM notes').get() as { n: number }).n).toBe(300);
    db.close();
  });

  test('without the worker the same rows stay in the log', () => {
    const file = join(dir, 'b.sqlite');
    const db = openDatabase(file);
    write(db);
    expect(statSync(file).size).toBeLessThan(300 * 2000);
    expect(statSync(`${file}-wal`).size).toBeGreaterThan(300 * 2000);
    db.close();
  });

  test('a database in memory is left alone', async () => {
    const db = openDatabase(':memory:');
    const checkpoints = new BackgroundCheckpoints([db], 10);
    await checkpoints.close();
    db.close();
  });
});
