import type { OfficeHours } from '../../src/content/types';
import { isOpen, nextOpening } from '../../src/handover';

const HOURS: OfficeHours = {
  timezone: 'Europe/Amsterdam',
  days: { ma: '09:00-17:00', di: '09:00-17:00', wo: '09:00-17:00', do: ['09:00-17:00', '18:00-20:00'], vr: '09:00-12:30' },
  holidays: ['2026-12-25'],
};

describe('office hours', () => {
  it('reads the periods in the municipality\'s time zone, whatever the server\'s', () => {
    expect(isOpen(HOURS, new Date('2026-03-10T08:59:00+01:00'))).toBe(false);
    expect(isOpen(HOURS, new Date('2026-03-10T09:00:00+01:00'))).toBe(true);
    expect(isOpen(HOURS, new Date('2026-03-10T16:59:00+01:00'))).toBe(true);
    expect(isOpen(HOURS, new Date('2026-03-10T17:00:00+01:00'))).toBe(false);
    // Summer time: 9:30 in Amsterdam is 7:30 UTC.
    expect(isOpen(HOURS, new Date('2026-07-07T07:30:00Z'))).toBe(true);
    expect(isOpen(HOURS, new Date('2026-07-07T06:30:00Z'))).toBe(false);
  });

  it('turns at the minute, also when asked many times within one', () => {
    const at = (iso: string) => isOpen(HOURS, new Date(iso));
    expect([at('2026-03-10T16:59:00.000+01:00'), at('2026-03-10T16:59:59.999+01:00'), at('2026-03-10T17:00:00.000+01:00'), at('2026-03-10T16:59:30.000+01:00')]).toEqual([true, true, false, true]);
  });

  it('reads each zone on its own clock when bots in different zones ask in turn', () => {
    const newYork: OfficeHours = { ...HOURS, timezone: 'America/New_York' };
    const at = new Date('2026-03-10T15:30:00Z'); // 16:30 in Amsterdam, 11:30 in New York
    expect([isOpen(HOURS, at), isOpen(newYork, at), isOpen(HOURS, new Date('2026-03-10T16:30:00Z')), isOpen(newYork, new Date('2026-03-10T16:30:00Z'))]).toEqual([true, true, false, true]);
  });

  it('knows evening periods, short days, weekends and holidays', () => {
    expect(isOpen(HOURS, new Date('2026-03-12T17:30:00+01:00'))).toBe(false); // Thursday between the periods
    expect(isOpen(HOURS, new Date('2026-03-12T19:00:00+01:00'))).toBe(true);
    expect(isOpen(HOURS, new Date('2026-03-13T13:00:00+01:00'))).toBe(false); // Friday afternoon
    expect(isOpen(HOURS, new Date('2026-03-14T11:00:00+01:00'))).toBe(false); // Saturday
    expect(isOpen(HOURS, new Date('2026-12-25T11:00:00+01:00'))).toBe(false); // Christmas, a Friday
    expect(isOpen(undefined, new Date('2026-03-14T03:00:00+01:00'))).toBe(true); // no office hours: always open
  });

  it('says when the desk opens next, in words a resident reads', () => {
    expect(nextOpening(HOURS, new Date('2026-03-10T07:00:00+01:00'), 'nl')).toBe('vandaag om 9.00 uur');
    expect(nextOpening(HOURS, new Date('2026-03-10T18:00:00+01:00'), 'nl')).toBe('morgen om 9.00 uur');
    expect(nextOpening(HOURS, new Date('2026-03-12T17:15:00+01:00'), 'nl')).toBe('vandaag om 18.00 uur');
    expect(nextOpening(HOURS, new Date('2026-03-13T14:00:00+01:00'), 'nl')).toBe('op maandag 16 maart om 9.00 uur');
    expect(nextOpening(HOURS, new Date('2026-12-24T18:00:00+01:00'), 'nl')).toBe('op maandag 28 december om 9.00 uur');
    expect(nextOpening(HOURS, new Date('2026-03-13T14:00:00+01:00'), 'en')).toBe('on Monday 16 March at 9:00');
    expect(nextOpening({ days: {} }, new Date('2026-03-13T14:00:00+01:00'), 'nl')).toBeUndefined();
  });
});
