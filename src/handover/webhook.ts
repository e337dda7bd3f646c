/**
 * The generic webhook handover adapter: Loket POSTs signed JSON to a desk of your own (`handover.webhook.url`) and the
 * desk POSTs signed JSON back to `POST /api/bots/<bot>/handover`. Both ways the signature is
 * `X-Loket-Signature: sha256=<hex HMAC-SHA256 of "<X-Loket-Timestamp>.<body>">` with the shared secret; the timestamp
 * in the signed string stops replays. The protocol, with examples, is in docs/handover-remote.md.
 *
 * Also home to `callRemote`, the HTTP call with timeout and retries that the Chatwoot adapter uses as well.
 */
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Logger } from 'pino';
import type { HandoverReason, WebhookHandoverSettings } from '../content/types';
import type { TranscriptLine } from '../engine/types';
import { dispatch, type HandoverAdapter, type HandoverEvent, type HandoverListener, type HandoverTicket, type InboundHandover, type InboundRequest, type QueuePlace } from './adapter';

export const SIGNATURE_HEADER = 'x-loket-signature';
export const TIMESTAMP_HEADER = 'x-loket-timestamp';
/** A signed request is valid this long (either way, for clocks that differ a little); older ones are replays. */
export const MAX_AGE_SECONDS = 300;
export const MAX_TEXT = 4096;
export const DEFAULT_TIMEOUT_MS = 5000;
const MAX_SEEN = 10_000;

/** A failed call to the human side. `code`: timeout, network, unavailable (5xx/429 after retries), rejected (4xx), bad_response. */
export class RemoteHandoverError extends Error {
  constructor(readonly code: 'timeout' | 'network' | 'unavailable' | 'rejected' | 'bad_response', message: string, readonly status?: number) {
    super(message);
    this.name = 'RemoteHandoverError';
  }
}

export interface RemoteOptions {
  /** Named in errors and logs ("the handover webhook", "Chatwoot"). */
  service: string;
  timeoutMs: number;
  /** Attempts on network errors, 5xx and 429 (a timeout is not tried again: the resident is waiting for the turn). */
  tries: number;
  /** First retry waits this long, then twice as long each time. */
  retryDelayMs: number;
  log: Logger;
}

export interface RemoteRequest { method: 'GET' | 'POST'; headers: Record<string, string>; body?: string }

/**
 * One HTTP call to a remote desk, JSON back. Logs the call's name, status and attempt only: bodies hold what residents
 * and agents wrote. Remote error texts end up in the thrown error, shortened.
 */
export async function callRemote(opts: RemoteOptions, what: string, url: string, init: RemoteRequest): Promise<{ status: number; json: unknown }> {
  for (let attempt = 1; ; attempt++) {
    let status: number;
    let text: string;
    try {
      const res = await fetch(url, { ...init, redirect: 'manual', signal: AbortSignal.timeout(opts.timeoutMs) });
      status = res.status;
      text = await res.text();
    } catch (e) {
      if ((e as Error).name === 'TimeoutError') {
        opts.log.error({ what, timeoutMs: opts.timeoutMs }, `${opts.service}: no answer in time`);
        throw new RemoteHandoverError('timeout', `${opts.service} did not answer ${what} within ${opts.timeoutMs} ms`);
      }
      const cause = ((e as { cause?: { code?: string } }).cause?.code ?? (e as Error).message) || 'unknown error';
      if (attempt >= opts.tries) {
        opts.log.error({ what, cause, tries: attempt }, `${opts.service}: unreachable`);
        throw new RemoteHandoverError('network', `${opts.service} could not be reached for ${what} (${cause})`);
      }
      opts.log.warn({ what, cause, attempt }, `${opts.service}: unreachable, trying again`);
      await pause(opts.retryDelayMs, attempt);
      continue;
    }
    const json = parseJson(text);
    if (status >= 200 && status < 300) return { status, json };
    const retry = status >= 500 || status === 429;
    if (!retry || attempt >= opts.tries) {
      opts.log.error({ what, status, tries: attempt }, `${opts.service}: call failed`);
      const detail = remoteError(json);
      throw new RemoteHandoverError(retry ? 'unavailable' : 'rejected', `${opts.service} answered ${status} to ${what}${detail ? `: ${detail}` : ''}`, status);
    }
    opts.log.warn({ what, status, attempt }, `${opts.service}: failing, trying again`);
    await pause(opts.retryDelayMs, attempt);
  }
}

function pause(baseMs: number, attempt: number): Promise<void> {
  return new Promise((r) => setTimeout(r, baseMs * 2 ** (attempt - 1)));
}

function parseJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}

/** The remote's own explanation (`error`, `message` or `errors`), short. */
function remoteError(json: unknown): string | undefined {
  if (!isObject(json)) return undefined;
  const { error, message, errors } = json;
  const text = typeof error === 'string' ? error : typeof message === 'string' ? message : Array.isArray(errors) ? errors.filter((x) => typeof x === 'string').join('; ') : '';
  return text ? text.slice(0, 200) : undefined;
}

