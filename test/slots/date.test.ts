import { NOW, displayOf, parse, valueOf } from './helpers';

describe('date: Dutch relative words (now is Tuesday 10 March 2026)', () => {
  it.each([
    ['vandaag', '2026-03-10'],
    ['morgen', '2026-03-11'],
    ['Morgen!', '2026-03-11'],
    ['morgenmiddag', '2026-03-11'],
    ['overmorgen', '2026-03-12'],
    ['gisteren', '2026-03-09'],
    ['over 3 dagen', '2026-03-13'],
    ['over drie dagen', '2026-03-13'],
    ['over een week', '2026-03-17'],
    ['over twee weken', '2026-03-24'],
    ['over 2 weken', '2026-03-24'],
    ['over een maand', '2026-04-10'],
    ['volgende week', '2026-03-16'],
    ['komende week', '2026-03-16'],
    ['volgende week dinsdag', '2026-03-17'],
    ['volgende week vrijdag', '2026-03-20'],
    ['vrijdag volgende week', '2026-03-20'],
    ['deze week donderdag', '2026-03-12'],
    ['ik wil graag morgen komen', '2026-03-11'],
  ])('%s → %s', (text, date) => {
    expect(valueOf('date', text)).toBe(date);
  });
});

describe('date: weekdays', () => {
  it.each([
    ['dinsdag', '2026-03-17'], // today excluded: the next Tuesday
    ['woensdag', '2026-03-11'],
    ['maandag', '2026-03-16'],
    ['zondag', '2026-03-15'],
    ['aanstaande vrijdag', '2026-03-13'],
    ['a.s. vrijdag', '2026-03-13'],
    ['komende maandag', '2026-03-16'],
    ['vrijdagochtend', '2026-03-13'],
    ['vr', '2026-03-13'],
    ['do', '2026-03-12'],
  ])('%s → %s', (text, date) => {
    expect(valueOf('date', text)).toBe(date);
  });

  it('reads a weekday as the last one when the question is about the past', () => {
    expect(valueOf('date', 'dinsdag', { validate: { past: true } })).toBe('2026-03-03');
    expect(valueOf('date', 'afgelopen vrijdag')).toBe('2026-03-06');
    expect(valueOf('date', 'vorige week dinsdag')).toBe('2026-03-03');
  });
});

describe('date: written dates', () => {
  it.each([
    ['14 maart', '2026-03-14'],
    ['14 mrt', '2026-03-14'],
    ['14 mrt.', '2026-03-14'],
    ['14e maart', '2026-03-14'],
    ['veertien maart', '2026-03-14'],
    ['1 april', '2026-04-01'],
    ['14-3', '2026-03-14'],
    ['14/3', '2026-03-14'],
    ['14.3', '2026-03-14'],
    ['14/03/2026', '2026-03-14'],
    ['14-03-2026', '2026-03-14'],
    ['14-3-26', '2026-03-14'],
    ['2026-03-14', '2026-03-14'],
    ['14 maart 2027', '2027-03-14'],
    ['dinsdag 14/3', '2026-03-14'], // WhatsApp style; the date wins over the weekday
    ['ma 16 maart', '2026-03-16'],
    ['woensdag 11 maart 10:00', '2026-03-11'],
    ['de 14e', '2026-03-14'],
    ['de 5e', '2026-04-05'],
  ])('%s → %s', (text, date) => {
    expect(valueOf('date', text)).toBe(date);
  });

  it('moves a day and month that passed long ago to next year', () => {
    expect(valueOf('date', '5 januari')).toBe('2027-01-05');
    expect(valueOf('date', '1-2')).toBe('2027-02-01');
  });

  it('keeps a day that passed only just now in this year, so the resident hears it is in the past', () => {
    expect(valueOf('date', '2 maart')).toBe('2026-03-02');
    expect(valueOf('date', '2 maart', { validate: { future: true } })).toBe('!in_past');
  });

  it('reads a date without a year as this or last year when the question is about the past', () => {
    expect(valueOf('date', '20 maart', { validate: { past: true } })).toBe('2025-03-20');
    expect(valueOf('date', '2 maart', { validate: { past: true } })).toBe('2026-03-02');
  });
});

describe('date: typos', () => {
  it.each([
    ['morgn', '2026-03-11'],
    ['overmorgn', '2026-03-12'],
    ['dinsdg', '2026-03-17'],
    ['vrydag', '2026-03-13'],
    ['woensdg', '2026-03-11'],
    ['donderdg', '2026-03-12'],
    ['14 maaart', '2026-03-14'],
  ])('%s → %s', (text, date) => {
    expect(valueOf('date', text)).toBe(date);
  });
});

describe('date: English', () => {
  it.each([
    ['today', '2026-03-10'],
    ['tomorrow', '2026-03-11'],
    ['day after tomorrow', '2026-03-12'],
    ['next tuesday', '2026-03-17'],
    ['next friday', '2026-03-13'],
    ['friday next week', '2026-03-20'],
    ['14 March', '2026-03-14'],
    ['March 14', '2026-03-14'],
    ['March 14th, 2026', '2026-03-14'],
    ['in 3 days', '2026-03-13'],
    ['in two weeks', '2026-03-24'],
    ['the fourteenth of March', '2026-03-14'], // through chrono-node
    ['end of the month', '2026-03-31'], // through chrono-node
    ['nxt wensday', '2026-03-11'],
    ['tmrw', '2026-03-11'],
  ])('%s → %s', (text, date) => {
    expect(valueOf('date', text, { lang: 'en' })).toBe(date);
  });
});

