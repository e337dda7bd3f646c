/** The example bot pointed at a remote handover desk, and waiting for what the resident sees. */
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cacheDirIn, PACKAGE_ROOT } from '../../src/paths';
import type { RunningServer } from '../../src/server';
import { activities, type Json, type Started } from '../channels/directline/helpers';

export const BOT = 'voorbeeldgemeente';

/** A copy of the example bot whose `adapter: queue` line is replaced by these lines (the NLU cache comes along). */
export function botWithAdapter(lines: string[]): string {
  const root = mkdtempSync(join(tmpdir(), 'loket-remote-'));
  for (const dir of ['flows', 'intents', join('bots', BOT)]) cpSync(join(PACKAGE_ROOT, dir), join(root, dir), { recursive: true });
  if (existsSync(cacheDirIn(PACKAGE_ROOT))) cpSync(cacheDirIn(PACKAGE_ROOT), cacheDirIn(root), { recursive: true });
  const file = join(root, 'bots', BOT, 'bot.yaml');
  const yaml = readFileSync(file, 'utf8');
  if (!/^ {2}adapter: queue$/m.test(yaml)) throw new Error('the example bot.yaml no longer has "  adapter: queue"');
  writeFileSync(file, yaml.replace(/^ {2}adapter: queue$/m, lines.join('\n')));
  return root;
}

/** Polls the resident's Direct Line activities until one has this text (no fixed waits). */
export async function untilText(s: RunningServer, c: Started, text: string): Promise<Json[]> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const got = (await activities(s, c)).activities.filter((a: Json) => a.type === 'message');
    if (got.some((a: Json) => a.text === text)) return got;
    if (Date.now() > deadline) throw new Error(`the resident never got "${text}"; got ${JSON.stringify(got.map((a: Json) => a.text))}`);
    await new Promise((r) => setImmediate(r));
  }
}
