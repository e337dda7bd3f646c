import fs from 'node:fs';
import path from 'node:path';
import { migrate, openDatabase } from '../../src/storage/sqlite';
import { removeDir, tempDir } from './helpers';

describe('openDatabase', () => {
  let dir: string;
  beforeEach(() => { dir = tempDir(); });
  afterEach(() => removeDir(dir));

  it('creates the parent folder and uses WAL and a busy timeout', () => {
    const file = path.join(dir, 'nested', 'deeper', 'loket.sqlite');
    const db = openDatabase(file);
    expect(fs.existsSync(file)).toBe(true);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    db.close();
  });

  it('works in memory', () => {
    const db = openDatabase(':memory:');
    db.exec('CREATE TABLE t (x INTEGER)');
    expect(db.prepare('SELECT COUNT(*) AS n FROM t').get()).toEqual({ n: 0 });
    db.close();
  });
});

describe('migrate', () => {
  let dir: string;
  beforeEach(() => { dir = tempDir(); });
  afterEach(() => removeDir(dir));

  it('applies each step once, also after reopening, and adds new steps later', () => {
    const file = path.join(dir, 'm.sqlite');
    const step1 = 'CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)';
    const step2 = 'ALTER TABLE notes ADD COLUMN author TEXT';

    let db = openDatabase(file);
    expect(migrate(db, 'notes', [step1])).toBe(1);
    expect(migrate(db, 'notes', [step1])).toBe(0);
    db.close();

    db = openDatabase(file);
    expect(migrate(db, 'notes', [step1, step2])).toBe(1);
    db.prepare('INSERT INTO notes (body, author) VALUES (?, ?)').run('x', 'y');
    const versions = db.prepare('SELECT name, version FROM schema_migrations ORDER BY version').all();
    expect(versions).toEqual([{ name: 'notes', version: 1 }, { name: 'notes', version: 2 }]);
    db.close();
  });

  it('keeps modules apart and rolls back a failing step', () => {
    const db = openDatabase(':memory:');
    migrate(db, 'a', ['CREATE TABLE a (x)']);
    migrate(db, 'b', ['CREATE TABLE b (x)']);
    expect(() => migrate(db, 'a', ['CREATE TABLE a (x)', 'CREATE TABLE c (x)', 'THIS IS NOT SQL'])).toThrow();
    // the whole run is one transaction: table c did not stay behind
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'c'").get()).toBeUndefined();
    expect(migrate(db, 'a', ['CREATE TABLE a (x)', 'CREATE TABLE c (x)'])).toBe(1);
    db.close();
  });
});
