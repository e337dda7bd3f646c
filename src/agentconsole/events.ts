/**
 * The console's live updates: one Server-Sent Events stream per open console. While an agent has a stream open, the
 * queue counts them as available (`queue.connect`). Streams carry ids and statuses of queue and callback changes,
 * and the new messages of conversations the agent may read (waiting ones and their own). The built-in queue reports
 * changes made on every instance (PostgreSQL), so a stream on one instance hears what an agent did on another.
 */
import type { Logger } from 'pino';
import type { Request, Response } from 'restify';
import type { Agent, CallbackTask, QueueChange } from '../handover';
import type { Desk } from './desk';
import { fail, SECURITY_HEADERS } from './http';

interface Stream {
  desk: Desk;
  agent: Agent;
  token: string;
  send(event: string, data: unknown): void;
  end(): void;
}

export class EventHub {
  private readonly streams = new Set<Stream>();
  private readonly unsubscribe: (() => void)[] = [];
  private closed = false;
  /** Queue changes go out in the order they came, also when one needs the ticket read first. */
  private sending: Promise<void> = Promise.resolve();

  constructor(desks: Iterable<Desk>, private readonly log: Logger, private readonly heartbeatMs = 25_000) {
    for (const desk of desks) {
      this.unsubscribe.push(desk.queue.onChange((c) => {
        this.sending = this.sending.then(() => this.queueChanged(desk, c)).catch((err: Error) => log.error({ err: err.message }, 'queue change not sent to the consoles'));
      }));
      this.unsubscribe.push(desk.callbacks.onChange((t) => this.callbackChanged(desk, t)));
    }
  }

  /** Serves one stream until the browser goes away, the session ends or the server closes. */
  open(req: Request, res: Response, desk: Desk, agent: Agent, token: string): Promise<void> {
    // A browser reconnecting while the server shuts down must not hold the shutdown up.
    if (this.closed) return Promise.resolve(fail(res, 503, 'De server stopt. Probeer het zo opnieuw.'));
    res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': 'text/event-stream; charset=utf-8', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' });
    req.socket.setNoDelay(true);
    res.write('retry: 3000\n\n');
    const leave = desk.queue.connect(desk.botId, agent);
    return new Promise<void>((resolve) => {
      const stream: Stream = {
        desk, agent, token,
        send: (event, data) => void res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`),
        end: () => res.end(),
      };
      const heartbeat = setInterval(async () => {
        // An open console is an agent at work: it keeps the session from idling out (the absolute limit still
        // holds). Sessions expire or are removed while a stream stays open: check, and say so.
        const live = await desk.accounts.session(token).catch((err: Error) => {
          this.log.error({ err: err.message }, 'agent session check failed');
          return true;
        });
        if (!this.streams.has(stream)) return;
        if (!live) {
          stream.send('signedout', {});
          return stream.end();
        }
        res.write(': ping\n\n');
      }, this.heartbeatMs);
      res.on('close', () => {
        clearInterval(heartbeat);
        leave();
        this.streams.delete(stream);
        this.log.debug({ bot: desk.botId, streams: this.streams.size }, 'agent stream closed');
        resolve();
      });
      this.streams.add(stream);
      Promise.resolve(desk.queue.onlineAgents(desk.botId)).then(
        (agents) => this.streams.has(stream) && stream.send('ready', { agents }),
        (err: Error) => this.log.error({ err: err.message }, 'agents online not counted'),
      );
      this.log.debug({ bot: desk.botId, streams: this.streams.size }, 'agent stream opened');
    });
  }

  /** Ends the streams of one session (sign-out). */
  endSession(token: string): void {
    for (const s of this.streams) if (s.token === token) s.end();
  }

  release(): void {
    this.closed = true;
    for (const off of this.unsubscribe.splice(0)) off();
    for (const s of this.streams) s.end();
  }

  private async queueChanged(desk: Desk, c: QueueChange): Promise<void> {
    // A desk shared by several bots reports every bot's changes: an agent hears only of their own bot's.
    if (c.botId !== desk.botId) return;
    const ticket = c.kind === 'message' ? await desk.queue.ticket(c.ticketId) : undefined;
    for (const s of this.streams) {
      if (s.desk !== desk) continue;
      // Another agent's conversation is theirs: others hear only that the queue changed, never what was said.
      const readable = c.status === 'pending' || ticket?.agent?.username === s.agent.username;
      if (c.kind === 'message' && c.message && readable) s.send('message', { ticketId: c.ticketId, status: c.status, message: c.message });
      if (c.kind !== 'message' || c.status === 'pending') s.send('queue', { ticketId: c.ticketId, kind: c.kind, status: c.status });
    }
  }

  /** An agent sent an undelivered message back or handled it: the other consoles of the bot on this instance reload the list. */
  outboxChanged(desk: Desk, id: number, status: string): void {
    for (const s of this.streams) if (s.desk === desk) s.send('undelivered', { id, status });
  }

  private callbackChanged(desk: Desk, t: CallbackTask): void {
    for (const s of this.streams) if (s.desk === desk) s.send('callbacks', { taskId: t.id, status: t.status });
  }
}
