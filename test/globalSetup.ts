import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { cacheDirIn, PACKAGE_ROOT } from '../src/paths';
import { Loket } from '../src/runtime';
import { TEST_NLU_CACHE } from './nluCache';

/**
 * Trains the example bot's model once, before Jest's workers start. On a fresh clone suites that started at the same
 * moment each trained it themselves, two trainings at once on two cores, and one went past its 60 s hook limit.
 * The model goes to the two caches the suites share: the content root's and the test run's temp folder.
 */
export default async function globalSetup(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'loket-setup-'));
  try {
    const bot = await Loket.create({ botId: 'voorbeeldgemeente', root: PACKAGE_ROOT, dbFile: join(dir, 'bot.sqlite'), log: pino({ level: 'silent' }) });
    await bot.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const from = cacheDirIn(PACKAGE_ROOT);
  mkdirSync(TEST_NLU_CACHE, { recursive: true });
  for (const file of readdirSync(from).filter((f) => f.startsWith('nlu-voorbeeldgemeente-'))) copyFileSync(join(from, file), join(TEST_NLU_CACHE, file));
}
