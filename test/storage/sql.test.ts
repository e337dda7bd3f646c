import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrate, openSql, type Sql } from '../../src/storage';
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
