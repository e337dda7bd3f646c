import type { Logger } from 'pino';
import type { Server } from 'restify';
import type { Database } from '../storage/sqlite';
import type { LoketBot } from './loketBot';

/** What the server was started with that a channel may need. */
export interface ChannelServerOptions {
  /** The content root (bots/, flows/, intents/). */
  root: string;
  /** The clock, for tests; default the real one. */
  now?: () => Date;
}

/** What a channel gets to add its routes to the server: the bots by id, the server options and a logger. */
export interface ChannelContext {
  server: Server;
  bots: Map<string, LoketBot>;
  opts: ChannelServerOptions;
  /** The server's state database (conversation state), for channels that keep logs of their own in it. */
  db: Database;
  /** Where that database lives; channels put their files (media) beside it. */
  stateFile: string;
  log: Logger;
}

/**
 * A channel's routes on the server, Loket's own or one from loket.config.js (`channels`); returns a function to
 * release what it holds (sockets, timers) when the server closes.
 */
export type ChannelRegistration = (ctx: ChannelContext) => (() => Promise<void>) | void;
