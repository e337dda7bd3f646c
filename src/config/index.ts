/**
 * `loket.config.js` in the content root: what a municipality adds to Loket from its own repository. Bots read their
 * actions and handover adapters through the runtime (src/runtime/plugins.ts); the server adds the channels.
 *
 *   // loket.config.js
 *   const { defineConfig } = require('loket');
 *   module.exports = defineConfig({
 *     actions: ({ db, log }) => [myAction],
 *     handoverAdapters: { topdesk: (ctx) => new TopdeskAdapter(ctx.settings) },
 *     channels: [myChannel],
 *   });
 */
import type { ChannelRegistration } from '../channels/types';
import { CONFIG_FILE, checkPlugins, readConfigFile, type BotPlugins } from '../runtime/plugins';

export { CONFIG_FILE, type BotPlugins, type PluginContext } from '../runtime/plugins';

export interface LoketConfig extends BotPlugins {
  /** Channels the server runs besides its own: each adds its routes (docs/channel-adapters.md). */
  channels?: ChannelRegistration[];
}

/** Typed config for editors with TypeScript or JSDoc; it returns what it is given. */
export function defineConfig(config: LoketConfig): LoketConfig {
  return config;
}

/** The config in the content root, or an empty one. A broken config stops start-up with a clear message. */
export function loadConfig(root: string): LoketConfig {
  const config = readConfigFile(root);
  return { ...checkPlugins(config), channels: checkChannels(config.channels) };
}

function checkChannels(channels: unknown): ChannelRegistration[] | undefined {
  if (channels === undefined) return undefined;
  if (!Array.isArray(channels) || channels.some((c) => typeof c !== 'function')) {
    throw new Error(`${CONFIG_FILE}: "channels" must be a list of functions that add a channel's routes ((ctx) => { ctx.server.post(...) })`);
  }
  return channels;
}
