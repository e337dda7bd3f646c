import { builtinActionNames } from '../../src/actions';
import { checkBot, DEFAULT_CALENDAR, formatDiagnostic } from '../../src/content';
import { PACKAGE_ROOT } from '../../src/paths';
import { contentTree } from './tree';

const ACTIONS = builtinActionNames();

const BOT = `name: Gemeente Test
languages: [nl]
flows: [afspraak]
intents: [basis]
texts:
  welcome: Hallo
  fallback: Sorry
  goodbye: Doei
handover:
  messages:
    default: Ik zet u door.
    crisis: Bel 112.
`;

const INTENTS = `intents:
  - id: afspraak
    utterances:
      nl: [ik wil een afspraak maken]
`;

const FLOW = `title: Afspraak
triggers: [afspraak]
steps:
  - ask: product
    type: choice
    prompt: Waarvoor?
    options:
      - { value: paspoort, label: Paspoort }
      - { value: rijbewijs, label: Rijbewijs }
  - action: calendar.free_slots
    with: { product: "{product}", date: "2026-03-10" }
    result: vrij
  - end: Er zijn {vrij.count} tijden.
`;

/** The bot's diagnostics with `extra` appended to bot.yaml and files replaced. */
function messages(extra: string, files: Record<string, string> = {}): string[] {
  const root = contentTree({ 'bots/test/bot.yaml': BOT + extra, 'intents/basis.yaml': INTENTS, 'flows/afspraak.yaml': FLOW, ...files });
  return checkBot(root, 'test', ACTIONS).diagnostics.map(formatDiagnostic);
}

// bot.yaml lines of the sections below start at line 13, after BOT's 12 lines.
const CALENDAR = `calendar:
  desks: 2
  opening_hours:
    ma: "09:00-12:00"
    do: ["09:00-12:00", "13:00-20:00"]
  holidays: ["2026-12-25"]
  products:
    paspoort: { label: { nl: Paspoort, en: Passport }, duration: 15 }
    rijbewijs: { duration: 10, desks: [2] }
`;

describe('calendar: in bot.yaml', () => {
  it('accepts a full calendar section and keeps it for the actions', () => {
    const root = contentTree({ 'bots/test/bot.yaml': BOT + CALENDAR, 'intents/basis.yaml': INTENTS, 'flows/afspraak.yaml': FLOW });
    const { content, diagnostics } = checkBot(root, 'test', ACTIONS);
    expect(diagnostics).toEqual([]);
    expect(content?.bot.calendar).toMatchObject({ desks: 2, opening_hours: { do: ['09:00-12:00', '13:00-20:00'] } });
  });

  it("writes out the defaults in the voorbeeldgemeente's bot.yaml, value for value", () => {
    const { content } = checkBot(PACKAGE_ROOT, 'voorbeeldgemeente', ACTIONS);
    expect(content?.bot.calendar).toEqual(DEFAULT_CALENDAR);
  });

  it('names an unknown weekday, a time in the wrong form and a missing duration at their line', () => {
    const out = messages(CALENDAR.replace('    ma: "09:00-12:00"', '    mo: "09:00-12:00"\n    di: "9:00-12:00"').replace('{ duration: 10, desks: [2] }', '{ desks: [2] }'));
    expect(out).toEqual(expect.arrayContaining([
      'bots/test/bot.yaml:16:5: unknown key "mo" under "opening_hours"; use one of: ma, di, wo, do, vr, za, zo',
      'bots/test/bot.yaml:17:9: "di": "9:00-12:00" has the wrong form; write it like 09:00-17:00',
      'bots/test/bot.yaml:22:16: missing required field "duration"',
    ]));
  });

  it('reports a period that closes before it opens, a date that does not exist, a desk too many and an unknown zone', () => {
    const calendar = CALENDAR
      .replace('"13:00-20:00"', '"20:00-13:00"')
      .replace('"2026-12-25"', '"2026-02-30"')
      .replace('desks: [2]', 'desks: [3]')
      .replace('calendar:\n', 'calendar:\n  timezone: Europe/Amsterdm\n');
    expect(messages(calendar)).toEqual([
      'bots/test/bot.yaml:14:13: unknown time zone "Europe/Amsterdm" (use an IANA name such as Europe/Amsterdam)',
      'bots/test/bot.yaml:18:25: the period "20:00-13:00" ends before it starts',
      'bots/test/bot.yaml:19:14: "2026-02-30" is not a date in the calendar',
      'bots/test/bot.yaml:22:40: desk 3 does not exist: there are 2 desks (calendar.desks)',
    ]);
  });

  it('refuses a holiday in the wrong form and warns about a calendar that is never open', () => {
    expect(messages(CALENDAR.replace('"2026-12-25"', '"25-12-2026"'))).toContain(
      'bots/test/bot.yaml:18:14: "holidays": "25-12-2026" has the wrong form; write it like 2026-12-25',
    );
    expect(messages('calendar:\n  opening_hours: {}\n')).toEqual([
      'bots/test/bot.yaml:14:18: warning: the calendar is open on no day, so no appointment can be booked',
    ]);
  });

  it('checks the products a flow chooses against the calendar, also the default one', () => {
    const calendar = CALENDAR.replace('    rijbewijs: { duration: 10, desks: [2] }\n', '');
    expect(messages(calendar)).toEqual([
      'flows/afspraak.yaml:9:18: unknown product "rijbewijs": add it under calendar: products: in bots/test/bot.yaml, or use one of: paspoort',
    ]);
    const literal = FLOW.replace('product: "{product}"', 'product: hondenbelasting');
    expect(messages('', { 'flows/afspraak.yaml': literal })).toEqual([
      'flows/afspraak.yaml:11:22: unknown product "hondenbelasting": add it under calendar: products: in bots/test/bot.yaml, or use one of: paspoort, id-kaart, rijbewijs, uittreksel-brp, verhuizing, huwelijk',
    ]);
  });
});

