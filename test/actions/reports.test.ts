import { createReportActions } from '../../src/actions/reports';
import type { Action } from '../../src/actions/types';
import type { Database } from '../../src/storage/sqlite';
import { capturingLog, makeCtx, okData, scratchDatabase } from './helpers';

function reportsOn(db: Database): Record<string, Action> {
  return Object.fromEntries(createReportActions(db).map((a) => [a.name.replace('reports.', ''), a]));
}

const photo = { url: 'https://files.example.nl/abc.jpg', contentType: 'image/jpeg', name: 'abc.jpg' };
const location = { latitude: 52.09, longitude: 5.12, address: 'Oudegracht 1, Utrecht' };

describe('report actions', () => {
  const scratch = scratchDatabase();
  const ctx = makeCtx();

  it('registers a report with JSON fields that survives reopening the file', async () => {
    const created = okData(await reportsOn(scratch.db).create.run({
      category: 'straatverlichting', location, description: 'Lamp brandt niet', photo,
      email: 'piet@example.nl', phone: '0612345678', name: 'Piet Pieters',
    }, ctx));
    expect(created.reference).toMatch(/^MLD-[A-HJ-NP-Z2-9]{6}$/);
    expect(created.category).toBe('straatverlichting');
    scratch.reopen();

    const reports = reportsOn(scratch.db);
    expect(okData(await reports.find.run({ reference: ` ${created.reference.toLowerCase()} ` }, ctx))).toEqual({
      found: true,
      reference: created.reference,
      category: 'straatverlichting',
      status: 'ontvangen',
      created_at: ctx.now.toISOString(),
    });
    const row = scratch.db.prepare('SELECT * FROM reports').get() as Record<string, string>;
    expect(JSON.parse(row.location_json)).toEqual(location);
    expect(JSON.parse(row.photo_json)).toEqual(photo);
    expect(row).toMatchObject({ name: 'Piet Pieters', email: 'piet@example.nl', phone: '0612345678', bot_id: 'test-bot' });
  });

  it('accepts a typed location and no photo or contact data', async () => {
    const reports = reportsOn(scratch.db);
    const created = okData(await reports.create.run(
      { category: 'afval', location: 'bij de speeltuin', description: 'Vuilniszakken naast de container' }, ctx));
    const row = scratch.db.prepare('SELECT location_json, photo_json, email FROM reports WHERE reference = ?').get(created.reference);
    expect(row).toEqual({ location_json: '"bij de speeltuin"', photo_json: null, email: null });
  });

  it('refuses missing fields and a malformed photo', async () => {
    const reports = reportsOn(scratch.db);
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
    expect(scratch.db.prepare('SELECT COUNT(*) AS n FROM reports').get()).toEqual({ n: 0 });
  });

  it('does not find unknown references', async () => {
    const reports = reportsOn(scratch.db);
    expect(okData(await reports.find.run({ reference: 'MLD-ABCDEF' }, ctx))).toEqual({ found: false });
    expect(okData(await reports.find.run({ reference: 'AFS-ABCDEF' }, ctx))).toEqual({ found: false });
  });

  it('logs the reference, never contact data', async () => {
    const capture = capturingLog();
    const created = okData(await reportsOn(scratch.db).create.run({
      category: 'afval', location: 'Markt', description: 'Vol', email: 'piet@example.nl', phone: '0612345678', name: 'Piet Pieters',
    }, makeCtx({ log: capture.log })));
    expect(capture.text()).toContain(created.reference);
    expect(capture.text()).not.toMatch(/piet@example|0612345678|Pieters/);
  });
});
