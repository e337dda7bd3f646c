import { once } from 'node:events';
import { createBuiltinActions, type ActionRegistry } from '../../src/actions';
import type { BotConfig, EmailSettings } from '../../src/content/types';
import { createMailer, mailSettings, type Mailer } from '../../src/email';
import { SqlOutbox } from '../../src/outbox';
import { SqliteSql } from '../../src/storage';
import { makeCtx, okData, scratchDatabase, silentLog } from '../actions/helpers';
import { closedPort, startSmtp, type TestSmtp } from './smtpServer';

const TEMPLATES: EmailSettings['templates'] = {
  appointment_booked: {
    subject: { nl: 'Bevestiging voor {name}: {product}', en: 'Confirmation for {name}: {product}' },
    body: { nl: 'Beste {name},\n\nUw afspraak is op {when}. Neem één identiteitsbewijs mee.\nNummer: {reference}\nAdres: {facts.adres}\n{bot.name}', en: 'Dear {name},\n\nYour appointment is on {when}.\nReference: {reference}' },
  },
  appointment_rescheduled: { subject: 'Verzet: {when}', body: 'Beste {name}, uw afspraak {reference} is nu op {when}.' },
  appointment_cancelled: { subject: 'Afgezegd: {product}', body: 'Beste {name}, uw afspraak op {when} is afgezegd.' },
  report_received: { subject: 'Melding {reference} ontvangen', body: 'Plek: {location}\nWat: {description}\nSoort: {category}' },
  callback_requested: { subject: 'We bellen u, {name}', body: 'Wanneer: {moment}\nNummer: {phone}\nKenmerk: {reference}' },
};

function bot(port: number, email: Partial<EmailSettings> = {}, smtp: Partial<NonNullable<EmailSettings['smtp']>> = {}): Pick<BotConfig, 'email' | 'facts' | 'name'> {
  return {
    name: 'Gemeente Voorbeeld',
    facts: { adres: 'Stadhuisplein 1, 1234 AB Voorbeeld' },
    email: {
      from: 'Gemeente Voorbeeld <noreply@voorbeeld.nl>',
      smtp: { host: '127.0.0.1', port, security: 'none', user: 'loket', password_env: 'SMTP_WACHTWOORD', ...smtp },
      appointment: { title: 'Afspraak gemeente: {product}', location: '{facts.adres}' },
      templates: TEMPLATES,
      retry: { first_seconds: 0.05, max_minutes: 0.01 },
      ...email,
    },
  };
}

const ENV = { SMTP_WACHTWOORD: 'geheim' };
const BOOKING = { product: 'paspoort', slot: '2023-03-14T09:00', name: 'Zoë Émile', email: 'zoe@example.nl' };

