/**
 * The example municipality's own flows and e-mail templates, end to end: a resident books, moves and cancels an
 * appointment, reports a problem and asks to be called back, and every e-mail the bot promises arrives at a real SMTP
 * server on 127.0.0.1. As shipped (no smtp:), the same flows promise nothing.
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { parseDocument } from 'yaml';
import { PACKAGE_ROOT } from '../../src/paths';
import { Loket } from '../../src/runtime';
import { SqlOutbox } from '../../src/outbox';
import { SqliteSql } from '../../src/storage';
import { openDatabase } from '../../src/storage/sqlite';
import { exampleBot, NOW, say } from '../runtime/helpers';
import { startSmtp, type TestSmtp } from './smtpServer';
import { TEST_NLU_CACHE } from '../nluCache';

/** The content root with bot.yaml's smtp: switched on, pointing at the test server. */
function contentWithSmtp(port: number): string {
  const root = mkdtempSync(join(tmpdir(), 'loket-email-'));
  for (const dir of ['bots/voorbeeldgemeente', 'flows', 'intents']) cpSync(join(PACKAGE_ROOT, dir), join(root, dir), { recursive: true });
  const file = join(root, 'bots/voorbeeldgemeente/bot.yaml');
  const doc = parseDocument(readFileSync(file, 'utf8'));
  doc.setIn(['email', 'smtp'], { host: '127.0.0.1', port, security: 'none', user: 'loket', password_env: 'LOKET_TEST_SMTP_PASSWORD' });
  writeFileSync(file, doc.toString());
  return root;
}