describe('date: display', () => {
  it('shows the weekday, day, month and year', () => {
    expect(displayOf('date', '14 maart')).toBe('zaterdag 14 maart 2026');
    expect(displayOf('date', 'morgen', { lang: 'en' })).toBe('Wednesday 11 March 2026');
  });
});

describe('date: the calendar day in Amsterdam', () => {
  it('uses the Amsterdam date, not the UTC date', () => {
    const late = new Date('2026-03-10T23:30:00Z'); // 00:30 on 11 March in Amsterdam
    expect(valueOf('date', 'vandaag', { now: late })).toBe('2026-03-11');
    expect(valueOf('date', 'morgen', { now: late })).toBe('2026-03-12');
  });

  it('counts days across the switch to summer time', () => {
    const beforeSwitch = new Date('2026-03-28T23:30:00+01:00');
    expect(valueOf('date', 'morgen', { now: beforeSwitch })).toBe('2026-03-29');
    expect(valueOf('date', 'overmorgen', { now: beforeSwitch })).toBe('2026-03-30');
    expect(valueOf('date', 'volgende week', { now: beforeSwitch })).toBe('2026-03-30');
  });

  it('does not depend on NOW being a Tuesday', () => {
    const sunday = new Date('2026-03-15T12:00:00+01:00');
    expect(valueOf('date', 'volgende week', { now: sunday })).toBe('2026-03-16');
    expect(valueOf('date', 'maandag', { now: sunday })).toBe('2026-03-16');
    expect(NOW.getTime()).toBe(new Date('2026-03-10T09:00:00Z').getTime());
  });
});

describe('date: validation', () => {
  it('reports a day in the past', () => {
    expect(valueOf('date', 'gisteren', { validate: { future: true } })).toBe('!in_past');
    expect(valueOf('date', 'vandaag', { validate: { future: true } })).toBe('2026-03-10');
  });

  it('reports a day in the future', () => {
    expect(valueOf('date', 'morgen', { validate: { past: true } })).toBe('!in_future');
    expect(valueOf('date', 'vandaag', { validate: { past: true } })).toBe('2026-03-10');
  });

  it('reports weekend days', () => {
    expect(valueOf('date', 'zaterdag', { validate: { weekdays_only: true } })).toBe('!weekend');
    expect(valueOf('date', 'zondag', { validate: { weekdays_only: true } })).toBe('!weekend');
    expect(valueOf('date', 'vrijdag', { validate: { weekdays_only: true } })).toBe('2026-03-13');
  });

  it('reports the holidays of the bot as closed, for weekdays_only', () => {
    const holidays = ['2026-03-13'];
    expect(valueOf('date', 'vrijdag', { validate: { weekdays_only: true }, holidays })).toBe('!holiday');
    expect(valueOf('date', 'donderdag', { validate: { weekdays_only: true }, holidays })).toBe('2026-03-12');
    expect(valueOf('date', 'vrijdag', { validate: { future: true }, holidays })).toBe('2026-03-13');
  });

  it('reports a day too far ahead', () => {
    expect(valueOf('date', '8 juni', { validate: { max_days_ahead: 90 } })).toBe('2026-06-08');
    expect(valueOf('date', '9 juni', { validate: { max_days_ahead: 90 } })).toBe('!too_far');
  });

  it('reports the past before anything else', () => {
    expect(parse('date', '1 maart', { validate: { future: true, weekdays_only: true, max_days_ahead: 90 } })).toEqual({ ok: false, error: 'in_past' });
  });
});

describe('date: no day in mind, and a day ruled out (now is Tuesday 10 March 2026)', () => {
  const checks = { validate: { future: true, weekdays_only: true } };

  it.each(['zo snel mogelijk', 'maakt niet uit', 'Maakt me niet uit.', 'wanneer kan het eerst?', 'de eerste mogelijkheid', 'geen voorkeur', 'zsm', 'as soon as possible'])(
    '%s → the first allowed day',
    (text) => {
      expect(valueOf('date', text, checks)).toBe('2026-03-10');
    },
  );

  it('skips the weekend and the bot\'s holidays for the first allowed day', () => {
    const saturday = new Date('2026-03-14T10:00:00+01:00');
    expect(valueOf('date', 'zo snel mogelijk', { ...checks, now: saturday, holidays: ['2026-03-16'] })).toBe('2026-03-17');
  });

  it('takes a named day over "no preference", and never guesses a day for a past question', () => {
    expect(valueOf('date', 'maakt niet uit, donderdag is prima', checks)).toBe('2026-03-12');
    expect(valueOf('date', 'maakt niet uit', { validate: { past: true } })).toBe('!not_understood');
  });

  it.each(['liefst niet op maandag', 'niet morgen', 'not on friday'])('%s is not an answer', (text) => {
    expect(valueOf('date', text, checks)).toBe('!not_understood');
  });
});

describe('date: what is not a date', () => {
  it.each([
    '', '   ', 'geen idee', 'binnenkort', 'qwerty', '10 uur', '14', '31 april', '29 februari', 'volgende maand',
    'zorgen', 'goedemorgen', 'ik weet het niet', '👍', 'مرحبا', '3/14', '32-1', '1234 AB',
  ])('%j', (text) => {
    expect(valueOf('date', text)).toBe('!not_understood');
  });
});

describe('date: a weekday with its day of the month', () => {
  it('takes the day of the month when the weekday agrees ("donderdag de 19e")', () => {
    expect(valueOf('date', 'donderdag de 19e')).toBe('2026-03-19');
    expect(valueOf('date', 'Thursday the 19th', { lang: 'en' })).toBe('2026-03-19');
  });

  it('reads "the 20th" in English', () => {
    expect(valueOf('date', 'the 20th', { lang: 'en' })).toBe('2026-03-20');
  });
});
