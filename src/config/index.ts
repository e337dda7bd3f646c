/**
 * `loket.config.js` in the content root: what a municipality adds to Loket from its own repository, read by
 * `Loket.create` and by every CLI command, so `loket serve`, `test`, `chat` and `validate` know the same plugins.
 *
 *   // loket.config.js
 *   const { defineConfig } = require('loket');
 *   module.exports = defineConfig({ actions: ({ db, log }) => [myAction] });
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { createBuiltinActions, specOf, type Action } from '../actions';
import type { ActionSpec } from '../content/types';
import { openDatabase, type Database } from '../storage/sqlite';

/** What a plugin gets when it is built: the bot's SQLite database and a logger. */
export interface PluginContext { botId: string; db: Database; log: Logger }

export interface LoketConfig {
  /** Actions flows can call besides the built-in ones: a list, or a function that builds them for a bot. */
  actions?: Action[] | ((ctx: PluginContext) => Action[]);
}

export const CONFIG_FILE = 'loket.config.js';

/** Typed config for editors with TypeScript or JSDoc; it returns what it is given. */
export function defineConfig(config: LoketConfig): LoketConfig {
  return config;
}

/** The config in the content root, or an empty one. A broken config stops start-up with a clear message. */
export function loadConfig(root: string): LoketConfig {
  const file = join(root, CONFIG_FILE);
  if (!existsSync(file)) return {};
  // A config file is plain CommonJS, so it runs without a build step in the municipality's repository.
  const raw = require(file) as { default?: unknown } | undefined;
  const config = (raw && typeof raw === 'object' && 'default' in raw ? raw.default : raw) as LoketConfig | undefined;
  if (!config || typeof config !== 'object') throw new Error(`${CONFIG_FILE}: export an object (module.exports = defineConfig({ ... }))`);
  const { actions } = config;
  if (actions !== undefined && !Array.isArray(actions) && typeof actions !== 'function') throw new Error(`${CONFIG_FILE}: "actions" must be a list of actions or a function returning one`);
  return config;
}

/** The config's actions for one bot, each checked for the shape flows rely on. */
export function configActions(config: LoketConfig, ctx: PluginContext): Action[] {
  const list = typeof config.actions === 'function' ? config.actions(ctx) : config.actions ?? [];
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
export function actionSpecs(config: LoketConfig, log: Logger, botId = ''): ActionSpec[] {
  const db = openDatabase(':memory:');
  try {
    return [...createBuiltinActions({ db }).list(), ...configActions(config, { botId, db, log })].map(specOf);
  } finally {
    db.close();
  }
}
