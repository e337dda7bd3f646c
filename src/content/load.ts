import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { readCorpus } from './corpus';
import type { Diagnostic } from './diagnostics';
import { expandFragments, type Fragments } from './fragments';
import { checkSchema, type FileKind } from './schema';
import { STEP_KINDS, type BotConfig, type Entity, type Flow, type Intent, type Step, type StepKind, type WrittenFlow, type WrittenStep } from './types';
import { YamlFile } from './yamlFile';

/** Parsed files, keyed by what they hold, with the YamlFile kept for error positions. */
export interface LoadedFiles {
  bot?: { file: YamlFile; data: BotConfig };
  flows: Map<string, { file: YamlFile; data: WrittenFlow }>;
  intentFiles: Map<string, { file: YamlFile; intents: Intent[]; entities: Entity[] }>;
  /** The crisis corpus bot.yaml names (nlu.crisis_corpus), checked; its messages are read again only to train. */
  corpus?: { file: string; hash: string };
  diagnostics: Diagnostic[];
}

/** The kinds a written step has: exactly one once content validation passed. */
export function writtenKinds(step: WrittenStep): StepKind[] {
  return STEP_KINDS.filter((k) => step[k] !== undefined);
}

/** A checked flow as the engine runs it: each step tagged with its kind. */
export function runnable(flow: WrittenFlow): Flow {
  return { ...flow, steps: flow.steps.map((step) => ({ kind: writtenKinds(step)[0], ...step }) as Step) };
}

export function listBots(root: string): string[] {
  const dir = join(root, 'bots');
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(dir, d.name, 'bot.yaml')))
    .map((d) => d.name)
    .sort();
}

function readChecked(path: string, root: string, kind: FileKind, diagnostics: Diagnostic[]): YamlFile | undefined {
  const file = YamlFile.read(path, root);
  diagnostics.push(...file.diagnostics);
  if (file.data === undefined) return undefined;
  const schemaErrors = checkSchema(kind, file);
  diagnostics.push(...schemaErrors);
  return schemaErrors.length ? undefined : file;
}

/** Reads a bot's bot.yaml and the flow and intent files it names; reports missing files at the line naming them. */
export function readBotFiles(root: string, botId: string): LoadedFiles {
  const out: LoadedFiles = { flows: new Map(), intentFiles: new Map(), diagnostics: [] };
  const botPath = join(root, 'bots', botId, 'bot.yaml');
  if (!existsSync(botPath)) {
    out.diagnostics.push({ file: `bots/${botId}/bot.yaml`, line: 1, col: 1, severity: 'error', message: `there is no bot "${botId}"` });
    return out;
  }
  const botFile = readChecked(botPath, root, 'bot', out.diagnostics);
  if (!botFile) return out;
  const raw = botFile.data as Omit<BotConfig, 'id' | 'file'>;
  out.bot = { file: botFile, data: { ...raw, facts: raw.facts ?? {}, id: botId, file: botFile.display } };

  raw.flows.forEach((flowId, i) => {
    const path = join(root, 'flows', `${flowId}.yaml`);
    if (!existsSync(path)) return void out.diagnostics.push(botFile.error(['flows', i], `flow "${flowId}" not found: there is no flows/${flowId}.yaml`));
    const file = readChecked(path, root, 'flow', out.diagnostics);
    if (!file) return;
    const d = file.data as Omit<WrittenFlow, 'id' | 'file'>;
    out.flows.set(flowId, { file, data: { ...d, triggers: d.triggers ?? [], inputs: d.inputs ?? [], id: flowId, file: file.display } });
  });

  raw.intents.forEach((name, i) => {
    const path = join(root, 'intents', `${name}.yaml`);
    if (!existsSync(path)) return void out.diagnostics.push(botFile.error(['intents', i], `intent file "${name}" not found: there is no intents/${name}.yaml`));
    const file = readChecked(path, root, 'intents', out.diagnostics);
    if (!file) return;
    const d = file.data as { fragments?: Fragments; intents?: Omit<Intent, 'file'>[]; entities?: Omit<Entity, 'file'>[] };
    const { intents, entities } = expandFragments(d.fragments ?? {}, { intents: d.intents ?? [], entities: d.entities ?? [] }, file, out.diagnostics);
    out.intentFiles.set(name, {
      file,
      intents: intents.map((x) => ({ ...x, file: file.display })),
      entities: entities.map((x) => ({ ...x, file: file.display })),
    });
  });

  const corpusName = raw.nlu?.crisis_corpus;
  if (corpusName !== undefined) {
    const file = `intents/${corpusName}.jsonl`;
    if (!existsSync(join(root, file))) out.diagnostics.push(botFile.error(['nlu', 'crisis_corpus'], `crisis corpus "${corpusName}" not found: there is no ${file}`));
    else {
      const { hash, diagnostics } = readCorpus(join(root, file), file);
      out.diagnostics.push(...diagnostics);
      out.corpus = { file, hash };
    }
  }
  return out;
}
