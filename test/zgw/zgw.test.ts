import { createCaseActions, type Action } from '../../src/actions';
import type { ZgwSettings } from '../../src/content/types';
import { SqlOutbox } from '../../src/outbox';
import { SqliteSql } from '../../src/storage';
import { createZgw, signHs256, zgwToken, type Zgw } from '../../src/zgw';
import { capturingLog, makeCtx, okData, scratchDatabase, silentLog } from '../actions/helpers';
import { startFakeZaken, type FakeZaken } from './fakeZaken';

const CATALOGI = 'https://catalogi.voorbeeld.nl/catalogi/api/v1';
const ZAAKTYPE = `${CATALOGI}/zaaktypen/0119dd4e-7be9-477e-bccf-75023b1453c1`;
const ROLTYPE = `${CATALOGI}/roltypen/8a2bc9a9-2d5c-4a1e-9b6e-2f1b7c2e0a11`;
const SPULLEN = `${CATALOGI}/eigenschappen/5d7e7d44-6f0b-4a11-9e3b-0c1b7a0f2c01`;
const ADRES = `${CATALOGI}/eigenschappen/5d7e7d44-6f0b-4a11-9e3b-0c1b7a0f2c02`;
const RSIN = '002220647';
const ENV = { ZGW_SECRET: 'zeer-geheim' };
const PRODUCTS = { grofvuil: { prefix: 'GRV', label: { nl: 'Grofvuil ophalen', en: 'Bulky waste collection' } }, afvalpas: { prefix: 'AP' } };
const ANSWERS = { product: 'grofvuil', spullen: 'een oude bank en een matras', adres: { street: 'Kerkstraat', number: 12, postcode: '1234 AB', city: 'Voorbeeld' }, ophaaldag: 'dinsdag' };
const CONTACT = { name: 'Sanne Bakker', email: 'sanne@example.nl', phone: '0612345678' };

function settings(fake: FakeZaken, extra: Partial<ZgwSettings> = {}): ZgwSettings {
  return {
    zaken_url: fake.url, client_id: 'loket', secret_env: 'ZGW_SECRET', bronorganisatie: RSIN, timeout_ms: 400,
    products: { grofvuil: { zaaktype: ZAAKTYPE, roltype: ROLTYPE, eigenschappen: { spullen: SPULLEN, adres: ADRES } } },
    ...extra,
  };
}

describe('the ZGW token', () => {
  it('is an HS256 JWT as jwt.io signs one', () => {
    expect(signHs256({ sub: '1234567890', name: 'John Doe', iat: 1516239022 }, 'your-256-bit-secret')).toBe(
      'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c',
    );
  });

  it('carries the claims the ZGW APIs require', () => {
    const token = zgwToken({ clientId: 'loket', userId: 'loket', userRepresentation: 'Loket (chatbot)' }, 's', new Date('2026-03-10T09:00:00Z'));
    expect(JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString())).toEqual({
      iss: 'loket', iat: 1773133200, client_id: 'loket', user_id: 'loket', user_representation: 'Loket (chatbot)',
    });
  });
});

