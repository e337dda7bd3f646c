import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The repository root, both when running from src/ (tests) and from dist/ (the CLI). */
export const PACKAGE_ROOT = resolve(__dirname, '..');

/** The folder holding bots/, flows/ and intents/: the working directory when it has bots/, else this package. */
export function defaultContentRoot(): string {
  return existsSync(join(process.cwd(), 'bots')) ? process.cwd() : PACKAGE_ROOT;
}

/** Where a content root keeps what it can work out again: the trained model, checked content, compiled code. */
export function cacheDirIn(root: string): string {
  return join(root, '.loket', 'cache');
}

/**
 * A hash of the code and data files directly in these folders: what a cache built by that code is keyed on, so
 * another version of Loket never reads what this one kept.
 */
export function filesHash(dirs: string[]): string {
  const hash = createHash('sha256');
  for (const dir of dirs) {
    for (const name of readdirSync(dir).sort()) if (/\.(json|js|ts)$/.test(name)) hash.update(name).update(readFileSync(join(dir, name)));
  }
  return hash.digest('hex');
}
