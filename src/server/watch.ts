import { existsSync, watch, type FSWatcher } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { LoketBot } from '../channels/loketBot';

const CONTENT_FOLDERS = ['bots', 'flows', 'intents'];
/** Editors save several files at once (and some write twice): one reload after the last change. */
const SETTLE_MS = 300;

/**
 * `loket serve --watch`: content edited on disk is validated and, when valid, trained on and switched to while the
 * server keeps answering; a broken edit leaves the running content in place and the log says why.
 */
export function watchContent(root: string, bots: Map<string, LoketBot>, log: Logger): () => Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  let reloading: Promise<void> = Promise.resolve();
  const reloadAll = () => {
    reloading = reloading.then(async () => {
      for (const [botId, bot] of bots) {
        const started = Date.now();
        try {
          await bot.loket.reload();
          log.info({ bot: botId, ms: Date.now() - started }, 'content reloaded');
        } catch (e) {
          log.error({ bot: botId, err: (e as Error).message }, 'content not reloaded: the running content stays until the error is fixed');
        }
      }
    });
  };
  const changed = () => {
    clearTimeout(timer);
    timer = setTimeout(reloadAll, SETTLE_MS);
  };
  const watchers: FSWatcher[] = CONTENT_FOLDERS.map((f) => join(root, f)).filter((d) => existsSync(d)).map((d) => watch(d, { recursive: true }, changed));
  return async () => {
    clearTimeout(timer);
    for (const w of watchers) w.close();
    await reloading;
  };
}
