/**
 * botbuilder's Storage on a SQLite file (conversation state on the embedded default), with MemoryStorage's eTag
 * rules: '*' or no eTag always writes, any other eTag only while it is the stored one.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Database } from '../../src/storage/sqlite';
import { SqliteStorage } from '../../src/storage/sqliteStorage';

let dir: string;
let db: Database;
let storage: SqliteStorage;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'loket-storage-'));
  db = openDatabase(join(dir, 'state.sqlite'));
  storage = new SqliteStorage(db);
});

afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

test('an item written is read back with an eTag that counts its writes', async () => {
  await storage.write({ a: { step: 1, eTag: '*' } });
  expect(await storage.read(['a', 'missing'])).toEqual({ a: { step: 1, eTag: '1' } });
  await storage.write({ a: { step: 2, eTag: '*' } });
  await storage.write({ a: { step: 3 } });
  expect(await storage.read(['a'])).toEqual({ a: { step: 3, eTag: '3' } });
});

test('a write with the stored eTag goes through; a stale eTag is refused and changes nothing', async () => {
  await storage.write({ a: { step: 1 } });
  const { a } = await storage.read(['a']);
  await storage.write({ a: { ...a, step: 2 } });
  await expect(storage.write({ a: { ...a, step: 'lost update' } })).rejects.toThrow(/changed by someone else/);
  expect(await storage.read(['a'])).toEqual({ a: { step: 2, eTag: '2' } });
});

test('an item not stored yet is written whatever its eTag, as MemoryStorage does', async () => {
  await storage.write({ b: { step: 1, eTag: '7' } });
  expect(await storage.read(['b'])).toEqual({ b: { step: 1, eTag: '1' } });
});

test('several items are written together or not at all', async () => {
  await storage.write({ a: { step: 1 } });
  await expect(storage.write({ c: { step: 1 }, a: { step: 2, eTag: 'stale' } })).rejects.toThrow(/"a"/);
  expect(await storage.read(['a', 'c'])).toEqual({ a: { step: 1, eTag: '1' } });
  await storage.write({ c: { step: 1 }, d: { step: 1 } });
  expect(Object.keys(await storage.read(['c', 'd']))).toEqual(['c', 'd']);
});

test('a deleted item is gone, from a new connection too', async () => {
  await storage.write({ a: { step: 1 }, b: { step: 1 } });
  await storage.delete(['a']);
  const other = openDatabase(join(dir, 'state.sqlite'));
  expect(await new SqliteStorage(other).read(['a', 'b'])).toEqual({ b: { step: 1, eTag: '1' } });
  other.close();
});
