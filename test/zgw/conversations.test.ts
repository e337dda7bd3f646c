/**
 * A grofvuil request from the first message to the zaak, through the runtime and a flow that ends in cases.create,
 * against the stand-in Zaken API: the resident's reference is the zaak's identificatie, and a Zaken API that is
 * away delays the zaak without losing it or making it twice. "Hoe staat het met mijn aanvraag?" answers with the
 * status the back office set on the zaak. (The example municipality answers grofvuil questions with an FAQ, so this
 * municipality is written here.)
 */
import { join } from 'node:path';
import pino from 'pino';
import { Loket } from '../../src/runtime';
import { createZgw } from '../../src/zgw';
import { contentTree } from '../content/tree';
import { NOW, say } from '../runtime/helpers';
import { startFakeZaken, type FakeZaken } from './fakeZaken';
import { TEST_NLU_CACHE } from '../nluCache';

const CATALOGI = 'https://catalogi.voorbeeld.nl/catalogi/api/v1';
const ZAAKTYPE = `${CATALOGI}/zaaktypen/0119dd4e-7be9-477e-bccf-75023b1453c1`;
const ROLTYPE = `${CATALOGI}/roltypen/8a2bc9a9-2d5c-4a1e-9b6e-2f1b7c2e0a11`;
const SPULLEN = `${CATALOGI}/eigenschappen/5d7e7d44-6f0b-4a11-9e3b-0c1b7a0f2c01`;

const bot = (fake: FakeZaken) => `name: Gemeente Test
languages: [nl]
flows: [grofvuil, aanvraag-status]
intents: [basis]
texts:
  welcome: Hallo
  fallback: Sorry, dat begrijp ik niet.
  goodbye: Doei
handover:
  messages:
    default: Ik zet u door.
    crisis: Bel 112.
cases:
  grofvuil: { prefix: GRV, label: { nl: Grofvuil ophalen, en: Bulky waste collection } }
zgw:
  zaken_url: ${fake.url}
  catalogi_url: ${fake.catalogiUrl}
  client_id: loket
  secret_env: LOKET_TEST_ZGW_SECRET
  bronorganisatie: "002220647"
  timeout_ms: 2000
  products:
    grofvuil:
      zaaktype: ${ZAAKTYPE}
      roltype: ${ROLTYPE}
      eigenschappen: { spullen: ${SPULLEN} }
`;

const INTENTS = `intents:
  - id: grofvuil
    utterances:
      nl: [grofvuil laten ophalen, oude bank ophalen, grof afval aanmelden, kan mijn oude kast worden opgehaald, ophalen van grofvuil]
  - id: aanvraag_status
    utterances:
      nl: [hoe staat het met mijn aanvraag, wat is de status van mijn aanvraag, is mijn aanvraag al behandeld, stand van mijn aanvraag, ik wil weten hoe ver mijn aanvraag is]
`;

const STATUS_FLOW = `title: De stand van uw aanvraag
triggers: [aanvraag_status]
steps:
  - ask: nummer
    type: text
    prompt: "Wat is het nummer van uw aanvraag? Het staat in de bevestiging. Bijvoorbeeld: GRV-7K3M9Q."
  - action: cases.find
    with: { reference: "{nummer}" }
    result: aanvraag
    on_error: storing
  - when: "not aanvraag.found"
    end: "Ik kan geen aanvraag vinden met nummer {nummer}. Kijk het nummer nog eens na."
  - when: "aanvraag.status_text"
    end: "Uw aanvraag {aanvraag.reference} heeft nu de status: {aanvraag.status}. {aanvraag.status_text}"
  - end: "Uw aanvraag {aanvraag.reference} heeft nu de status: {aanvraag.status}."
  - id: storing
    end: "Het lukt nu even niet om uw aanvraag op te zoeken. Uw aanvraag is niet kwijt. Probeer het later nog eens."
`;

const FLOW = `title: Grofvuil ophalen
triggers: [grofvuil]
steps:
  - ask: spullen
    type: text
    prompt: Wat wilt u laten ophalen?
  - ask: adres
    type: text
    prompt: Op welk adres staat het?
  - ask: naam
    type: text
    prompt: Wat is uw naam?
  - ask: email
    type: email
    optional: true
    prompt: Op welk e-mailadres kunnen we u bereiken? Geen e-mail? Kies dan Overslaan.
  - action: cases.create
    with: { product: grofvuil, spullen: "{spullen}", adres: "{adres}", name: "{naam}", email: "{email}" }
    result: zaak
  - when: "zaak.forwarded == false"
    end: "Uw aanvraag is bewaard. Uw nummer is {zaak.reference}. Een medewerker ziet hem iets later dan normaal. U hoeft niets te doen."
  - end: "Uw aanvraag {zaak.product_label} is ontvangen. Uw nummer is {zaak.reference}."
`;

