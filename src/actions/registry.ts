import type { Action } from './types';

/** The actions a bot can call, by name. Names are unique so a flow never calls the wrong one. */
export class ActionRegistry {
  private readonly actions = new Map<string, Action>();
  private readonly closers: (() => Promise<void>)[] = [];
  private readonly workers = new Map<string, { wake(): void }>();

  register(action: Action): this {
    if (!action || typeof action.name !== 'string' || action.name.trim() === '') {
      throw new Error('ActionRegistry: an action needs a non-empty name');
    }
    if (this.actions.has(action.name)) {
      throw new Error(`ActionRegistry: an action named "${action.name}" is already registered`);
    }
    this.actions.set(action.name, action);
    return this;
  }

  get(name: string): Action | undefined {
    return this.actions.get(name);
  }

  has(name: string): boolean {
    return this.actions.has(name);
  }

  /** Work the actions started that must end with the bot, such as the e-mail worker. */
  onClose(close: () => Promise<void>): this {
    this.closers.push(close);
    return this;
  }

  /** An outbox worker the actions started, by its topic: an item sent back to the outbox goes at once, not at the next poll. */
  outboxWorker(worker: { topic: string; wake(): void }): this {
    this.workers.set(worker.topic, worker);
    return this;
  }

  /** Wakes the outbox worker of a topic; false when this bot has none (the item waits for another instance's). */
  wakeOutbox(topic: string): boolean {
    this.workers.get(topic)?.wake();
    return this.workers.has(topic);
  }

  async close(): Promise<void> {
    await Promise.all(this.closers.splice(0).map((close) => close()));
  }

  /** In registration order. */
  list(): Action[] {
    return [...this.actions.values()];
  }
}
