import type { IncomingMessage } from 'node:http';

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