describe('a grofvuil request becomes a zaak', () => {
  let fake: FakeZaken;
  let loket: Loket;

  beforeAll(async () => {
    process.env.LOKET_TEST_ZGW_SECRET = 'zeer-geheim';
    fake = await startFakeZaken({
      clients: { loket: 'zeer-geheim' }, zaaktypen: [{ url: ZAAKTYPE, eigenschappen: [SPULLEN], roltypen: [ROLTYPE] }],
      statustypen: [{ zaaktype: ZAAKTYPE, omschrijving: 'In behandeling', statustekst: 'Wij plannen het ophalen in. U krijgt binnen 5 werkdagen een datum.', volgnummer: 2 }],
    });
    const root = contentTree({ 'bots/gemeente/bot.yaml': bot(fake), 'intents/basis.yaml': INTENTS, 'flows/grofvuil.yaml': FLOW, 'flows/aanvraag-status.yaml': STATUS_FLOW });
    // deliver: false, so the outbox is run by the test below and it knows when it ran; the zaak is still tried at once.
    loket = await Loket.create({
      botId: 'gemeente', root, dbFile: join(root, 'bot.sqlite'), cacheDir: TEST_NLU_CACHE, now: () => NOW, log: pino({ level: 'silent' }), deliver: false,
    });
  });

  afterAll(async () => {
    await loket.close();
    await fake.close();
    delete process.env.LOKET_TEST_ZGW_SECRET;
  });

  it('with the resident\'s reference as the zaak\'s identificatie, and the resident as initiator', async () => {
    const done = await say(loket, 'g1', 'ik wil grofvuil laten ophalen', 'een oude bank', 'Kerkstraat 12', 'Sanne Bakker', 'sanne@example.nl');
    expect(done).toMatch(/^Uw aanvraag Grofvuil ophalen is ontvangen\. Uw nummer is GRV-[A-Z0-9]{6}\.$/);
    const reference = /GRV-[A-Z0-9]{6}/.exec(done)![0];
    expect(fake.zaken.map((z) => z.body)).toEqual([expect.objectContaining({
      identificatie: reference, zaaktype: ZAAKTYPE, startdatum: '2026-03-10', omschrijving: 'Grofvuil ophalen', toelichting: 'adres: Kerkstraat 12',
    })]);
    expect(fake.zaken[0].eigenschappen).toEqual([expect.objectContaining({ eigenschap: SPULLEN, waarde: 'een oude bank' })]);
    expect(fake.rollen).toEqual([expect.objectContaining({ contactpersoonRol: { naam: 'Sanne Bakker', emailadres: 'sanne@example.nl' } })]);
    expect(fake.refused).toEqual([]);
  });

  it('while the Zaken API is down: the resident hears the request is kept, and it arrives once when the API is back', async () => {
    fake.down = true;
    let done: string;
    try {
      done = await say(loket, 'g2', 'kan mijn oude kast worden opgehaald', 'een kast', 'Dorpsstraat 3', 'Piet Jansen', 'overslaan');
    } finally {
      fake.down = false;
    }
    expect(done).toMatch(/^Uw aanvraag is bewaard\. Uw nummer is GRV-[A-Z0-9]{6}\. Een medewerker ziet hem iets later dan normaal\./);
    const reference = /GRV-[A-Z0-9]{6}/.exec(done)![0];
    expect(fake.zaken.some((z) => z.body.identificatie === reference)).toBe(false);
    const outbox = createZgw({ sql: loket.sql, botId: loket.botId, settings: loket.content.bot.zgw!, log: loket.log, deliver: false });
    expect(await outbox.worker.runOnce()).toBe(1);
    expect(fake.zaken.filter((z) => z.body.identificatie === reference)).toHaveLength(1);
    // No e-mail or phone: no initiator; the name is kept in the toelichting.
    expect(fake.zaken.find((z) => z.body.identificatie === reference)!.body.toelichting).toBe('adres: Dorpsstraat 3\nname: Piet Jansen');
  });

  it('answers "hoe staat het met mijn aanvraag?" with the status the back office set, and honestly when it cannot look', async () => {
    const made = await say(loket, 'g3', 'ik wil grofvuil laten ophalen', 'een matras', 'Laan 1', 'Ali Yilmaz', 'ali@example.nl');
    const reference = /GRV-[A-Z0-9]{6}/.exec(made)![0];
    expect(await say(loket, 'g4', 'hoe staat het met mijn aanvraag', reference.toLowerCase())).toBe(`Uw aanvraag ${reference} heeft nu de status: ontvangen.`);
    fake.setStatus(reference, fake.statustypen[0], '2026-03-11T09:00:00Z');
    expect(await say(loket, 'g5', 'wat is de status van mijn aanvraag', reference))
      .toBe(`Uw aanvraag ${reference} heeft nu de status: In behandeling. Wij plannen het ophalen in. U krijgt binnen 5 werkdagen een datum.`);
    fake.down = true;
    try {
      expect(await say(loket, 'g6', 'hoe staat het met mijn aanvraag', reference)).toBe('Het lukt nu even niet om uw aanvraag op te zoeken. Uw aanvraag is niet kwijt. Probeer het later nog eens.');
    } finally {
      fake.down = false;
    }
  });
});
