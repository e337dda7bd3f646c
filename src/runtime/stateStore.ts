import type { ConversationState } from '../engine/types';

/** Where conversation state lives between turns. The server plugs in botbuilder's Storage; this is the default. */
export interface StateStore {
  read(conversationId: string): Promise<ConversationState | undefined>;
  write(conversationId: string, state: ConversationState): Promise<void>;
  /**
   * Runs one turn so that no other instance runs a turn of the same conversation meanwhile; `store` reads and writes
   * inside that guard. Stores for one instance leave it out: Loket already takes turns one by one in its process.
   */
  exclusive?<T>(conversationId: string, fn: (store: StateStore) => Promise<T>): Promise<T>;
}

export class MemoryStateStore implements StateStore {
  private readonly states = new Map<string, string>();

  async read(id: string): Promise<ConversationState | undefined> {
    const s = this.states.get(id);
    return s ? (JSON.parse(s) as ConversationState) : undefined;
  }

  async write(id: string, state: ConversationState): Promise<void> {
    this.states.set(id, JSON.stringify(state));
  }
}
