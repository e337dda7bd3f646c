import type { HandoverReason } from '../content/types';
import type { CallbackTasks } from '../handover/callbacks';
import { formatPhone } from '../slots/contact';
import type { Action, Notifier } from './types';
import { fail, guarded, notifyAfter, ok, stringArg } from './util';

/**
 * `callback.request`: stores a callback request (terugbelverzoek) as a task for the agents, with why the bot wanted
 * a person. The flow has already checked the name, phone number and moment with its slot types.
 */
export function createCallbackAction(tasks: CallbackTasks, notifier?: Notifier): Action {
  return guarded({
    name: 'callback.request',
    description: 'Store a callback request (name, phone, preferred moment) as a task for the agents; returns { reference }; with email, a confirmation is sent',
    params: [
      { name: 'name', required: true },
      { name: 'phone', required: true },
      { name: 'moment', required: true },
      { name: 'email', required: false },
    ],
    async run(args, ctx) {
      const name = stringArg(args, 'name');
      const phone = stringArg(args, 'phone');
      const moment = stringArg(args, 'moment');
      if (!name || !phone || !moment) return fail('missing_argument', 'name, phone and moment are required');
      if (name.length > 200 || phone.length > 40 || moment.length > 200) return fail('invalid_argument', 'an argument is too long');
      const task = await tasks.add({
        botId: ctx.botId, conversationId: ctx.conversationId, name, phone, moment,
        reasons: (ctx.handover?.reasons ?? []) as HandoverReason[], summary: ctx.handover?.summary ?? '', ...(ctx.key ? { key: ctx.key } : {}),
      });
      ctx.log.info({ action: 'callback.request', reference: task.reference }, 'callback requested');
      // The e-mail address is only for this confirmation: the task does not keep it.
      const email = stringArg(args, 'email');
      const confirmation = email && { kind: 'callback_requested' as const, to: email, reference: task.reference, name, phone: formatPhone(phone), moment };
      return ok({ reference: task.reference, emailed: await notifyAfter(notifier, confirmation || undefined, ctx) });
    },
  });
}
