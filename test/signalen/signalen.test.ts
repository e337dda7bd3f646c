import { once } from 'node:events';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createReportActions } from '../../src/actions';
import type { SignalenSettings } from '../../src/content/types';
import { SqlOutbox } from '../../src/outbox';
import { SqliteSql } from '../../src/storage';
import { createSignalen, type Signalen } from '../../src/signalen';
import { makeCtx, okData, scratchDatabase, silentLog, tempDir } from '../actions/helpers';
import { startFakeSignalen, type FakeSignalen } from './fakeSignalen';

const CATEGORIES = ['wegen-verkeer-straatmeubilair/lantaarnpaal-straatverlichting', 'afval/container-is-vol', 'overig/overig'];
const KERKSTRAAT = {
  centroide_ll: 'POINT(5.12142 52.09074)', straatnaam: 'Kerkstraat', huisnummer: 12, huisletter: 'a', postcode: '1234AB', woonplaatsnaam: 'Voorbeeld',
};

function settings(fake: FakeSignalen, extra: Partial<SignalenSettings> = {}): SignalenSettings {
  return {
    url: fake.url,
    token_env: 'SIGNALEN_TOKEN',
    categories: { verlichting: 'wegen-verkeer-straatmeubilair/lantaarnpaal-straatverlichting', afval: 'afval/container-is-vol' },
    default_category: 'overig/overig',
    geocoder: { url: fake.geocoderUrl },
    fallback_point: [5.1, 52.1],
    ...extra,
  };
}

const ENV = { SIGNALEN_TOKEN: 'geheim-token' };
const ADDRESS = { street: 'Kerkstraat', number: 12, addition: 'a', postcode: '1234 AB', city: 'Voorbeeld' };

describe('meldingen into Signalen', () => {
  const scratch = scratchDatabase();
  let fake: FakeSignalen;
  let signalen: Signalen | undefined;

  beforeEach(async () => {
    fake = await startFakeSignalen({ token: 'geheim-token', categories: CATEGORIES, addresses: { 'kerkstraat 12 a, 1234 ab voorbeeld': KERKSTRAAT } });
  });
  afterEach(async () => {
    await signalen?.close();
    signalen = undefined;
    await fake.close();
  });

  function actions(extra: Partial<SignalenSettings> = {}) {
    signalen = createSignalen({ sql: new SqliteSql(scratch.db), botId: 'test-bot', settings: settings(fake, extra), log: silentLog, env: ENV, retry: { firstMs: 20, maxMs: 20 } });
    const [create, find] = createReportActions(new SqliteSql(scratch.db), undefined, signalen);
    return { create, find };
  }

  it('creates a signal with the text, the mapped category, the geocoded address and the contact the resident agreed to', async () => {
    const { create } = actions();
    const data = okData(await create.run({ category: 'verlichting', description: 'De lamp brandt niet', location: ADDRESS, email: 'zoe@example.nl' }, makeCtx()));
    expect(data).toMatchObject({ reference: 'SIG-1', forwarded: true });
    expect(fake.refused).toEqual([]);
    expect(fake.geocoded).toEqual(['Kerkstraat 12 a, 1234 AB Voorbeeld']);
    const [signal] = fake.signals;
    expect(signal.body).toEqual({
      text: 'De lamp brandt niet',
      location: {
        geometrie: { type: 'Point', coordinates: [5.12142, 52.09074] },
        address: { openbare_ruimte: 'Kerkstraat', huisnummer: 12, huisletter: 'a', postcode: '1234AB', woonplaats: 'Voorbeeld' },
      },
      category: { category_url: `${fake.url}/signals/v1/public/terms/categories/wegen-verkeer-straatmeubilair/sub_categories/lantaarnpaal-straatverlichting` },
      reporter: { email: 'zoe@example.nl', sharing_allowed: false },
      incident_date_start: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
    });
  });

  it('sends no contact details without them, a shared location as it is, and an unmapped category to the default', async () => {
    const { create } = actions();
    okData(await create.run({ category: 'graffiti', description: 'Tekening op de muur', location: { latitude: 52.0907, longitude: 5.1214 } }, makeCtx()));
    const [signal] = fake.signals;
    expect(signal.body.reporter).toEqual({ sharing_allowed: false });
    expect(signal.body.location).toEqual({ geometrie: { type: 'Point', coordinates: [5.1214, 52.0907] } });
    expect(signal.body.category.category_url).toMatch(/categories\/overig\/sub_categories\/overig$/);
    expect(fake.geocoded).toEqual([]);
  });

  it('puts a place the locatieserver cannot find on the fallback point, with the resident\'s words', async () => {
    const { create } = actions();
    okData(await create.run({ category: 'afval', description: 'Container vol', location: 'achter de sporthal' }, makeCtx()));
    expect(fake.signals[0].body.location).toEqual({ geometrie: { type: 'Point', coordinates: [5.1, 52.1] } });
    expect(fake.signals[0].body.text_extra).toBe('Plek volgens de melder: achter de sporthal');
  });

  it('adds the photo as an attachment', async () => {
    const dir = tempDir();
    const file = join(dir, 'lamp.jpg');
    const bytes = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4]);
    writeFileSync(file, bytes);
    const { create } = actions();
    okData(await create.run({
      category: 'verlichting', description: 'Lamp kapot', location: ADDRESS,
      photo: { url: pathToFileURL(file).href, contentType: 'image/jpeg', name: 'lamp.jpg' },
    }, makeCtx()));
    expect(fake.signals[0].attachments).toEqual([{ name: 'lamp.jpg', type: 'image/jpeg', data: bytes }]);
  });

  it('keeps a melding while Signalen is down, gives Loket\'s own number, and forwards it once Signalen is back', async () => {
    const { create, find } = actions();
    fake.down = true;
    const retried = once(signalen!.worker, 'retry');
    const data = okData(await create.run({ category: 'afval', description: 'Container vol', location: ADDRESS }, makeCtx()));
    expect(data.reference).toMatch(/^MLD-[A-Z0-9]{6}$/);
    expect(data.forwarded).toBe(false);
    await retried;
    expect(okData(await find.run({ reference: data.reference }, makeCtx()))).toMatchObject({ found: true, reference: data.reference, status: 'ontvangen' });

    const delivered = once(signalen!.worker, 'delivered');
    fake.down = false;
    await delivered; // the worker's own retry timer
    expect(fake.signals).toHaveLength(1);
    expect(fake.signals[0].body.text).toBe('Container vol');
    // Loket's number now leads to Signalen's melding and its status.
    fake.setState(fake.signals[0].signal_id, 'b', 'In behandeling');
    expect(okData(await find.run({ reference: data.reference.toLowerCase() }, makeCtx()))).toMatchObject({ found: true, reference: 'SIG-1', status: 'In behandeling' });
    expect(okData(await find.run({ reference: 'sig 1' }, makeCtx()))).toMatchObject({ found: true, reference: 'SIG-1', status: 'In behandeling' });
  });

  it('keeps a melding Signalen refuses for good as failed in the outbox, and the resident still has a number', async () => {
    const { create } = actions({ categories: { afval: 'afval/bestaat-niet' } });
    const failed = once(signalen!.worker, 'failed');
    const data = okData(await create.run({ category: 'afval', description: 'Container vol', location: ADDRESS }, makeCtx()));
    expect(data.reference).toMatch(/^MLD-/);
    const [, error] = await failed;
    expect(error).toMatch(/400.*Object does not exist/);
    expect((await new SqlOutbox(new SqliteSql(scratch.db), 'test-bot').list('signalen'))[0]).toMatchObject({ status: 'failed', reference: data.reference });
  });

  it('reads the status from Signalen, and says when it cannot', async () => {
    const { create, find } = actions();
    okData(await create.run({ category: 'verlichting', description: 'Lamp kapot', location: ADDRESS }, makeCtx()));
    expect(okData(await find.run({ reference: 'SIG-1' }, makeCtx()))).toMatchObject({ found: true, status: 'Gemeld', category: 'verlichting' });
    expect(okData(await find.run({ reference: 'SIG-99' }, makeCtx()))).toEqual({ found: false });
    fake.down = true;
    expect(await find.run({ reference: 'SIG-1' }, makeCtx())).toEqual({ ok: false, error: 'unreachable' });
  });

  it('sends the bearer token, and stops start-up when its variable is not set', async () => {
    expect(() => createSignalen({ sql: new SqliteSql(scratch.db), botId: 'test-bot', settings: { ...settings(fake), }, log: silentLog, env: {}, where: 'bots/x/bot.yaml', deliver: false }))
      .toThrow('bots/x/bot.yaml: signalen.token_env names the environment variable SIGNALEN_TOKEN, which is not set');
    signalen = createSignalen({ sql: new SqliteSql(scratch.db), botId: 'test-bot', settings: settings(fake), log: silentLog, env: { SIGNALEN_TOKEN: 'fout' }, retry: { firstMs: 20, maxMs: 20 } });
    const [create] = createReportActions(new SqliteSql(scratch.db), undefined, signalen);
    const failed = once(signalen.worker, 'failed');
    okData(await create.run({ category: 'afval', description: 'Vol', location: ADDRESS }, makeCtx()));
    await failed;
    expect(fake.refused.map((r) => r.status)).toEqual([401, 401]);
    expect(fake.signals).toEqual([]);
  });
});

