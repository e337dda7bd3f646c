/**
 * `loket serve`: a restify server with every bot in bots/, conversation state in SQLite through botbuilder's Storage,
 * and the Bot Framework endpoint (CloudAdapter). Channels that need routes of their own register them here: Loket's
 * own (CHANNELS) and those of loket.config.js.
 */
import type { CloudAdapter } from 'botbuilder';
import type { TurnContext } from 'botbuilder-core';
import type { IncomingMessage } from 'node:http';
import { dirname, join, resolve } from 'node:path';
import type { Duplex } from 'node:stream';
import pino, { type Logger } from 'pino';
import restify, { type Next, type Request, type RequestHandler, type Response, type Server } from 'restify';
import { LoketBot } from '../channels/loketBot';
import { activityProblem, deeperThan, MAX_DEPTH } from '../channels/shape';
import { sendError, writeError } from '../channels/httpError';
import { isClaimed } from '../channels/upgrade';
import { loadConfig, type LoketConfig } from '../config';
import { listBots } from '../content';
import { holdingsOf, schedulePurge } from '../privacy';
import { Loket, pseudonym, SqlStateStore, StorageStateStore, type StateStore } from '../runtime';
import { BackgroundCheckpoints, holdSingleInstance, LocalBus, openSql, PostgresBus, SqliteSql, type Bus, type Sql } from '../storage';
import { ReusingBotFrameworkAuthentication } from './reusingAuthentication';
import { openDatabase, type Database } from '../storage/sqlite';
import { SqliteStorage } from '../storage/sqliteStorage';
import { CHANNELS } from './channels';
import { watchContent } from './watch';
import { shortIterations } from './shortIterations';

export interface ServeOptions {
  root: string;
  host?: string;
  port?: number;
  /** Bots to serve (default: all in bots/); the first answers on /api/messages. */
  bots?: string[];
  /**
   * SQLite file for conversation state (default .loket/state.sqlite under root). When given, each bot's own database
   * (appointments, reports, the human queue) goes beside it as <bot>.sqlite instead of bot.yaml's storage.file.
   */
  stateFile?: string;
  /** Bot Framework credentials; without them only `anonymous` (local development) lets messages in. */
  appId?: string;
  appPassword?: string;
  tenantId?: string;
  anonymous?: boolean;
  log?: Logger;
  now?: () => Date;
  /** Actions, handover adapters and channels to use instead of the content root's loket.config.js. */
  config?: LoketConfig;
  /** postgres://… to share conversation state with other instances (default: the DATABASE_URL environment variable). */
  databaseUrl?: string;
  /** Reload content edited on disk (validated first; a broken edit keeps the running content). For development. */
  watch?: boolean;
}

export interface RunningServer {
  server: Server;
  url: string;
  bots: Map<string, LoketBot>;
  close(): Promise<void>;
}

const MAX_BODY = 256 * 1024;
/** Work per event-loop turn before further requests wait for the next (see shortIterations). */
const LOOP_BUDGET_MS = 1;
/** The name under which LoketBot stores routes through the Bot Framework endpoint. */
const BOT_FRAMEWORK = 'botframework';

/**
 * Log lines wait in pino's destination while a write is under way, joined into chunks of at most this many bytes. It
 * measures the chunk being joined on every line, copying it whole each time: with its default of 16 KiB that was a
 * tenth of all the server allocated under load (two lines per request). Smaller chunks cost a few more writes.
 */
const LOG_WRITE_BYTES = 2048;