export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function headerValue(headers: InboundRequest['headers'], name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** Equal strings in constant time (hashing first makes lengths equal). */
export function sameSecret(a: string, b: string): boolean {
  const ha = createHmac('sha256', 'loket').update(a).digest();
  const hb = createHmac('sha256', 'loket').update(b).digest();
  return timingSafeEqual(ha, hb) && a.length === b.length;
}

/** "sha256=" + hex HMAC-SHA256 of "<timestamp>.<body>". */
export function sign(secret: string, timestamp: string, body: string | Buffer): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex')}`;
}

/** Why a signed request is refused, or undefined when its timestamp and signature are right. */
export function signatureProblem(secret: string, raw: Buffer, headers: InboundRequest['headers'], nowSeconds: number): string | undefined {
  const timestamp = headerValue(headers, TIMESTAMP_HEADER)?.trim();
  const signature = headerValue(headers, SIGNATURE_HEADER)?.trim();
  if (!timestamp || !signature) return 'missing X-Loket-Signature or X-Loket-Timestamp';
  if (!/^\d{1,12}$/.test(timestamp)) return 'X-Loket-Timestamp must be unix time in seconds';
  if (Math.abs(nowSeconds - Number(timestamp)) > MAX_AGE_SECONDS) return 'X-Loket-Timestamp is more than 5 minutes off: refused as a possible replay';
  const m = /^sha256=([0-9a-fA-F]{64})$/.exec(signature);
  if (!m) return 'X-Loket-Signature must be "sha256=" followed by 64 hex digits';
  const expected = createHmac('sha256', secret).update(`${timestamp}.`).update(raw).digest();
  return timingSafeEqual(expected, Buffer.from(m[1], 'hex')) ? undefined : 'X-Loket-Signature does not match the body';
}

/** What the desk may send: per type the fields, each a non-blank string of at most this many characters. */
const INBOUND: Record<string, { required: Record<string, number>; optional?: Record<string, number> }> = {
  assigned: { required: { conversationId: 512, agent: 100 } },
  message: { required: { conversationId: 512, text: MAX_TEXT }, optional: { agent: 100 } },
  link: { required: { conversationId: 512, title: 200, url: 2048 }, optional: { agent: 100 } },
  waiting_long: { required: { conversationId: 512 } },
  returned: { required: { conversationId: 512 } },
  resolved: { required: { conversationId: 512 }, optional: { outcome: 500 } },
  expired: { required: { conversationId: 512 } },
};

/** The event in a desk's request, or what is wrong with it. */
export function parseInbound(body: unknown): HandoverEvent | { error: string } {
  if (!isObject(body) || typeof body.type !== 'string') return { error: 'the body must be a JSON object with a string "type"' };
  const shape = INBOUND[body.type];
  if (!shape) return { error: `unknown type "${body.type.slice(0, 40)}"; expected one of ${Object.keys(INBOUND).join(', ')}` };
  const limits = { ...shape.required, ...shape.optional };
  const extra = Object.keys(body).filter((k) => k !== 'type' && !(k in limits));
  if (extra.length) return { error: `unexpected field(s) for "${body.type}": ${extra.slice(0, 5).join(', ')}` };
  const event: Record<string, string> = { type: body.type };
  for (const [field, max] of Object.entries(limits)) {
    const value = body[field];
    if (value === undefined && !(field in shape.required)) continue;
    if (typeof value !== 'string' || !value.trim()) return { error: `"${field}" must be a non-empty string` };
    if ([...value].length > max) return { error: `"${field}" is longer than ${max} characters` };
    event[field] = value;
  }
  if (event.url !== undefined && !isWebUrl(event.url)) return { error: '"url" must be an http(s) URL' };
  return event as unknown as HandoverEvent;
}

export function isWebUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && !!url.hostname;
  } catch {
    return false;
  }
}

/** `{ position, waitMinutes }` in the desk's answer to handover.initiate, when both are sensible numbers. */
export function queuePlaceOf(json: unknown): QueuePlace | undefined {
  if (!isObject(json)) return undefined;
  const { position, waitMinutes } = json;
  if (typeof position !== 'number' || typeof waitMinutes !== 'number' || !Number.isFinite(position) || !Number.isFinite(waitMinutes)) return undefined;
  if (position < 1 || waitMinutes < 0) return undefined;
  return { position: Math.round(position), waitMinutes: Math.round(waitMinutes) };
}

export interface WebhookAdapterOptions {
  secret: string;
  log: Logger;
  botId: string;
  /** Attempts per call on network errors and 5xx (default 3). */
  tries?: number;
  /** First retry delay (default 300 ms). */
  retryDelayMs?: number;
}

type Outbound =
  | { type: 'handover.initiate'; ticket: HandoverTicket }
  | { type: 'handover.message'; conversationId: string; message: TranscriptLine }
  | { type: 'handover.cancel'; conversationId: string }
  | { type: 'handover.escalate'; conversationId: string; priority: 'urgent'; reason: 'crisis' }
  | { type: 'handover.reasons'; conversationId: string; reasons: HandoverReason[] };

