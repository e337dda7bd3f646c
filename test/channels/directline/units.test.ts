import { openSql, type Sql } from '../../../src/storage';
import { pg } from '../../../src/storage/pg';
import { startCluster, type Cluster } from '../../storage/postgres';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../../src/storage/sqlite';
import { migrate } from '../../../src/storage';
import { DirectLineStore, JOIN, MIGRATIONS, type Notice } from '../../../src/channels/directline/store';
import { PostgresBus } from '../../../src/storage/bus';
import { TokenIssuer } from '../../../src/channels/directline/tokens';
import { clientActivity } from '../../../src/channels/directline/validate';

describe('Direct Line tokens', () => {
  it('expire after their lifetime (403 TokenExpired) and do not verify with another secret', () => {
    let now = Date.parse('2026-03-10T09:00:00Z');
    const issuer = new TokenIssuer(Buffer.from('a'.repeat(32)), 60, () => now);
    const { token } = issuer.issue({ conversationId: 'c1', botId: 'b', userId: 'u' });
    expect(issuer.verify(token)).toEqual({ ok: true, claims: { conversationId: 'c1', botId: 'b', userId: 'u', expiresAt: now / 1000 + 60 } });
    now += 61_000;
    expect(issuer.verify(token)).toMatchObject({ ok: false, status: 403, code: 'TokenExpired' });
    expect(new TokenIssuer(Buffer.from('b'.repeat(32))).verify(token)).toMatchObject({ ok: false, status: 401 });
    expect(issuer.verify('x'.repeat(5000))).toMatchObject({ ok: false, status: 401 });
  });
});

describe.each(['sqlite', 'postgres'] as const)('Direct Line store on %s', (dialect) => {
  let cluster: Cluster | undefined;
  let sql: Sql;
  beforeAll(async () => {
    if (dialect === 'postgres') cluster = await startCluster();
    sql = openSql(cluster?.url ?? ':memory:');
  });
  afterAll(async () => {
    await sql.close();
    cluster?.stop();
  });

  it('keeps at most maxActivities per conversation while watermarks keep growing', async () => {
    const store = await DirectLineStore.open(sql, 3);
    await store.create({ id: 'c', botId: 'b' });
    for (let i = 0; i < 5; i++) await store.append('c', { type: 'message', text: `m${i}` });
    const page = await store.after('c');
    expect(page.activities.map((a) => a.text)).toEqual(['m2', 'm3', 'm4']);
    expect(page.activities.map((a) => a.id)).toEqual(['c|0000002', 'c|0000003', 'c|0000004']);
    expect(page.watermark).toBe(4);
    expect((await store.after('c', 3)).activities.map((a) => a.text)).toEqual(['m4']);
    expect((await store.create({ id: 'c', botId: 'b' })).created).toBe(false);
  });

  it('gives activities appended at once distinct sequence numbers', async () => {
    const store = await DirectLineStore.open(sql);
    await store.create({ id: 'd', botId: 'b' });
    const seqs = await Promise.all(Array.from({ length: 20 }, (_, i) => store.append('d', { type: 'message', text: `m${i}` }).then((r) => r.seq)));
    expect([...seqs].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect((await store.after('d')).activities).toHaveLength(20);
  });

  it('adds the answer to an accepted activity once, when two instances answer it at once', async () => {
    const store = await DirectLineStore.open(sql);
    await store.create({ id: 'e', botId: 'b' });
    const { seq } = await store.append('e', { type: 'message', text: 'hallo' }, { inbox: true });
    const answer = () => store.appendAll('e', [{ type: 'message', text: 'antwoord' }], { answers: seq });
    const [one, two] = await Promise.all([answer(), answer()]);
    expect([one.length, two.length].sort()).toEqual([0, 1]);
    expect((await store.after('e')).activities.map((a) => a.text)).toEqual(['hallo', 'antwoord']);
    expect(await store.waiting('e', seq)).toBe(false);
  });

  it('appends a turn\'s activities in order with their inbox entries, in one round trip on PostgreSQL', async () => {
    const store = await DirectLineStore.open(sql);
    await store.create({ id: 'f', botId: 'b' });
    const query = jest.spyOn(pg().Client.prototype, 'query');
    const added = await store.appendAll('f', [{ type: 'message', text: 'een' }, { type: 'message', text: 'twee', id: 'mine' }], { inbox: true });
    const queries = query.mock.calls.length;
    query.mockRestore();
    if (dialect === 'postgres') expect(queries).toBe(1);
    expect(added.map((a) => [a.seq, a.id, a.activity.id, a.activity.text])).toEqual([[0, 'f|0000000', 'f|0000000', 'een'], [1, 'f|0000001', 'f|0000001', 'twee']]);
    // What the log gives a client, not the object passed in: no id of the caller's, undefined fields dropped.
    expect(added[1].activity).toEqual((await store.after('f')).activities[1]);
    expect((await store.after('f')).activities.map((a) => a.id)).toEqual(['f|0000000', 'f|0000001']);
    expect([await store.waiting('f', 0), await store.waiting('f', 1)]).toEqual([true, true]);
    await expect(store.append('unknown', { type: 'message', text: 'hallo' })).rejects.toThrow(/unknown Direct Line conversation/);
  });

  it('creates a conversation with its start in the inbox, in one round trip on PostgreSQL, and knows it after', async () => {
    const store = await DirectLineStore.open(sql);
    const query = jest.spyOn(pg().Client.prototype, 'query');
    const { conversation, created } = await store.create({ id: 'g', botId: 'b', userId: 'u' }, { welcome: true, now: new Date('2026-03-10T09:00:00Z') });
    const queries = query.mock.calls.length;
    expect(await store.known('g')).toEqual(conversation);
    const known = query.mock.calls.length - queries;
    query.mockRestore();
    if (dialect === 'postgres') expect([queries, known]).toEqual([1, 0]);
    expect(created).toBe(true);
    expect(conversation).toEqual({ id: 'g', botId: 'b', userId: 'u', createdAt: '2026-03-10T09:00:00.000Z', nextSeq: 0 });
    expect(await store.get('g')).toEqual(conversation);
    expect(await store.waiting('g', JOIN)).toBe(true);
    const again = await store.create({ id: 'g', botId: 'other' }, { welcome: true });
    expect([again.created, again.conversation.botId]).toEqual([false, 'b']);
    // A name is not remembered beside the database: read again, so an erased name is gone at once.
    await store.create({ id: 'n', botId: 'b', userName: 'Inwoner' });
    await sql.run('UPDATE directline_conversations SET user_name = NULL WHERE id = ?', ['n']);
    expect((await store.known('n'))?.userName).toBeUndefined();
  });

  it('tells every instance of each append on PostgreSQL with the append itself (on SQLite the caller publishes)', async () => {
    const store = await DirectLineStore.open(sql, 1000, 'loket_units');
    expect(store.notifies).toBe(dialect === 'postgres');
    if (dialect !== 'postgres') return;
    const bus = new PostgresBus(cluster!.url);
    try {
      const heard: Notice[] = [];
      await bus.subscribe('loket_units', (m) => heard.push(JSON.parse(m) as Notice));
      await store.create({ id: 'h', botId: 'b' });
      await store.appendAll('h', [{ type: 'message', text: 'een' }, { type: 'message', text: 'twee' }]);
      await store.append('h', { type: 'message', text: 'drie' });
      await waitUntil(() => heard.length >= 2);
      expect(heard).toEqual([{ c: 'h', w: 1 }, { c: 'h', w: 2 }]);
    } finally {
      await bus.close();
    }
  });
});

async function waitUntil(done: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !done(); i++) await new Promise((r) => setImmediate(r));
  for (let i = 0; i < 100 && !done(); i++) await new Promise((r) => setTimeout(r, 20));
}