describe('confirmation e-mails over SMTP', () => {
  const scratch = scratchDatabase();
  let smtp: TestSmtp | undefined;
  let mailer: Mailer | undefined;
  afterEach(async () => {
    await mailer?.close();
    await smtp?.close();
    mailer = smtp = undefined;
  });

  function actionsWith(m: Mailer): ActionRegistry {
    mailer = m;
    return createBuiltinActions({ sql: new SqliteSql(scratch.db), notifier: m });
  }

  async function started(email: Partial<EmailSettings> = {}): Promise<ActionRegistry> {
    smtp = await startSmtp({ users: { loket: 'geheim' }, refuse: /^weg@/ });
    return actionsWith(createMailer({ sql: new SqliteSql(scratch.db), botId: 'test-bot', bot: bot(smtp.port, email), log: silentLog, env: ENV }));
  }

  it('confirms a booking: headers, body, the .ics and é/ë, after logging in', async () => {
    const actions = await started();
    const delivered = once(mailer!.worker!, 'delivered');
    const booked = okData(await actions.get('calendar.book')!.run(BOOKING, makeCtx()));
    expect(booked.emailed).toBe(true);
    const { mail, raw, envelope, user } = await smtp!.next();
    await delivered;
    expect(user).toBe('loket');
    expect(envelope).toEqual({ from: 'noreply@voorbeeld.nl', to: ['zoe@example.nl'] });
    expect(mail.from?.value).toEqual([{ name: 'Gemeente Voorbeeld', address: 'noreply@voorbeeld.nl' }]);
    expect((mail.to as any).value).toEqual([{ name: 'Zoë Émile', address: 'zoe@example.nl' }]);
    expect(mail.subject).toBe('Bevestiging voor Zoë Émile: Paspoort');
    expect(mail.text).toContain('Beste Zoë Émile,');
    expect(mail.text).toContain('Uw afspraak is op dinsdag 14 maart 2023 om 09.00 uur. Neem één identiteitsbewijs mee.');
    expect(mail.text).toContain(`Nummer: ${booked.reference}\nAdres: Stadhuisplein 1, 1234 AB Voorbeeld\nGemeente Voorbeeld`);
    expect(mail.headers.get('auto-submitted')).toBe('auto-generated');
    expect(mail.messageId).toMatch(/^<loket\.\d+\.\d+@voorbeeld\.nl>$/);
    // Over the wire everything is 7-bit: the subject as an encoded word, the body encoded too.
    expect([...raw].every((ch) => ch.charCodeAt(0) < 128)).toBe(true);
    expect(raw).toMatch(/^Subject: =\?UTF-8\?/im);

    expect(mail.attachments).toHaveLength(1);
    const [ics] = mail.attachments;
    expect(ics.filename).toBe(`${booked.reference}.ics`);
    expect(ics.contentType).toBe('text/calendar');
    const text = ics.content.toString('utf8');
    expect(text).toContain('METHOD:PUBLISH\r\n');
    expect(text).toContain(`UID:${booked.reference}@voorbeeld.nl\r\n`);
    expect(text).toContain('SEQUENCE:0\r\n');
    expect(text).toContain('DTSTART:20230314T080000Z\r\n'); // 09:00 in Amsterdam is 08:00 UTC in March (CET)
    expect(text).toContain('DTEND:20230314T081500Z\r\n');
    expect(text).toContain('SUMMARY:Afspraak gemeente: Paspoort\r\n');
    expect(text).toContain('LOCATION:Stadhuisplein 1\\, 1234 AB Voorbeeld\r\n');
    expect(text).toContain('ORGANIZER:mailto:noreply@voorbeeld.nl\r\n');

    const [sent] = await new SqlOutbox(new SqliteSql(scratch.db), 'test-bot').list('email');
    expect(sent).toMatchObject({ status: 'sent', kind: 'appointment_booked', reference: booked.reference, payload: {} });
  });

  it('confirms a move and a cancellation with the same calendar item, a higher SEQUENCE and METHOD:CANCEL', async () => {
    const actions = await started();
    const { reference } = okData(await actions.get('calendar.book')!.run(BOOKING, makeCtx()));
    await smtp!.next();
    const moved = okData(await actions.get('calendar.reschedule')!.run({ reference, slot: '2023-03-30T10:00' }, makeCtx()));
    expect(moved.emailed).toBe(true);
    const second = (await smtp!.next()).mail;
    expect(second.subject).toBe('Verzet: donderdag 30 maart 2023 om 10.00 uur');
    const movedIcs = second.attachments[0].content.toString();
    expect(movedIcs).toContain(`UID:${reference}@voorbeeld.nl`);
    expect(movedIcs).toContain('SEQUENCE:1\r\n');
    expect(movedIcs).toContain('DTSTART:20230330T080000Z\r\n'); // summer time from 26 March: UTC+2

    const cancelled = okData(await actions.get('calendar.cancel')!.run({ reference }, makeCtx()));
    expect(cancelled.emailed).toBe(true);
    const third = (await smtp!.next()).mail;
    expect(third.text).toContain('Beste Zoë Émile, uw afspraak op donderdag 30 maart 2023 om 10.00 uur is afgezegd.');
    expect(third.attachments[0].contentType).toBe('text/calendar');
    const cancelIcs = third.attachments[0].content.toString();
    expect(cancelIcs).toContain('METHOD:CANCEL\r\n');
    expect(cancelIcs).toContain('STATUS:CANCELLED\r\n');
    expect(cancelIcs).toContain('SEQUENCE:2\r\n');
    // The name and address were forgotten with the cancellation; only the e-mail that confirms it had them.
    expect(scratch.db.prepare('SELECT name, email FROM calendar_appointments WHERE reference = ?').get(reference)).toEqual({ name: null, email: null });
  });

  it('writes in English when the conversation was English', async () => {
    const actions = await started();
    okData(await actions.get('calendar.book')!.run(BOOKING, makeCtx({ lang: 'en' })));
    const { mail } = await smtp!.next();
    expect(mail.subject).toBe('Confirmation for Zoë Émile: Passport');
    expect(mail.text).toContain('Your appointment is on Tuesday 14 March 2023 at 09:00.');
  });

  it('sends a receipt for a melding and a confirmation of a callback request', async () => {
    const actions = await started();
    const report = okData(await actions.get('reports.create')!.run({
      category: 'verlichting', description: 'Lantaarnpaal brandt niet bij de Église', email: 'zoe@example.nl',
      location: { street: 'Kerkstraat', number: 12, addition: 'a', postcode: '1234 AB', city: 'Voorbeeld' },
    }, makeCtx()));
    expect(report.emailed).toBe(true);
    const receipt = (await smtp!.next()).mail;
    expect(receipt.subject).toBe(`Melding ${report.reference} ontvangen`);
    expect(receipt.text).toBe('Plek: Kerkstraat 12 a, 1234 AB Voorbeeld\nWat: Lantaarnpaal brandt niet bij de Église\nSoort: verlichting\n');
    expect(receipt.attachments).toHaveLength(0);

    const callback = okData(await actions.get('callback.request')!.run(
      { name: 'Zoë', phone: '+31612345678', moment: 'dinsdag 14 maart, ochtend', email: 'zoe@example.nl' }, makeCtx()));
    expect(callback.emailed).toBe(true);
    const confirmation = (await smtp!.next()).mail;
    expect(confirmation.subject).toBe('We bellen u, Zoë');
    expect(confirmation.text).toContain(`Wanneer: dinsdag 14 maart, ochtend\nNummer: 06 12345678\nKenmerk: ${callback.reference}`);
  });

  it('sends nothing, and says so, without an address or without a template for the kind', async () => {
    const actions = await started({ templates: { appointment_booked: TEMPLATES.appointment_booked } });
    const report = okData(await actions.get('reports.create')!.run({ category: 'afval', description: 'Volle bak', location: 'Markt', email: 'zoe@example.nl' }, makeCtx()));
    const silent = okData(await actions.get('reports.create')!.run({ category: 'afval', description: 'Volle bak', location: 'Markt' }, makeCtx()));
    expect([report.emailed, silent.emailed]).toEqual([false, false]);
    expect(await new SqlOutbox(new SqliteSql(scratch.db), 'test-bot').list('email')).toEqual([]);
  });

  it('keeps the e-mail while the mail server is down and sends it once the server is back', async () => {
    const port = await closedPort();
    const m = createMailer({ sql: new SqliteSql(scratch.db), botId: 'test-bot', bot: bot(port), log: silentLog, env: ENV });
    const actions = actionsWith(m);
    const retried = once(m.worker!, 'retry');
    const booked = okData(await actions.get('calendar.book')!.run(BOOKING, makeCtx()));
    expect(booked.emailed).toBe(true); // the booking does not wait for the mail server
    const [, error] = await retried;
    expect(error).toMatch(/ECONNREFUSED/);
    const [waiting] = await new SqlOutbox(new SqliteSql(scratch.db), 'test-bot').list('email', 'pending');
    expect(waiting).toMatchObject({ attempts: 1, reference: booked.reference });

    const delivered = once(m.worker!, 'delivered');
    smtp = await startSmtp({ port, users: { loket: 'geheim' } });
    const { mail } = await smtp.next(); // the worker's own retry timer delivers it
    await delivered;
    expect(mail.text).toContain(`Nummer: ${booked.reference}`);
    expect(smtp.received).toHaveLength(1);
    const [sent] = await new SqlOutbox(new SqliteSql(scratch.db), 'test-bot').list('email');
    expect(sent.status).toBe('sent');
    expect(sent.attempts).toBeGreaterThanOrEqual(2);
  });

  it('gives up at once on an address the server refuses for good, and keeps the e-mail as failed', async () => {
    const actions = await started();
    const failed = once(mailer!.worker!, 'failed');
    okData(await actions.get('calendar.book')!.run({ ...BOOKING, email: 'weg@example.nl' }, makeCtx()));
    const [, error] = await failed;
    expect(error).toMatch(/550/);
    const [item] = await new SqlOutbox(new SqliteSql(scratch.db), 'test-bot').list('email');
    expect(item).toMatchObject({ status: 'failed', attempts: 1 });
    expect(smtp!.received).toHaveLength(0);
  });

  it('with security: starttls, sends neither mail nor password to a server that offers no TLS', async () => {
    smtp = await startSmtp({ users: { loket: 'geheim' } });
    const m = createMailer({ sql: new SqliteSql(scratch.db), botId: 'test-bot', bot: bot(smtp.port, {}, { security: 'starttls' }), log: silentLog, env: ENV });
    const actions = actionsWith(m);
    const retried = once(m.worker!, 'retry');
    okData(await actions.get('calendar.book')!.run(BOOKING, makeCtx()));
    const [, error] = await retried;
    expect(error).toMatch(/STARTTLS/i);
    expect(smtp.logins).toEqual([]);
    expect(smtp.received).toEqual([]);
  });
});

