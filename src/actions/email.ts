import type { Action, Notifier } from './types';
import { ok } from './util';

/**
 * `email.available`: whether this bot sends e-mail (bot.yaml email.smtp), for a flow that asks for an address only
 * to confirm by e-mail, or says "U krijgt een bevestiging per e-mail" before the action that sends it.
 */
export function createEmailAvailableAction(notifier?: Notifier): Action {
  return {
    name: 'email.available',
    description: 'Tells whether this bot sends confirmations by e-mail: { available: true | false }',
    params: [],
    async run() {
      return ok({ available: notifier?.available ?? false });
    },
  };
}
