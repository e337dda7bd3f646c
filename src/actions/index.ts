import { openDatabase, type Database } from '../storage/sqlite';
import { createCalendarActions } from './calendar';
import { createCaseActions } from './cases';
import { createHttpPostAction } from './http';
import { ActionRegistry } from './registry';
import { createReportActions } from './reports';
import { createCallbackAction } from './callbacks';
import { CallbackTasks } from '../handover/callbacks';
import type { ActionSpec, CalendarSettings, CaseProduct } from '../content/types';
import type { Action } from './types';

export * from './types';
export { ActionRegistry } from './registry';
export { createCalendarActions } from './calendar';
export { createCaseActions } from './cases';
export { createReportActions } from './reports';
export { createHttpPostAction } from './http';

export interface BuiltinActionOptions {
  db: Database;
  /** Where callback requests go; default: a task list on `db`. */
  callbacks?: CallbackTasks;
  /** bot.yaml `calendar:`; what is left out is DEFAULT_CALENDAR. */
  calendar?: CalendarSettings;
  /** bot.yaml `cases:`: the products cases.create stores, each with its reference prefix. */
  cases?: Record<string, CaseProduct>;
}

/** Names of the built-in actions, for checking flows without a real database. */
export function builtinActionNames(): string[] {
  const db = openDatabase(':memory:');
  try {
    return createBuiltinActions({ db }).list().map((a) => a.name);
  } finally {
    db.close();
  }
}

export function specOf(a: Action): ActionSpec {
  return { name: a.name, params: a.params.map((p) => ({ name: p.name, required: p.required })), ...(a.openParams ? { open: true } : {}) };
}

/** All built-in actions on one database: calendar.*, cases.*, reports.*, callback.request and http.post. */
export function createBuiltinActions(opts: BuiltinActionOptions): ActionRegistry {
  const registry = new ActionRegistry();
  const actions = [
    ...createCalendarActions(opts.db, opts.calendar),
    ...createCaseActions(opts.db, opts.cases),
    ...createReportActions(opts.db),
    createCallbackAction(opts.callbacks ?? new CallbackTasks(opts.db)),
    createHttpPostAction(),
  ];
  for (const action of actions) registry.register(action);
  return registry;
}
