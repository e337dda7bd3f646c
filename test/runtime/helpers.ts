import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { PACKAGE_ROOT } from '../../src/paths';
import { Loket, replyTexts, type LoketOptions } from '../../src/runtime';
import type { Input } from '../../src/engine';
import { TEST_NLU_CACHE } from '../nluCache';

/** Tuesday 10 March 2026, 10:00 in Amsterdam. */
export const NOW = new Date('2026-03-10T10:00:00+01:00');

/** The example bot on a scratch SQLite file, with the NLU model cached in a temp folder shared by the test run. */
export function exampleBot(extra: Partial<LoketOptions> = {}): Promise<Loket> {
  const dir = mkdtempSync(join(tmpdir(), 'loket-rt-'));
  return Loket.create({
    botId: 'voorbeeldgemeente',
    root: PACKAGE_ROOT,
    dbFile: join(dir, 'bot.sqlite'),
    cacheDir: TEST_NLU_CACHE,
    now: () => NOW,
    log: pino({ level: 'silent' }),
    ...extra,
  });
}

/** Sends texts one by one and returns the replies of the last one, joined. */
export async function say(bot: Loket, id: string, ...texts: (string | Input)[]): Promise<string> {
  let last = '';
  for (const t of texts) {
    const r = await bot.handle(id, typeof t === 'string' ? { type: 'text', text: t } : t);
    last = replyTexts(r.outputs).join('\n');
  }
  return last;
}
