import type { ActionContext, ActionResult } from '../engine/types';

/** The engine defines what an action sees and returns (its port); actions implement it. */
export type { ActionContext, ActionResult };

/** An appointment as its confirmation tells it: the product's label in the conversation's language, times local. */
export interface AppointmentNotice {
  kind: 'appointment_booked' | 'appointment_rescheduled' | 'appointment_cancelled';
  to: string;
  reference: string;
  name: string;
  product: string;
  date: string;
  /** Minutes after midnight in `timeZone`. */
  start: number;
  end: number;
  timeZone: string;
  /** Goes up with each change, so a calendar app replaces the item it has (iCalendar SEQUENCE). */
  revision: number;
}

/** What a resident may be told afterwards, by e-mail: what happened, to whom, and what to tell. */
export type Notice =
  | AppointmentNotice
  | { kind: 'report_received'; to: string; reference: string; category: string; description: string; location: string }
  | { kind: 'callback_requested'; to: string; reference: string; name: string; phone: string; moment: string };

/** Tells residents what an action did, after it succeeded (src/email/). */
export interface Notifier {
  /** Whether e-mail is on at all: flows promise an e-mail only then. */
  readonly available: boolean;
  /** Queues the notice for delivery; true when it will be sent (e-mail is on and the kind has a template). */
  notify(notice: Notice, ctx: ActionContext): Promise<boolean>;
}

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
