/** Content: bot.yaml, flows/*.yaml and intents/*.yaml, read, checked against schemas/ and across files. */
import { keepContent, keptContent } from './cache';
import { ContentError, type Diagnostic } from './diagnostics';
import { readBotFiles, runnable } from './load';
import type { ActionSpec, BotContent } from './types';
import { checkHandoverAdapter, crossCheck } from './validate';

export * from './types';
export { ContentError, formatDiagnostic, type Diagnostic } from './diagnostics';
export { listBots } from './load';
export { DEFAULT_CALENDAR, BUILTIN_PREFIXES } from './products';

export { defaultContentRoot } from '../paths';

export interface CheckResult { content?: BotContent; diagnostics: Diagnostic[] }

/** What loket.config.js adds besides actions, for checking bot.yaml: the names of its handover adapters. */
export interface CheckOptions { handoverAdapters?: Iterable<string> }

/**
 * Loads one bot and reports every problem; `content` is set only when there are no errors. `actions`: the names the
 * flows may call, or their specs (name and parameters) so `with:` is checked too.
 */
export function checkBot(root: string, botId: string, actions: Iterable<string | ActionSpec>, options: CheckOptions = {}): CheckResult {
  const files = readBotFiles(root, botId);
  // A file that does not parse makes every check across files guess: report the syntax errors alone.
  const unreadable = files.diagnostics.some((d) => d.message.startsWith('YAML syntax:'));
  const specs = new Map([...actions].map((a) => (typeof a === 'string' ? [a, { name: a }] : [a.name, a])));
  const crossChecked = unreadable ? [] : [...crossCheck(files, specs), ...checkHandoverAdapter(files, options.handoverAdapters ?? [])];
  const diagnostics = [...files.diagnostics, ...crossChecked];
  const unique = dedupe(diagnostics);
  if (unique.some((d) => d.severity === 'error') || !files.bot) return { diagnostics: unique };
  const intentFiles = [...files.intentFiles.values()];
  const content: BotContent = {
    root,
    bot: files.bot.data,
    flows: new Map([...files.flows].map(([id, f]) => [id, runnable(f.data)])),
    intents: new Map(intentFiles.flatMap((f) => f.intents.map((i) => [i.id, i] as const))),
    entities: new Map(intentFiles.flatMap((f) => f.entities.map((e) => [e.id, e] as const))),
    files: [files.bot.file.display, ...[...files.flows.values()].map((f) => f.file.display), ...intentFiles.map((f) => f.file.display), ...(files.corpus ? [files.corpus.file] : [])],
    ...(files.corpus ? { crisisCorpus: files.corpus } : {}),
  };
  return { content, diagnostics: unique };
}

/** `cacheDir`: keep checked content there, and read it back while its files and the checks are unchanged. */
export interface LoadOptions extends CheckOptions { cacheDir?: string }

export function loadBot(root: string, botId: string, actions: Iterable<string | ActionSpec>, options: LoadOptions = {}): BotContent {
  const specs = [...actions].map((a) => (typeof a === 'string' ? { name: a } : a));
  const inputs = { actions: specs, adapters: [...(options.handoverAdapters ?? [])] };
  const kept = options.cacheDir ? keptContent(options.cacheDir, root, botId, inputs) : undefined;
  if (kept) return kept;
  const { content, diagnostics } = checkBot(root, botId, specs, options);
  if (!content) throw new ContentError(diagnostics.filter((d) => d.severity === 'error'));
  if (options.cacheDir) keepContent(options.cacheDir, botId, content, inputs);
  return content;
}

/** A flow or intent file shared by two bots is checked twice; report each problem once. */
function dedupe(ds: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return ds.filter((d) => {
    const k = `${d.file}:${d.line}:${d.col}:${d.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
