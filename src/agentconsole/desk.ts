/** One bot as the console serves it: its built-in queue, its callback tasks and its agent accounts. */
import type { LoketBot } from '../channels/loketBot';
import { type CallbackTasks, SqliteHandoverQueue } from '../handover';
import { AgentAccounts, type AccountOptions } from './accounts';

export interface Desk {
  botId: string;
  /** The municipality's name, as the sign-in page offers it. */
  name: string;
  queue: SqliteHandoverQueue;
  callbacks: CallbackTasks;
  accounts: AgentAccounts;
  capacity: number;
  /** A flow's title in Dutch, for the queue summary. */
  flowTitle(flowId: string | undefined): string | undefined;
}

/** The bots whose handed-over conversations go to the built-in queue; other adapters have their own desk. */
export function desksOf(bots: Map<string, LoketBot>, opts: AccountOptions): Map<string, Desk> {
  const desks = new Map<string, Desk>();
  for (const [botId, bot] of bots) {
    const { loket } = bot;
    if (!(loket.handover instanceof SqliteHandoverQueue)) continue;
    const { content } = loket;
    desks.set(botId, {
      botId,
      name: content.bot.name,
      queue: loket.handover,
      callbacks: loket.callbacks,
      accounts: new AgentAccounts(loket.db, botId, opts),
      capacity: loket.handover.capacity,
      flowTitle: (flowId) => {
        const title = flowId ? content.flows.get(flowId)?.title : undefined;
        return typeof title === 'string' ? title : title?.nl;
      },
    });
  }
  return desks;
}
