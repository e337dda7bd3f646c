import type { Storage } from 'botbuilder-core';
import type { ConversationState } from '../engine/types';
import type { StateStore } from './stateStore';

/** Conversation state in any botbuilder `Storage` (SQLite by default, or Cosmos/Blob from botbuilder's packages). */
export class StorageStateStore implements StateStore {
  constructor(private readonly storage: Storage, private readonly botId: string) {}

  private key(conversationId: string): string {
    return `loket/${this.botId}/conversations/${conversationId}`;
  }

  async read(conversationId: string): Promise<ConversationState | undefined> {
    const key = this.key(conversationId);
    const item = (await this.storage.read([key]))[key] as (ConversationState & { eTag?: string }) | undefined;
    if (!item) return undefined;
    const { eTag: _, ...state } = item;
    return state as ConversationState;
  }

  async write(conversationId: string, state: ConversationState): Promise<void> {
    await this.storage.write({ [this.key(conversationId)]: { ...state, eTag: '*' } });
  }
}
