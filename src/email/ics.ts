/**
 * The calendar item attached to an appointment e-mail (RFC 5545): the same UID for booking, moving and cancelling, with
 * a SEQUENCE that goes up, so the resident's calendar app updates or removes the item it already has.
 */

export interface CalendarItem {
  uid: string;
  sequence: number;
  start: Date;
  end: Date;
  stamp: Date;
  title: string;
  location?: string;
  description: string;
  /** The sender's address: iTIP wants an organizer, also for a cancellation. */
  organizer: string;
  cancelled: boolean;
}

/** `METHOD` of the file and of the attachment's content type. */
export function icsMethod(item: Pick<CalendarItem, 'cancelled'>): 'PUBLISH' | 'CANCEL' {
  return item.cancelled ? 'CANCEL' : 'PUBLISH';
}

export function calendarFile(item: CalendarItem): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Loket//Loket afspraken//NL',
    'CALSCALE:GREGORIAN',
    `METHOD:${icsMethod(item)}`,
    'BEGIN:VEVENT',
    `UID:${item.uid}`,
    `SEQUENCE:${item.sequence}`,
    `DTSTAMP:${utc(item.stamp)}`,
    `DTSTART:${utc(item.start)}`,
    `DTEND:${utc(item.end)}`,
    `SUMMARY:${escapeText(item.title)}`,
    ...(item.location ? [`LOCATION:${escapeText(item.location)}`] : []),
    `DESCRIPTION:${escapeText(item.description)}`,
    `ORGANIZER:mailto:${item.organizer}`,
    `STATUS:${item.cancelled ? 'CANCELLED' : 'CONFIRMED'}`,
    'TRANSP:OPAQUE',
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return `${lines.map(fold).join('\r\n')}\r\n`;
}

function utc(d: Date): string {
  return d.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

/** TEXT values escape backslash, semicolon, comma and line breaks. */
function escapeText(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');
}

/** Lines longer than 75 octets continue on the next line after a space, never inside a UTF-8 character. */
function fold(line: string): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  for (const ch of line) {
    const size = Buffer.byteLength(ch);
    const limit = parts.length === 0 ? 75 : 74; // a continuation line starts with a space
    if (octets + size > limit) {
      parts.push(current);
      current = '';
      octets = 0;
    }
    current += ch;
    octets += size;
  }
  parts.push(current);
  return parts.join('\r\n ');
}