export class WebhookHandoverAdapter implements HandoverAdapter, InboundHandover {
  private readonly listeners: HandoverListener[] = [];
  /** Signatures accepted in the last MAX_AGE_SECONDS, with when they expire: a resent request is not applied twice. */
  private readonly seen = new Map<string, number>();
  private readonly remote: RemoteOptions;
  private readonly log: Logger;

  constructor(private readonly settings: WebhookHandoverSettings, private readonly opts: WebhookAdapterOptions) {
    if (!opts.secret) throw new Error('the webhook handover adapter needs a secret (handover.webhook.secret_env)');
    this.log = opts.log.child({ handover: 'webhook' });
    this.remote = { service: 'the handover webhook', timeoutMs: settings.timeout_ms ?? DEFAULT_TIMEOUT_MS, tries: Math.max(1, opts.tries ?? 3), retryDelayMs: opts.retryDelayMs ?? 300, log: this.log };
  }

  /** A remote desk is always on; whether someone is free is its business (it may answer with a queue place). */
  async available(): Promise<boolean> {
    return true;
  }

  async initiate(ticket: HandoverTicket): Promise<QueuePlace | undefined> {
    return queuePlaceOf(await this.send({ type: 'handover.initiate', ticket }));
  }

  async forward(conversationId: string, line: TranscriptLine): Promise<void> {
    await this.send({ type: 'handover.message', conversationId, message: { from: line.from, text: line.text, at: line.at } });
  }

  async cancel(conversationId: string): Promise<void> {
    await this.send({ type: 'handover.cancel', conversationId });
  }

  /** A crisis after the handover: the desk should move the conversation to the front. */
  async escalate(conversationId: string): Promise<void> {
    await this.send({ type: 'handover.escalate', conversationId, priority: 'urgent', reason: 'crisis' });
  }

  async addReasons(conversationId: string, reasons: HandoverReason[]): Promise<void> {
    await this.send({ type: 'handover.reasons', conversationId, reasons });
  }

  onEvent(listener: HandoverListener): void {
    this.listeners.push(listener);
  }

  /**
   * The desk's request: signature, freshness, then the event. Answers once the event is applied: 409 with a Dutch
   * `message` for the agent when the resident cannot get it (reply window closed, no longer with a person), 500 when
   * it failed (the desk may send it again). Never throws.
   */
  async receive(req: InboundRequest): Promise<{ status: number; body: unknown }> {
    const now = Date.now();
    const problem = signatureProblem(this.opts.secret, req.rawBody, req.headers, Math.floor(now / 1000));
    if (problem) {
      this.log.warn({ signed: headerValue(req.headers, SIGNATURE_HEADER) !== undefined }, 'handover webhook request refused: bad or missing signature');
      return { status: 401, body: { error: problem } };
    }
    const signature = headerValue(req.headers, SIGNATURE_HEADER)!.trim().toLowerCase();
    if (this.alreadySeen(signature, now)) return { status: 200, body: { ok: true, duplicate: true } };
    let body: unknown;
    try {
      body = JSON.parse(req.rawBody.toString('utf8'));
    } catch {
      return { status: 400, body: { error: 'the body is not valid JSON' } };
    }
    const event = parseInbound(body);
    if ('error' in event) return { status: 400, body: { error: event.error } };
    // Remembered before it is applied, so a copy sent meanwhile is not applied twice; forgotten if refused.
    this.remember(signature, now);
    const refused = await dispatch(this.listeners, event);
    this.log.info({ event: event.type, refused: refused?.code }, 'handover webhook event');
    if (!refused) return { status: 200, body: { ok: true } };
    this.seen.delete(signature);
    return { status: refused.code === 'failed' ? 500 : 409, body: { error: refused.code, message: refused.reason } };
  }

  private async send(payload: Outbound): Promise<unknown> {
    const body = JSON.stringify(payload);
    const timestamp = String(Math.floor(Date.now() / 1000));
    const headers = {
      'content-type': 'application/json',
      'x-loket-signature': sign(this.opts.secret, timestamp, body),
      'x-loket-timestamp': timestamp,
      'x-loket-bot': this.opts.botId,
      // The same on retries, so the desk can tell a retry from a new request.
      'x-loket-delivery': randomUUID(),
    };
    const { status, json } = await callRemote(this.remote, payload.type, this.settings.url, { method: 'POST', headers, body });
    this.log.info({ type: payload.type, status }, 'handover webhook delivered');
    return json;
  }

  private alreadySeen(signature: string, now: number): boolean {
    for (const [key, expires] of this.seen) {
      if (expires > now) break;
      this.seen.delete(key);
    }
    return this.seen.has(signature);
  }

  private remember(signature: string, now: number): void {
    this.seen.set(signature, now + MAX_AGE_SECONDS * 1000);
    if (this.seen.size > MAX_SEEN) this.seen.delete(this.seen.keys().next().value as string);
  }
}