const QMATIC = `qmatic:
  url: https://qmatic.voorbeeld.nl/calendar-backend/public/api
  api_key_env: QMATIC_API_KEY
  branch: f364d92b7fa07a48c4ecc862de30c475
  products:
    paspoort: { service: Paspoort, label: { nl: Paspoort, en: Passport } }
`;

describe('qmatic: in bot.yaml', () => {
  it('checks the products a flow chooses against Qmatic\'s, not the calendar\'s', () => {
    expect(messages(QMATIC)).toEqual([
      'flows/afspraak.yaml:9:18: unknown product "rijbewijs": add it under qmatic: products: in bots/test/bot.yaml, or use one of: paspoort',
    ]);
    expect(messages(QMATIC.replace('products:\n', 'products:\n    rijbewijs: { service: Rijbewijs }\n'))).toEqual([]);
  });

  it('refuses a calendar beside it, which nobody would read, an unknown zone and a product without its service', () => {
    const qmatic = QMATIC.replace('  products:', '  timezone: Europe/Amsterdm\n  products:').replace('paspoort: { service: Paspoort', 'rijbewijs: { service: R }\n    paspoort: { service: Paspoort');
    expect(messages(CALENDAR + qmatic)).toEqual([
      'bots/test/bot.yaml:26:13: unknown time zone "Europe/Amsterdm" (use an IANA name such as Europe/Amsterdam)',
      'bots/test/bot.yaml:14:3: with qmatic: appointments are booked in Qmatic, so calendar: is not used; remove one of the two (docs/qmatic.md)',
    ]);
    expect(messages(QMATIC.replace('{ service: Paspoort, ', '{ '))).toEqual(['bots/test/bot.yaml:18:15: missing required field "service"']);
  });
});

const GRV_FLOW = `title: Grofvuil
triggers: [afspraak]
steps:
  - ask: spullen
    type: text
    prompt: Wat wilt u laten ophalen?
  - action: cases.create
    with: { product: grofvuil, spullen: "{spullen}" }
    result: zaak
  - end: Uw nummer is {zaak.reference}.
`;

describe('cases: in bot.yaml', () => {
  const bot = (cases: string) => ({ 'bots/test/bot.yaml': BOT.replace('flows: [afspraak]', 'flows: [grofvuil]') + cases, 'flows/grofvuil.yaml': GRV_FLOW });
  const check = (cases: string) => {
    const root = contentTree({ 'intents/basis.yaml': INTENTS, ...bot(cases) });
    return checkBot(root, 'test', ACTIONS).diagnostics.map(formatDiagnostic);
  };

  it('accepts a product with its own prefix', () => {
    expect(check('cases:\n  grofvuil: { prefix: GRV, label: { nl: Grofvuil ophalen, en: Bulky waste } }\n')).toEqual([]);
  });

  it('refuses a prefix that is not 2-4 capitals, one of Loket\'s own, or one used twice', () => {
    expect(check('cases:\n  grofvuil: { prefix: grv }\n')).toEqual([
      'bots/test/bot.yaml:14:23: "prefix": "grv" has the wrong form; write it like GRV',
    ]);
    expect(check('cases:\n  grofvuil: { prefix: MLD }\n')).toEqual([
      'bots/test/bot.yaml:14:23: prefix "MLD" is Loket\'s own (for reports); choose another',
    ]);
    expect(check('cases:\n  grofvuil: { prefix: GRV }\n  snoeiafval: { prefix: GRV }\n')).toEqual([
      'bots/test/bot.yaml:15:25: prefix "GRV" is also the prefix of "grofvuil"; each product needs its own',
    ]);
  });

  it('checks zgw: RSINs that pass the eleven test, and only products cases: has', () => {
    const zgw = (rsin: string, product: string) => `zgw:
  zaken_url: https://zaken.voorbeeld.nl/zaken/api/v1
  client_id: loket
  secret_env: ZGW_SECRET
  bronorganisatie: "${rsin}"
  products:
    ${product}: { zaaktype: https://catalogi.voorbeeld.nl/zaaktypen/1, roltype: https://catalogi.voorbeeld.nl/roltypen/1 }
`;
    const cases = 'cases:\n  grofvuil: { prefix: GRV }\n';
    expect(check(cases + zgw('002220647', 'grofvuil'))).toEqual([]);
    expect(check(cases + zgw('123456789', 'grofvul'))).toEqual([
      'bots/test/bot.yaml:19:20: "123456789" is not an RSIN: its digits do not pass the eleven test',
      'bots/test/bot.yaml:21:14: "grofvul" is not a product under cases:; did you mean "grofvuil"?',
    ]);
    expect(check(cases + zgw('12345', 'grofvuil'))).toEqual(['bots/test/bot.yaml:19:20: "bronorganisatie": "12345" has the wrong form; write it like 002220647']);
  });

  it('reports a flow storing a product that cases: does not list', () => {
    expect(check('cases:\n  grofvul: { prefix: GRV }\n')).toEqual([
      'flows/grofvuil.yaml:8:22: unknown product "grofvuil": add it under cases: in bots/test/bot.yaml, or use one of: grofvul; did you mean "grofvul"?',
    ]);
    expect(check('')).toEqual([
      'flows/grofvuil.yaml:8:22: unknown product "grofvuil": add it under cases: in bots/test/bot.yaml',
    ]);
  });
});
