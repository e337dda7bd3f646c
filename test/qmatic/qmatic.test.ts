import { createAppointmentActions, type Action } from '../../src/actions';
import type { QmaticSettings } from '../../src/content/types';
import { SqlOutbox } from '../../src/outbox';
import { SqliteSql } from '../../src/storage';
import { createQmatic, type Qmatic } from '../../src/qmatic';
import { capturingLog, makeCtx, okData, scratchDatabase, silentLog } from '../actions/helpers';
import { startFakeQmatic, type FakeQmatic } from './fakeQmatic';

const BRANCH = 'f364d92b7fa07a48c4ecc862de30c475';
const KEY = 'qmatic-sleutel';
const ENV = { QMATIC_KEY: KEY };
const PERSON = { name: 'Jan de Vries', email: 'jan@example.nl' };

/** ctx.now is Monday 13 March 2023, 08:00 in Amsterdam. */
const SCHEDULE = {
  paspoort01: { '2023-03-13': ['07:30', '09:00'], '2023-03-14': ['09:00', '09:15', '10:00'], '2023-03-16': ['13:00'] },
  rijbewijs01: { '2023-03-15': ['11:00'] },
};

function settings(fake: FakeQmatic, extra: Partial<QmaticSettings> = {}): QmaticSettings {
  return {
    url: fake.url, api_key_env: 'QMATIC_KEY', branch: BRANCH, timeout_ms: 400,
    products: { paspoort: { service: 'paspoort01', label: { nl: 'Paspoort', en: 'Passport' } }, rijbewijs: { service: 'rijbewijs01' } },
    ...extra,
  };
}

