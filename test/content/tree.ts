import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Writes a content tree (bot.yaml, flows, intents, a loket.config.js …) in a fresh folder and returns its root. */
export function contentTree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'loket-content-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}
