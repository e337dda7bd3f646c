import { createReportActions } from '../../src/actions/reports';
import type { Action } from '../../src/actions/types';
import type { Sql } from '../../src/storage';
import { DIALECTS, freshDatabase } from '../storage/fresh';
import { capturingLog, makeCtx, okData } from './helpers';

function reportsOn(sql: Sql): Record<string, Action> {
  return Object.fromEntries(createReportActions(sql).map((a) => [a.name.replace('reports.', ''), a]));
}

const photo = { url: 'https://files.example.nl/abc.jpg', contentType: 'image/jpeg', name: 'abc.jpg' };
const location = { latitude: 52.09, longitude: 5.12, address: 'Oudegracht 1, Utrecht' };

describe.each(DIALECTS)('report actions on %s', (dialect) => {
  const database = freshDatabase(dialect);
  const ctx = makeCtx();

  it('registers a report with JSON fields that another connection finds', async () => {
    const created = okData(await reportsOn(database.sql).create.run({
      category: 'straatverlichting', location, description: 'Lamp brandt niet', photo,
      email: 'piet@example.nl', phone: '0612345678', name: 'Piet Pieters',
    }, ctx));
    expect(created.reference).toMatch(/^MLD-[A-HJ-NP-Z2-9]{6}$/);
    expect(created.category).toBe('straatverlichting');

    const other = database.open();
    const reports = reportsOn(other);
    expect(okData(await reports.find.run({ reference: ` ${created.reference.toLowerCase()} ` }, ctx))).toEqual({
      found: true,
      reference: created.reference,
      category: 'straatverlichting',
      status: 'ontvangen',
      created_at: ctx.now.toISOString(),
    });
    const row = (await other.get<Record<string, string>>('SELECT * FROM reports'))!;
    expect(JSON.parse(row.location_json)).toEqual(location);
    expect(JSON.parse(row.photo_json)).toEqual(photo);
    expect(row).toMatchObject({ name: 'Piet Pieters', email: 'piet@example.nl', phone: '0612345678', bot_id: 'test-bot' });
  });

  it('finds a bot\'s own meldingen only, when bots share the database', async () => {
    const reports = reportsOn(database.sql);
    const created = okData(await reports.create.run({ category: 'afval', location: 'Markt', description: 'Vol' }, ctx));
    expect(okData(await reports.find.run({ reference: created.reference }, makeCtx({ botId: 'andere-gemeente' })))).toEqual({ found: false });
    expect(okData(await reports.find.run({ reference: created.reference }, ctx))).toMatchObject({ found: true });
  });

  it('accepts a typed location and no photo or contact data', async () => {
    const reports = reportsOn(database.sql);
    const created = okData(await reports.create.run(
      { category: 'afval', location: 'bij de speeltuin', description: 'Vuilniszakken naast de container' }, ctx));
    const row = await database.sql.get('SELECT location_json, photo_json, email FROM reports WHERE reference = ?', [created.reference]);
    expect(row).toEqual({ location_json: '"bij de speeltuin"', photo_json: null, email: null });
  });

  it('refuses missing fields and a malformed photo', async () => {
    const reports = reportsOn(database.sql);
    const base = { category: 'afval', location: 'Markt', description: 'Vol' };
    for (const args of [
      { ...base, category: '' },
      { ...base, location: undefined },
      { ...base, location: {} },
      { ...base, description: '  ' },
      { ...base, photo: { url: 'x' } },
    ]) {
      expect(await reports.create.run(args, ctx)).toMatchObject({ ok: false, error: 'invalid_argument' });
    }
    // Nothing stored: a lookup (which waits for the table) finds the table empty.
    expect(okData(await reports.find.run({ reference: 'MLD-ABCDEF' }, ctx))).toEqual({ found: false });
    expect(Number((await database.sql.get<{ n: number }>('SELECT COUNT(*) AS n FROM reports'))!.n)).toBe(0);
  });

  it('does not find unknown references', async () => {
    const reports = reportsOn(database.sql);
    expect(okData(await reports.find.run({ reference: 'MLD-ABCDEF' }, ctx))).toEqual({ found: false });
    expect(okData(await reports.find.run({ reference: 'AFS-ABCDEF' }, ctx))).toEqual({ found: false });
  });

  it('keeps references unique when two instances register at once', async () => {
    const [a, b] = [reportsOn(database.sql), reportsOn(database.open())];
    const made = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).create.run({ category: 'afval', location: 'Markt', description: `vol ${i}` }, ctx)));
    expect(new Set(made.map((r) => okData(r).reference)).size).toBe(10);
    expect(Number((await database.sql.get<{ n: number }>('SELECT COUNT(*) AS n FROM reports'))!.n)).toBe(10);
  });

  it('logs the reference, never contact data', async () => {
    const capture = capturingLog();
    const created = okData(await reportsOn(database.sql).create.run({
      category: 'afval', location: 'Markt', description: 'Vol', email: 'piet@example.nl', phone: '0612345678', name: 'Piet Pieters',
    }, makeCtx({ log: capture.log })));
    expect(capture.text()).toContain(created.reference);
    expect(capture.text()).not.toMatch(/piet@example|0612345678|Pieters/);
  });
});
