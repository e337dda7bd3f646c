/**
 * Deleted rows must not linger in a SQLite file: openDatabase turns on secure_delete, and the privacy code empties
 * the write-ahead log after deleting and, for an erasure, rewrites the file. Checked on the files' bytes, each time
 * against a database where the same check does find the deleted value.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { scrub } from '../../src/privacy/holdings';
import { SqliteSql } from '../../src/storage';
import { openDatabase, type Database } from '../../src/storage/sqlite';

const SECRET = 'Jan Pieter Jansen, Kerkstraat 12';

function fileBytes(file: string): string {
  return [file, `${file}-wal`].filter(existsSync).map((f) => readFileSync(f).toString('latin1')).join('');
}

/** A table with the secret among other rows (so its page stays in use), then the secret's row deleted. */
async function writeAndDelete(db: Database): Promise<void> {
  db.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL)');
  const insert = db.prepare('INSERT INTO notes (text) VALUES (?)');
  for (let i = 0; i < 20; i++) insert.run(i === 7 ? SECRET : `nothing personal ${i}`);
  const sql = new SqliteSql(db);
  await sql.run('DELETE FROM notes WHERE text = ?', [SECRET]);
  await scrub(sql, false);
  expect(db.prepare('SELECT COUNT(*) AS n FROM notes').get()).toEqual({ n: 19 });
}

/**
 * A Direct Line log (a table without rowid) of eight conversations that grew together, so pages split and SQLite
 * moved rows between pages; then every other conversation erased. Returns how often their ids are in the file.
 */
async function growAndErase(file: string, rewrite: boolean): Promise<number> {
  const db = openDatabase(file);
  db.exec('CREATE TABLE activities (conversation_id TEXT NOT NULL, seq INTEGER NOT NULL, activity TEXT NOT NULL, PRIMARY KEY (conversation_id, seq)) WITHOUT ROWID');
  const insert = db.prepare('INSERT INTO activities VALUES (?, ?, ?)');
  const ids = [0, 1, 2, 3, 4, 5, 6, 7].map((i) => `conversation-${i}-k3m9q7x2`);
  for (let seq = 0; seq < 20; seq++) for (const id of ids) insert.run(id, seq, JSON.stringify({ type: 'message', text: 'x'.repeat(200 + ((seq * 37) % 600)), conversation: { id } }));
  const sql = new SqliteSql(db);
  const erased = ids.filter((_, i) => i % 2 === 0);
  for (const id of erased) await sql.run('DELETE FROM activities WHERE conversation_id = ?', [id]);
  await scrub(sql, rewrite);
  await sql.close();
  const bytes = fileBytes(file);
  return erased.reduce((n, id) => n + bytes.split(id).length - 1, 0);
}

describe('SQLite secure delete', () => {
  const dir = mkdtempSync(join(tmpdir(), 'loket-secure-delete-'));

  it('finds a deleted value in the bytes of a database without it (the check can see one)', async () => {
    const file = join(dir, 'plain.sqlite');
    const db = new BetterSqlite3(file);
    db.pragma('journal_mode = WAL');
    db.pragma('secure_delete = OFF');
    await writeAndDelete(db);
    db.close();
    expect(fileBytes(file)).toContain(SECRET);
  });

  it('leaves no byte of a deleted value in a database Loket opened, with the write-ahead log emptied', async () => {
    const file = join(dir, 'loket.sqlite');
    const db = openDatabase(file);
    expect(db.pragma('secure_delete', { simple: true })).toBe(1);
    await writeAndDelete(db);
    // Not only after closing: a running server's file is copied while open.
    expect(fileBytes(file)).not.toContain(SECRET);
    expect(fileBytes(file)).toContain('nothing personal 8');
    db.close();
    expect(fileBytes(file)).not.toContain(SECRET);
  });

  it('leaves no byte of what an update replaced (a melding anonymised for statistics)', async () => {
    const file = join(dir, 'update.sqlite');
    const db = openDatabase(file);
    db.exec('CREATE TABLE reports (id INTEGER PRIMARY KEY, category TEXT, description TEXT)');
    const insert = db.prepare('INSERT INTO reports (category, description) VALUES (?, ?)');
    for (let i = 0; i < 20; i++) insert.run('verlichting', i === 3 ? SECRET : `lamp ${i}`);
    const sql = new SqliteSql(db);
    await sql.run("UPDATE reports SET description = '' WHERE description = ?", [SECRET]);
    await scrub(sql, false);
    expect(fileBytes(file)).not.toContain(SECRET);
    db.close();
  });

  it('rewrites the file for an erasure: copies from page splits, which secure_delete leaves, are gone', async () => {
    // secure_delete zeroes the rows it deletes, not the copies a page split left in a page's unused space.
    expect(await growAndErase(join(dir, 'split.sqlite'), false)).toBeGreaterThan(0);
    expect(await growAndErase(join(dir, 'split-rewritten.sqlite'), true)).toBe(0);
  });
});
