import { checkBot, formatDiagnostic, listBots } from '../content';
import pino from 'pino';
import { loadConfig } from '../config';
import { actionSpecs, checkOptions } from '../runtime';
import { overlapWarnings } from '../nlu/overlap';
import { contentRoot, type CliOptions } from './common';

/**
 * `loket validate`: every bot (or one), every file it uses; problems as file:line:col, exit 1 on errors. Content that
 * loads is also cross-validated, to warn about intents the classifier confuses.
 */
export async function validate(opts: CliOptions): Promise<number> {
  const root = contentRoot(opts);
  const bots = opts.bot ? [opts.bot] : listBots(root);
  if (bots.length === 0) {
    process.stderr.write(`no bots found in ${root}/bots\n`);
    return 1;
  }
  const config = loadConfig(root);
  const printed = new Set<string>();
  let errors = 0;
  for (const id of bots) {
    const checked = checkBot(root, id, actionSpecs(config, pino({ level: 'silent' }), id), checkOptions(config));
    const { content } = checked;
    const diagnostics = content ? [...checked.diagnostics, ...(await overlapWarnings(root, content))] : checked.diagnostics;
    for (const d of diagnostics) {
      const line = formatDiagnostic(d);
      if (printed.has(line)) continue;
      printed.add(line);
      (d.severity === 'error' ? process.stderr : process.stdout).write(`${line}\n`);
    }
    errors += diagnostics.filter((d) => d.severity === 'error').length;
    if (content) {
      const utterances = [...content.intents.values()].reduce((n, i) => n + i.utterances.nl.length + (i.utterances.en?.length ?? 0), 0);
      process.stdout.write(`✓ ${id}: ${content.flows.size} flows, ${content.intents.size} intents, ${utterances} examples\n`);
    }
  }
  if (errors) process.stderr.write(`${errors} error(s)\n`);
  return errors ? 1 : 0;
}
