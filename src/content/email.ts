/**
 * What bot.yaml's `email:` templates may say: the placeholders each kind of confirmation fills in. Content validation
 * and the mailer (src/email/) both read them here, so a template cannot name what is never filled in.
 */
import type { EmailKind } from './types';

const APPOINTMENT = ['name', 'reference', 'product', 'when'] as const;

/** Per kind, the placeholders besides {facts.name} and {bot.name}. */
export const EMAIL_TEMPLATES: Readonly<Record<EmailKind, readonly string[]>> = {
  appointment_booked: APPOINTMENT,
  appointment_rescheduled: APPOINTMENT,
  appointment_cancelled: APPOINTMENT,
  report_received: ['reference', 'category', 'description', 'location'],
  callback_requested: ['name', 'reference', 'phone', 'moment'],
};

export const EMAIL_KINDS = Object.keys(EMAIL_TEMPLATES) as EmailKind[];

/** Placeholders of the appointment's calendar item (`email.appointment.title` and `location`). */
export const APPOINTMENT_PLACEHOLDERS: readonly string[] = APPOINTMENT;
