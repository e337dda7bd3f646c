import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pino from 'pino';
import type { ConversationState } from '../../src/engine';
import { Loket, MemoryStateStore, replyTexts } from '../../src/runtime';
import { exampleBot } from './helpers';
import { TEST_NLU_CACHE } from '../nluCache';

describe('a message delivered twice', () => {
  let dir: string;
  let loket: Loket;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'loket-redeliver-'));
    loket = await Loket.create({ botId: 'voorbeeldgemeente', root: resolve(__dirname, '../..'), dbFile: join(dir, 'b.sqlite'), cacheDir: TEST_NLU_CACHE, log: pino({ level: 'silent' }), now: () => new Date('2026-03-10T10:00:00+01:00') });
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

  it('changes nothing when an older message comes again after a newer one (a recovery that came late)', async () => {
    await loket.handle('late', { type: 'text', text: 'ik wil iets melden' }, 'directline', 'l-1');
    await loket.handle('late', { type: 'text', text: 'afval' }, 'directline', 'l-2');
    const before = await loket.state('late');
    const late = await loket.handle('late', { type: 'text', text: 'ik wil iets melden' }, 'directline', 'l-1');
    expect(late.outputs).toEqual([]);
    expect(await loket.state('late')).toEqual(before);
    expect(before.answered?.inputId).toBe('l-2');
  });
});

/** State that is lost with its instance: the write of a turn fails when `crash` is set, as if the process died there. */
class CrashingStore extends MemoryStateStore {
  crash = false;

  override async write(id: string, state: ConversationState): Promise<void> {
    if (this.crash) {
      this.crash = false;
      throw new Error('the instance died before the state was saved');
    }
    await super.write(id, state);
  }
}

describe('a turn run again after its instance died between its action and its state', () => {
  const store = new CrashingStore();
  let loket: Loket;
  beforeAll(async () => {
    loket = await exampleBot({ store });
  });
  afterAll(() => loket.close());

  /** The messages up to the last one, then the last one twice: first cut short after its action, then run again. */
  async function crashOnLast(conversation: string, texts: string[]): Promise<string> {
    for (const [i, text] of texts.slice(0, -1).entries()) await loket.handle(conversation, { type: 'text', text }, 'directline', `${conversation}-${i}`);
    const last = { type: 'text' as const, text: texts.at(-1)! };
    const id = `${conversation}-${texts.length - 1}`;
    store.crash = true;
    await expect(loket.handle(conversation, last, 'directline', id)).rejects.toThrow(/died/);
    return replyTexts((await loket.handle(conversation, last, 'directline', id)).outputs).join('\n');
  }

  it('stores the melding once and gives its reference', async () => {
    const reply = await crashOnLast('m', ['ik wil iets melden', 'Afval', 'Kerkstraat 12', 'er ligt afval naast de container', 'overslaan', 'nee', 'ja']);
    const stored = await loket.sql.all<{ reference: string }>('SELECT reference FROM reports');
    expect(stored).toHaveLength(1);
    expect(reply).toContain(stored[0].reference);
  });

  it('books once and says so, not that someone else took the time', async () => {
    const reply = await crashOnLast('a', ['ik wil een afspraak maken voor een nieuw paspoort', 'morgen', '10 uur', 'wo 11 maart 10:00', 'Jan de Vries', 'jan@example.nl', 'ja']);
    const booked = await loket.sql.all<{ reference: string }>("SELECT reference FROM calendar_appointments WHERE status = 'booked'");
    expect(booked).toHaveLength(1);
    expect(reply).toMatch(new RegExp(`Uw afspraak staat vast.*${booked[0].reference}`));
  });
});
