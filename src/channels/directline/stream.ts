import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import { WebSocketServer, type WebSocket } from 'ws';
import type { DirectLineStore, LoggedActivity } from './store';

interface Subscriber {
  ws: WebSocket;
  /** The newest sequence number this socket has been sent, so nothing arrives twice. */
  sent: number;
  alive: boolean;
  /** Sends to one socket take turns, so two notices at once cannot send the same activities twice. */
  busy: Promise<void>;
}

const MAX_SOCKETS_PER_CONVERSATION = 8;

/**
 * The WebSocket streams of the conversations whose sockets this instance holds. Each message is
 * `{"activities":[...],"watermark":"N"}`; on connect a socket gets everything after the watermark it asked for, and on
 * each notice that its conversation grew (from any instance) what it has not had yet, read from the store. Sockets are
 * pinged; one that does not answer is dropped. Clients send nothing useful (Web Chat sends empty strings as
 * keep-alives), so incoming messages are ignored.
 */
export class StreamHub {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: 4096 });
  private readonly subscribers = new Map<string, Set<Subscriber>>();
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly store: DirectLineStore, private readonly log: Logger, pingMs = 30_000) {
    this.timer = setInterval(() => this.heartbeat(), pingMs);
    this.timer.unref();
  }

  /** Completes the WebSocket handshake for an authenticated request and starts streaming the conversation. */
  accept(req: IncomingMessage, socket: Duplex, head: Buffer, conversationId: string, watermark: number | undefined): void {
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      const sub: Subscriber = { ws, sent: watermark ?? -1, alive: true, busy: Promise.resolve() };
      let set = this.subscribers.get(conversationId);
      if (!set) this.subscribers.set(conversationId, (set = new Set()));
      if (set.size >= MAX_SOCKETS_PER_CONVERSATION) {
        const oldest = set.values().next().value as Subscriber;
        set.delete(oldest);
        oldest.ws.close(1008, 'too many streams for this conversation');
      }
      set.add(sub);
      ws.on('pong', () => void (sub.alive = true));
      ws.on('error', (e) => this.log.debug({ err: e.message }, 'direct line socket error'));
      ws.on('close', () => {
        set!.delete(sub);
        if (set!.size === 0 && this.subscribers.get(conversationId) === set) this.subscribers.delete(conversationId);
      });
      this.catchUp(conversationId, sub);
    });
  }

  /** The conversation's log reached `watermark`: every socket that has not had it yet gets what it missed. */
  notify(conversationId: string, watermark: number): void {
    for (const sub of this.subscribers.get(conversationId) ?? []) if (watermark > sub.sent) this.catchUp(conversationId, sub);
  }

  get openSockets(): number {
    let n = 0;
    for (const set of this.subscribers.values()) n += set.size;
    return n;
  }

  close(): void {
    clearInterval(this.timer);
    for (const set of this.subscribers.values()) for (const sub of set) sub.ws.terminate();
    this.subscribers.clear();
    this.wss.close();
  }

  private catchUp(conversationId: string, sub: Subscriber): void {
    sub.busy = sub.busy.then(async () => {
      const page = await this.store.after(conversationId, sub.sent);
      this.send(sub, page.activities, page.watermark);
    }).catch((e: Error) => this.log.warn({ err: e.message }, 'direct line stream could not read the log'));
  }

  private send(sub: Subscriber, activities: LoggedActivity[], watermark: number | undefined): void {
    if (watermark === undefined || watermark <= sub.sent || sub.ws.readyState !== sub.ws.OPEN) return;
    const fresh = activities.filter((a) => seqOf(a.id) > sub.sent);
    sub.sent = watermark;
    if (fresh.length) sub.ws.send(JSON.stringify({ activities: fresh, watermark: String(watermark) }));
  }

  private heartbeat(): void {
    for (const set of this.subscribers.values()) {
      for (const sub of set) {
        if (!sub.alive) {
          sub.ws.terminate();
          continue;
        }
        sub.alive = false;
        sub.ws.ping();
      }
    }
  }
}

function seqOf(id: string): number {
  return Number(id.slice(id.lastIndexOf('|') + 1));
}
