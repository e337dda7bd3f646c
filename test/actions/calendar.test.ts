import path from 'node:path';
import { createCalendarActions } from '../../src/actions/calendar';
import type { CalendarSettings } from '../../src/content/types';
import type { Action, ActionContext, ActionResult } from '../../src/actions/types';
import { openSql, SqliteSql, type Sql } from '../../src/storage';
import { startCluster, type Cluster } from '../storage/postgres';
import { openDatabase, type Database } from '../../src/storage/sqlite';
import { capturingLog, makeCtx, removeDir, tempDir } from './helpers';

type Calendar = Record<string, Action>;

function calendarOn(db: Database, options?: CalendarSettings): Calendar {
  return Object.fromEntries(createCalendarActions(new SqliteSql(db), 'test-bot', options).map((a) => [a.name.replace('calendar.', ''), a]));
}

function data(result: ActionResult): Record<string, any> {
  if (!result.ok) throw new Error(`expected ok, got ${result.error} ${result.detail ?? ''}`);
  return result.data;
}

const person = { name: 'Jan Jansen', email: 'jan@example.nl' };

describe('calendar actions', () => {
  let dir: string;
  let file: string;
  let db: Database;
  let ctx: ActionContext;

  beforeEach(() => {
    dir = tempDir();
    file = path.join(dir, 'loket.sqlite');
    db = openDatabase(file);
    ctx = makeCtx();
  });
  afterEach(() => {
    db.close();
    removeDir(dir);
  });

  describe('free_slots', () => {
    it('offers the slots closest to the preferred time, with Dutch labels', async () => {
      const cal = calendarOn(db);
      const result = data(await cal.free_slots.run({ product: 'paspoort', date: '2023-03-14', time: '10:30' }, ctx));
      expect(result.count).toBe(4);
      expect(result.slots).toEqual([
        { id: '2023-03-14T10:30', label: 'di 14 maart 10:30' },
        { id: '2023-03-14T10:15', label: 'di 14 maart 10:15' },
        { id: '2023-03-14T10:45', label: 'di 14 maart 10:45' },
        { id: '2023-03-14T10:00', label: 'di 14 maart 10:00' },
      ]);
      expect(result.moved_to_date).toBeUndefined();
    });

    it('starts at opening time without a preference and honours limit and lang', async () => {
      const cal = calendarOn(db);
      const result = data(await cal.free_slots.run(
        { product: 'Paspoort', date: '2023-03-14', limit: 2 }, makeCtx({ lang: 'en' })));
      expect(result.slots).toEqual([
        { id: '2023-03-14T09:00', label: 'Tue 14 March 09:00' },
        { id: '2023-03-14T09:15', label: 'Tue 14 March 09:15' },
      ]);
    });

    it('is open until 20:00 on Thursday and keeps long products inside opening hours', async () => {
      const cal = calendarOn(db);
      const evening = data(await cal.free_slots.run({ product: 'paspoort', date: '2023-03-16', time: '23:00', limit: 1 }, ctx));
      expect(evening.slots[0].id).toBe('2023-03-16T19:45');
      const wedding = data(await cal.free_slots.run({ product: 'huwelijk', date: '2023-03-15', time: '23:00', limit: 1 }, ctx));
      expect(wedding.slots[0].id).toBe('2023-03-15T16:30'); // 30 minutes, closes at 17:00
    });

    it('moves a weekend date to Monday', async () => {
      const cal = calendarOn(db);
      const result = data(await cal.free_slots.run({ product: 'rijbewijs', date: '2023-03-18', time: '11:00' }, ctx));
      expect(result.moved_to_date).toBe('2023-03-20');
      expect(result.slots[0]).toEqual({ id: '2023-03-20T11:00', label: 'ma 20 maart 11:00' });
    });

    it('skips holidays', async () => {
      const cal = calendarOn(db, { holidays: ['2023-03-20', '2023-03-21'] });
      const result = data(await cal.free_slots.run({ product: 'rijbewijs', date: '2023-03-20' }, ctx));
      expect(result.moved_to_date).toBe('2023-03-22');
      expect(result.slots[0].id).toBe('2023-03-22T09:00');
    });

    it('never offers the past: a past date moves to today, today only after now', async () => {
      const cal = calendarOn(db);
      const at1007 = makeCtx({ now: new Date('2023-03-13T09:07:00Z') }); // 10:07 in Amsterdam
      const result = data(await cal.free_slots.run({ product: 'paspoort', date: '2023-03-01' }, at1007));
      expect(result.moved_to_date).toBe('2023-03-13');
      expect(result.slots[0].id).toBe('2023-03-13T10:15');

      const lateCtx = makeCtx({ now: new Date('2023-03-13T16:00:00Z') }); // 17:00, closed
      const late = data(await cal.free_slots.run({ product: 'paspoort', date: '2023-03-13' }, lateCtx));
      expect(late.moved_to_date).toBe('2023-03-14');
    });

    it('moves a full day to the next day with room', async () => {
      const cal = calendarOn(db, { desks: 1, opening_hours: { ma: '09:00-09:30', di: '09:00-17:00' } });
      for (const slot of ['2023-03-13T09:00', '2023-03-13T09:15']) {
        data(await cal.book.run({ product: 'paspoort', slot, ...person }, ctx));
      }
      const result = data(await cal.free_slots.run({ product: 'paspoort', date: '2023-03-13' }, ctx));
      expect(result.moved_to_date).toBe('2023-03-14');
    });

    it('says count 0 when nothing is open in the search window', async () => {
      const cal = calendarOn(db, { opening_hours: {}, search_days: 5 });
      const result = data(await cal.free_slots.run({ product: 'paspoort', date: '2023-03-14' }, ctx));
      expect(result).toMatchObject({ slots: [], count: 0 });
    });

    it('rejects unknown products and bad dates', async () => {
      const cal = calendarOn(db);
      expect(await cal.free_slots.run({ product: 'hondenbelasting', date: '2023-03-14' }, ctx))
        .toEqual({ ok: false, error: 'unknown_product' });
      expect(await cal.free_slots.run({ product: 'paspoort', date: '2023-02-30' }, ctx))
        .toMatchObject({ ok: false, error: 'invalid_argument' });
      expect(await cal.free_slots.run({ product: 'paspoort', date: '2023-03-14', time: 'morgen' }, ctx))
        .toMatchObject({ ok: false, error: 'invalid_argument' });
    });
  });

  describe('settings (bot.yaml calendar:)', () => {
    const ids = (result: Record<string, any>) => result.slots.map((x: { id: string }) => x.id);

    it('never offers or books a holiday', async () => {
      const cal = calendarOn(db, { holidays: ['2023-03-14'] });
      const free = data(await cal.free_slots.run({ product: 'paspoort', date: '2023-03-14', limit: 20 }, ctx));
      expect(free.moved_to_date).toBe('2023-03-15');
      expect(ids(free).every((id: string) => id.startsWith('2023-03-15'))).toBe(true);
      expect(await cal.book.run({ product: 'paspoort', slot: '2023-03-14T10:00', ...person }, ctx))
        .toEqual({ ok: false, error: 'invalid_slot' });
      expect((await cal.book.run({ product: 'paspoort', slot: '2023-03-15T10:00', ...person }, ctx)).ok).toBe(true);
    });

    it('offers only the given opening hours: a day left out is closed, an appointment ends by closing time', async () => {
      const cal = calendarOn(db, {
        opening_hours: { wo: ['09:00-10:00', '13:00-14:00'], za: '10:00-11:00' },
        products: { huwelijk: { duration: 30 } },
      });
      const monday = data(await cal.free_slots.run({ product: 'huwelijk', date: '2023-03-13', limit: 20 }, ctx));
      expect(monday.moved_to_date).toBe('2023-03-15');
      expect(ids(monday)).toEqual(['09:00', '09:15', '09:30', '13:00', '13:15', '13:30'].map((t) => `2023-03-15T${t}`));
      const thursday = data(await cal.free_slots.run({ product: 'huwelijk', date: '2023-03-16', limit: 20 }, ctx));
      expect(ids(thursday)).toEqual(['2023-03-18T10:00', '2023-03-18T10:15', '2023-03-18T10:30']);
      for (const slot of ['2023-03-15T09:45', '2023-03-15T11:00', '2023-03-16T10:00']) {
        expect(await cal.book.run({ product: 'huwelijk', slot, ...person }, ctx)).toEqual({ ok: false, error: 'invalid_slot' });
      }
    });

    it('treats desks as the number of appointments at the same time', async () => {
      const cal = calendarOn(db, { desks: 3 });
      const args = { product: 'paspoort', slot: '2023-03-14T10:00', ...person };
      for (let i = 0; i < 3; i++) expect((await cal.book.run(args, ctx)).ok).toBe(true);
      expect(await cal.book.run(args, ctx)).toEqual({ ok: false, error: 'slot_taken' });
      const free = data(await cal.free_slots.run({ product: 'paspoort', date: '2023-03-14', time: '10:00', limit: 20 }, ctx));
      expect(ids(free)).not.toContain('2023-03-14T10:00');
      expect(ids(free)).toContain('2023-03-14T10:15');
    });

    it('spaces start times by slot_minutes and names products by their label', async () => {
      const cal = calendarOn(db, { slot_minutes: 20, products: { parkeervergunning: { duration: 20 }, paspoort: { label: { nl: 'Paspoort', en: 'Passport' }, duration: 20 } } });
      const free = data(await cal.free_slots.run({ product: 'parkeervergunning', date: '2023-03-14', limit: 3 }, ctx));
      expect(ids(free)).toEqual(['2023-03-14T09:00', '2023-03-14T09:20', '2023-03-14T09:40']);
      const booked = data(await cal.book.run({ product: 'parkeervergunning', slot: '2023-03-14T09:20', ...person }, ctx));
      expect(booked.product_label).toBe('parkeervergunning');
      const english = data(await cal.book.run({ product: 'paspoort', slot: '2023-03-14T09:40', ...person }, makeCtx({ lang: 'en' })));
      expect(english.product_label).toBe('Passport');
      expect(await cal.free_slots.run({ product: 'rijbewijs', date: '2023-03-14' }, ctx)).toEqual({ ok: false, error: 'unknown_product' });
    });
  });

  describe('book and find', () => {
    it('books with a short unambiguous reference that survives reopening the file', async () => {
      const booked = data(await calendarOn(db).book.run({ product: 'paspoort', slot: '2023-03-14T10:30', ...person }, ctx));
      expect(booked.reference).toMatch(/^AFS-[A-HJ-NP-Z2-9]{6}$/);
      expect(booked).toMatchObject({ slot: '2023-03-14T10:30', label: 'di 14 maart 10:30' });
      db.close();

      db = openDatabase(file);
      const cal = calendarOn(db);
      const messy = ` ${booked.reference.toLowerCase().replace('-', ' ')} `; // "afs 7k3m9q" as typed
      expect(data(await cal.find.run({ reference: messy }, ctx))).toEqual({
        found: true,
        reference: booked.reference,
        product: 'paspoort',
        product_label: 'Paspoort',
        slot: '2023-03-14T10:30',
        label: 'di 14 maart 10:30',
      });
      const stored = db.prepare('SELECT name, email FROM calendar_appointments').get();
      expect(stored).toEqual(person);
    });

    it('does not find unknown references', async () => {
      const cal = calendarOn(db);
      expect(data(await cal.find.run({ reference: 'AFS-2222AA' }, ctx))).toEqual({ found: false });
      expect(data(await cal.find.run({ reference: 'hallo' }, ctx))).toEqual({ found: false });
      expect(data(await cal.find.run({}, ctx))).toEqual({ found: false });
    });

    it('refuses slots that are closed, off the grid or past, and missing contact data', async () => {
      const cal = calendarOn(db);
      for (const slot of ['2023-03-18T10:00', '2023-03-14T10:07', '2023-03-14T17:00', '2023-03-10T10:00', 'morgen']) {
        expect(await cal.book.run({ product: 'paspoort', slot, ...person }, ctx)).toEqual({ ok: false, error: 'invalid_slot' });
      }
      expect(await cal.book.run({ product: 'paspoort', slot: '2023-03-14T10:00', name: 'Jan' }, ctx))
        .toMatchObject({ ok: false, error: 'invalid_argument' });
    });

    it('fills a slot to capacity with one desk, also across two connections', async () => {
      const options = { desks: 1 };
      const cal = calendarOn(db, options);
      const other = openDatabase(file); // a second process on the same file
      const cal2 = calendarOn(other, options);
      try {
        const args = { product: 'paspoort', slot: '2023-03-14T10:00', ...person };
        const results = await Promise.all([cal.book.run(args, ctx), cal2.book.run(args, ctx)]);
        expect(results.filter((r) => r.ok)).toHaveLength(1);
        expect(results.filter((r) => !r.ok)).toEqual([{ ok: false, error: 'slot_taken' }]);

        const free = data(await cal2.free_slots.run({ product: 'paspoort', date: '2023-03-14', time: '10:00' }, ctx));
        expect(free.slots.map((s: { id: string }) => s.id)).not.toContain('2023-03-14T10:00');
      } finally {
        other.close();
      }
    });

    it('counts desks: with two desks the third booking is refused', async () => {
      const cal = calendarOn(db, { desks: 2 });
      const args = { product: 'id-kaart', slot: '2023-03-15T13:00', ...person };
      expect((await cal.book.run(args, ctx)).ok).toBe(true);
      expect((await cal.book.run(args, ctx)).ok).toBe(true);
      expect(await cal.book.run(args, ctx)).toEqual({ ok: false, error: 'slot_taken' });
    });

    it('blocks overlapping times for long products and respects product desks', async () => {
      const cal = calendarOn(db, {
        desks: 2,
        products: { huwelijk: { duration: 30, desks: [2] }, paspoort: { duration: 15 } },
      });
      data(await cal.book.run({ product: 'huwelijk', slot: '2023-03-14T10:00', ...person }, ctx));
      // desk 2 is busy 10:00-10:30, so a second wedding at 10:15 cannot start there
      expect(await cal.book.run({ product: 'huwelijk', slot: '2023-03-14T10:15', ...person }, ctx))
        .toEqual({ ok: false, error: 'slot_taken' });
      // desk 1 still serves passports at 10:15
      expect((await cal.book.run({ product: 'paspoort', slot: '2023-03-14T10:15', ...person }, ctx)).ok).toBe(true);
      expect(await cal.book.run({ product: 'paspoort', slot: '2023-03-14T10:15', ...person }, ctx))
        .toEqual({ ok: false, error: 'slot_taken' });
    });
  });

  describe('reschedule and cancel', () => {
    it('moves an appointment and frees the old slot', async () => {
      const cal = calendarOn(db, { desks: 1 });
      const { reference } = data(await cal.book.run({ product: 'paspoort', slot: '2023-03-14T10:00', ...person }, ctx));
      data(await cal.book.run({ product: 'paspoort', slot: '2023-03-14T11:00', ...person }, ctx));

      expect(await cal.reschedule.run({ reference, slot: '2023-03-14T11:00' }, ctx))
        .toEqual({ ok: false, error: 'slot_taken' });
      expect(data(await cal.reschedule.run({ reference: reference.toLowerCase(), slot: '2023-03-16T19:00' }, ctx)))
        .toEqual({ reference, slot: '2023-03-16T19:00', label: 'do 16 maart 19:00', emailed: false });
      // moving within its own time range is allowed: it does not block itself
      expect((await cal.reschedule.run({ reference, slot: '2023-03-16T19:00' }, ctx)).ok).toBe(true);

      const free = data(await cal.free_slots.run({ product: 'paspoort', date: '2023-03-14', time: '10:00', limit: 1 }, ctx));
      expect(free.slots[0].id).toBe('2023-03-14T10:00');
      expect(data(await cal.find.run({ reference }, ctx)).slot).toBe('2023-03-16T19:00');
      expect(await cal.reschedule.run({ reference: 'AFS-ZZZZZZ', slot: '2023-03-14T12:00' }, ctx))
        .toEqual({ ok: false, error: 'not_found' });
    });

    it('cancels, frees the slot again and forgets the personal data', async () => {
      const cal = calendarOn(db, { desks: 1 });
      const slot = '2023-03-14T10:00';
      const { reference } = data(await cal.book.run({ product: 'paspoort', slot, ...person }, ctx));
      expect(await cal.book.run({ product: 'paspoort', slot, ...person }, ctx)).toEqual({ ok: false, error: 'slot_taken' });

      expect(data(await cal.cancel.run({ reference }, ctx))).toMatchObject({ cancelled: true });
      expect(data(await cal.find.run({ reference }, ctx))).toEqual({ found: false });
      expect(await cal.cancel.run({ reference }, ctx)).toEqual({ ok: false, error: 'not_found' });
      expect(db.prepare('SELECT name, email, status FROM calendar_appointments WHERE reference = ?').get(reference))
        .toEqual({ name: null, email: null, status: 'cancelled' });

      const free = data(await cal.free_slots.run({ product: 'paspoort', date: '2023-03-14', time: '10:00', limit: 1 }, ctx));
      expect(free.slots[0].id).toBe(slot);
      expect((await cal.book.run({ product: 'paspoort', slot, ...person }, ctx)).ok).toBe(true);
    });
  });

  it('logs references and action names, never names or e-mail addresses', async () => {
    const capture = capturingLog();
    const logCtx = makeCtx({ log: capture.log });
    const cal = calendarOn(db);
    const { reference } = data(await cal.book.run({ product: 'paspoort', slot: '2023-03-14T10:00', ...person }, logCtx));
    await cal.find.run({ reference }, logCtx);
    await cal.cancel.run({ reference }, logCtx);
    const text = capture.text();
    expect(text).toContain(reference);
    expect(text).toContain('calendar.book');
    expect(text).not.toMatch(/Jansen|jan@example/);
  });

  it('refuses invalid configuration at start-up', () => {
    expect(() => createCalendarActions(new SqliteSql(db), 'test-bot', { desks: 0 })).toThrow(/desks/);
    expect(() => createCalendarActions(new SqliteSql(db), 'test-bot', { products: { x: { duration: 10, desks: [4] } } })).toThrow(/desk 4/);
    expect(() => createCalendarActions(new SqliteSql(db), 'test-bot', { opening_hours: { ma: '17:00-09:00' } })).toThrow(/ma must be periods/);
    expect(() => createCalendarActions(new SqliteSql(db), 'test-bot', { slot_minutes: 0 })).toThrow(/slot_minutes/);
    expect(() => createCalendarActions(new SqliteSql(db), 'test-bot', { timezone: 'Europe/Amsterdm' })).toThrow(RangeError);
    expect(() => createCalendarActions(new SqliteSql(db), 'test-bot', { holidays: ['25-12-2023'] })).toThrow(/holiday/);
  });
});

