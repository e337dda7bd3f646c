import { createHash, createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { dirname, join } from 'node:path';
import type { Request, Response, Server } from 'restify';
import { sendError } from '../httpError';
import type { ChannelContext } from '../types';
import { keepRawBody } from '../rawBody';
import { deeperThan, MAX_DEPTH } from '../shape';
import type { WhatsAppSettings } from '../../content/types';
import { WhatsAppAdapter, type IncomingMessage } from './adapter';
import { WhatsAppConversations } from './conversations';
import { GraphClient } from './graph';
import { WhatsAppInbox } from './inbox';
import { ProcessedMessages, tooOld } from './processed';
import { InboxWorker } from './worker';

export const WEBHOOK_PATH = /^\/api\/whatsapp\/([^/]+)\/webhook\/?$/;
/** Meta's webhook payloads are small; the limit keeps a flood from filling memory. */
export const MAX_WEBHOOK_BODY = 256 * 1024;

export const DEFAULT_GRAPH_URL = 'https://graph.facebook.com';
export const DEFAULT_GRAPH_VERSION = 'v21.0';
/** How long an accepted message stays with the instance that took it unless renewed (LOKET_WHATSAPP_LEASE_MS). */
export const DEFAULT_LEASE_MS = 30_000;

export interface WhatsAppOptions {
  /** First retry delay for Graph API calls (default LOKET_WHATSAPP_RETRY_BASE_MS, else 500 ms). */
  retryBaseMs?: number;
  tries?: number;
  /** Lease of an accepted message (default LOKET_WHATSAPP_LEASE_MS, else 30 s); the sweep runs every third of it. */
  leaseMs?: number;
  env?: NodeJS.ProcessEnv;
}

/** One bot's WhatsApp number: its settings with the secrets read from the environment. */
export interface WhatsAppBot {
  botId: string;
  phoneNumberId: string;
  verifyToken?: string;
  appSecret?: string;
  adapter: WhatsAppAdapter;
  inbox: WhatsAppInbox;
  worker: InboxWorker;
}

export interface WhatsAppChannel {
  bots: Map<string, WhatsAppBot>;
  /** Resolves when every webhook message received so far has been handled (tests, shutdown). */
  idle(): Promise<void>;
  release(): Promise<void>;
}

const channels = new WeakMap<Server, WhatsAppChannel>();

/** The WhatsApp channel registered on a running server (for tests and tools). */
export function whatsAppChannel(server: Server): WhatsAppChannel | undefined {
  return channels.get(server);
}

function sameSecret(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a).digest();
  const hb = createHash('sha256').update(b).digest();
  return timingSafeEqual(ha, hb) && a.length === b.length;
}

/** X-Hub-Signature-256 is "sha256=" + hex HMAC-SHA256 of the body exactly as sent, keyed with the app secret. */
export function validSignature(raw: Buffer, header: string | string[] | undefined, appSecret: string): boolean {
  const value = Array.isArray(header) ? header[0] : header;
  const m = /^sha256=([0-9a-fA-F]{64})$/.exec(value?.trim() ?? '');
  if (!m) return false;
  const expected = createHmac('sha256', appSecret).update(raw).digest();
  return timingSafeEqual(expected, Buffer.from(m[1], 'hex'));
}

interface Change { field?: unknown; value?: { metadata?: { phone_number_id?: unknown }; contacts?: unknown; messages?: unknown; statuses?: unknown } }
interface Payload { object?: unknown; entry: { changes?: Change[] }[] }

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Whether the JSON has the shape of a WhatsApp webhook: entry[].changes[].value with well-formed messages. */
export function payloadProblem(body: unknown): string | undefined {
  if (!isObject(body) || !Array.isArray(body.entry)) return 'the body is not a WhatsApp webhook payload: "entry" must be a list';
  for (const entry of body.entry) {
    if (!isObject(entry)) return 'every entry must be an object';
    if (entry.changes === undefined) continue;
    if (!Array.isArray(entry.changes)) return 'entry[].changes must be a list';
    for (const change of entry.changes) {
      if (!isObject(change) || (change.value !== undefined && !isObject(change.value))) return 'entry[].changes[] must be objects with a "value" object';
      const value = change.value as Record<string, unknown> | undefined;
      if (value?.messages !== undefined) {
        if (!Array.isArray(value.messages)) return 'value.messages must be a list';
        for (const m of value.messages) {
          if (!isObject(m) || typeof m.id !== 'string' || typeof m.from !== 'string' || typeof m.type !== 'string' || !m.id || !m.from) {
            return 'every message needs a string id, from and type';
          }
          if (typeof m.timestamp !== 'string' || !/^\d{1,12}$/.test(m.timestamp)) return 'every message needs a timestamp (seconds since 1970, as a string)';
        }
      }
      if (value?.statuses !== undefined && !Array.isArray(value.statuses)) return 'value.statuses must be a list';
      if (value?.contacts !== undefined && !Array.isArray(value.contacts)) return 'value.contacts must be a list';
    }
  }
  return undefined;
}

