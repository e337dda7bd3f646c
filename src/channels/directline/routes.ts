import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { dirname, join } from 'node:path';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import type { Activity } from 'botbuilder-core';
import type { Request, Response } from 'restify';
import { decodedPart, sendError, writeError } from '../httpError';
import { sweepEvery, type Sweeper } from '../recovery';
import type { ChannelContext } from '../types';
import { claimUpgrade } from '../upgrade';
import { DirectLineAdapter } from './adapter';
import { DirectLineStore, JOIN, notice, type ConversationRecord, type Notice } from './store';
import { StreamHub } from './stream';
import { bearer, TokenIssuer, type TokenClaims } from './tokens';
import { readStored, readUpload, storeUpload } from './upload';
import { bodyObject, clientActivity, userOf, watermarkOf, type Checked } from './validate';

export interface DirectLineOptions {
  /** HMAC key for tokens (default: LOKET_DIRECTLINE_SECRET, else random per process). */
  secret?: string;
  tokenLifetimeSeconds?: number;
  maxActivities?: number;
  pingMs?: number;
  /** How often to look for accepted activities whose turn never finished, and how old they must be (a turn in progress is younger). */
  recoverEveryMs?: number;
  recoverAfterMs?: number;
}

export interface DirectLineChannel {
  adapter: DirectLineAdapter;
  store: DirectLineStore;
  hub: StreamHub;
  tokens: TokenIssuer;
  release(): Promise<void>;
}

const PREFIXES = ['/v3/directline', '/bots/:bot/v3/directline'];
/** The bus channel on which instances tell each other that a conversation's log grew. */
const NOTICES = 'loket_directline';
const DIRECT_LINE_PATH = /^(?:\/bots\/[^/]+)?\/v3\/directline(?:\/|$)/;
const STREAM_PATH = /^(?:\/bots\/([^/]+))?\/v3\/directline\/conversations\/([^/]+)\/stream\/?$/;

type Handler = (req: Request, res: Response) => Promise<void>;

/** `{error: {code, message}}`, as Direct Line answers errors. */
function fail(res: Response, status: number, code: string, message: string): void {
  sendError(res, status, { code, message });
}

function first(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v?.split(',')[0]?.trim();
}

