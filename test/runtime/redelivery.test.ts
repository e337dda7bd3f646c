import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pino from 'pino';
import { Loket } from '../../src/runtime';

describe('a message delivered twice', () => {
  let dir: string;
  let loket: Loket;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'loket-redeliver-'));
    loket = await Loket.create({ botId: 'voorbeeldgemeente', root: resolve(__dirname, '../..'), dbFile: join(dir, 'b.sqlite'), cacheDir: join(dir, 'cache'), log: pino({ level: 'silent' }), now: () => new Date('2026-03-10T10:00:00+01:00') });
  });
  afterAll(async () => {
    await loket.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('gets the answer it got, without a second turn; a new message gets a turn of its own', async () => {
    const first = await loket.handle('c', { type: 'text', text: 'ik wil iets melden' }, 'directline', 'm-1');
    const again = await loket.handle('c', { type: 'text', text: 'ik wil iets melden' }, 'directline', 'm-1');
    expect(again.outputs).toEqual(first.outputs);
    expect((await loket.state('c')).transcript.filter((l) => l.from === 'resident')).toHaveLength(1);
    const next = await loket.handle('c', { type: 'text', text: 'afval' }, 'directline', 'm-2');
    expect(next.outputs).not.toEqual(first.outputs);
    expect((await loket.state('c')).transcript.filter((l) => l.from === 'resident')).toHaveLength(2);
  });
});