export async function startServer(opts: ServeOptions): Promise<RunningServer> {
  // stderr, as the README says: stdout stays free for what a command prints.
  const log = opts.log ?? pino({ level: process.env.LOG_LEVEL ?? 'info' }, pino.destination({ dest: 2, minLength: 0, maxWrite: LOG_WRITE_BYTES }));
  const stateFile = resolve(opts.stateFile ?? join(opts.root, '.loket', 'state.sqlite'));
  const config = opts.config ?? loadConfig(opts.root);
  const databaseUrl = opts.databaseUrl ?? process.env.DATABASE_URL;
  // SQLite serves one instance: a second server on the same files refuses to start (PostgreSQL is for several).
  const unlock = databaseUrl ? () => undefined : holdSingleInstance(stateFile);
  const shared = databaseUrl ? openSql(databaseUrl) : undefined;
  // A turn holds a connection for its whole length (the conversation's lock) and needs others meanwhile (actions, who
  // is at the desk). From one pool, ten turns at once would each wait for a connection another holds, for ever.
  const turns = databaseUrl ? openSql(databaseUrl) : undefined;
  const bus: Bus = databaseUrl ? new PostgresBus(databaseUrl, (err) => log.error({ err: err.message }, 'database notices failed')) : new LocalBus();
  const db = openDatabase(stateFile);
  const bots = await loadBots(opts, config, db, log, shared, turns, bus).catch(async (err) => {
    await bus.close();
    db.close();
    await shared?.close();
    await turns?.close();
    unlock();
    throw err;
  });
  const checkpoints = new BackgroundCheckpoints([db, ...[...bots.values()].map((b) => b.loket.db)]);
  checkpoints.on('failed', (m: { error: string }) => log.error({ err: m.error }, 'SQLite checkpoint failed'));
  const server = restify.createServer({ name: 'loket', handleUncaughtExceptions: false });
  const share = shortIterations(LOOP_BUDGET_MS);
  server.pre((_req: Request, _res: Response, next: Next) => share(next));
  server.pre(requestLog(log));
  server.use(restify.plugins.queryParser({ mapParams: false }));
  server.use(refuseUnreadableBodies);
  server.use(unlessMultipart(restify.plugins.bodyParser({ maxBodySize: MAX_BODY, mapParams: false, rejectUnknown: false })));
  server.use(refuseDeepBodies);
  server.server.on('clientError', answerClientError);
  server.on('restifyError', (_req: Request, _res: Response, err: { statusCode?: number; message: string; toJSON?: () => unknown }, next: () => void) => {
    const error = plainError(err.statusCode ?? 500, err.message);
    err.toJSON = () => ({ error });
    return next();
  });

  server.get('/healthz', async (_req: Request, res: Response) => void res.send(200, { status: 'ok' }));
  server.get('/readyz', async (_req: Request, res: Response) => void res.send(200, { status: 'ready', bots: [...bots.keys()] }));
  const botFramework = botFrameworkEndpoint(opts, bots, log);
  server.post('/api/messages', async (req: Request, res: Response) => botFramework(req, res, [...bots.keys()][0]));
  server.post('/api/bots/:bot/messages', async (req: Request, res: Response) => botFramework(req, res, req.params.bot));

  const channels = [...CHANNELS, ...(config.channels ?? [])];
  const sql = shared ?? new SqliteSql(db);
  const releases: (() => Promise<void>)[] = [];
  let stopPurge: (() => Promise<void>) | undefined;
  if (opts.watch) releases.push(watchContent(opts.root, bots, log));
  const shutdown = async () => {
    for (const release of releases) await release();
    await stopPurge?.();
    await bus.close();
    await checkpoints.close();
    for (const b of bots.values()) await b.loket.close();
    db.close();
    await shared?.close();
    await turns?.close();
    unlock();
  };
  try {
    for (const register of channels) {
      const release = await register({ server, bots, opts, db, stateFile, sql, bus, log });
      if (typeof release === 'function') releases.push(release);
    }
  } catch (err) {
    await shutdown();
    throw err;
  }
  // After every channel's listener: an upgrade none of them took is answered, not held open.
  server.server.on('upgrade', (req: IncomingMessage, socket: Duplex) => {
    if (isClaimed(req)) return;
    socket.on('error', () => undefined);
    writeError(socket, 404, 'no WebSocket endpoint here');
  });
  // Personal data past each bot's retention goes now and then every hour (docs/privacy.md).
  const holdings = [...bots.values()].map(({ loket }) => holdingsOf(loket.botId, loket.content.bot, loket.db, sql, stateFile));
  stopPurge = schedulePurge(holdings, log.child({ job: 'privacy' }), opts.now);

  await new Promise<void>((resolve) => server.listen(opts.port ?? 3978, opts.host ?? '127.0.0.1', resolve));
  const url = server.url.replace('[::]', '127.0.0.1');
  log.info({ url, bots: [...bots.keys()] }, 'loket is listening');
  return {
    server,
    url,
    bots,
    close: async () => {
      await new Promise<void>((r) => server.close(() => r()));
      await shutdown();
    },
  };
}

