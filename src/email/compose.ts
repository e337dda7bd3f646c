/** A notice as an e-mail: the bot.yaml template filled in, in the conversation's language, with a calendar item for appointments. */
import { formatTime } from '../slots/time';
import { inLanguage, type Text } from '../content/types';
import { formatDate } from '../slots/calendar';
import type { Lang } from '../slots/types';
import { calendarFile, icsMethod } from './ics';
import type { MailSettings } from './settings';
import { zonedInstant } from './time';
import type { AppointmentNotice, Notice } from './types';

/** What the outbox keeps until the mail server took it: nodemailer's message fields, plain JSON. */
export interface MailMessage {
  from: string;
  to: { name?: string; address: string };
  replyTo?: string;
  subject: string;
  text: string;
  attachments?: { filename: string; content: string; contentType: string }[];
}

/** "woensdag 11 maart 2026 om 10.00 uur" / "Wednesday 11 March 2026 at 10:00": read in an e-mail without the chat. */
export function whenText(date: string, start: number, lang: Lang): string {
  const day = formatDate(date, lang);
  return lang === 'en' ? `${day} at ${formatTime(start)}` : `${day} om ${formatTime(start).replace(':', '.')} uur`;
}

function placeholders(notice: Notice, lang: Lang): Record<string, string> {
  switch (notice.kind) {
    case 'report_received':
      return { reference: notice.reference, category: notice.category, description: notice.description, location: notice.location };
    case 'callback_requested':
      return { reference: notice.reference, name: notice.name, phone: notice.phone, moment: notice.moment };
    default:
      return { reference: notice.reference, name: notice.name, product: notice.product, when: whenText(notice.date, notice.start, lang) };
  }
}

/** Fills in a template text: the kind's own placeholders, {facts.name} in the language, {bot.name}. */
function fill(text: Text, vars: Record<string, string>, settings: MailSettings, lang: Lang): string {
  return inLanguage(text, lang).replace(/\{([A-Za-z_][\w.]*)\}/g, (_, ref: string) => {
    const [root, name] = ref.split('.');
    if (root === 'bot') return name === 'name' ? settings.botName : '';
    if (root === 'facts') {
      const fact = settings.facts[name];
      return typeof fact === 'number' ? String(fact) : fact === undefined ? '' : inLanguage(fact, lang);
    }
    return vars[root] ?? '';
  });
}

/** The address part of "Name <address>". */
export function addressOf(from: string): string {
  return /<([^>]+)>/.exec(from)?.[1] ?? from.trim();
}

function calendarAttachment(notice: AppointmentNotice, vars: Record<string, string>, settings: MailSettings, lang: Lang, now: Date): NonNullable<MailMessage['attachments']>[number] {
  const title = settings.appointment.title ? fill(settings.appointment.title, vars, settings, lang) : `${notice.product} (${settings.botName})`;
  const location = settings.appointment.location ? fill(settings.appointment.location, vars, settings, lang) : undefined;
  const organizer = addressOf(settings.from);
  const cancelled = notice.kind === 'appointment_cancelled';
  const ics = calendarFile({
    uid: `${notice.reference}@${organizer.split('@')[1] ?? 'loket'}`,
    sequence: notice.revision,
    start: zonedInstant(notice.date, notice.start, notice.timeZone),
    end: zonedInstant(notice.date, notice.end, notice.timeZone),
    stamp: now,
    title,
    location,
    description: `${lang === 'en' ? 'Reference' : 'Afspraaknummer'}: ${notice.reference}`,
    organizer,
    cancelled,
  });
  return { filename: `${notice.reference}.ics`, content: ics, contentType: `text/calendar; charset=utf-8; method=${icsMethod({ cancelled })}` };
}

/** The e-mail for a notice, or undefined when bot.yaml has no template for its kind. */
export function compose(notice: Notice, settings: MailSettings, lang: Lang, now: Date): MailMessage | undefined {
  const template = settings.templates[notice.kind];
  if (!template) return undefined;
  const vars = placeholders(notice, lang);
  const name = 'name' in notice ? notice.name : undefined;
  const message: MailMessage = {
    from: settings.from,
    to: name ? { name, address: notice.to } : { address: notice.to },
    subject: fill(template.subject, vars, settings, lang).replace(/\s+/g, ' ').trim(),
    text: fill(template.body, vars, settings, lang),
  };
  if (settings.replyTo) message.replyTo = settings.replyTo;
  if (notice.kind.startsWith('appointment_')) message.attachments = [calendarAttachment(notice as AppointmentNotice, vars, settings, lang, now)];
  return message;
}
