import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pino from 'pino';
import { Loket, replyTexts, SqlStateStore } from '../../src/runtime';
import { openSql, type Sql } from '../../src/storage';
import { startCluster, type Cluster } from '../storage/postgres';
import { TEST_NLU_CACHE } from '../nluCache';

const root = resolve(__dirname, '../..');
const now = () => new Date('2026-03-10T10:00:00+01:00');

/** Two instances of one bot sharing conversation state in PostgreSQL, as two `loket serve` processes would. */
describe('conversation state shared by two instances on PostgreSQL', () => {
  let cluster: Cluster;
  let dir: string;
  const sqls: Sql[] = [];
  let a: Loket;
  let b: Loket;

  beforeAll(async () => {
    cluster = await startCluster();
    dir = mkdtempSync(join(tmpdir(), 'loket-shared-'));
    const instance = async (name: string) => {
      const sql = openSql(cluster.url);
      sqls.push(sql);
      return Loket.create({
        botId: 'voorbeeldgemeente', root, dbFile: join(dir, `${name}.sqlite`), cacheDir: TEST_NLU_CACHE, now,
        store: await SqlStateStore.open(sql, 'voorbeeldgemeente'), log: pino({ level: 'silent' }),
      });
    };
    a = await instance('a');
    b = await instance('b');
  });

  afterAll(async () => {
    await a?.close();
    await b?.close();
    for (const sql of sqls) await sql.close();
    cluster?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('goes on with a conversation on whichever instance the next message reaches', async () => {
    const said = async (loket: Loket, text: string) => replyTexts((await loket.handle('c1', { type: 'text', text })).outputs).join('\n');
    expect(await said(a, 'de lantaarnpaal bij Kerkstraat 12 is kapot')).toMatch(/Wat is er aan de hand/);
    expect(await said(b, 'hij brandt al een week niet')).toMatch(/foto/);
    expect(await said(a, 'overslaan')).toMatch(/per e-mail/);
    expect(await said(b, 'nee')).toMatch(/Klopt dit\?[\s\S]*Kerkstraat 12[\s\S]*hij brandt al een week niet/);
    expect((await b.state('c1')).frame?.flow).toBe('melding-openbare-ruimte');
  });

  it('runs two turns of one conversation that arrive at once on two instances one after the other', async () => {
    await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).handle('c2', { type: 'text', text: `hallo ${i}` })));
    const lines = (await a.state('c2')).transcript.filter((l) => l.from === 'resident').map((l) => l.text).sort();
    // Without the conversation's lock both instances read the same state and one write loses the other's turn.
    expect(lines).toEqual(Array.from({ length: 10 }, (_, i) => `hallo ${i}`).sort());
  });
});
