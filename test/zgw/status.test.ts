/**
 * "Hoe staat het met mijn aanvraag?": cases.find reads a zaak's current status in the Zaken API (zaak → status →
 * statustype in the Catalogi API), against the stand-in that checks the JWT and the Accept-Crs header on each step.
 */
import { createCaseActions, type Action } from '../../src/actions';
import type { ZgwSettings } from '../../src/content/types';
import { SqliteSql } from '../../src/storage';
import { createZgw, type Zgw } from '../../src/zgw';
import { capturingLog, makeCtx, okData, scratchDatabase, silentLog } from '../actions/helpers';
import { startFakeZaken, type FakeZaken } from './fakeZaken';

const CATALOGI = 'https://catalogi.voorbeeld.nl/catalogi/api/v1';
const ZAAKTYPE = `${CATALOGI}/zaaktypen/0119dd4e-7be9-477e-bccf-75023b1453c1`;
const ROLTYPE = `${CATALOGI}/roltypen/8a2bc9a9-2d5c-4a1e-9b6e-2f1b7c2e0a11`;
const PRODUCTS = { grofvuil: { prefix: 'GRV', label: { nl: 'Grofvuil ophalen', en: 'Bulky waste collection' } } };

describe('the status of a case that became a zaak', () => {
  const scratch = scratchDatabase();
  let fake: FakeZaken;
  let zgw: Zgw | undefined;

  beforeEach(async () => {
    fake = await startFakeZaken({
      clients: { loket: 'zeer-geheim' }, zaaktypen: [{ url: ZAAKTYPE, eigenschappen: [], roltypen: [ROLTYPE] }],
      statustypen: [
        { zaaktype: ZAAKTYPE, omschrijving: 'Ontvangen', volgnummer: 1 },
        { zaaktype: ZAAKTYPE, omschrijving: 'In behandeling', statustekst: 'Wij plannen het ophalen in. U krijgt binnen 5 werkdagen een datum.', volgnummer: 2 },
        { zaaktype: ZAAKTYPE, omschrijving: 'Afgerond', volgnummer: 3 },
      ],
    });
  });
  afterEach(async () => {
    await zgw?.close();
    zgw = undefined;
    await fake.close();
  });

  function actions(extra: Partial<ZgwSettings> = {}, secret = 'zeer-geheim'): Record<string, Action> {
    const settings: ZgwSettings = {
      zaken_url: fake.url, catalogi_url: fake.catalogiUrl, client_id: 'loket', secret_env: 'ZGW_SECRET', bronorganisatie: '002220647', timeout_ms: 400,
      products: { grofvuil: { zaaktype: ZAAKTYPE, roltype: ROLTYPE } }, ...extra,
    };
    zgw = createZgw({ sql: new SqliteSql(scratch.db), botId: 'test-bot', settings, log: silentLog, env: { ZGW_SECRET: secret }, deliver: false });
    return Object.fromEntries(createCaseActions(new SqliteSql(scratch.db), PRODUCTS, zgw).map((a) => [a.name, a]));
  }

  async function newCase(cases: Record<string, Action>): Promise<string> {
    return okData(await cases['cases.create'].run({ product: 'grofvuil', spullen: 'een bank' }, makeCtx())).reference;
  }

  it('is Loket\'s "ontvangen" until the back office sets one, then the statustype\'s omschrijving and text', async () => {
    const cases = actions();
    const reference = await newCase(cases);
    expect(okData(await cases['cases.find'].run({ reference }, makeCtx()))).toEqual({
      found: true, reference, product: 'grofvuil', product_label: 'Grofvuil ophalen', status: 'ontvangen', created_at: expect.any(String),
    });
    fake.setStatus(reference, fake.statustypen[1], '2026-03-11T23:30:00Z', 'intern: bank staat achter het huis');
    expect(okData(await cases['cases.find'].run({ reference: reference.toLowerCase() }, makeCtx()))).toEqual({
      found: true, reference, product: 'grofvuil', product_label: 'Grofvuil ophalen', created_at: expect.any(String),
      status: 'In behandeling', status_text: 'Wij plannen het ophalen in. U krijgt binnen 5 werkdagen een datum.',
      status_date: '2026-03-12', final: false, // 00:30 in Amsterdam
    });
    fake.setStatus(reference, fake.statustypen[2], '2026-03-13T08:00:00Z');
    expect(okData(await cases['cases.find'].run({ reference }, makeCtx()))).toMatchObject({ status: 'Afgerond', final: true, status_date: '2026-03-13' });
    expect(okData(await cases['cases.find'].run({ reference }, makeCtx())).status_text).toBeUndefined();
    expect(fake.requests).toEqual(expect.arrayContaining([
      expect.stringMatching(/^GET \/zaken\/[0-9a-f-]{36}$/), expect.stringMatching(/^GET \/statussen\/[0-9a-f-]{36}$/), expect.stringMatching(/^GET catalogi:\/statustypen\/[0-9a-f-]{36}$/),
    ]));
    expect(fake.refused).toEqual([]);
  });

  it('tells the flow it cannot look now when the Zaken API is down or refuses the token, and logs no answers', async () => {
    const { log, text } = capturingLog();
    const cases = actions();
    const reference = await newCase(cases);
    fake.setStatus(reference, fake.statustypen[1], '2026-03-11T10:00:00Z');
    fake.down = true;
    expect(await cases['cases.find'].run({ reference }, makeCtx({ log }))).toEqual({ ok: false, error: 'unreachable' });
    fake.down = false;
    await zgw?.close();
    const wrong = actions({}, 'fout-geheim');
    expect(await wrong['cases.find'].run({ reference }, makeCtx({ log }))).toEqual({ ok: false, error: 'unreachable' });
    expect(fake.refused).toEqual([expect.objectContaining({ status: 403 })]);
    expect(text()).toContain('zaak status not readable');
    expect(text()).not.toContain('een bank');
  });

  it('sends its token to no statustype outside the configured Catalogi API', async () => {
    const cases = actions({ catalogi_url: undefined }); // the zaaktypen are on catalogi.voorbeeld.nl, the statustype is not
    const reference = await newCase(cases);
    fake.setStatus(reference, fake.statustypen[1], '2026-03-11T10:00:00Z');
    expect(await cases['cases.find'].run({ reference }, makeCtx())).toEqual({ ok: false, error: 'unreachable' });
    expect(fake.requests.some((r) => r.includes('catalogi:'))).toBe(false);
  });

  it('a case still waiting in the outbox has Loket\'s status, without asking the Zaken API', async () => {
    const cases = actions();
    fake.down = true;
    const reference = await newCase(cases);
    fake.down = false;
    const asked = fake.requests.length;
    expect(okData(await cases['cases.find'].run({ reference }, makeCtx()))).toMatchObject({ found: true, status: 'ontvangen' });
    expect(fake.requests.length).toBe(asked);
  });
});