describe('Direct Line store on a SQLite file of an earlier version', () => {
  it('moves the activities out of the WITHOUT ROWID table, each kept, in order, and still deleted with its conversation', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'loket-dl-'));
    const file = join(dir, 'state.sqlite');
    const schema = (db: ReturnType<typeof openDatabase>) => db.prepare("SELECT sql FROM sqlite_master WHERE name = 'directline_activities'").pluck().get() as string;
    try {
      // The schema an earlier version left, filled as that version filled it.
      const before = openSql(file);
      await migrate(before, 'directline', MIGRATIONS.slice(0, -1));
      await before.close();
      const raw = openDatabase(file);
      expect(schema(raw)).toMatch(/WITHOUT ROWID/);
      for (const id of ['a', 'b']) {
        raw.prepare("INSERT INTO directline_conversations (id, bot_id, created_at, next_seq) VALUES (?, 'bot', '2026-12-01T09:00:00Z', 3)").run(id);
        for (const seq of [2, 0, 1]) raw.prepare('INSERT INTO directline_activities (conversation_id, seq, activity) VALUES (?, ?, ?)').run(id, seq, JSON.stringify({ type: 'message', text: `${id}${seq}` }));
      }
      raw.close();

      const sql = openSql(file);
      const store = await DirectLineStore.open(sql);
      expect((await store.after('a')).activities.map((a) => [a.id, a.text])).toEqual([['a|0000000', 'a0'], ['a|0000001', 'a1'], ['a|0000002', 'a2']]);
      expect((await store.append('b', { type: 'message', text: 'b3' })).seq).toBe(3);
      await sql.run('DELETE FROM directline_conversations WHERE id = ?', ['a']);
      expect(await sql.all('SELECT conversation_id, seq FROM directline_activities ORDER BY conversation_id, seq')).toEqual([0, 1, 2, 3].map((seq) => ({ conversation_id: 'b', seq })));
      await sql.close();
      const after = openDatabase(file);
      expect(schema(after)).not.toMatch(/WITHOUT ROWID/);
      after.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('Direct Line client activities', () => {
  it('keep only the fields a client may set', () => {
    const r = clientActivity({ type: 'message', text: 'hoi', id: 'x', serviceUrl: 'http://evil', recipient: { id: 'someone' }, from: { id: 'r', role: 'bot' } }, { id: 'user', bound: false });
    expect(r).toEqual({ ok: true, value: { type: 'message', text: 'hoi', from: { id: 'r', role: 'user' } } });
  });
});
