/** The moment a wall-clock time on a date is at the municipality (Europe/Amsterdam), as an instant: for the .ics. */
export function zonedInstant(date: string, minutes: number, timeZone: string): Date {
  const [y, m, d] = date.split('-').map(Number);
  const wall = Date.UTC(y, m - 1, d, 0, minutes);
  const format = new Intl.DateTimeFormat('en-GB', {
    timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
  });
  let guess = wall;
  // Two corrections: the zone's offset at the first guess, then at the corrected one (near a DST change).
  for (let i = 0; i < 2; i++) {
    const parts = Object.fromEntries(format.formatToParts(new Date(guess)).map((p) => [p.type, Number(p.value)]));
    guess += wall - Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute);
  }
  return new Date(guess);
}
