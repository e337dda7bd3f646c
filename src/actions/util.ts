import type { Action, ActionContext, ActionResult, Notice, Notifier } from './types';

export function ok(data: Record<string, unknown>): ActionResult {
  return { ok: true, data };
}

export function fail(error: string, detail?: string): ActionResult {
  return detail === undefined ? { ok: false, error } : { ok: false, error, detail };
}

/** A trimmed, non-empty string argument, or undefined. Numbers are accepted because slot values may be numeric. */
export function stringArg(args: Record<string, unknown>, key: string): string | undefined {
  const value = args[key];
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Wraps an action so a bug or a database error becomes `internal_error` instead of an
 * exception in the dialog engine. Only the action name and the error message are logged,
 * never the arguments (they may hold personal data).
 */
export function guarded(action: Action): Action {
  return {
    ...action,
    async run(args: Record<string, unknown>, ctx: ActionContext): Promise<ActionResult> {
      try {
        return await action.run(args, ctx);
      } catch (err) {
        ctx.log.error({ action: action.name, err: errorMessage(err) }, 'action failed');
        return fail('internal_error');
      }
    },
  };
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * Hands a notice to the notifier after the action succeeded. Whether it was queued becomes the result's `emailed`,
 * which flows read before promising an e-mail. A failing outbox must not undo the booking: it is logged, not thrown.
 */
export async function notifyAfter(notifier: Notifier | undefined, notice: Notice | undefined, ctx: ActionContext): Promise<boolean> {
  if (!notifier || !notice) return false;
  try {
    return await notifier.notify(notice, ctx);
  } catch (err) {
    ctx.log.error({ notice: notice.kind, reference: notice.reference, err: errorMessage(err) }, 'confirmation not queued');
    return false;
  }
}
