import type { Logger } from 'pino';
import type { Server } from 'restify';
import type { Bus, Sql } from '../storage';
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
  /** The server's store through the Sql port: that same SQLite file, or PostgreSQL shared by every instance. */
  sql: Sql;
  /** News for every instance (in one process, or LISTEN/NOTIFY with PostgreSQL). */
  bus: Bus;
  log: Logger;
}

/**
 * A channel's routes on the server, Loket's own or one from loket.config.js (`channels`); returns a function to
 * release what it holds (sockets, timers) when the server closes.
 */
export type ChannelRegistration = (ctx: ChannelContext) => (() => Promise<void>) | void | Promise<(() => Promise<void>) | void>;
