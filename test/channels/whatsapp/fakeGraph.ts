import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export interface Sent { to: string; type: string; body: Json }

/**
 * A local stand-in for the WhatsApp Cloud API (Graph API) that checks every request as strictly as Meta does: path
 * with version and phone number id, bearer token, JSON content type, and the limits of each message type. Violations
 * get Meta's 400 answer and are collected in `violations`, so a test can demand there were none.
 */
export class FakeGraph {
  readonly sent: Sent[] = [];
  readonly violations: string[] = [];
  readonly requests: { method: string; path: string }[] = [];
  /** Statuses to answer the next message posts with before accepting (e.g. [429] or [500, 503]). */
  failNext: number[] = [];
  /** Media by id: bytes and mime type; `declaredSize` overrides file_size in the lookup. */
  readonly media = new Map<string, { bytes: Buffer; mimeType: string; declaredSize?: number }>();
  /** Messages whose sender hung up while they were held: never delivered (see `hold`). */
  dropped = 0;
  private held: { req: IncomingMessage; go: () => Promise<void> }[] = [];
  private holding = false;
  private server?: Server;
  private waiters: { n: number; resolve: () => void }[] = [];
  private seq = 0;

  constructor(readonly opts: { version: string; phoneNumberId: string; token: string }) {}

  get url(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => void this.handle(req, res).catch((e: Error) => this.fail(res, 500, `fake crashed: ${e.message}`)));
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
  }

  stop(): Promise<void> {
    return new Promise((r) => this.server!.close(() => r()));
  }

  to(waId: string): Sent[] {
    return this.sent.filter((s) => s.to === waId);
  }

  /**
   * Holds valid message posts unanswered until `release`, as a slow Meta would: a server killed meanwhile has sent
   * nothing that reached anyone. Released, a post whose connection is still open is accepted; one whose sender hung up
   * is dropped (counted in `dropped`).
   */
  hold(): void {
    this.holding = true;
  }

  /** Resolves when each held post has been accepted or dropped. */
  async release(): Promise<void> {
    this.holding = false;
    await Promise.all(this.held.splice(0).map((h) => h.go()));
  }

  /** Posts held now, and how many of them still have their sender on the line. */
  heldPosts(): { held: number; open: number } {
    return { held: this.held.length, open: this.held.filter((h) => !h.req.socket.destroyed).length };
  }

  /** Resolves once `n` messages in all have been accepted (no timers). */
  waitForSent(n: number): Promise<void> {
    if (this.sent.length >= n) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ n, resolve }));
  }

  private fail(res: ServerResponse, status: number, message: string, record = true): void {
    if (record) this.violations.push(message);
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: { message, type: 'OAuthException', code: 100, fbtrace_id: 'fake' } }));
  }

  private json(res: ServerResponse, body: unknown): void {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    this.requests.push({ method: req.method ?? '', path });
    let raw = '';
    for await (const chunk of req) raw += chunk;
    if (req.headers.authorization !== `Bearer ${this.opts.token}`) return this.fail(res, 401, `${req.method} ${path}: missing or wrong bearer token`);

    const download = /^\/media-download\/([^/]+)$/.exec(path);
    if (download && req.method === 'GET') {
      const m = this.media.get(download[1]);
      if (!m) return this.fail(res, 404, `no media ${download[1]}`);
      res.writeHead(200, { 'content-type': m.mimeType, 'content-length': m.bytes.length });
      res.end(m.bytes);
      return;
    }
    const lookup = new RegExp(`^/${this.opts.version}/([^/]+)$`).exec(path);
    if (lookup && req.method === 'GET' && lookup[1] !== this.opts.phoneNumberId) {
      const m = this.media.get(lookup[1]);
      if (!m) return this.fail(res, 404, `no media ${lookup[1]}`);
      return this.json(res, { messaging_product: 'whatsapp', url: `${this.url}/media-download/${lookup[1]}`, mime_type: m.mimeType, sha256: 'x', file_size: m.declaredSize ?? m.bytes.length, id: lookup[1] });
    }
    if (path !== `/${this.opts.version}/${this.opts.phoneNumberId}/messages`) return this.fail(res, 404, `${req.method} ${path}: unknown path`);
    if (req.method !== 'POST') return this.fail(res, 405, `${req.method} ${path}: method not allowed`);
    if (!/^application\/json\b/.test(req.headers['content-type'] ?? '')) return this.fail(res, 400, `content type ${req.headers['content-type']}`);
    let body: Json;
    try {
      body = JSON.parse(raw);
    } catch {
      return this.fail(res, 400, 'body is not JSON');
    }
    const problem = checkMessage(body);
    if (problem) return this.fail(res, 400, problem);
    const status = this.failNext.shift();
    if (status) return this.fail(res, status, `told to answer ${status}`, false);
    if (this.holding) {
      // `release` waits until this post is decided: accepted or dropped.
      let decided!: () => void;
      await new Promise<void>((go) => this.held.push({ req, go: () => new Promise<void>((r) => { decided = r; go(); }) }));
      try {
        if (req.socket.destroyed) return void this.dropped++;
      } finally {
        decided();
      }
    }
    this.sent.push({ to: body.to, type: body.type, body });
    const id = `wamid.fake${++this.seq}`;
    this.json(res, { messaging_product: 'whatsapp', contacts: [{ input: body.to, wa_id: body.to }], messages: [{ id }] });
    this.waiters = this.waiters.filter((w) => (this.sent.length >= w.n ? (w.resolve(), false) : true));
  }
}

