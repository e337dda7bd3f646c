import { createWriteStream } from 'node:fs';
import { mkdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type { Logger } from 'pino';
import { ByteLimit } from '../byteLimit';
import type { WhatsAppMessage } from './render';

/** A failed Graph API call. `code` is Loket's reason; `status` and `graphCode` come from Meta when there was an answer. */
export class WhatsAppError extends Error {
  constructor(readonly code: string, message: string, readonly status?: number, readonly graphCode?: number) {
    super(message);
    this.name = 'WhatsAppError';
  }
}

export interface GraphOptions {
  graphUrl: string;
  version: string;
  phoneNumberId: string;
  token: string;
  log: Logger;
  /** Attempts per call on 429, 5xx and network errors (default 3). */
  tries?: number;
  /** First retry waits this long, then twice as long each time (default 500 ms). */
  baseDelayMs?: number;
  timeoutMs?: number;
}

export interface StoredMedia { file: string; mimeType: string; bytes: number }

const MAX_RETRY_AFTER_MS = 10_000;

const EXTENSIONS: Record<string, string> = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp', 'image/gif': 'gif' };

/** The few Graph API calls the channel needs: send a message, look up a media id and download it. */
export class GraphClient {
  private readonly tries: number;
  private readonly baseDelayMs: number;
  private readonly timeoutMs: number;

  constructor(private readonly opts: GraphOptions) {
    this.tries = Math.max(1, opts.tries ?? 3);
    this.baseDelayMs = Math.max(0, opts.baseDelayMs ?? 500);
    this.timeoutMs = opts.timeoutMs ?? 15_000;
  }

  private url(path: string): string {
    return `${this.opts.graphUrl.replace(/\/+$/, '')}/${this.opts.version}/${path}`;
  }

  /** POST /{version}/{phone_number_id}/messages; returns the message id (wamid) Meta gives back. */
  async send(to: string, message: WhatsAppMessage): Promise<string | undefined> {
    const body = JSON.stringify({ messaging_product: 'whatsapp', recipient_type: 'individual', to, ...message });
    const res = await this.request('send', this.url(`${encodeURIComponent(this.opts.phoneNumberId)}/messages`), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    const json = (await res.json().catch(() => undefined)) as { messages?: { id?: string }[] } | undefined;
    return json?.messages?.[0]?.id;
  }

  /**
   * Looks up a media id and streams the file to `dir` (never all in memory). Files larger than `maxBytes` are refused
   * (as Meta says in file_size, in Content-Length or while streaming): 'too_large'.
   */
  async downloadMedia(mediaId: string, dir: string, maxBytes: number): Promise<StoredMedia | 'too_large'> {
    const meta = (await (await this.request('media', this.url(encodeURIComponent(mediaId)), { method: 'GET' })).json().catch(() => undefined)) as
      | { url?: unknown; mime_type?: unknown; file_size?: unknown }
      | undefined;
    if (!meta || typeof meta.url !== 'string' || !/^https?:\/\//.test(meta.url)) throw new WhatsAppError('media_lookup_failed', 'the media lookup gave no download URL');
    if (typeof meta.file_size === 'number' && meta.file_size > maxBytes) return 'too_large';
    const res = await this.request('download', meta.url, { method: 'GET' });
    const length = Number(res.headers.get('content-length'));
    if (Number.isFinite(length) && length > maxBytes) {
      await res.body?.cancel().catch(() => undefined);
      return 'too_large';
    }
    const mimeType = (typeof meta.mime_type === 'string' ? meta.mime_type : res.headers.get('content-type') ?? 'application/octet-stream').split(';')[0].trim();
    await mkdir(dir, { recursive: true });
    const file = join(dir, `${randomUUID()}.${EXTENSIONS[mimeType] ?? 'bin'}`);
    const limit = new ByteLimit(maxBytes, () => new WhatsAppError('too_large', 'media is too large'));
    if (!res.body) throw new WhatsAppError('media_download_failed', 'the media download had no body');
    try {
      await pipeline(Readable.fromWeb(res.body as unknown as WebReadableStream), limit, createWriteStream(file));
    } catch (e) {
      await unlink(file).catch(() => undefined);
      if (e instanceof WhatsAppError && e.code === 'too_large') return 'too_large';
      throw new WhatsAppError('media_download_failed', `the media download failed: ${(e as Error).message}`);
    }
    return { file, mimeType, bytes: limit.seen };
  }

  /**
   * One call with the bearer token. 429, 5xx and network errors are tried again with exponential backoff (Retry-After
   * is honoured up to 10 s); other 4xx fail at once. Logs status and Meta's error code only, never bodies.
   */
  private async request(what: string, url: string, init: RequestInit): Promise<Response> {
    let lastError: WhatsAppError | undefined;
    for (let attempt = 1; attempt <= this.tries; attempt++) {
      let res: Response;
      try {
        res = await fetch(url, {
          ...init,
          headers: { ...(init.headers as Record<string, string> | undefined), authorization: `Bearer ${this.opts.token}` },
          signal: AbortSignal.timeout(this.timeoutMs),
        });
      } catch (e) {
        lastError = new WhatsAppError('network', `the Graph API could not be reached: ${(e as Error).message}`);
        if (attempt < this.tries) await this.wait(attempt);
        continue;
      }
      if (res.ok) return res;
      const graph = (await res.json().catch(() => undefined)) as { error?: { code?: number; error_subcode?: number; type?: string } } | undefined;
      const graphCode = graph?.error?.code;
      const retry = res.status === 429 || res.status >= 500;
      lastError = new WhatsAppError(retry ? 'graph_unavailable' : 'graph_rejected', `the Graph API answered ${res.status} to ${what}`, res.status, graphCode);
      if (!retry) {
        this.opts.log.error({ what, status: res.status, graphCode, graphSubcode: graph?.error?.error_subcode, graphType: graph?.error?.type }, 'whatsapp graph api call rejected');
        throw lastError;
      }
      this.opts.log.warn({ what, status: res.status, graphCode, attempt }, 'whatsapp graph api busy or failing');
      if (attempt < this.tries) await this.wait(attempt, res.headers.get('retry-after'));
    }
    this.opts.log.error({ what, status: lastError?.status, code: lastError?.code, tries: this.tries }, 'whatsapp graph api call failed after retries');
    throw lastError ?? new WhatsAppError('graph_unavailable', `the Graph API call ${what} failed`);
  }

  private wait(attempt: number, retryAfter?: string | null): Promise<void> {
    const backoff = this.baseDelayMs * 2 ** (attempt - 1);
    const seconds = retryAfter ? Number(retryAfter) : NaN;
    const ms = Number.isFinite(seconds) && seconds >= 0 ? Math.min(MAX_RETRY_AFTER_MS, Math.max(backoff, seconds * 1000)) : backoff;
    return new Promise((r) => setTimeout(r, ms));
  }
}