describe('the example municipality with e-mail switched on', () => {
  let smtp: TestSmtp;
  let bot: Loket;
  let dbFile: string;
  let closed = false;
  const closeBot = async () => {
    if (!closed) await bot.close();
    closed = true;
  };

  beforeAll(async () => {
    smtp = await startSmtp({ users: { loket: 'wachtwoord-é' } });
    process.env.LOKET_TEST_SMTP_PASSWORD = 'wachtwoord-é';
    const root = contentWithSmtp(smtp.port);
    dbFile = join(root, 'bot.sqlite');
    bot = await Loket.create({
      botId: 'voorbeeldgemeente', root, dbFile, cacheDir: TEST_NLU_CACHE,
      now: () => NOW, log: pino({ level: 'silent' }),
    });
  });

  afterAll(async () => {
    await closeBot();
    await smtp.close();
    delete process.env.LOKET_TEST_SMTP_PASSWORD;
  });

  it('books, moves and cancels an appointment, and each promised e-mail arrives with its .ics', async () => {
    await say(bot, 'afspraak', 'ik wil een afspraak maken voor een nieuw paspoort', 'morgen', '10 uur', 'wo 11 maart 10:00', 'Zoë Émile', 'zoe@example.nl');
    const booked = await say(bot, 'afspraak', 'ja');
    expect(booked).toContain('U krijgt een bevestiging per e-mail');
    const reference = /AFS-[A-Z0-9]{6}/.exec(booked)![0];
    const confirmation = (await smtp.next()).mail;
    expect((confirmation.to as any).value).toEqual([{ name: 'Zoë Émile', address: 'zoe@example.nl' }]);
    expect(confirmation.from?.value).toEqual([{ name: 'Gemeente Voorbeeld', address: 'noreply@voorbeeld.nl' }]);
    expect(confirmation.replyTo?.value).toEqual([{ name: '', address: 'info@voorbeeld.nl' }]);
    expect(confirmation.subject).toBe('Uw afspraak op woensdag 11 maart 2026 om 10.00 uur');
    expect(confirmation.text).toContain('Beste Zoë Émile,');
    expect(confirmation.text).toContain(`Uw afspraaknummer: ${reference}`);
    expect(confirmation.text).toContain('Waar: Stadhuisplein 1, 1234 AB Voorbeeld');
    const ics = confirmation.attachments[0].content.toString();
    expect(ics).toContain('DTSTART:20260311T090000Z');
    expect(ics).toContain('SUMMARY:Afspraak gemeente: Paspoort');

    await say(bot, 'verzetten', 'ik wil mijn afspraak verzetten', reference, 'vrijdag');
    const moved = await say(bot, 'verzetten', '1');
    expect(moved).toContain('U krijgt een nieuwe bevestiging per e-mail');
    const second = (await smtp.next()).mail;
    expect(second.subject).toBe('Uw afspraak is verzet naar vrijdag 13 maart 2026 om 09.00 uur');
    expect(second.attachments[0].content.toString()).toContain('SEQUENCE:1');

    await say(bot, 'afzeggen', 'ik wil mijn afspraak afzeggen', reference);
    expect(await say(bot, 'afzeggen', 'ja')).toContain('U krijgt hierover nog een e-mail');
    const third = (await smtp.next()).mail;
    expect(third.subject).toBe('Uw afspraak is afgezegd');
    expect(third.text).toContain('Uw afspraak voor Paspoort op vrijdag 13 maart 2026 om 09.00 uur is afgezegd.');
    expect(third.attachments[0].content.toString()).toContain('METHOD:CANCEL');
  });

  it('sends a receipt for a melding when the resident gave an e-mail address', async () => {
    await say(bot, 'melding', 'de lantaarnpaal bij Kerkstraat 12 is kapot', 'hij brandt al een week niet meer', 'overslaan', 'ja', 'zoe@example.nl');
    const done = await say(bot, 'melding', 'ja');
    expect(done).toContain('U krijgt een ontvangstbevestiging per e-mail');
    const reference = /MLD-[A-Z0-9]{6}/.exec(done)![0];
    const receipt = (await smtp.next()).mail;
    expect(receipt.subject).toBe(`We hebben uw melding ontvangen (${reference})`);
    expect(receipt.text).toContain('Plek: Kerkstraat 12');
    expect(receipt.text).toContain('Wat: hij brandt al een week niet meer');
  });

  it('asks for an address in a callback request and confirms it by e-mail', async () => {
    expect(await say(bot, 'terugbellen', 'kan ik een medewerker spreken')).toContain('Er is nu geen medewerker vrij');
    await say(bot, 'terugbellen', 'Bel mij terug', 'Zoë Émile', '0612345678', 'donderdag');
    expect(await say(bot, 'terugbellen', 'ochtend')).toContain('Wilt u een bevestiging per e-mail?');
    await say(bot, 'terugbellen', 'zoe@example.nl');
    const done = await say(bot, 'terugbellen', 'ja');
    expect(done).toContain('U krijgt een bevestiging per e-mail');
    const reference = /TBV-[A-Z0-9]{6}/.exec(done)![0];
    const mail = (await smtp.next()).mail;
    expect(mail.subject).toBe(`We bellen u terug (${reference})`);
    expect(mail.text).toContain('Op nummer: 06 12345678');
    expect(mail.text).toContain('Wanneer: donderdag 12 maart');
  });

  it('writes to a resident who spoke English in English', async () => {
    await say(bot, 'english', 'I would like to make an appointment for a new passport', 'tomorrow', 'no preference', '1', 'Sam Carter', 'sam@example.com');
    expect(await say(bot, 'english', 'yes')).toContain('You will get a confirmation by email');
    const mail = (await smtp.next()).mail;
    expect(mail.subject).toBe('Your appointment on Wednesday 11 March 2026 at 09:00');
    expect(mail.text).toContain('Dear Sam Carter,');
    expect(mail.text).toContain('For: Passport');
  });

  it('sent every e-mail once, and the outbox holds no personal data after sending', async () => {
    // Closing lets the last delivery finish; the outbox is then read from the file as a back office would.
    await closeBot();
    const db = openDatabase(dbFile);
    try {
      const items = await new SqlOutbox(new SqliteSql(db), 'voorbeeldgemeente').list('email');
      expect(items.map((i) => [i.kind, i.status])).toEqual([
        ['appointment_booked', 'sent'], ['appointment_rescheduled', 'sent'], ['appointment_cancelled', 'sent'],
        ['report_received', 'sent'], ['callback_requested', 'sent'], ['appointment_booked', 'sent'],
      ]);
      expect(db.prepare('SELECT COUNT(*) AS n FROM outbox WHERE payload_json IS NOT NULL').get()).toEqual({ n: 0 });
    } finally {
      db.close();
    }
    expect(smtp.received).toHaveLength(6);
  });
});

describe('the example municipality as shipped, without smtp:', () => {
  it('promises no e-mail and queues none', async () => {
    const bot = await exampleBot();
    try {
      await say(bot, 'a', 'ik wil een afspraak maken voor een nieuw paspoort', 'morgen', '10 uur', 'wo 11 maart 10:00', 'Jan de Vries', 'jan@example.nl');
      const done = await say(bot, 'a', 'ja');
      expect(done).toContain('Uw afspraak staat vast');
      expect(done).toContain('Schrijf dit nummer op');
      expect(done).not.toContain('e-mail');
      await say(bot, 'b', 'kan ik een medewerker spreken', 'Bel mij terug', 'Jan de Vries', '0612345678', 'donderdag');
      // No e-mail question: straight to the summary.
      expect(await say(bot, 'b', 'ochtend')).toContain('Klopt dit?');
      expect(bot.db.prepare("SELECT name FROM sqlite_master WHERE name = 'outbox'").get()).toBeUndefined();
    } finally {
      await bot.close();
    }
  });
});