const str = (v: unknown, min: number, max: number): boolean => typeof v === 'string' && [...v].length >= min && [...v].length <= max;

/** What the Cloud API refuses, as far as Loket uses it. Returns the first problem, or undefined. */
export function checkMessage(b: Json): string | undefined {
  if (b?.messaging_product !== 'whatsapp') return 'messaging_product must be "whatsapp"';
  if (b.recipient_type !== undefined && b.recipient_type !== 'individual') return 'recipient_type must be "individual"';
  if (typeof b.to !== 'string' || !/^\d{6,15}$/.test(b.to)) return `"to" must be a phone number, got ${b.to}`;
  const allowed = ['messaging_product', 'recipient_type', 'to', 'type', b.type];
  const extra = Object.keys(b).filter((k) => !allowed.includes(k));
  if (extra.length) return `unexpected fields ${extra.join(', ')}`;
  switch (b.type) {
    case 'text':
      if (!str(b.text?.body, 1, 4096)) return 'text.body must be 1-4096 characters';
      if (b.text.preview_url !== undefined && typeof b.text.preview_url !== 'boolean') return 'text.preview_url must be a boolean';
      return undefined;
    case 'template':
      if (!str(b.template?.name, 1, 512) || !str(b.template?.language?.code, 2, 15)) return 'template needs a name and language.code';
      return undefined;
    case 'interactive': {
      const i = b.interactive;
      if (i?.type === 'button') {
        if (!str(i.body?.text, 1, 1024)) return 'button body.text must be 1-1024 characters';
        const buttons = i.action?.buttons;
        if (!Array.isArray(buttons) || buttons.length < 1 || buttons.length > 3) return 'buttons must be 1-3';
        for (const x of buttons) {
          if (x.type !== 'reply' || !str(x.reply?.id, 1, 256) || !str(x.reply?.title, 1, 20)) return `bad button ${JSON.stringify(x)}`;
        }
        if (new Set(buttons.map((x: Json) => x.reply.id)).size !== buttons.length) return 'button ids must be unique';
        if (new Set(buttons.map((x: Json) => x.reply.title)).size !== buttons.length) return 'button titles must be unique';
        return undefined;
      }
      if (i?.type === 'list') {
        if (!str(i.body?.text, 1, 4096)) return 'list body.text must be 1-4096 characters';
        if (!str(i.action?.button, 1, 20)) return 'list action.button must be 1-20 characters';
        const sections = i.action?.sections;
        if (!Array.isArray(sections) || sections.length < 1 || sections.length > 10) return 'sections must be 1-10';
        const rows = sections.flatMap((s: Json) => s.rows ?? []);
        if (rows.length < 1 || rows.length > 10) return 'list rows must be 1-10 in all';
        for (const s of sections) if (s.title !== undefined && !str(s.title, 1, 24)) return 'section title must be 1-24 characters';
        if (sections.length > 1 && sections.some((s: Json) => !s.title)) return 'sections need titles when there are several';
        for (const r of rows) {
          if (!str(r.id, 1, 200) || !str(r.title, 1, 24)) return `bad row ${JSON.stringify(r)}`;
          if (r.description !== undefined && !str(r.description, 1, 72)) return 'row description must be 1-72 characters';
        }
        if (new Set(rows.map((r: Json) => r.id)).size !== rows.length) return 'row ids must be unique';
        return undefined;
      }
      return `unsupported interactive type ${i?.type}`;
    }
    default:
      return `type ${b.type} is not allowed`;
  }
}
