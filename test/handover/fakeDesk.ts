/** A remote desk for the signed webhook protocol (docs/handover-remote.md) that checks every request strictly. */
import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

export const nowSeconds = () => Math.floor(Date.now() / 1000);

/** Our own HMAC, written from the protocol description, so the adapter's signing is checked independently. */
export function hmac(secret: string, timestamp: string, raw: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${raw}`).digest('hex')}`;
}

const isLine = (l: Json) => l && ['resident', 'bot', 'agent'].includes(l.from) && typeof l.text === 'string' && typeof l.at === 'string' && Object.keys(l).length === 3;

/** What a desk following docs/handover-remote.md accepts; returns the first problem. */
function checkPayload(b: Json): string | undefined {
  const keys = (o: Json) => Object.keys(o).sort().join(',');
  switch (b?.type) {
    case 'handover.initiate': {
      const t = b.ticket;
      if (keys(b) !== 'ticket,type') return `initiate keys ${keys(b)}`;
      if (typeof t?.botId !== 'string' || typeof t.conversationId !== 'string' || typeof t.channel !== 'string' || !['nl', 'en'].includes(t.lang)) return 'ticket ids';
      if (!Array.isArray(t.reasons) || !['urgent', 'normal'].includes(t.priority) || typeof t.slots !== 'object' || typeof t.createdAt !== 'string') return 'ticket summary';
      return Array.isArray(t.transcript) && t.transcript.every(isLine) ? undefined : 'ticket transcript';
    }
    case 'handover.message':
      return keys(b) === 'conversationId,message,type' && typeof b.conversationId === 'string' && isLine(b.message) ? undefined : `bad message ${keys(b)}`;
    case 'handover.cancel':
      return keys(b) === 'conversationId,type' && typeof b.conversationId === 'string' ? undefined : `bad cancel ${keys(b)}`;
    case 'handover.escalate':
      return keys(b) === 'conversationId,priority,reason,type' && typeof b.conversationId === 'string' && b.priority === 'urgent' && b.reason === 'crisis' ? undefined : `bad escalate ${keys(b)}`;
    case 'handover.reasons': {
      const known = ['crisis', 'emotional', 'political', 'complex', 'person', 'not_understood'];
      const ok = keys(b) === 'conversationId,reasons,type' && typeof b.conversationId === 'string' && Array.isArray(b.reasons) && b.reasons.length > 0 && b.reasons.every((r: Json) => known.includes(r));
      return ok ? undefined : `bad reasons ${keys(b)}`;
    }
    default:
      return `unknown type ${b?.type}`;
  }
}

/**
 * A desk that receives Loket's POSTs as the protocol says: POST to its path, JSON, a fresh X-Loket-Timestamp, a
 * matching X-Loket-Signature, X-Loket-Bot and a X-Loket-Delivery id, and the documented payload shapes.
 */
export class FakeDesk {
  readonly attempts: { delivery: string; status: number }[] = [];
  readonly received: Json[] = [];
  readonly violations: string[] = [];
  /** Answers for the next requests; afterwards 200 {"ok":true}. */
  answers: { status: number; body?: Json }[] = [];
  hang = false;
  private server?: Server;

  constructor(private readonly secret: string, private readonly bot: string) {}

  get url(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}/desk/loket`;
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
  }

  async stop(): Promise<void> {
    this.server!.closeAllConnections();
    await new Promise((r) => this.server!.close(r));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let raw = '';
    for await (const chunk of req) raw += chunk;
    if (this.hang) return;
    const ts = String(req.headers['x-loket-timestamp'] ?? '');
    const problem =
      req.method !== 'POST' || req.url !== '/desk/loket' ? `${req.method} ${req.url}`
      : !/^application\/json\b/.test(req.headers['content-type'] ?? '') ? 'content type'
      : !/^\d+$/.test(ts) || Math.abs(nowSeconds() - Number(ts)) > 300 ? 'stale or missing timestamp'
      : req.headers['x-loket-signature'] !== hmac(this.secret, ts, raw) ? 'bad signature'
      : req.headers['x-loket-bot'] !== this.bot ? 'bot header'
      : !/^[0-9a-f-]{36}$/.test(String(req.headers['x-loket-delivery'])) ? 'delivery id'
      : checkPayload(JSON.parse(raw));
    const answer = problem ? { status: 400, body: { error: problem } } : this.answers.shift() ?? { status: 200, body: { ok: true } };
    if (problem) this.violations.push(problem);
    this.attempts.push({ delivery: String(req.headers['x-loket-delivery']), status: answer.status });
    if (answer.status === 200) this.received.push(JSON.parse(raw));
    res.writeHead(answer.status, { 'content-type': 'application/json' });
    res.end(answer.body === undefined ? '' : JSON.stringify(answer.body));
  }
}

/** The desk calling Loket back: a signed POST, as docs/handover-remote.md describes; returns the status and the JSON answer. */
export async function postSigned(url: string, secret: string, body: unknown): Promise<{ status: number; body: Json }> {
  const raw = JSON.stringify(body);
  const ts = String(nowSeconds());
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-loket-timestamp': ts, 'x-loket-signature': hmac(secret, ts, raw) }, body: raw });
  return { status: res.status, body: await res.json().catch(() => undefined) };
}
