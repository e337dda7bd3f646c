import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { runTestFile, type CaseResult } from '../testing/conversations';
import { contentRoot, type CliOptions } from './common';

/** `loket test [files]`: YAML conversation tests; default every *.yaml under test/conversations/. */
export async function runTests(opts: CliOptions & { transcript?: boolean }, paths: string[]): Promise<number> {
  const root = contentRoot(opts);
  const files = (paths.length ? paths.map((p) => resolve(p)) : [join(root, 'test', 'conversations')]).flatMap(yamlFiles);
  if (files.length === 0) {
    process.stderr.write('no conversation tests found\n');
    return 1;
  }
  const results: CaseResult[] = [];
  for (const f of files) {
    for (const r of await runTestFile(f, root)) {
      results.push(r);
      process.stdout.write(r.failure ? `✗ ${r.file} › ${r.name}\n    ${r.failure.replace(/\n/g, '\n    ')}\n` : `✓ ${r.file} › ${r.name}\n`);
      if (r.failure && opts.transcript) process.stdout.write(`    ${(r.transcript ?? []).join('\n').replace(/\n/g, '\n    ')}\n`);
    }
  }
  const failed = results.filter((r) => r.failure).length;
  process.stdout.write(`\nconversations: ${results.length - failed} passed, ${failed} failed\n`);
  return failed ? 1 : 0;
}

function yamlFiles(path: string): string[] {
  if (!existsSync(path)) throw new Error(`no such file or folder: ${path}`);
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path).sort().flatMap((name) => yamlFiles(join(path, name))).filter((f) => /\.ya?ml$/.test(f));
}
