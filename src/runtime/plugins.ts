/**
 * What one bot takes from loket.config.js in the content root: its custom actions and handover adapters. The runtime
 * reads them itself, so `Loket.create` and every CLI command know the same plugins; the whole file, channels
 * included, is typed in src/config.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Logger } from 'pino';
import { createBuiltinActions, specOf, type Action } from '../actions';
import { BUILTIN_HANDOVER_ADAPTERS, type ActionSpec } from '../content/types';
import type { HandoverAdapterFactory } from '../handover';
import { SqliteSql } from '../storage';
import { openDatabase, type Database } from '../storage/sqlite';

export const CONFIG_FILE = 'loket.config.js';

/** What a plugin gets when it is built: the bot's SQLite database and a logger. */
export interface PluginContext { botId: string; db: Database; log: Logger }

/** The plugins one bot uses. */
export interface BotPlugins {
  /** Actions flows can call besides the built-in ones: a list, or a function that builds them for a bot. */
  actions?: Action[] | ((ctx: PluginContext) => Action[]);
  /** Handover adapters by name, for bot.yaml's `handover.adapter: <name>`. */
  handoverAdapters?: Record<string, HandoverAdapterFactory>;
}

/** The config file's export as an object ({} without a file). A file that exports something else stops start-up. */
export function readConfigFile(root: string): Record<string, unknown> {
  // Absolute, since require() reads a relative path (--root examples/x) as a package name.
  const file = resolve(root, CONFIG_FILE);
  if (!existsSync(file)) return {};
  // A config file is plain CommonJS, so it runs without a build step in the municipality's repository.
  const raw = require(file) as { default?: unknown } | undefined;
  const config = raw && typeof raw === 'object' && 'default' in raw ? raw.default : raw;
  if (!config || typeof config !== 'object') throw new Error(`${CONFIG_FILE}: export an object (module.exports = defineConfig({ ... }))`);
  return config as Record<string, unknown>;
}

/** The bot plugins of a config object, each checked for its shape. */
export function checkPlugins(config: Record<string, unknown>): BotPlugins {
  const { actions, handoverAdapters } = config;
  if (actions !== undefined && !Array.isArray(actions) && typeof actions !== 'function') throw new Error(`${CONFIG_FILE}: "actions" must be a list of actions or a function returning one`);
  if (handoverAdapters !== undefined) {
    if (!handoverAdapters || typeof handoverAdapters !== 'object' || Array.isArray(handoverAdapters)) throw new Error(`${CONFIG_FILE}: "handoverAdapters" must be an object: { name: (ctx) => adapter }`);
    for (const [name, factory] of Object.entries(handoverAdapters)) {
      if ((BUILTIN_HANDOVER_ADAPTERS as readonly string[]).includes(name)) throw new Error(`${CONFIG_FILE}: handover adapter "${name}" is built in; give yours another name`);
      if (typeof factory !== 'function') throw new Error(`${CONFIG_FILE}: handoverAdapters.${name} must be a function that returns the adapter`);
    }
  }
  return config as BotPlugins;
}

/** The plugins in the content root's loket.config.js. */
export function readPlugins(root: string): BotPlugins {
  return checkPlugins(readConfigFile(root));
}

/** The plugins' actions for one bot, each checked for the shape flows rely on. */
export function configActions(plugins: BotPlugins, ctx: PluginContext): Action[] {
  const list = typeof plugins.actions === 'function' ? plugins.actions(ctx) : plugins.actions ?? [];
  if (!Array.isArray(list)) throw new Error(`${CONFIG_FILE}: the actions function must return a list`);
  for (const a of list) {
    const name = (a as Partial<Action>)?.name;
    if (typeof name !== 'string' || !name || typeof a.run !== 'function' || !Array.isArray(a.params)) {
      throw new Error(`${CONFIG_FILE}: action ${JSON.stringify(name ?? a)} needs a name, params (a list) and run()`);
    }
  }
  return list;
}

/** Built-in and configured actions as content validation sees them, without a real database. */
export function actionSpecs(plugins: BotPlugins, log: Logger, botId = ''): ActionSpec[] {
  const sql = new SqliteSql(openDatabase(':memory:'));
  try {
    return [...createBuiltinActions({ sql }).list(), ...configActions(plugins, { botId, db: sql.db, log })].map(specOf);
  } finally {
    void sql.close();
  }
}

/** What content validation must know besides actions: the names bot.yaml's handover.adapter may use. */
export function checkOptions(plugins: BotPlugins): { handoverAdapters: string[] } {
  return { handoverAdapters: Object.keys(plugins.handoverAdapters ?? {}) };
}
