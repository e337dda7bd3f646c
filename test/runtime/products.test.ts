import { join } from 'node:path';
import pino from 'pino';
import { openDatabase } from '../../src/storage/sqlite';
import { Loket } from '../../src/runtime';
import { runTestFile } from '../../src/testing/conversations';
import { contentTree } from '../content/tree';
import { NOW, say } from './helpers';
import { TEST_NLU_CACHE } from '../nluCache';

/**
 * A municipality with its own calendar (wedding appointments on Saturday morning only, one desk, a closed Saturday)
 * and a grofvuil product stored by cases.create: bot.yaml's settings reach the actions through the runtime.
 */
const BOT = `name: Gemeente Test
languages: [nl]
flows: [trouwen, grofvuil]
intents: [basis]
texts:
  welcome: Hallo
  fallback: Sorry, dat begrijp ik niet.
  goodbye: Doei
handover:
  messages:
    default: Ik zet u door.
    crisis: Bel 112.
calendar:
  desks: 1
  opening_hours: { za: "10:00-11:00" }
  holidays: ["2026-03-14"]
  products:
    trouwen: { label: Trouwen, duration: 30 }
cases:
  grofvuil: { prefix: GRV, label: { nl: Grofvuil ophalen, en: Bulky waste } }
`;

const INTENTS = `intents:
  - id: trouwen
    utterances:
      nl: [ik wil trouwen, afspraak om te trouwen, wij gaan trouwen, huwelijk plannen, trouwdatum prikken]
  - id: grofvuil
    utterances:
      nl: [grofvuil laten ophalen, oude bank ophalen, grof afval aanmelden, kan mijn oude kast worden opgehaald, ophalen van grofvuil]
`;

const TROUWEN = `title: Trouwen
triggers: [trouwen]
steps:
  - ask: datum
    type: date
    prompt: Op welke dag wilt u trouwen?
  - action: calendar.free_slots
    with: { product: trouwen, date: "{datum}" }
    result: vrij
  - say: "Aantal vrije tijden: {vrij.count}."
  - ask: tijdslot
    type: choice
    options_from: vrij.slots
    prompt: Welke tijd past u?
  - action: calendar.book
    with: { product: trouwen, slot: "{tijdslot}", name: Sanne Bakker, email: sanne@example.nl }
    result: afspraak
  - end: "Uw afspraak voor {afspraak.product_label} staat vast: {afspraak.label}. Nummer {afspraak.reference}."
`;

const GROFVUIL = `title: Grofvuil
triggers: [grofvuil]
steps:
  - ask: spullen
    type: text
    prompt: Wat wilt u laten ophalen?
  - ask: adres
    type: text
    prompt: Op welk adres?
  - action: cases.create
    with: { product: grofvuil, spullen: "{spullen}", adres: "{adres}" }
    result: zaak
  - end: "Uw aanvraag {zaak.product_label} is ontvangen. Uw nummer is {zaak.reference}."
`;

const TESTS = `bot: gemeente
now: "2026-03-10T10:00:00+01:00"   # Tuesday
tests:
  - name: de gesloten zaterdag wordt overgeslagen, trouwen duurt 30 minuten tot sluitingstijd 11:00
    steps:
      - user: ik wil trouwen
        bot: Op welke dag
      - user: zaterdag
        slots: { datum: "2026-03-14" }
        bot: ["Aantal vrije tijden: 3.", "Welke tijd past u"]
        buttons: [za 21 maart 10:00, za 21 maart 10:15, za 21 maart 10:30]
      - user: za 21 maart 10:00
        bot: ["Uw afspraak voor Trouwen staat vast", "za 21 maart 10:00", "AFS-"]

  - name: met een balie is de geboekte tijd niet meer vrij, ook niet het kwartier dat er nog onder valt
    steps:
      - user: ik wil trouwen
      - user: 21 maart
        bot: "Aantal vrije tijden: 1."
        buttons: [za 21 maart 10:30]

  - name: grofvuil wordt een zaak met een eigen nummer
    steps:
      - user: ik wil grofvuil laten ophalen
        flow: grofvuil
        bot: Wat wilt u laten ophalen
      - user: een oude bank
        bot: Op welk adres
      - user: Dorpsstraat 12
        bot: ["Uw aanvraag Grofvuil ophalen is ontvangen", "Uw nummer is GRV-"]
`;

function tree(): string {
  return contentTree({
    'bots/gemeente/bot.yaml': BOT,
    'intents/basis.yaml': INTENTS,
    'flows/trouwen.yaml': TROUWEN,
    'flows/grofvuil.yaml': GROFVUIL,
    'tests/gemeente.yaml': TESTS,
  });
}

describe('calendar and cases settings from bot.yaml, through the runtime', () => {
  const root = tree();

  it('plays the YAML conversation tests against the bot\'s own calendar and case product', async () => {
    const results = await runTestFile(join(root, 'tests/gemeente.yaml'), root);
    expect(results.filter((r) => r.failure)).toEqual([]);
    expect(results).toHaveLength(3);
  });

  it('stores the grofvuil answers in the bot\'s SQLite file under its GRV reference', async () => {
    const dbFile = join(root, '.loket', 'gemeente.sqlite');
    const bot = await Loket.create({
      botId: 'gemeente', root, dbFile, now: () => NOW, log: pino({ level: 'silent' }), cacheDir: TEST_NLU_CACHE,
    });
    let reply: string;
    try {
      reply = await say(bot, 'c1', 'oude bank ophalen', 'een bank', 'Dorpsstraat 12');
    } finally {
      await bot.close();
    }
    const reference = /GRV-[A-Z0-9]{6}/.exec(reply)?.[0];
    expect(reference).toBeDefined();
    const db = openDatabase(dbFile);
    try {
      const row = db.prepare('SELECT product, answers_json FROM cases WHERE reference = ?').get(reference) as { product: string; answers_json: string };
      expect(row.product).toBe('grofvuil');
      expect(JSON.parse(row.answers_json)).toEqual({ spullen: 'een bank', adres: 'Dorpsstraat 12' });
    } finally {
      db.close();
    }
  });
});
