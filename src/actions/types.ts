import type { ActionContext, ActionResult } from '../engine/types';

/** The engine defines what an action sees and returns (its port); actions implement it. */
export type { ActionContext, ActionResult };

/** What actions hand the mailer after they succeeded: defined with it, below the actions. */
export type { AppointmentNotice, Notice, Notifier } from '../email/types';

/** A backend action a flow can call with `action: <name>`. */
export interface Action {
  name: string;
  description: string;
  /** Argument names this action needs; content validation checks flows against it. */
  params: { name: string; required: boolean }[];
  /** Takes arguments beyond `params` too (http.post posts whatever the flow gives), so they are not misspellings. */
  openParams?: boolean;
  run(args: Record<string, unknown>, ctx: ActionContext): Promise<ActionResult>;
}