describe('the stand-in Signalen itself refuses what the real one would', () => {
  let fake: FakeSignalen;
  beforeAll(async () => { fake = await startFakeSignalen({ categories: CATEGORIES }); });
  afterAll(() => fake.close());

  const post = (body: unknown, type = 'application/json') =>
    fetch(`${fake.url}/signals/v1/public/signals/`, { method: 'POST', headers: { 'content-type': type }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  const valid = () => ({
    text: 'Lamp kapot', location: { geometrie: { type: 'Point', coordinates: [5.1, 52.1] } },
    category: { category_url: `${fake.url}/signals/v1/public/terms/categories/overig/sub_categories/overig` },
    reporter: {}, incident_date_start: new Date().toISOString(),
  });

  const cases: [string, () => unknown, RegExp][] = [
    ['an unknown field', () => ({ ...valid(), priority: 'high' }), /Extra properties present: priority/],
    ['no reporter', () => (({ reporter: _, ...rest }) => rest)(valid()), /reporter: This field is required/],
    ['a point outside the Netherlands', () => ({ ...valid(), location: { geometrie: { type: 'Point', coordinates: [52.1, 5.1] } } }), /bounding box/],
    ['both sub_category and category_url', () => ({ ...valid(), category: { sub_category: 'x', category_url: 'y' } }), /Either the "sub_category" OR/],
    ['a reporter e-mail that is not one', () => ({ ...valid(), reporter: { email: 'geen-adres' } }), /valid email/],
    ['a text that is a number', () => ({ ...valid(), text: 12 }), /text: not a valid text/],
  ];

  it.each(cases)('refuses %s', async (_name, body, message) => {
    const res = await post(body());
    expect(res.status).toBe(400);
    expect(((await res.json()) as { detail: string }).detail).toMatch(message);
  });

  it('refuses a body that is not JSON, and takes a valid one', async () => {
    expect((await post('{"text":', 'application/json')).status).toBe(400);
    expect((await post(valid(), 'text/plain')).status).toBe(415);
    expect((await post(valid())).status).toBe(201);
  });
});
