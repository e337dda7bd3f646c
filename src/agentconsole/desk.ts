/**
 * One bot as the console serves it: its queue (any adapter with the AgentDesk methods), its callback tasks, the
 * messages for other systems it gave up on, and its agent accounts.
 */
import type { LoketBot } from '../channels/loketBot';
import { type AgentDesk, type CallbackTasks, hasAgentDesk } from '../handover';
import { SqlOutbox, type OutboxStore } from '../outbox';
import { AgentAccounts, type AccountOptions } from './accounts';

export interface Desk {
  botId: string;
  /** The municipality's name, as the sign-in page offers it. */
  name: string;
  queue: AgentDesk;
  callbacks: CallbackTasks;
  accounts: AgentAccounts;
  /** The bot's outbox: e-mails, meldingen, cases and Qmatic changes waiting, sent or given up. */
  outbox: OutboxStore;
  /** Has this instance's worker of a topic try at once (another instance's takes it at its next poll). */
  wakeOutbox(topic: string): void;
  capacity: number;
  /** A flow's title in Dutch, for the queue summary. */
  flowTitle(flowId: string | undefined): string | undefined;
}

/** The bots whose handover adapter can be worked from the console (the built-in queue); remote desks have their own. */
export function desksOf(bots: Map<string, LoketBot>, opts: AccountOptions): Map<string, Desk> {
  const desks = new Map<string, Desk>();
  for (const [botId, bot] of bots) {
    const { loket } = bot;
    const { content, handover } = loket;
    if (!hasAgentDesk(handover)) continue;
    desks.set(botId, {
      botId,
      name: content.bot.name,
      queue: handover,
      callbacks: loket.callbacks,
      accounts: new AgentAccounts(loket.sql, botId, opts),
      outbox: new SqlOutbox(loket.sql, botId),
      // The registry of now: a content reload starts new workers.
      wakeOutbox: (topic) => void loket.actions.wakeOutbox(topic),
      capacity: handover.capacity,
      flowTitle: (flowId) => {
        const title = flowId ? content.flows.get(flowId)?.title : undefined;
        return typeof title === 'string' ? title : title?.nl;
      },
    });
  }
  return desks;
}