function positive(value: string | undefined): number | undefined {
  const n = Number(value);
  return value && Number.isFinite(n) && n > 0 ? n : undefined;
}

/** Reads one bot's `channels.whatsapp` with the secrets from the environment; names what is missing. */
function resolveBot(botId: string, settings: WhatsAppSettings, env: NodeJS.ProcessEnv): { verifyToken?: string; appSecret?: string; accessToken?: string; missing: string[] } {
  const read = (name: string) => (env[name] ? env[name] : undefined);
  const out = { verifyToken: read(settings.verify_token_env), appSecret: read(settings.app_secret_env), accessToken: read(settings.access_token_env) };
  const missing = [
    out.verifyToken ? undefined : settings.verify_token_env,
    out.appSecret ? undefined : settings.app_secret_env,
    out.accessToken ? undefined : settings.access_token_env,
  ].filter((n): n is string => !!n);
  void botId;
  return { ...out, missing };
}

/**
 * Adds `GET/POST /api/whatsapp/:bot/webhook` for every bot with `channels.whatsapp` in its bot.yaml. The POST body is
 * read as raw bytes before restify's bodyParser (a `pre` handler), since the signature covers the exact bytes Meta
 * sent; the bodyParser then skips it.
 */
export function createWhatsApp(ctx: ChannelContext, options: WhatsAppOptions = {}): WhatsAppChannel {
  const { server, stateFile, opts } = ctx;
  const log = ctx.log.child({ channel: 'whatsapp' });
  const env = options.env ?? process.env;
  const retryBaseMs = options.retryBaseMs ?? (env.LOKET_WHATSAPP_RETRY_BASE_MS ? Number(env.LOKET_WHATSAPP_RETRY_BASE_MS) : undefined);
  const leaseMs = options.leaseMs ?? positive(env.LOKET_WHATSAPP_LEASE_MS) ?? DEFAULT_LEASE_MS;
  // Who took a message: this process, so a restarted one takes over what its predecessor left.
  const owner = randomUUID();
  const bots = new Map<string, WhatsAppBot>();

  for (const [botId, bot] of ctx.bots) {
    const settings = bot.loket.content.bot.channels?.whatsapp;
    if (!settings) continue;
    const phoneNumberId = String(settings.phone_number_id);
    const secrets = resolveBot(botId, settings, env);
    if (secrets.missing.length) log.warn({ bot: botId, missing: secrets.missing }, 'whatsapp is configured but these environment variables are not set; the webhook refuses what it cannot check');
    const botLog = log.child({ bot: botId });
    const graph = new GraphClient({
      graphUrl: settings.graph_url ?? DEFAULT_GRAPH_URL,
      version: settings.graph_version ?? DEFAULT_GRAPH_VERSION,
      phoneNumberId,
      token: secrets.accessToken ?? '',
      log: botLog,
      tries: options.tries,
      baseDelayMs: retryBaseMs !== undefined && Number.isFinite(retryBaseMs) ? retryBaseMs : undefined,
    });
    const adapter = new WhatsAppAdapter({
      botId,
      bot,
      graph,
      phoneNumberId,
      template: settings.template,
      mediaDir: join(dirname(stateFile), 'whatsapp-media', botId),
      conversations: new WhatsAppConversations(bot.loket.sql, botId),
      log: botLog,
      now: opts.now,
    });
    const sql = bot.loket.sql;
    const inbox = new WhatsAppInbox(sql, botId, new ProcessedMessages(sql, botId), { owner, leaseMs });
    const worker = new InboxWorker(inbox, adapter, botLog);
    // SQLite serves one process: what another owner took was left by a process that is gone, taken at once.
    worker.start(Math.max(1, Math.floor(leaseMs / 3)), sql.dialect === 'sqlite');
    bots.set(botId, { botId, phoneNumberId, verifyToken: secrets.verifyToken, appSecret: secrets.appSecret, adapter, inbox, worker });
  }

  /**
   * Claims each message (once across instances and restarts) and keeps it in the inbox, all in one transaction, then
   * starts its turn; throws when the database cannot say, so Meta gets no 200 for a message that was not kept.
   */
  const handlePayload = async (wa: WhatsAppBot, payload: Payload): Promise<{ messages: number; duplicates: number; stale: number }> => {
    const now = opts.now?.() ?? new Date();
    const candidates: { message: IncomingMessage; profileName?: string }[] = [];
    let stale = 0;
    const statuses: Record<string, number> = {};
    for (const entry of payload.entry) {
      for (const change of entry.changes ?? []) {
        const value = change.value;
        if (!value) continue;
        const phone = value.metadata?.phone_number_id;
        // Meta sends a string; anything else (an object, a list) is no number of ours, and String() of it may throw.
        if (phone !== undefined && ((typeof phone !== 'string' && typeof phone !== 'number') || String(phone) !== wa.phoneNumberId)) {
          log.warn({ bot: wa.botId }, 'whatsapp webhook for another phone number id ignored');
          continue;
        }
        const contacts = Array.isArray(value.contacts) ? (value.contacts as { wa_id?: unknown; profile?: { name?: unknown } }[]) : [];
        for (const message of (value.messages as IncomingMessage[] | undefined) ?? []) {
          // Too old for one of Meta's retries: a replay of a captured payload.
          if (tooOld(message.timestamp!, now)) {
            stale++;
            continue;
          }
          const contact = contacts.find((c) => c?.wa_id === message.from);
          candidates.push({ message, ...(typeof contact?.profile?.name === 'string' ? { profileName: contact.profile.name } : {}) });
        }
        for (const s of (value.statuses as { status?: unknown }[] | undefined) ?? []) {
          const status = typeof s?.status === 'string' ? s.status : 'unknown';
          statuses[status] = (statuses[status] ?? 0) + 1;
        }
      }
    }
    if (Object.keys(statuses).length) log.info({ bot: wa.botId, statuses }, 'whatsapp delivery statuses');
    if (stale) log.warn({ bot: wa.botId, stale }, 'whatsapp messages older than 7 days refused (a replay, not a retry)');
    const accepted = candidates.length ? await wa.inbox.accept(candidates, now) : [];
    for (const waId of new Set(accepted.map((m) => m.from))) wa.worker.schedule(waId);
    return { messages: accepted.length, duplicates: candidates.length - accepted.length, stale };
  };

  // The raw bytes of webhook posts, for the signature check.
  const rawBody = keepRawBody(server, WEBHOOK_PATH, MAX_WEBHOOK_BODY);

  const botOf = (req: Request, res: Response): WhatsAppBot | undefined => {
    const wa = bots.get(String(req.params?.bot ?? ''));
    if (!wa) sendError(res, 404, `no WhatsApp channel for bot "${String(req.params?.bot ?? '')}"`);
    return wa;
  };

  server.get('/api/whatsapp/:bot/webhook', async (req: Request, res: Response) => {
    const wa = botOf(req, res);
    if (!wa) return;
    const query = new URL(req.url ?? '/', 'http://localhost').searchParams;
    const mode = query.get('hub.mode');
    const token = query.get('hub.verify_token');
    const challenge = query.get('hub.challenge') ?? '';
    if (mode === 'subscribe' && token !== null && wa.verifyToken && sameSecret(token, wa.verifyToken) && /^[\x21-\x7e]{1,256}$/.test(challenge)) {
      log.info({ bot: wa.botId }, 'whatsapp webhook verified');
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(challenge) });
      res.end(challenge);
      return;
    }
    log.warn({ bot: wa.botId, mode }, 'whatsapp webhook verification refused');
    sendError(res, 403, 'webhook verification failed: wrong hub.mode, hub.verify_token or hub.challenge');
  });

  server.post('/api/whatsapp/:bot/webhook', async (req: Request, res: Response) => {
    const wa = botOf(req, res);
    if (!wa) return;
    if (!wa.appSecret) return sendError(res, 503, 'WhatsApp is not set up on this server: the app secret is missing');
    const raw = rawBody(req);
    if (!raw) return sendError(res, 400, 'the request body could not be read');
    if (!validSignature(raw, req.headers['x-hub-signature-256'], wa.appSecret)) {
      log.warn({ bot: wa.botId, signed: req.headers['x-hub-signature-256'] !== undefined }, 'whatsapp webhook with a missing or wrong signature refused');
      return sendError(res, 401, 'missing or invalid X-Hub-Signature-256');
    }
    let body: unknown;
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch {
      return sendError(res, 400, 'the body is not valid JSON');
    }
    if (deeperThan(body)) return sendError(res, 400, `the body nests deeper than ${MAX_DEPTH} levels`);
    const problem = payloadProblem(body);
    if (problem) return sendError(res, 400, problem);
    let counts: Awaited<ReturnType<typeof handlePayload>>;
    try {
      counts = await handlePayload(wa, body as Payload);
    } catch (e) {
      // Not 200: Meta sends it again later; none of its messages was kept or claimed (one transaction).
      log.error({ bot: wa.botId, err: (e as Error).message }, 'whatsapp webhook not taken: the database failed');
      return sendError(res, 503, 'the message could not be stored; try again later');
    }
    res.send(200, { status: 'received', ...counts });
  });

  const channel: WhatsAppChannel = {
    bots,
    idle: async () => {
      for (const wa of bots.values()) await wa.worker.idle();
    },
    release: async () => {
      for (const wa of bots.values()) await wa.worker.stop();
      channels.delete(server);
    },
  };
  channels.set(server, channel);
  if (bots.size) log.info({ bots: [...bots.keys()] }, 'whatsapp webhooks at /api/whatsapp/<bot>/webhook');
  return channel;
}
