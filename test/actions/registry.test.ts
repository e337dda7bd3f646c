import { ActionRegistry } from '../../src/actions/registry';
import type { Action } from '../../src/actions/types';

const action = (name: string): Action => ({
  name,
  description: name,
  params: [],
  run: async () => ({ ok: true, data: {} }),
});

describe('ActionRegistry', () => {
  it('registers, finds and lists actions in order', () => {
    const registry = new ActionRegistry();
    registry.register(action('b.one')).register(action('a.two'));
    expect(registry.has('b.one')).toBe(true);
    expect(registry.has('nope')).toBe(false);
    expect(registry.get('a.two')?.name).toBe('a.two');
    expect(registry.get('nope')).toBeUndefined();
    expect(registry.list().map((a) => a.name)).toEqual(['b.one', 'a.two']);
  });

  it('refuses a duplicate name with a clear error', () => {
    const registry = new ActionRegistry();
    registry.register(action('calendar.book'));
    expect(() => registry.register(action('calendar.book'))).toThrow(/"calendar\.book" is already registered/);
  });

  it('refuses an empty name', () => {
    expect(() => new ActionRegistry().register(action(' '))).toThrow(/non-empty name/);
  });
});