/**
 * restify's body parser would write any multipart body to the temp directory, on every route and without a size
 * limit. Multipart is left alone instead: the one route that takes files (Direct Line upload) reads it with limits.
 */
function unlessMultipart(handlers: RequestHandler[]): RequestHandler[] {
  return handlers.map((handler) => (req: Request, res: Response, next: Next) => (/^multipart\//i.test(req.headers['content-type'] ?? '') ? next() : handler(req, res, next)));
}

async function loadBots(opts: ServeOptions, config: LoketConfig, db: Database, log: Logger, shared: Sql | undefined, turns: Sql | undefined, bus: Bus): Promise<Map<string, LoketBot>> {
  const storage = new SqliteStorage(db);
  const store = async (botId: string): Promise<StateStore> => (turns ? SqlStateStore.open(turns, botId) : new StorageStateStore(storage, botId));
  const ids = opts.bots ?? listBots(opts.root);
  if (ids.length === 0) throw new Error(`no bots found in ${opts.root}/bots`);
  const bots = new Map<string, LoketBot>();
  for (const botId of ids) {
    const dbFile = opts.stateFile ? join(dirname(resolve(opts.stateFile)), `${botId}.sqlite`) : undefined;
    const loket = await Loket.create({
      botId, root: opts.root, dbFile, store: await store(botId), sql: shared, bus, log: log.child({ bot: botId }), now: opts.now,
      actions: config.actions ?? [], handoverAdapters: config.handoverAdapters ?? {},
    });
    bots.set(botId, new LoketBot(loket));
  }
  return bots;
}

type Handler = (req: Request, res: Response, botId: string) => Promise<void>;

/** POST /api/messages: botbuilder's CloudAdapter, with Bot Framework authentication unless running anonymously. */
function botFrameworkEndpoint(opts: ServeOptions, bots: Map<string, LoketBot>, log: Logger): Handler {
  const appId = opts.appId ?? process.env.MicrosoftAppId ?? '';
  const auth = new ReusingBotFrameworkAuthentication({
    MicrosoftAppId: appId,
    MicrosoftAppPassword: opts.appPassword ?? process.env.MicrosoftAppPassword ?? '',
    MicrosoftAppTenantId: opts.tenantId ?? process.env.MicrosoftAppTenantId ?? '',
    MicrosoftAppType: opts.tenantId ? 'SingleTenant' : 'MultiTenant',
  });
  // botbuilder's CloudAdapter (and the rest of the botbuilder package) loads when the endpoint is first used: most
  // municipalities reach residents through Direct Line and WhatsApp only, and loading it took ~60 ms of every start.
  let loaded: CloudAdapter | undefined;
  const adapter = (): CloudAdapter => {
    if (loaded) return loaded;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { CloudAdapter: Adapter } = require('botbuilder') as typeof import('botbuilder');
    loaded = new Adapter(auth);
    loaded.onTurnError = async (context: TurnContext, error: Error) => {
      log.error({ err: error.message, conversation: pseudonym(context.activity.conversation?.id ?? '') }, 'turn failed');
      await context.sendActivity('Sorry, er ging iets mis aan onze kant. Probeer het nog eens.');
    };
    return loaded;
  };
  for (const bot of bots.values()) bot.reachVia(BOT_FRAMEWORK, (ref, logic) => adapter().continueConversationAsync(appId, ref, logic));
  return async (req, res, botId) => {
    const bot = bots.get(botId);
    if (!bot) return sendError(res, 404, `unknown bot "${botId}"`);
    if (!appId && !opts.anonymous) return sendError(res, 401, 'this server has no Bot Framework app id; start it with --anonymous for local development only');
    if (!req.is('json')) return sendError(res, 415, 'send the activity as JSON (Content-Type: application/json)');
    const problem = activityProblem(req.body);
    if (problem) return sendError(res, 400, problem);
    await adapter().process(req, res, (context) => bot.run(context, BOT_FRAMEWORK));
  };
}

/** A JSON body nested deeper than any real one is refused before a handler walks (or stringifies) it. */
/** The bodies Loket reads: JSON, a form, a multipart upload. */
const READABLE = /^\s*(?:application\/(?:[\w.+-]+\+)?json|application\/x-www-form-urlencoded|multipart\/form-data)\s*(?:;|$)/i;

/**
 * A body Loket can read, or 415 before restify's bodyParser sees it. That parser inflates a gzip body without
 * listening for its errors (one broken byte took the process down) and counts its size limit on the compressed bytes
 * (a 204 KB body inflated to 200 MB); its CSV parser answered a stray quote with a 500. No client of Loket compresses
 * what it sends.
 */
function refuseUnreadableBodies(req: Request, _res: Response, next: Next): void {
  const encoding = req.headers['content-encoding'];
  if (encoding !== undefined && !/^\s*identity\s*$/i.test(encoding)) {
    return next(Object.assign(new Error('compressed request bodies are not accepted: send the body without Content-Encoding'), { statusCode: 415 }));
  }
  const type = req.headers['content-type'];
  const hasBody = req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
  if (hasBody && type !== undefined && !READABLE.test(type)) {
    return next(Object.assign(new Error('this type of body is not accepted: send JSON (Content-Type: application/json)'), { statusCode: 415 }));
  }
  next();
}

function refuseDeepBodies(req: Request, _res: Response, next: Next): void {
  if (!deeperThan(req.body)) return next();
  next(Object.assign(new Error(`the body nests deeper than ${MAX_DEPTH} levels`), { statusCode: 400 }));
}

/**
 * Requests Node cannot parse (headers over 16 KiB, broken HTTP) are answered before restify sees them; Node's own
 * answer has no body, so it is given here with the JSON error every other refusal has.
 */
function answerClientError(err: NodeJS.ErrnoException, socket: Duplex): void {
  const inFlight = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent;
  if (err.code === 'ECONNRESET' || !socket.writable || inFlight) return void socket.destroy();
  const [status, error] =
    err.code === 'HPE_HEADER_OVERFLOW' ? [431, 'the request headers are too large (at most 16 KiB)']
    : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? [408, 'the request took too long to arrive']
    : [400, 'the request is not valid HTTP'];
  writeError(socket, status, error);
}

function plainError(status: number, message: string): string {
  if (status === 413) return `the body is larger than ${MAX_BODY / 1024} KiB`;
  if (status === 400 && /json/i.test(message)) return 'the body is not valid JSON';
  if (status === 404) return 'no such route';
  if (status === 405) return 'method not allowed on this route';
  return message;
}

/** One log line per request: id, route, status and time; never bodies (they hold what residents typed). */
function requestLog(log: Logger) {
  return (req: Request, res: Response, next: () => void) => {
    const started = Date.now();
    res.on('finish', () => log.info({ reqId: req.id(), method: req.method, path: req.getPath(), status: res.statusCode, ms: Date.now() - started }, 'request'));
    return next();
  };
}
