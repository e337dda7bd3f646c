import { STATUS_CODES, type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';

/**
 * WebSocket upgrades: a channel that takes one (Direct Line's stream) claims the request in its 'upgrade' listener;
 * the server refuses every upgrade no channel claimed, after all listeners ran. Without that, an upgrade to any other
 * path was held open forever (restify listens to 'upgrade' too, so "nobody else listens" never held).
 */
const claimed = new WeakSet<IncomingMessage>();

export function claimUpgrade(req: IncomingMessage): void {
  claimed.add(req);
}

export function isClaimed(req: IncomingMessage): boolean {
  return claimed.has(req);
}

/** Refuses a WebSocket handshake with an HTTP status and a JSON body. */
export function refuseUpgrade(socket: Duplex, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`);
}