describe('the appointment book shared by two instances on PostgreSQL', () => {
  let cluster: Cluster;
  let a: Sql;
  let b: Sql;
  beforeAll(async () => {
    cluster = await startCluster();
    a = openSql(cluster.url);
    b = openSql(cluster.url);
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    cluster?.stop();
  });

  it('gives the last desk to exactly one of many residents booking it at once on either instance', async () => {
    const ctx = makeCtx();
    const onA = Object.fromEntries(createCalendarActions(a, 'test-bot', { desks: 1 }).map((x) => [x.name.replace('calendar.', ''), x]));
    const onB = Object.fromEntries(createCalendarActions(b, 'test-bot', { desks: 1 }).map((x) => [x.name.replace('calendar.', ''), x]));
    const args = { product: 'paspoort', slot: '2023-03-14T10:00', ...person };
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? onA : onB).book.run(args, ctx)));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok)).toEqual(Array(9).fill({ ok: false, error: 'slot_taken' }));
    const booked = await a.all("SELECT reference FROM calendar_appointments WHERE status = 'booked'");
    expect(booked).toHaveLength(1);
    const free = data(await onB.free_slots.run({ product: 'paspoort', date: '2023-03-14', time: '10:00' }, ctx));
    expect(free.slots.map((s: { id: string }) => s.id)).not.toContain('2023-03-14T10:00');
  });

  it('keeps each bot\'s book apart: two municipalities on one database both have their desk 1 at 10:00', async () => {
    const calendarOf = (botId: string) => Object.fromEntries(createCalendarActions(a, botId, { desks: 1 }).map((x) => [x.name.replace('calendar.', ''), x]));
    const [here, there] = [calendarOf('gemeente-a'), calendarOf('gemeente-b')];
    const args = { product: 'paspoort', slot: '2023-03-15T10:00', ...person };
    const ctx = makeCtx();
    const first = data(await here.book.run(args, ctx));
    const second = data(await there.book.run(args, ctx));
    expect(await here.book.run(args, ctx)).toEqual({ ok: false, error: 'slot_taken' });
    expect(data(await there.find.run({ reference: first.reference }, ctx))).toEqual({ found: false });
    expect(await there.cancel.run({ reference: first.reference }, ctx)).toEqual({ ok: false, error: 'not_found' });
    expect(data(await there.find.run({ reference: second.reference }, ctx))).toMatchObject({ found: true });
  });
});