describe('e-mail settings', () => {
  const scratch = scratchDatabase();

  it('is off without smtp: nothing is promised, email.available says false', async () => {
    const m = createMailer({ sql: new SqliteSql(scratch.db), botId: 'test-bot', bot: { name: 'X', facts: {}, email: { from: 'a@b.nl', templates: TEMPLATES } }, log: silentLog });
    expect(m.available).toBe(false);
    const actions = createBuiltinActions({ sql: new SqliteSql(scratch.db), notifier: m });
    expect(okData(await actions.get('email.available')!.run({}, makeCtx()))).toEqual({ available: false });
    const booked = okData(await actions.get('calendar.book')!.run(BOOKING, makeCtx()));
    expect(booked.emailed).toBe(false);
    expect(scratch.db.prepare("SELECT name FROM sqlite_master WHERE name = 'outbox'").get()).toBeUndefined();
  });

  it('stops start-up with a clear message when the password variable is not set', () => {
    const settings = { ...bot(25), file: 'bots/x/bot.yaml' };
    expect(() => mailSettings(settings, {})).toThrow('bots/x/bot.yaml: email.smtp.password_env names the environment variable SMTP_WACHTWOORD, which is not set');
    expect(() => createMailer({ sql: new SqliteSql(scratch.db), botId: 'test-bot', bot: settings, log: silentLog, env: {} })).toThrow(/SMTP_WACHTWOORD/);
    expect(mailSettings(settings, ENV)?.smtp).toMatchObject({ host: '127.0.0.1', port: 25, user: 'loket', password: 'geheim', security: 'none' });
  });

  it('fills in the ports that belong to each kind of security', () => {
    const port = (security: 'tls' | 'starttls' | 'none') => mailSettings({ name: 'X', facts: {}, email: { from: 'a@b.nl', smtp: { host: 'mail', security } } }, {})!.smtp.port;
    expect([port('tls'), port('starttls'), port('none')]).toEqual([465, 587, 25]);
  });
});
