import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrate, openSql, SqliteSql, type Sql } from '../../src/storage';
import { openDatabase } from '../../src/storage/sqlite';
import { toPostgres } from '../../src/storage/postgresSql';
import { startCluster, type Cluster } from './postgres';

const STEPS = [
  'CREATE TABLE counters (name TEXT PRIMARY KEY, n INTEGER NOT NULL)',
  { sqlite: 'CREATE TABLE notes (id INTEGER PRIMARY KEY AUTOINCREMENT, text TEXT)', postgres: 'CREATE TABLE notes (id SERIAL PRIMARY KEY, text TEXT)' },
];

/** Read, wait a moment for the other side, write: loses an update unless the two never overlap. */
async function increment(sql: Sql, key: string): Promise<void> {
  await sql.exclusive(key, async (tx) => {
    const row = await tx.get<{ n: number }>('SELECT n FROM counters WHERE name = ?', [key]);
    await new Promise((r) => setImmediate(r));
    await tx.run('UPDATE counters SET n = ? WHERE name = ?', [Number(row!.n) + 1, key]);
  });
}

describe.each(['sqlite', 'postgres'] as const)('the Sql port on %s', (dialect) => {
  let dir: string;
  let cluster: Cluster | undefined;
  let target: string;
  let sql: Sql;
  let second: Sql;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'loket-sql-'));
    if (dialect === 'postgres') cluster = await startCluster();
    target = cluster?.url ?? join(dir, 'test.sqlite');
    sql = openSql(target);
    // PostgreSQL: a second pool stands for a second instance. SQLite has one instance by design.
    second = dialect === 'postgres' ? openSql(target) : sql;
  });

  afterAll(async () => {
    await sql.close();
    if (second !== sql) await second.close();
    cluster?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('applies each migration step once, also when two instances start together', async () => {
    expect(sql.dialect).toBe(dialect);
    const ran = await Promise.all([migrate(sql, 'test', STEPS), migrate(second, 'test', STEPS)]);
    expect(ran.sort()).toEqual([0, 2]);
    expect(await migrate(sql, 'test', STEPS)).toBe(0);
    await sql.run('INSERT INTO notes (text) VALUES (?)', ['één']);
    expect(await sql.all('SELECT id, text FROM notes')).toEqual([{ id: 1, text: 'één' }]);
  });

  it('rolls a failed transaction back', async () => {
    await expect(sql.transaction(async (tx) => {
      await tx.run('INSERT INTO notes (text) VALUES (?)', ['kept?']);
      throw new Error('boom');
    })).rejects.toThrow('boom');
    expect(await sql.get('SELECT text FROM notes WHERE text = ?', ['kept?'])).toBeUndefined();
  });

  it('never runs two exclusive transactions of one key at once, across instances', async () => {
    await sql.run('INSERT INTO counters (name, n) VALUES (?, ?)', ['gesprek-1', 0]);
    await Promise.all(Array.from({ length: 20 }, (_, i) => increment(i % 2 ? second : sql, 'gesprek-1')));
    expect(await sql.get<{ n: number }>('SELECT n FROM counters WHERE name = ?', ['gesprek-1'])).toEqual({ n: 20 });
  });

  it('counts changed rows', async () => {
    expect(await sql.run('UPDATE notes SET text = ? WHERE text = ?', ['twee', 'één'])).toBe(1);
    expect(await sql.run('UPDATE notes SET text = ? WHERE text = ?', ['drie', 'bestaat niet'])).toBe(0);
  });
});

describe('PostgreSQL placeholders', () => {
  it('numbers each ? in order', () => {
    expect(toPostgres('SELECT * FROM t WHERE a = ? AND b IN (?, ?)')).toBe('SELECT * FROM t WHERE a = $1 AND b IN ($2, $3)');
  });
});

describe('group commit on SQLite', () => {
  let dir: string;
  let sql: SqliteSql;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'loket-group-'));
    sql = new SqliteSql(openDatabase(join(dir, 'group.sqlite')));
    // The write-ahead log keeps every commit's pages until a checkpoint: its length counts the commits.
    sql.db.pragma('wal_autocheckpoint = 0');
    await sql.run('CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL)');
  });

  afterEach(async () => {
    await sql.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const framesInLog = () => (sql.db.pragma('wal_checkpoint(PASSIVE)') as { log: number }[])[0].log;

  it('commits transactions that arrive together at once, and rolls back only the ones that fail', async () => {
    const before = framesInLog();
    const results = await Promise.allSettled(Array.from({ length: 100 }, (_, i) => sql.transaction(async (tx) => {
      await tx.run('INSERT INTO notes (id, text) VALUES (?, ?)', [i, `notitie ${i}`]);
      if (i % 7 === 0) throw new Error(`mislukt ${i}`);
      return i;
    })));
    expect(results.filter((r) => r.status === 'rejected')).toHaveLength(15);
    const kept = (await sql.all<{ id: number }>('SELECT id FROM notes ORDER BY id')).map((r) => r.id);
    expect(kept).toEqual(Array.from({ length: 100 }, (_, i) => i).filter((i) => i % 7 !== 0));
    // One commit per transaction would write at least 100 frames.
    expect(framesInLog() - before).toBeLessThan(10);
  });

  it('runs what SQLite refuses inside a transaction (VACUUM, checkpoints) between the batches', async () => {
    const writes = Array.from({ length: 20 }, (_, i) => sql.run('INSERT INTO notes (id, text) VALUES (?, ?)', [i, 'x']));
    const vacuum = sql.run('VACUUM');
    const checkpoint = sql.all('PRAGMA wal_checkpoint(TRUNCATE)');
    await Promise.all([...writes, vacuum, checkpoint]);
    expect(await sql.get('SELECT COUNT(*) AS n FROM notes')).toEqual({ n: 20 });
  });

  it('fails a statement alone: the others of its batch are kept', async () => {
    await sql.run('INSERT INTO notes (id, text) VALUES (1, ?)', ['eerste']);
    const [dup, ok] = await Promise.allSettled([sql.run('INSERT INTO notes (id, text) VALUES (1, ?)', ['dubbel']), sql.run('INSERT INTO notes (id, text) VALUES (2, ?)', ['tweede'])]);
    expect(dup.status).toBe('rejected');
    expect(ok).toEqual({ status: 'fulfilled', value: 1 });
    expect(await sql.all('SELECT text FROM notes ORDER BY id')).toEqual([{ text: 'eerste' }, { text: 'tweede' }]);
  });
});
