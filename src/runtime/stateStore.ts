import type { ConversationState } from '../engine/types';

/** Where conversation state lives between turns. The server plugs in botbuilder's Storage; this is the default. */
export interface StateStore {
  read(conversationId: string): Promise<ConversationState | undefined>;
  write(conversationId: string, state: ConversationState): Promise<void>;
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