describe('appointments in Qmatic', () => {
  const scratch = scratchDatabase();
  let fake: FakeQmatic;
  let qmatic: Qmatic | undefined;

  beforeEach(async () => {
    fake = await startFakeQmatic({
      apiKey: KEY, branch: { publicId: BRANCH, name: 'Stadhuis' },
      services: [{ publicId: 'paspoort01', name: 'Paspoort', duration: 10 }, { publicId: 'rijbewijs01', name: 'Rijbewijs', duration: 15 }],
      schedule: SCHEDULE,
    });
  });
  afterEach(async () => {
    await qmatic?.close();
    qmatic = undefined;
    await fake.close();
  });

  /** The outbox is run by hand (deliver: false), so a test knows when it ran. */
  function actions(extra: Partial<QmaticSettings> = {}, log = silentLog): Record<string, Action> {
    qmatic = createQmatic({ sql: new SqliteSql(scratch.db), botId: 'test-bot', settings: settings(fake, extra), log, env: ENV, deliver: false });
    return Object.fromEntries(createAppointmentActions(qmatic.book).map((a) => [a.name.replace('calendar.', ''), a]));
  }

  async function book(cal: Record<string, Action>, slot = '2023-03-14T09:15'): Promise<string> {
    return okData(await cal.book.run({ product: 'paspoort', slot, ...PERSON }, makeCtx())).reference;
  }

  const confirmed = () => [...fake.appointments.values()].filter((a) => a.status === 20);

  it('offers Qmatic\'s free times, in the future, nearest the preferred time first', async () => {
    const cal = actions();
    expect(okData(await cal.free_slots.run({ product: 'paspoort', date: '2023-03-13' }, makeCtx()))).toEqual({
      slots: [{ id: '2023-03-13T09:00', label: 'ma 13 maart 09:00' }], count: 1, date: '2023-03-13',
    });
    expect(okData(await cal.free_slots.run({ product: 'Paspoort', date: '2023-03-14', time: '10:00', limit: 2 }, makeCtx({ lang: 'en' })))).toEqual({
      slots: [{ id: '2023-03-14T10:00', label: 'Tue 14 March 10:00' }, { id: '2023-03-14T09:15', label: 'Tue 14 March 09:15' }], count: 2, date: '2023-03-14',
    });
    expect(okData(await cal.free_slots.run({ product: 'rijbewijs', date: '2023-03-14' }, makeCtx()))).toMatchObject({ date: '2023-03-15', moved_to_date: '2023-03-15', count: 1 });
    expect(okData(await cal.free_slots.run({ product: 'paspoort', date: '2023-03-17' }, makeCtx()))).toMatchObject({ count: 0 });
    expect(fake.refused).toEqual([]);
  });

  it('reserves the time, confirms it with the resident and gives Loket\'s own reference, which Qmatic shows', async () => {
    const cal = actions();
    const data = okData(await cal.book.run({ product: 'paspoort', slot: '2023-03-14T09:15', ...PERSON }, makeCtx()));
    expect(data).toEqual({ reference: expect.stringMatching(/^AFS-[A-Z2-9]{6}$/), product_label: 'Paspoort', slot: '2023-03-14T09:15', label: 'di 14 maart 09:15', emailed: false });
    expect(fake.requests.filter((r) => r.startsWith('POST'))).toEqual([
      `POST /v1/branches/${BRANCH}/services/paspoort01/dates/2023-03-14/times/09:15/reserve`,
      expect.stringMatching(/^POST \/v2\/branches\/appointments\/[0-9a-f]+\/confirm$/),
    ]);
    expect(confirmed()).toEqual([expect.objectContaining({
      date: '2023-03-14', time: '09:15', title: `Paspoort (${data.reference})`,
      notes: `Geboekt via Loket, de chat van de gemeente. Afspraaknummer: ${data.reference}.`,
      customers: [{ lastName: 'Jan de Vries', email: 'jan@example.nl' }],
    })]);
    expect(fake.free('paspoort01', '2023-03-14')).toEqual(['09:00', '10:00']);
    expect(okData(await cal.find.run({ reference: data.reference.toLowerCase() }, makeCtx()))).toEqual({
      found: true, reference: data.reference, product: 'paspoort', product_label: 'Paspoort', slot: '2023-03-14T09:15', label: 'di 14 maart 09:15',
    });
    expect(fake.refused).toEqual([]);
  });

  it('says a time someone else took is taken, and leaves nothing reserved', async () => {
    const cal = actions();
    await book(cal, '2023-03-16T13:00');
    expect(await cal.book.run({ product: 'paspoort', slot: '2023-03-16T13:00', ...PERSON }, makeCtx())).toEqual({ ok: false, error: 'slot_taken' });
    expect(fake.appointments.size).toBe(1);
    expect(await cal.book.run({ product: 'paspoort', slot: 'morgen', ...PERSON }, makeCtx())).toEqual({ ok: false, error: 'invalid_slot' });
  });

  it('books once when the turn runs again after a crash (the same action key): the booking made, not "taken"', async () => {
    const cal = actions();
    const first = okData(await cal.book.run({ product: 'paspoort', slot: '2023-03-16T13:00', ...PERSON }, makeCtx({ key: 'k1' })));
    const again = okData(await actions().book.run({ product: 'paspoort', slot: '2023-03-16T13:00', ...PERSON }, makeCtx({ key: 'k1' })));
    expect(again).toEqual(first);
    expect(fake.appointments.size).toBe(1);
  });

  it('follows what a desk employee did in Qmatic: a deleted appointment is not found, a moved one has its new time', async () => {
    const cal = actions();
    const moved = await book(cal);
    const deleted = await book(cal, '2023-03-14T10:00');
    const [first, second] = [...fake.appointments.values()];
    first.time = '09:00';
    fake.appointments.delete(second.publicId);
    expect(okData(await cal.find.run({ reference: moved }, makeCtx()))).toMatchObject({ found: true, slot: '2023-03-14T09:00' });
    expect(okData(await cal.find.run({ reference: deleted }, makeCtx()))).toEqual({ found: false });
  });

  it('moves an appointment: the new time is confirmed before the old one is deleted, and the reference stays', async () => {
    const cal = actions();
    const reference = await book(cal);
    const old = [...fake.appointments.keys()][0];
    expect(okData(await cal.reschedule.run({ reference, slot: '2023-03-16T13:00' }, makeCtx()))).toMatchObject({ reference, slot: '2023-03-16T13:00' });
    expect(fake.appointments.has(old)).toBe(false);
    expect(confirmed()).toEqual([expect.objectContaining({ date: '2023-03-16', time: '13:00', title: `Paspoort (${reference})`, customers: [{ lastName: 'Jan de Vries', email: 'jan@example.nl' }] })]);
    expect(okData(await cal.find.run({ reference }, makeCtx()))).toMatchObject({ slot: '2023-03-16T13:00' });
    // A time that is gone: the appointment stays where it was.
    await book(cal, '2023-03-14T10:00');
    expect(await cal.reschedule.run({ reference, slot: '2023-03-14T10:00' }, makeCtx())).toEqual({ ok: false, error: 'slot_taken' });
    expect(okData(await cal.find.run({ reference }, makeCtx()))).toMatchObject({ slot: '2023-03-16T13:00' });
  });

  it('cancels in Qmatic and forgets who booked', async () => {
    const cal = actions();
    const reference = await book(cal);
    expect(okData(await cal.cancel.run({ reference }, makeCtx()))).toEqual({ cancelled: true, reference, emailed: false });
    expect(fake.appointments.size).toBe(0);
    expect(okData(await cal.find.run({ reference }, makeCtx()))).toEqual({ found: false });
    expect(scratch.db.prepare('SELECT name, email, status FROM qmatic_appointments WHERE reference = ?').get(reference)).toEqual({ name: null, email: null, status: 'cancelled' });
  });

  it('while Qmatic is down: the resident hears so, and nothing changes', async () => {
    const cal = actions();
    const reference = await book(cal);
    fake.down = true;
    for (const [action, args] of [['free_slots', { product: 'paspoort', date: '2023-03-14' }], ['book', { product: 'paspoort', slot: '2023-03-14T10:00', ...PERSON }],
      ['find', { reference }], ['reschedule', { reference, slot: '2023-03-14T10:00' }], ['cancel', { reference }]] as const) {
      expect({ action, result: await cal[action].run(args, makeCtx()) }).toEqual({ action, result: { ok: false, error: 'unreachable' } });
    }
    fake.down = false;
    expect(okData(await cal.find.run({ reference }, makeCtx()))).toMatchObject({ found: true, slot: '2023-03-14T09:15' });
    expect(fake.appointments.size).toBe(1);
  });

  it('when the answer to a confirmation is lost, asks Qmatic before confirming again: one appointment', async () => {
    const cal = actions();
    fake.hangNext = /\/confirm$/;
    const reference = await book(cal);
    expect(fake.requests.filter((r) => r.endsWith('/confirm'))).toHaveLength(1);
    expect(confirmed()).toHaveLength(1);
    expect(okData(await cal.find.run({ reference }, makeCtx()))).toMatchObject({ found: true });
  });

  it('when a confirmation never arrived, Qmatic still holds the reservation: it is confirmed once more', async () => {
    const cal = actions();
    fake.dropNext = /\/confirm$/;
    await book(cal);
    expect(fake.requests.filter((r) => r.endsWith('/confirm'))).toHaveLength(2);
    expect(confirmed()).toHaveLength(1);
    expect(fake.appointments.size).toBe(1);
  });

  it('when a lost confirmation cannot be checked, the booking failed, and the appointment is deleted once Qmatic is back', async () => {
    const cal = actions();
    fake.hangNext = /\/confirm$/;
    fake.downAfterHang = true;
    expect(await cal.book.run({ product: 'paspoort', slot: '2023-03-14T09:15', ...PERSON }, makeCtx())).toEqual({ ok: false, error: 'unreachable' });
    expect(confirmed()).toHaveLength(1); // Qmatic did confirm it; nobody knows that yet
    const outbox = new SqlOutbox(new SqliteSql(scratch.db), 'test-bot');
    expect(await outbox.list('qmatic', 'pending')).toEqual([expect.objectContaining({ kind: 'delete', reference: expect.stringMatching(/^AFS-/) })]);
    fake.down = false;
    expect(await qmatic!.worker.runOnce()).toBe(1);
    expect(await outbox.list('qmatic', 'sent')).toHaveLength(1);
    expect(fake.appointments.size).toBe(0);
    expect(scratch.db.prepare("SELECT COUNT(*) AS n FROM qmatic_appointments WHERE status = 'booked'").get()).toEqual({ n: 0 });
  });

  it('a move whose old appointment cannot be deleted now deletes it from the outbox: never two appointments', async () => {
    const cal = actions();
    const reference = await book(cal);
    fake.hangNext = /^DELETE /;
    okData(await cal.reschedule.run({ reference, slot: '2023-03-16T13:00' }, makeCtx()));
    expect(await qmatic!.worker.runOnce()).toBe(1);
    expect([...fake.appointments.values()].map((a) => a.date)).toEqual(['2023-03-16']);
    expect(fake.refused.map((r) => r.status)).toEqual([404]); // the retry found it gone already: done
  });

  it('stops start-up when the key variable is not set, and logs a wrong key without the resident\'s data', async () => {
    expect(() => createQmatic({ sql: new SqliteSql(scratch.db), botId: 'test-bot', settings: settings(fake), log: silentLog, env: {}, where: 'bots/x/bot.yaml' }))
      .toThrow('bots/x/bot.yaml: qmatic.api_key_env names the environment variable QMATIC_KEY, which is not set');
    const { log, text } = capturingLog();
    qmatic = createQmatic({ sql: new SqliteSql(scratch.db), botId: 'test-bot', settings: settings(fake), log: silentLog, env: { QMATIC_KEY: 'fout' } });
    const cal = Object.fromEntries(createAppointmentActions(qmatic.book).map((a) => [a.name.replace('calendar.', ''), a]));
    expect(await cal.book.run({ product: 'paspoort', slot: '2023-03-14T09:15', ...PERSON }, makeCtx({ log }))).toEqual({ ok: false, error: 'unreachable' });
    expect(fake.refused).toEqual([{ status: 401, detail: 'Unauthorized' }]);
    expect(text()).toContain('Qmatic answered 401');
    expect(text()).not.toContain('Jan de Vries');
    expect(text()).not.toContain('jan@example.nl');
  });

  it('sends the key as auth-token when Qmatic sits behind its own API Gateway', async () => {
    const gateway = await startFakeQmatic({
      apiKey: KEY, authHeader: 'auth-token', branch: { publicId: BRANCH, name: 'Stadhuis' },
      services: [{ publicId: 'paspoort01', name: 'Paspoort', duration: 10 }], schedule: SCHEDULE,
    });
    try {
      qmatic = createQmatic({ sql: new SqliteSql(scratch.db), botId: 'test-bot', settings: { ...settings(gateway), api_key_header: 'auth-token' }, log: silentLog, env: ENV, deliver: false });
      const cal = Object.fromEntries(createAppointmentActions(qmatic.book).map((a) => [a.name.replace('calendar.', ''), a]));
      expect(okData(await cal.book.run({ product: 'paspoort', slot: '2023-03-14T09:15', ...PERSON }, makeCtx()))).toMatchObject({ slot: '2023-03-14T09:15' });
      expect(gateway.refused).toEqual([]);
      expect([...gateway.appointments.values()].map((a) => a.status)).toEqual([20]);
    } finally {
      await gateway.close();
    }
  });

  it('does not book a service the branch does not offer publicly', async () => {
    const { log, text } = capturingLog();
    const cal = actions({ products: { paspoort: { service: 'bestaat-niet' } } }, log);
    expect(await cal.free_slots.run({ product: 'paspoort', date: '2023-03-14' }, makeCtx())).toEqual({ ok: false, error: 'unreachable' });
    expect(text()).toContain('this service is not offered at the branch');
  });
});