describe('cases into a ZGW Zaken API', () => {
  const scratch = scratchDatabase();
  let fake: FakeZaken;
  let zgw: Zgw | undefined;

  beforeEach(async () => {
    fake = await startFakeZaken({ clients: { loket: 'zeer-geheim' }, zaaktypen: [{ url: ZAAKTYPE, eigenschappen: [SPULLEN, ADRES], roltypen: [ROLTYPE] }] });
  });
  afterEach(async () => {
    await zgw?.close();
    zgw = undefined;
    await fake.close();
  });

  /** The outbox is run by hand (deliver: false), so a test knows when it ran. */
  function create(extra: Partial<ZgwSettings> = {}, env: NodeJS.ProcessEnv = ENV): Action {
    zgw = createZgw({ sql: new SqliteSql(scratch.db), botId: 'test-bot', settings: settings(fake, extra), log: silentLog, env, deliver: false });
    return createCaseActions(new SqliteSql(scratch.db), PRODUCTS, zgw)[0];
  }

  const outbox = () => new SqlOutbox(new SqliteSql(scratch.db), 'test-bot');
  const zaakUrl = (reference: string) => (scratch.db.prepare('SELECT zaak_url FROM cases WHERE reference = ?').get(reference) as { zaak_url: string | null }).zaak_url;

  it('makes a zaak under the resident\'s reference, with the answers as eigenschappen and the resident as initiator', async () => {
    const data = okData(await create().run({ ...ANSWERS, ...CONTACT }, makeCtx()));
    expect(data).toEqual({ reference: expect.stringMatching(/^GRV-[A-Z2-9]{6}$/), product: 'grofvuil', product_label: 'Grofvuil ophalen', forwarded: true });
    expect(fake.refused).toEqual([]);
    expect(fake.ignored).toEqual([]);
    const [zaak] = fake.zaken;
    expect(zaak.body).toEqual({
      identificatie: data.reference, bronorganisatie: RSIN, zaaktype: ZAAKTYPE, verantwoordelijkeOrganisatie: RSIN,
      startdatum: '2023-03-13', omschrijving: 'Grofvuil ophalen', toelichting: 'ophaaldag: dinsdag',
    });
    expect(zaak.eigenschappen.map(({ eigenschap, waarde }) => ({ eigenschap, waarde }))).toEqual([
      { eigenschap: SPULLEN, waarde: 'een oude bank en een matras' },
      { eigenschap: ADRES, waarde: 'Kerkstraat 12, 1234 AB Voorbeeld' },
    ]);
    expect(fake.rollen).toEqual([expect.objectContaining({
      zaak: zaak.url, betrokkeneType: 'natuurlijk_persoon', roltype: ROLTYPE, roltoelichting: 'Aanvrager, via de chat (Loket)',
      betrokkeneIdentificatie: { geslachtsnaam: 'Sanne Bakker' },
      contactpersoonRol: { naam: 'Sanne Bakker', emailadres: 'sanne@example.nl', telefoonnummer: '0612345678' },
    })]);
    expect(zaakUrl(data.reference)).toBe(zaak.url);
  });

  it('makes no initiator of a name without a way to reach them: the name goes in the toelichting', async () => {
    okData(await create().run({ ...ANSWERS, name: 'Sanne Bakker' }, makeCtx()));
    expect(fake.rollen).toEqual([]);
    expect(fake.zaken[0].body.toelichting).toBe('ophaaldag: dinsdag\nname: Sanne Bakker');
  });

  it('leaves a product without zgw settings in Loket\'s table only', async () => {
    expect(okData(await create().run({ product: 'afvalpas', adres: 'Kerkstraat 12' }, makeCtx()))).not.toHaveProperty('forwarded');
    expect(fake.requests).toEqual([]);
  });

  it('keeps a case while the Zaken API is down and makes the zaak, once, when it is back', async () => {
    const action = create();
    fake.down = true;
    const data = okData(await action.run({ ...ANSWERS, ...CONTACT }, makeCtx()));
    expect(data).toMatchObject({ reference: expect.stringMatching(/^GRV-/), forwarded: false });
    expect(await outbox().list('zgw', 'pending')).toEqual([expect.objectContaining({ kind: 'zaak', reference: data.reference })]);
    expect(await zgw!.worker.runOnce()).toBe(1); // still down: tried, and kept for later
    expect(await outbox().list('zgw', 'pending')).toHaveLength(1);
    fake.down = false;
    await scratch.db.prepare("UPDATE outbox SET next_attempt_at = '2000-01-01T00:00:00.000Z'").run();
    expect(await zgw!.worker.runOnce()).toBe(1);
    expect(fake.zaken.map((z) => z.body.identificatie)).toEqual([data.reference]);
    expect(fake.zaken[0].eigenschappen).toHaveLength(2);
    expect(fake.rollen).toHaveLength(1);
    expect(zaakUrl(data.reference)).toBe(fake.zaken[0].url);
    expect(await outbox().list('zgw', 'sent')).toHaveLength(1);
  });

  it('when the answer to the zaak is lost, finds it by its identificatie instead of making a second one', async () => {
    const action = create();
    fake.hangNext = /^POST \/zaken$/;
    const data = okData(await action.run({ ...ANSWERS, ...CONTACT }, makeCtx()));
    expect(data.forwarded).toBe(false);
    expect(fake.zaken).toHaveLength(1); // made, but Loket did not hear so
    expect(await zgw!.worker.runOnce()).toBe(1);
    expect(fake.zaken).toHaveLength(1);
    expect(fake.requests.filter((r) => r === 'POST /zaken')).toHaveLength(1);
    expect(fake.zaken[0].eigenschappen).toHaveLength(2);
    expect(fake.rollen).toHaveLength(1);
    expect(fake.refused).toEqual([]);
  });

  it('when the answer to an eigenschap is lost, does not add it twice', async () => {
    const action = create();
    fake.hangNext = /zaakeigenschappen$/;
    okData(await action.run({ ...ANSWERS, ...CONTACT }, makeCtx()));
    expect(await zgw!.worker.runOnce()).toBe(1);
    expect(fake.zaken[0].eigenschappen.map((e) => e.eigenschap)).toEqual([SPULLEN, ADRES]);
    expect(fake.rollen).toHaveLength(1);
  });

  it('keeps a case the API refuses as failed, with the reason, for a person; the resident still has the reference', async () => {
    const { log, text } = capturingLog();
    zgw = createZgw({ sql: new SqliteSql(scratch.db), botId: 'test-bot', settings: settings(fake, { products: { grofvuil: { zaaktype: `${CATALOGI}/zaaktypen/bestaat-niet`, roltype: ROLTYPE } } }), log: silentLog, env: ENV, deliver: false });
    const [action] = createCaseActions(new SqliteSql(scratch.db), PRODUCTS, zgw);
    const data = okData(await action.run({ ...ANSWERS, ...CONTACT }, makeCtx({ log })));
    expect(data).toMatchObject({ reference: expect.stringMatching(/^GRV-/), forwarded: false });
    const [failed] = await outbox().list('zgw', 'failed');
    expect(failed).toMatchObject({ reference: data.reference, lastError: expect.stringContaining('zaaktype: De URL is ongeldig') });
    expect(await zgw.worker.runOnce()).toBe(0);
    expect(text()).not.toContain('Sanne');
    expect(text()).not.toContain('matras');
  });

  it('signs its token with the secret: a wrong secret is refused, and the case kept', async () => {
    okData(await create({}, { ZGW_SECRET: 'fout' }).run({ ...ANSWERS }, makeCtx()));
    expect(fake.refused).toEqual([expect.objectContaining({ status: 403, code: 'permission_denied', detail: expect.stringContaining('signature is not valid') })]);
    expect(await outbox().list('zgw', 'failed')).toHaveLength(1);
  });

  it('stops start-up without the secret or with an RSIN that is not one', () => {
    expect(() => create({}, {})).toThrow('bot.yaml: zgw.secret_env names the environment variable ZGW_SECRET, which is not set');
    expect(() => create({ bronorganisatie: '123456789' })).toThrow('bot.yaml: zgw.bronorganisatie "123456789" is not an RSIN (9 digits that pass the eleven test)');
  });
});
