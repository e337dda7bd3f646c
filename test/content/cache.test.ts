import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ContentError, formatDiagnostic, loadBot } from '../../src/content';
import { actionSpecs, checkOptions, readPlugins } from '../../src/runtime/plugins';
import { cacheDirIn, PACKAGE_ROOT } from '../../src/paths';
import pino from 'pino';
import { ACTIONS, BOT, contentTree as tree, FLOW, INTENTS } from './tree';

function errorsOf(load: () => unknown): string[] {
  try {
    load();
  } catch (e) {
    if (e instanceof ContentError) return e.diagnostics.map(formatDiagnostic);
    throw e;
  }
  throw new Error('the content loaded');
}

describe('checked content kept between starts', () => {
  it('gives the example bot exactly as checking it does', () => {
    const root = PACKAGE_ROOT;
    const plugins = readPlugins(root);
    const load = (cacheDir?: string) => loadBot(root, 'voorbeeldgemeente', actionSpecs(plugins, pino({ level: 'silent' }), 'voorbeeldgemeente'), { ...checkOptions(plugins), cacheDir });
    const cacheDir = mkdtempSync(join(tmpdir(), 'loket-kept-'));
    const checked = load();
    expect(load(cacheDir)).toEqual(checked);
    expect(JSON.parse(readFileSync(join(cacheDir, 'content-voorbeeldgemeente.json'), 'utf8')).files).toEqual(checked.files);
    expect(load(cacheDir)).toEqual(checked);
  });

  it('reads the kept content back while the files are unchanged, and checks them again once one changes', () => {
    const root = tree({ 'bots/test/bot.yaml': BOT, 'intents/basis.yaml': INTENTS, 'flows/melden.yaml': FLOW });
    const cacheDir = cacheDirIn(root);
    loadBot(root, 'test', ACTIONS, { cacheDir });
    // Marked in the kept copy only: what comes back shows where it came from.
    const keptFile = join(cacheDir, 'content-test.json');
    const kept = JSON.parse(readFileSync(keptFile, 'utf8'));
    kept.content.bot.name = 'uit de cache';
    writeFileSync(keptFile, JSON.stringify(kept));
    expect(loadBot(root, 'test', ACTIONS, { cacheDir }).bot.name).toBe('uit de cache');

    writeFileSync(join(root, 'flows', 'melden.yaml'), FLOW.replace('Waar is het?', 'Waar precies?'));
    const changed = loadBot(root, 'test', ACTIONS, { cacheDir });
    expect(changed.bot.name).toBe('Gemeente Test');
    expect(changed.flows.get('melden')?.steps[0]).toMatchObject({ kind: 'ask', prompt: 'Waar precies?' });
  });

  it('checks again when the actions differ, and reports a broken file with the same messages as without a cache', () => {
    const root = tree({ 'bots/test/bot.yaml': BOT, 'intents/basis.yaml': INTENTS, 'flows/melden.yaml': FLOW.replace('  - end:', '  - action: calendar.book\n  - end:') });
    const cacheDir = cacheDirIn(root);
    loadBot(root, 'test', ACTIONS, { cacheDir });
    expect(errorsOf(() => loadBot(root, 'test', [], { cacheDir }))).toEqual(errorsOf(() => loadBot(root, 'test', [])));

    writeFileSync(join(root, 'flows', 'melden.yaml'), `${FLOW}  - stap: nee\n`);
    const uncached = errorsOf(() => loadBot(root, 'test', ACTIONS));
    expect(uncached.length).toBeGreaterThan(0);
    expect(errorsOf(() => loadBot(root, 'test', ACTIONS, { cacheDir }))).toEqual(uncached);
  });

  it('starts without a cache it cannot write or read', () => {
    const root = tree({ 'bots/test/bot.yaml': BOT, 'intents/basis.yaml': INTENTS, 'flows/melden.yaml': FLOW, 'cache/content-test.json': '{ damaged' });
    expect(loadBot(root, 'test', ACTIONS, { cacheDir: join(root, 'cache') }).flows.get('melden')?.title).toBe('Melden');
    expect(loadBot(root, 'test', ACTIONS, { cacheDir: join(root, 'bots', 'test', 'bot.yaml', 'cache') }).bot.name).toBe('Gemeente Test');
  });
});
