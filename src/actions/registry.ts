import type { Action } from './types';

/** The actions a bot can call, by name. Names are unique so a flow never calls the wrong one. */
export class ActionRegistry {
  private readonly actions = new Map<string, Action>();

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

  /** In registration order. */
  list(): Action[] {
    return [...this.actions.values()];
  }
}
