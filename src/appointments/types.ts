/**
 * The appointment book the calendar.* actions work on. Loket's own calendar (src/actions/calendar.ts, bot.yaml
 * `calendar:`) is the embedded one; Qmatic (src/qmatic/, bot.yaml `qmatic:`) is the second. Residents always get
 * Loket's reference (AFS-7K3M9Q), whichever book holds the appointment.
 */
import type { Text } from '../content/types';

/** What can be booked, under the name flows pass as `product:`. */
export interface BookProduct {
  name: string;
  label: Text;
}

/** A booked appointment; times are wall-clock minutes after midnight in the book's time zone. */
export interface Appointment {
  reference: string;
  product: string;
  date: string;
  start_min: number;
  end_min: number;
  /** Goes up with each move or cancellation, for the calendar item in the resident's e-mail. */
  revision: number;
}

/** Who booked: for the confirmation e-mail. Forgotten when the appointment is cancelled. */
export interface Contact { name: string | null; email: string | null }

export type BookOutcome = { appointment: Appointment } | { error: 'slot_taken' | 'invalid_slot' };
export type MoveOutcome = 'ok' | 'not_found' | 'slot_taken' | 'invalid_slot';

export interface AppointmentBook {
  /** The zone the dates and times are in. */
  readonly timeZone: string;
  product(name: unknown): BookProduct | undefined;
  /** Free start times on the date, or else on the first later day that has any; earliest first. */
  findFree(product: BookProduct, date: string, now: Date): Promise<{ date: string; starts: number[] } | undefined>;
  /** With `key` (ActionContext.key): the booking made before with that key, if any, instead of a second one. */
  book(product: BookProduct, date: string, start: number, person: { name: string; email: string }, now: Date, key?: string): Promise<BookOutcome>;
  get(reference: string): Promise<Appointment | undefined>;
  contact(reference: string): Promise<Contact | undefined>;
  reschedule(reference: string, product: BookProduct, date: string, start: number, now: Date): Promise<MoveOutcome>;
  /** Frees the time and forgets who booked; the contact is handed back for the one message that confirms it. */
  cancel(reference: string, now: Date): Promise<(Appointment & Contact) | undefined>;
  close?(): Promise<void>;
}

/** The book cannot be reached now (a remote system down or slow): the resident hears so, nothing was changed. */
export class AppointmentsUnavailable extends Error {}
