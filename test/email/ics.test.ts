import { calendarFile, whenText, zonedInstant } from '../../src/email';

const ITEM = {
  uid: 'AFS-7K3M9Q@voorbeeld.nl', sequence: 0, start: new Date('2026-03-11T09:00:00Z'), end: new Date('2026-03-11T09:15:00Z'),
  stamp: new Date('2026-03-10T09:00:00.123Z'), title: 'Afspraak', description: 'Afspraaknummer: AFS-7K3M9Q',
  organizer: 'noreply@voorbeeld.nl', cancelled: false,
};

describe('the calendar item (.ics)', () => {
  it('escapes text and ends every line with CRLF', () => {
    const ics = calendarFile({ ...ITEM, location: 'Stadhuisplein 1, Voorbeeld; balie 2\nbegane grond', title: 'C:\\pad' });
    expect(ics).toContain('LOCATION:Stadhuisplein 1\\, Voorbeeld\\; balie 2\\nbegane grond\r\n');
    expect(ics).toContain('SUMMARY:C:\\\\pad\r\n');
    expect(ics).toContain('DTSTAMP:20260310T090000Z\r\n');
    expect(ics.split('\r\n').every((line) => !line.includes('\n'))).toBe(true);
    expect(ics.endsWith('END:VCALENDAR\r\n')).toBe(true);
  });

  it('folds long lines at 75 octets without cutting a UTF-8 character in two', () => {
    const title = 'Afspraak voor een verklaring omtrent het gedrag, één keer, bij de balie van de gemeente Súdwest-Fryslân (ë é ï ü)';
    const ics = calendarFile({ ...ITEM, title });
    const lines = ics.split('\r\n');
    for (const line of lines) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
    // Unfolding (a CRLF and one space removed) gives the line back whole.
    expect(ics.replace(/\r\n /g, '')).toContain(`SUMMARY:${title.replace(/,/g, '\\,')}\r\n`);
    expect(lines.some((l) => l.startsWith(' '))).toBe(true);
  });

  it('cancels with METHOD:CANCEL and STATUS:CANCELLED', () => {
    const ics = calendarFile({ ...ITEM, cancelled: true, sequence: 3 });
    expect(ics).toMatch(/METHOD:CANCEL\r\n[\s\S]*SEQUENCE:3\r\n[\s\S]*STATUS:CANCELLED\r\n/);
  });
});

describe('times at the municipality', () => {
  it('finds the instant of a wall-clock time on both sides of the change to and from summer time', () => {
    expect(zonedInstant('2026-03-28', 9 * 60, 'Europe/Amsterdam').toISOString()).toBe('2026-03-28T08:00:00.000Z');
    expect(zonedInstant('2026-03-30', 9 * 60, 'Europe/Amsterdam').toISOString()).toBe('2026-03-30T07:00:00.000Z');
    expect(zonedInstant('2026-10-26', 16 * 60 + 30, 'Europe/Amsterdam').toISOString()).toBe('2026-10-26T15:30:00.000Z');
    expect(zonedInstant('2026-07-01', 10 * 60, 'America/New_York').toISOString()).toBe('2026-07-01T14:00:00.000Z');
  });

  it('writes the day and time out for an e-mail, in Dutch and in English', () => {
    expect(whenText('2026-03-11', 9 * 60 + 30, 'nl')).toBe('woensdag 11 maart 2026 om 09.30 uur');
    expect(whenText('2026-03-11', 14 * 60, 'en')).toBe('Wednesday 11 March 2026 at 14:00');
  });
});
