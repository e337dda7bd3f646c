import pino, { type Logger } from 'pino';
import { Calendar, createAppointmentActions } from './calendar';
import { createCaseActions } from './cases';
import { createHttpPostAction } from './http';
import { ActionRegistry } from './registry';
import { createReportActions } from './reports';
import { createCallbackAction } from './callbacks';
import { createEmailAvailableAction } from './email';
import { CallbackTasks } from '../handover/callbacks';
import type { ActionSpec, BotConfig } from '../content/types';
import { createMailer } from '../email';
import { createQmatic } from '../qmatic';
import { createSignalen } from '../signalen';
import { createZgw } from '../zgw';
import type { Action, Notifier } from './types';
import { SqliteSql, type Sql } from '../storage';
import { openDatabase } from '../storage/sqlite';

export * from './types';
export { ActionRegistry } from './registry';
export { createAppointmentActions, createCalendarActions } from './calendar';
export { createCaseActions } from './cases';
export { createReportActions } from './reports';
export { createHttpPostAction } from './http';

/** What of bot.yaml the built-in actions read: the calendar, the case products, and e-mail with the facts it quotes. */
export type BuiltinSettings = Partial<Pick<BotConfig, 'id' | 'calendar' | 'cases' | 'email' | 'signalen' | 'qmatic' | 'zgw' | 'facts' | 'name' | 'file'>>;

export interface BuiltinActionOptions {
  /**
   * The bot's database: appointments, reports, cases, callback tasks and the outbox. Its SQLite file, or PostgreSQL
   * shared by every instance and bot (DATABASE_URL).
   */
  sql: Sql;
  /** Where callback requests go; default: a task list in `sql`. */
  callbacks?: CallbackTasks;
  /** bot.yaml: `calendar:` (what is left out is DEFAULT_CALENDAR) or `qmatic:`, `cases:` and `zgw:`, `email:`, `signalen:`. */
  bot?: BuiltinSettings;
  /** Who confirms bookings, meldingen and callback requests; default: e-mail as bot.yaml's `email:` says. */
  notifier?: Notifier;
  /** false: what goes to other systems (e-mail, Signalen, Qmatic, the Zaken API) waits in the outbox unsent, as in conversation tests. */
  deliver?: boolean;
  log?: Logger;
}

/** Names of the built-in actions, for checking flows without a real database. */
export function builtinActionNames(): string[] {
  const sql = new SqliteSql(openDatabase(':memory:'));
  try {
    return createBuiltinActions({ sql }).list().map((a) => a.name);
  } finally {
    void sql.close();
  }
}

export function specOf(a: Action): ActionSpec {
  return { name: a.name, params: a.params.map((p) => ({ name: p.name, required: p.required })), ...(a.openParams ? { open: true } : {}) };
}

/**
 * All built-in actions on one database: calendar.* (on Loket's own calendar, or Qmatic), cases.* (and zaken), reports.*,
 * callback.request, email.available and http.post. The registry's close() stops the outbox workers.
 */
export function createBuiltinActions(opts: BuiltinActionOptions): ActionRegistry {
  const registry = new ActionRegistry();
  const bot = opts.bot ?? {};
  const botId = bot.id ?? '';
  const mailer = opts.notifier ? undefined : createMailer({
    sql: opts.sql, botId, bot: { email: bot.email, facts: bot.facts ?? {}, name: bot.name ?? '', file: bot.file },
    log: opts.log ?? pino({ level: 'silent' }), deliver: opts.deliver,
  });
  const notifier = opts.notifier ?? mailer;
  const log = opts.log ?? pino({ level: 'silent' });
  const signalen = bot.signalen && createSignalen({ sql: opts.sql, botId, settings: bot.signalen, log, deliver: opts.deliver, where: bot.file });
  const qmatic = bot.qmatic && createQmatic({ sql: opts.sql, botId, settings: bot.qmatic, log, deliver: opts.deliver, where: bot.file });
  const zgw = bot.zgw && createZgw({ sql: opts.sql, botId, settings: bot.zgw, log, deliver: opts.deliver, where: bot.file });
  const actions = [
    ...createAppointmentActions(qmatic ? qmatic.book : new Calendar(opts.sql, botId, bot.calendar), notifier),
    ...createCaseActions(opts.sql, bot.cases, zgw || undefined),
    ...createReportActions(opts.sql, notifier, signalen || undefined),
    createCallbackAction(opts.callbacks ?? new CallbackTasks(opts.sql, botId), notifier),
    createEmailAvailableAction(notifier),
    createHttpPostAction(),
  ];
  for (const action of actions) registry.register(action);
  for (const worker of [mailer?.worker, signalen?.worker, qmatic?.worker, zgw?.worker]) if (worker) registry.outboxWorker(worker);
  if (mailer) registry.onClose(() => mailer.close());
  if (signalen) registry.onClose(() => signalen.close());
  if (qmatic) registry.onClose(() => qmatic.close());
  if (zgw) registry.onClose(() => zgw.close());
  return registry;
}
