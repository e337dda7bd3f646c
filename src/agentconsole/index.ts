/**
 * The agent console for KCC employees at /agent: the waiting list, their own conversations, the transcript with a
 * reply box, callback requests and messages the outbox could not deliver, live through Server-Sent Events. Served for every bot whose handover adapter has
 * the AgentDesk methods: the built-in queue (`handover.adapter: queue`), or one of your own; see docs/agent-console.md.
 *
 *   GET  /agent                          the page (web/agent/), /agent/static/:file its script and styles
 *   POST /agent/api/login                {bot, username, password} → session cookie
 *   POST /agent/api/logout               GET /agent/api/me
 *   GET  /agent/api/queue                waiting, mine, recent
 *   GET  /agent/api/tickets/:id          a ticket with its transcript
 *   POST /agent/api/tickets/:id/claim | reply {text} | link {title, url} | handback | close {outcome, note}
 *   GET  /agent/api/tickets/:id/export   the resident's data of an own conversation, as a JSON download (AVG 15)
 *   POST /agent/api/tickets/:id/erase {confirm: true}   erase it, once the conversation is closed (AVG 17)
 *   GET  /agent/api/callbacks            POST /agent/api/callbacks/:id/close {outcome, note}
 *   GET  /agent/api/undelivered          messages for other systems the outbox gave up on
 *   POST /agent/api/undelivered/:id/retry | handled {note}
 *   GET  /agent/api/events               Server-Sent Events: queue, message, callbacks, undelivered, signedout
 *
 * POST routes need `Content-Type: application/json` and `X-Loket-Agent: 1`.
 */
import type { ChannelContext, ChannelRegistration } from '../channels/types';
import { holdingsOf } from '../privacy';
import type { AccountOptions } from './accounts';
import { registerApi } from './api';
import { trustedProxies } from './http';
import { desksOf, type Desk } from './desk';
import { EventHub } from './events';
import { registerPage } from './page';

export { AgentAccounts, AccountError, type AgentAccount, type AccountOptions } from './accounts';

export interface AgentConsoleOptions {
  accounts?: AccountOptions;
  /** How often a stream gets a heartbeat and its session is checked (default 25 s). */
  heartbeatMs?: number;
  /** Reverse proxies whose X-Forwarded-For is believed (default: LOKET_TRUSTED_PROXIES). */
  trustedProxies?: string;
}

export interface AgentConsole {
  desks: Map<string, Desk>;
  release(): Promise<void>;
}

export function createAgentConsole(ctx: ChannelContext, options: AgentConsoleOptions = {}): AgentConsole {
  const log = ctx.log.child({ channel: 'agentconsole' });
  const now = ctx.opts.now ?? (() => new Date());
  const desks = desksOf(ctx.bots, { now, ...options.accounts });
  if (desks.size === 0) {
    log.info('no bot hands over to a desk the console can work (the built-in queue): the agent console is off');
    return { desks, release: async () => undefined };
  }
  const hub = new EventHub(desks.values(), log, options.heartbeatMs);
  registerPage(ctx.server, desks);
  // Export and erasure work on what `loket privacy` works on: the bot's database, the server's store, the media.
  const holdings = (botId: string) => {
    const { loket } = ctx.bots.get(botId)!;
    return holdingsOf(botId, loket.content.bot, loket.db, ctx.sql, ctx.stateFile);
  };
  registerApi(ctx.server, desks, hub, log, { now, trustedProxies: trustedProxies(options.trustedProxies), holdings });
  return { desks, release: async () => hub.release() };
}

/** The agent console for `loket serve` (see CHANNELS in src/server/channels.ts). */
export const registerAgentConsole: ChannelRegistration = (ctx) => createAgentConsole(ctx).release;