/** Adds the Direct Line routes, the WebSocket streams and the conversation store to the server. */
export async function createDirectLine(ctx: ChannelContext, options: DirectLineOptions = {}): Promise<DirectLineChannel> {
  const { server, bots, sql, bus } = ctx;
  const log = ctx.log.child({ channel: 'directline' });
  const secret = options.secret ?? process.env.LOKET_DIRECTLINE_SECRET;
  // Several instances must sign tokens alike, or a token from one is refused by the next.
  if (!secret && sql.dialect === 'postgres') throw new Error('DATABASE_URL is set: set LOKET_DIRECTLINE_SECRET too (a long random value), so every instance accepts the Direct Line tokens of the others');
  if (!secret) log.warn('LOKET_DIRECTLINE_SECRET is not set: Direct Line tokens are signed with a random key and stop working when the server restarts');
  else if (secret.length < 16) log.warn('LOKET_DIRECTLINE_SECRET is shorter than 16 characters; use a long random value');
  const tokens = new TokenIssuer(secret ? Buffer.from(secret) : randomBytes(32), options.tokenLifetimeSeconds ?? 3600);
  const store = await DirectLineStore.open(sql, options.maxActivities, bus.inDatabase ? NOTICES : undefined);
  const hub = new StreamHub(store, log, options.pingMs);
  // Every instance hears that a conversation grew, and its sockets for that conversation catch up.
  await bus.subscribe(NOTICES, (message) => {
    const { c, w } = JSON.parse(message) as Notice;
    hub.notify(c, w);
  });
  const adapter = new DirectLineAdapter(store, bots, (id, watermark) => bus.publish(NOTICES, notice(id, watermark)), log);
  const firstBot = [...bots.keys()][0];
  const mediaDir = join(dirname(ctx.stateFile), 'directline-media');
  const allowedOrigins = (process.env.LOKET_DIRECTLINE_ORIGINS ?? '').split(',').map((o) => o.trim()).filter(Boolean);

  // Requests being handled, so a stop (SIGTERM) lets their turns finish before the databases close.
  const inFlight = new Set<Promise<void>>();
  const handle = (fn: Handler): Handler => async (req, res) => {
    const work = fn(req, res).catch((e: Error) => {
      log.error({ err: e.message, path: req.getPath() }, 'direct line request failed');
      fail(res, 500, 'ServiceError', 'something went wrong on our side; try again');
    });
    inFlight.add(work);
    await work.finally(() => inFlight.delete(work));
  };

  /** The token's claims, when it is valid for this route; otherwise answers with the error and returns undefined. */
  const authorize = (req: Request, res: Response, conversationId?: string): TokenClaims | undefined => {
    const check = tokens.verify(bearer(req.headers.authorization));
    if (!check.ok) return void fail(res, check.status, check.code, check.message);
    const { claims } = check;
    if (req.params?.bot !== undefined && req.params.bot !== claims.botId) return void fail(res, 403, 'Forbidden', 'this token is for another bot');
    if (conversationId !== undefined && conversationId !== claims.conversationId) return void fail(res, 403, 'Forbidden', 'this token is not valid for this conversation');
    if (!bots.has(claims.botId)) return void fail(res, 404, 'NotFound', `the bot "${claims.botId}" is not served here`);
    return claims;
  };

  /** "https://chat.voorbeeld.nl" as the client reached us (directly, or through a proxy that says so). */
  const publicBase = (req: Request): string => {
    const proto = first(req.headers['x-forwarded-proto']) ?? (req.isSecure() ? 'https' : 'http');
    const host = first(req.headers['x-forwarded-host']) ?? req.headers.host ?? 'localhost';
    return `${proto === 'https' ? 'https' : 'http'}://${host}`;
  };

  const streamUrl = (req: Request, conversationId: string, token: string, watermark?: number): string => {
    const prefix = req.params?.bot ? `/bots/${encodeURIComponent(req.params.bot)}` : '';
    return `${publicBase(req).replace(/^http/, 'ws')}${prefix}/v3/directline/conversations/${encodeURIComponent(conversationId)}/stream?watermark=${watermark ?? ''}&t=${encodeURIComponent(token)}`;
  };

  /**
   * A client's activity, checked, with its sender (a token bound to a user decides who that is), and its conversation.
   * Posting to a conversation that was never started starts it quietly (no welcome: the resident spoke first).
   */
  const fromClient = async (claims: TokenClaims, body: Record<string, unknown>, fallbackUser = 'user'): Promise<Checked<{ conversation: ConversationRecord; activity: Partial<Activity> }>> => {
    const existing = await store.known(claims.conversationId);
    const user = { id: claims.userId ?? existing?.userId ?? fallbackUser, name: claims.userName ?? existing?.userName, bound: claims.userId !== undefined };
    const activity = clientActivity(body, user);
    if (!activity.ok) return activity;
    const conversation = existing ?? (await store.create({ id: claims.conversationId, botId: claims.botId, userId: activity.value.from!.id })).conversation;
    return { ok: true, value: { conversation, activity: activity.value } };
  };

  const greet = async (conversation: ConversationRecord, locale: unknown): Promise<void> => {
    try {
      await adapter.greet(conversation, typeof locale === 'string' && locale.length < 40 ? locale : undefined);
    } catch (e) {
      log.error({ err: (e as Error).message, conversation: conversation.id }, 'the welcome failed');
    }
  };

  // Errors restify raises before a handler runs (bad JSON, too large, no such route) get Direct Line's shape here,
  // and browsers on other sites may call the API (tokens are bearer tokens, no cookies are involved).
  server.pre((req: Request, res: Response, next: (arg?: false) => void) => {
    if (!DIRECT_LINE_PATH.test(req.getPath())) return next();
    const origin = req.headers.origin;
    if (origin && (allowedOrigins.length === 0 || allowedOrigins.includes(origin))) {
      res.header('Access-Control-Allow-Origin', allowedOrigins.length ? origin : '*');
      res.header('Access-Control-Allow-Headers', 'Authorization, Content-Type, x-ms-bot-agent, x-requested-with');
      res.header('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
      res.header('Access-Control-Max-Age', '600');
      if (allowedOrigins.length) res.header('Vary', 'Origin');
    }
    if (req.method === 'OPTIONS') {
      res.send(204);
      return next(false);
    }
    const send = res.send.bind(res) as (...args: unknown[]) => unknown;
    (res as unknown as { send: (...args: unknown[]) => unknown }).send = (...args: unknown[]) => {
      const err = args[0];
      if (!(err instanceof Error)) return send(...args);
      const status = (err as { statusCode?: number }).statusCode ?? 500;
      return send(status, { error: restifyError(status, err.message) });
    };
    return next();
  });

  for (const p of PREFIXES) {
    server.post(`${p}/tokens/generate`, handle(async (req, res) => {
      const botId = req.params?.bot ?? firstBot;
      if (!bots.has(botId)) return fail(res, 404, 'NotFound', `unknown bot "${botId}"`);
      const body = bodyObject(req.body, true);
      if (!body.ok) return fail(res, body.status, body.code, body.message);
      const user = userOf(body.value?.user);
      if (!user.ok) return fail(res, user.status, user.code, user.message);
      const conversationId = randomBytes(16).toString('base64url');
      const t = tokens.issue({ conversationId, botId, ...(user.value?.id ? { userId: user.value.id } : {}), ...(user.value?.name ? { userName: user.value.name } : {}) });
      res.send(200, { conversationId, token: t.token, expires_in: t.expires_in });
    }));

    server.post(`${p}/tokens/refresh`, handle(async (req, res) => {
      const claims = authorize(req, res);
      if (!claims) return;
      const { expiresAt: _, ...rest } = claims;
      const t = tokens.issue(rest);
      res.send(200, { conversationId: claims.conversationId, token: t.token, expires_in: t.expires_in });
    }));

    server.post(`${p}/conversations`, handle(async (req, res) => {
      const claims = authorize(req, res);
      if (!claims) return;
      const body = bodyObject(req.body, true);
      if (!body.ok) return fail(res, body.status, body.code, body.message);
      const user = userOf(body.value?.user);
      if (!user.ok) return fail(res, user.status, user.code, user.message);
      const { conversation, created } = await store.create({
        id: claims.conversationId, botId: claims.botId,
        ...(claims.userId ?? user.value?.id ? { userId: claims.userId ?? user.value?.id } : {}),
        ...(claims.userName ?? user.value?.name ? { userName: claims.userName ?? user.value?.name } : {}),
      }, { welcome: true });
      // A start repeated because its answer was lost: the welcome, unless the first start's instance sent it.
      if (created || (await store.waiting(conversation.id, JOIN))) await greet(conversation, body.value?.locale);
      const { expiresAt: _, ...rest } = claims;
      const t = tokens.issue(rest);
      res.send(created ? 201 : 200, { conversationId: conversation.id, token: t.token, expires_in: t.expires_in, streamUrl: streamUrl(req, conversation.id, t.token) });
    }));

    server.get(`${p}/conversations/:id`, handle(async (req, res) => {
      const claims = authorize(req, res, req.params.id);
      if (!claims) return;
      const watermark = watermarkOf(req.query?.watermark);
      if (!watermark.ok) return fail(res, watermark.status, watermark.code, watermark.message);
      if (!(await store.get(claims.conversationId))) return fail(res, 404, 'NotFound', 'this conversation has not been started; POST /v3/directline/conversations first');
      const { expiresAt: _, ...rest } = claims;
      const t = tokens.issue(rest);
      res.send(200, { conversationId: claims.conversationId, token: t.token, expires_in: t.expires_in, streamUrl: streamUrl(req, claims.conversationId, t.token, watermark.value) });
    }));

    server.post(`${p}/conversations/:id/activities`, handle(async (req, res) => {
      const claims = authorize(req, res, req.params.id);
      if (!claims) return;
      const body = bodyObject(req.body, false);
      if (!body.ok) return fail(res, body.status, body.code, body.message);
      const posted = await fromClient(claims, body.value!);
      if (!posted.ok) return fail(res, posted.status, posted.code, posted.message);
      const id = await adapter.receive(posted.value.conversation, posted.value.activity);
      res.send(200, { id });
    }));

    server.get(`${p}/conversations/:id/activities`, handle(async (req, res) => {
      const claims = authorize(req, res, req.params.id);
      if (!claims) return;
      const watermark = watermarkOf(req.query?.watermark);
      if (!watermark.ok) return fail(res, watermark.status, watermark.code, watermark.message);
      if (!(await store.get(claims.conversationId))) return fail(res, 404, 'NotFound', 'this conversation has not been started; POST /v3/directline/conversations first');
      const page = await store.after(claims.conversationId, watermark.value);
      res.send(200, { activities: page.activities, ...(page.watermark !== undefined ? { watermark: String(page.watermark) } : {}) });
    }));

    server.post(`${p}/conversations/:id/upload`, handle(async (req, res) => {
      const claims = authorize(req, res, req.params.id);
      if (!claims) return;
      const upload = await readUpload(req);
      if (!upload.ok) return fail(res, upload.status, upload.code, upload.message);
      const { attachments: _, ...fields } = upload.activity ?? { type: 'message' };
      const queryUser = typeof req.query?.userId === 'string' && req.query.userId ? req.query.userId : undefined;
      const posted = await fromClient(claims, { type: 'message', ...fields }, queryUser);
      if (!posted.ok) return fail(res, posted.status, posted.code, posted.message);
      const base = publicBase(req);
      const attachments = [];
      for (const file of upload.files) {
        const contentUrl = `${base}/v3/directline/attachments/${await storeUpload(mediaDir, file)}`;
        // With a thumbnail Web Chat shows a photo as a picture, not as a download link.
        attachments.push({ contentType: file.type, contentUrl, name: file.name, thumbnailUrl: contentUrl });
      }
      log.info({ files: attachments.length, types: attachments.map((a) => a.contentType) }, 'direct line upload');
      const id = await adapter.receive(posted.value.conversation, { ...posted.value.activity, attachments });
      res.send(200, { id });
    }));
  }

  // Uploaded files, by the random name the upload gave them (no token: an <img> cannot send one).
  server.get('/v3/directline/attachments/:file', handle(async (req, res) => {
    const file = await readStored(mediaDir, String(req.params.file));
    if (!file) return fail(res, 404, 'NotFound', 'no such file');
    res.writeHead(200, { 'content-type': file.type, 'content-length': file.bytes.length, 'x-content-type-options': 'nosniff', 'cache-control': 'private, max-age=86400', 'content-disposition': 'inline' });
    res.end(file.bytes);
  }));

  // WebSocket streams: the 'upgrade' event of the http.Server under restify.
  const httpServer = server.server;
  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    socket.on('error', () => undefined);
    const url = URL.canParse(req.url ?? '/', 'http://localhost') ? new URL(req.url ?? '/', 'http://localhost') : undefined;
    const m = url && STREAM_PATH.exec(url.pathname);
    // Not a Direct Line stream: the server refuses upgrades no channel claims.
    if (!url || !m) return;
    claimUpgrade(req);
    const conversationId = decodedPart(m[2]);
    if (conversationId === undefined) return reject(socket, 400, 'BadArgument', 'the conversation id is not valid');
    const check = tokens.verify(url.searchParams.get('t') ?? bearer(req.headers.authorization));
    if (!check.ok) return reject(socket, check.status, check.code, check.message);
    const bot = m[1] === undefined ? undefined : decodedPart(m[1]);
    // A bot in the path that does not decode is no bot: refused, not left unchecked.
    if ((m[1] !== undefined && bot !== check.claims.botId) || conversationId !== check.claims.conversationId) return reject(socket, 403, 'Forbidden', 'this token is not valid for this conversation');
    const watermark = watermarkOf(url.searchParams.get('watermark') ?? undefined);
    if (!watermark.ok) return reject(socket, 400, watermark.code, watermark.message);
    void store.get(conversationId).then(
      (found) => (found ? hub.accept(req, socket, head, conversationId, watermark.value) : reject(socket, 404, 'NotFound', 'this conversation has not been started')),
      () => reject(socket, 500, 'ServiceError', 'something went wrong on our side; try again'),
    );
  };
  httpServer.on('upgrade', onUpgrade);

  const recovery = recoverLostTurns(store, adapter, log, options);

  return {
    adapter, store, hub, tokens,
    release: async () => {
      httpServer.off('upgrade', onUpgrade);
      await recovery.stop();
      await Promise.all(inFlight);
      hub.close();
    },
  };
}

