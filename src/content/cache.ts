/**
 * Checked content kept between starts. Parsing the YAML and checking it against schemas/ and across files takes
 * ~0.3 s of every start-up; when neither the files nor the checks changed, the outcome is the same, so the last
 * accepted content is read back instead. Only content without errors is kept: a broken file is always read and
 * reported afresh, with the same messages.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { filesHash, PACKAGE_ROOT } from '../paths';
import type { ActionSpec, BotContent } from './types';

/** The bot's files as they were accepted, and the content they gave. */
interface Kept { key: string; files: string[]; content: Omit<BotContent, 'root' | 'flows' | 'intents' | 'entities'> & Record<'flows' | 'intents' | 'entities', [string, unknown][]> }

let checks: string | undefined;

/** The checks themselves (schemas/, this folder's code and the text code it uses): another Loket may judge otherwise. */
function checksHash(): string {
  checks ??= filesHash([join(PACKAGE_ROOT, 'schemas'), __dirname, join(__dirname, '..', 'text')]);
  return checks;
}

function keyOf(root: string, files: string[], inputs: unknown): string {
  const hash = createHash('sha256').update(checksHash()).update(JSON.stringify(inputs));
  for (const file of files) hash.update(file).update('\0').update(readFileSync(join(root, file))).update('\0');
  return hash.digest('hex');
}

function fileOf(cacheDir: string, botId: string): string {
  return join(cacheDir, `content-${botId}.json`);
}

/** The content kept for these inputs, if every file it came from is unchanged. */
export function keptContent(cacheDir: string, root: string, botId: string, inputs: { actions: ActionSpec[]; adapters: string[] }): BotContent | undefined {
  try {
    const kept = JSON.parse(readFileSync(fileOf(cacheDir, botId), 'utf8')) as Kept;
    if (keyOf(root, kept.files, inputs) !== kept.key) return undefined;
    const { flows, intents, entities, ...rest } = kept.content;
    return { ...rest, root, flows: new Map(flows), intents: new Map(intents), entities: new Map(entities) } as BotContent;
  } catch {
    // No cache yet, a file it names is gone, or the cache is damaged: check the content as usual.
    return undefined;
  }
}

export function keepContent(cacheDir: string, botId: string, content: BotContent, inputs: { actions: ActionSpec[]; adapters: string[] }): void {
  const { root, flows, intents, entities, ...rest } = content;
  const kept: Kept = { key: keyOf(root, content.files, inputs), files: content.files, content: { ...rest, flows: [...flows], intents: [...intents], entities: [...entities] } };
  try {
    mkdirSync(cacheDir, { recursive: true });
    // Written aside and renamed, so a second instance starting at the same moment never reads half a file.
    const file = fileOf(cacheDir, botId);
    const aside = `${file}.${process.pid}`;
    writeFileSync(aside, JSON.stringify(kept));
    renameSync(aside, file);
  } catch {
    // A read-only content root still starts; it checks the content on every start.
  }
}
