/**
 * The trained model's files read ahead, on libuv's thread pool, while the main thread is still loading modules:
 * `loket serve` spends its first ~0.6 s compiling restify and botbuilder, and reading the two model files (36 MB)
 * after that took another ~0.15 s. Each file is one read() of its whole size, so it goes on without the event loop,
 * which module loading keeps busy. A file is handed out once; what no one asked for is dropped with `forgetReadAhead`.
 */
import { closeSync, fstatSync, openSync, read, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const pending = new Map<string, Promise<Buffer>>();

/**
 * The parts of a trained model: NLP.js's export, the n-gram classifier's weights, the crisis screen's weights (when
 * the bot has a crisis corpus), what is derived from them.
 */
export type ModelPart = 'json' | 'linear' | 'screen' | 'derived';

/** `nlu-<bot>-<key>.<part>`, the key 16 hex digits (a bot id may hold dashes itself). */
const MODEL_FILE = /^nlu-(.+)-[0-9a-f]{16}\.(json|linear|screen|derived)$/;

/** The name of one part of a bot's model trained under `key`. */
export function modelFileName(botId: string, key: string, part: ModelPart): string {
  return `nlu-${botId}-${key}.${part}`;
}

/** The bot and part of a model file's name; undefined for any other file. */
export function modelFileOf(name: string): { botId: string; part: ModelPart } | undefined {
  const m = MODEL_FILE.exec(name);
  return m ? { botId: m[1], part: m[2] as ModelPart } : undefined;
}

/** The model files in `cacheDir` (of `botId` only, when given) start being read. */
export function readModelsAhead(cacheDir: string, botId?: string): void {
  let names: string[];
  try {
    names = readdirSync(cacheDir);
  } catch {
    return;
  }
  for (const name of names) {
    const model = modelFileOf(name);
    if (!model || model.part === 'derived' || (botId && model.botId !== botId)) continue;
    const file = join(cacheDir, name);
    const reading = readWhole(file);
    // A file that cannot be read is read again (and reported) by whoever needs it.
    reading.catch(() => undefined);
    pending.set(file, reading);
  }
}

/** The file's bytes: read ahead when it was, else read now. */
export async function readModelFile(file: string): Promise<Buffer> {
  const ahead = pending.get(file);
  pending.delete(file);
  return (ahead ? await ahead.catch(() => undefined) : undefined) ?? readFileSync(file);
}

/** Drops what was read ahead and not asked for (a model of content that has changed since). */
export function forgetReadAhead(): void {
  pending.clear();
}

function readWhole(file: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    let fd: number;
    try {
      fd = openSync(file, 'r');
    } catch (e) {
      return reject(e);
    }
    const done = (err: Error | null, buf?: Buffer) => {
      closeSync(fd);
      if (err) reject(err);
      else resolve(buf!);
    };
    try {
      const size = fstatSync(fd).size;
      // Its own ArrayBuffer (allocUnsafe pools only small ones), so the n-gram weights can be read in place.
      const buf = Buffer.allocUnsafe(size);
      read(fd, buf, 0, size, 0, (err, n) => done(err ?? (n === size ? null : new Error(`${file}: read ${n} of ${size} bytes`)), buf));
    } catch (e) {
      done(e as Error);
    }
  });
}
