/**
 * What actions tell the mailer after they succeeded. It lives here, below the actions, so the actions can hand notices
 * on without the mailer importing them back.
 */
import type { Logger } from 'pino';
import type { Lang } from '../slots/types';

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

/**
 * What a notice is sent in: the conversation's bot and language, a log, and the action's key, so the notice of an
 * action run again is queued once (an ActionContext is one).
 */
export interface NoticeContext { botId: string; lang: Lang; log: Logger; key?: string }

/** Tells residents what an action did, after it succeeded. */
export interface Notifier {
  /** Whether e-mail is on at all: flows promise an e-mail only then. */
  readonly available: boolean;
  /** Queues the notice for delivery; true when it will be sent (e-mail is on and the kind has a template). */
  notify(notice: Notice, ctx: NoticeContext): Promise<boolean>;
}