/**
 * An accepted message is answered exactly once, also when the instance that took it dies before answering: at start
 * and then every few seconds, each instance answers what has waited in the inbox longer than any turn takes.
 */
function recoverLostTurns(store: DirectLineStore, adapter: DirectLineAdapter, log: Logger, options: DirectLineOptions): Sweeper {
  const after = options.recoverAfterMs ?? 15_000;
  return sweepEvery(options.recoverEveryMs ?? 5_000, async (stopped) => {
    for (const p of await store.pending(new Date(Date.now() - after))) {
      if (stopped()) return;
      await adapter.recover(p.conversationId, p.seq).catch((e: Error) => log.error({ err: e.message }, 'direct line recovery failed'));
      log.warn({ seq: p.seq }, 'answered a message whose turn was lost');
    }
  }, (e) => log.error({ err: e.message }, 'direct line recovery failed'));
}

/** Refuses a WebSocket handshake with an HTTP status and a JSON error. */
function reject(socket: Duplex, status: number, code: string, message: string): void {
  writeError(socket, status, { code, message });
}

/** Restify's own errors (raised before a Direct Line handler runs) in Direct Line's words. */
function restifyError(status: number, message: string): { code: string; message: string } {
  if (status === 413) return { code: 'MessageSizeTooBig', message: 'the body is too large' };
  if (status === 400 && /json/i.test(message)) return { code: 'BadArgument', message: 'the body is not valid JSON' };
  if (status === 404) return { code: 'NotFound', message: 'no such Direct Line route' };
  if (status === 405) return { code: 'BadArgument', message: 'method not allowed on this route' };
  if (status === 415) return { code: 'BadArgument', message: /not accepted/.test(message) ? message : 'send JSON (Content-Type: application/json)' };
  if (status >= 500) return { code: 'ServiceError', message: 'something went wrong on our side; try again' };
  return { code: 'BadArgument', message };
}
