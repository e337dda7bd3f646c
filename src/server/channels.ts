import type { Logger } from 'pino';
import type { Server } from 'restify';
import type { LoketBot } from '../channels/loketBot';
import type { Database } from '../storage/sqlite';
import { registerAgentConsole } from '../agentconsole';
import { registerDirectLine } from '../channels/directline';
import type { ServeOptions } from './index';
import { registerWeb } from '../channels/web';
import { registerWhatsApp } from '../channels/whatsapp';
import { registerHandoverInbound } from './handover';

/** What a channel gets to add its routes to the server: the bots by id, the server options and a logger. */
export interface ChannelContext {
  server: Server;
  bots: Map<string, LoketBot>;
  opts: ServeOptions;
  /** The server's state database (conversation state), for channels that keep logs of their own in it. */
  db: Database;
  /** Where that database lives; channels put their files (media) beside it. */
  stateFile: string;
  log: Logger;
}

/** A channel's routes; returns a function to release what it holds (sockets, timers) when the server closes. */
export type ChannelRegistration = (ctx: ChannelContext) => (() => Promise<void>) | void;

/** Channels beyond the Bot Framework endpoint. Each adds its routes in its own module under src/channels/. */
export const CHANNELS: ChannelRegistration[] = [registerWeb, registerDirectLine, registerWhatsApp, registerAgentConsole, registerHandoverInbound];
