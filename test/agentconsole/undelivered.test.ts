/**
 * "Niet afgeleverd" in the agent console, against a real server with the bot's real SQLite outbox and a real SMTP
 * server on 127.0.0.1: an e-mail the mail server refused shows up as a task, "Opnieuw proberen" sends it once the
 * server takes it, "Afgehandeld" takes it off the list, and another bot's items stay out of sight.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { SqlOutbox, type OutboxItem } from '../../src/outbox';
import type { RunningServer } from '../../src/server';
import { startSmtp, type TestSmtp } from '../email/smtpServer';
import { addAgent, AgentClient, BOT, readEvents, scratchRoot, startScratchServer } from './helpers';

jest.setTimeout(60_000);

/** Waits for what the outbox worker does on its own, checking every few milliseconds. */
async function until(condition: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (await condition()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const MAIL = { from: 'Gemeente Voorbeeld <noreply@voorbeeld.nl>', to: 'jan.smit@example.nl', subject: 'Uw terugbelverzoek', text: 'We bellen u terug.' };

describe('undelivered messages in the agent console', () => {
  let smtp: TestSmtp;
  let s: RunningServer;
  let outbox: SqlOutbox;
  let anne: AgentClient;

  beforeAll(async () => {
    // The mail server refuses every recipient for good (550): the worker gives the e-mail up at once.
    smtp = await startSmtp({ refuse: /@/ });
    const root = scratchRoot();
    const file = join(root, 'bots', BOT, 'bot.yaml');
    const doc = parseDocument(readFileSync(file, 'utf8'));
    doc.setIn(['email', 'smtp'], { host: '127.0.0.1', port: smtp.port, security: 'none' });
    writeFileSync(file, doc.toString());
    s = await startScratchServer(root);
    outbox = new SqlOutbox(s.bots.get(BOT)!.loket.sql, BOT);
    await addAgent(s, 'anne', 'Anne de Vries');
    anne = new AgentClient(s.url);
    expect((await anne.login('anne')).status).toBe(200);
  });

  afterAll(async () => {
    await s.close();
    await smtp.close();
  });

  /** An e-mail queued as the mailer queues one, then given up by the bot's own worker. */
  async function refusedMail(reference: string): Promise<number> {
    const id = await outbox.add({ topic: 'email', kind: 'callback_requested', reference, payload: MAIL }, new Date());
    s.bots.get(BOT)!.loket.actions.wakeOutbox('email');
    await until(async () => (await outbox.get(id))?.status === 'failed', 'the e-mail to be given up');
    return id;
  }

  const listed = async () => (await anne.get('/agent/api/undelivered')).json.items as { id: number }[];

  it('lists a refused e-mail in plain words, without the address or the raw error', async () => {
    const id = await refusedMail('TBV-AAA111');
    const { status, json } = await anne.get('/agent/api/undelivered');
    expect(status).toBe(200);
    const item = json.items.find((i: { id: number }) => i.id === id);
    expect(item).toEqual({
      id, what: 'E-mail aan de inwoner: bevestiging van een terugbelverzoek', reference: 'TBV-AAA111', createdAt: expect.any(String),
      failedAt: expect.any(String), attempts: 1, reason: 'De mailserver weigert het e-mailadres van de inwoner.',
    });
    // Timestamps are left out: their milliseconds can read 550 by chance.
    const withoutTimes = JSON.stringify(json, (key, value) => (key.endsWith('At') ? undefined : value));
    expect(withoutTimes).not.toMatch(/jan\.smit|550|No such user/);
  });

  it('sends it again once the mail server takes it, and says so on the event stream', async () => {
    const id = await refusedMail('TBV-BBB222');
    // The mail server is back, on the same address, and takes everything now.
    const port = smtp.port;
    await smtp.close();
    smtp = await startSmtp({ port });
    const events = await readEvents(s.url, anne.cookie, (e) => e.some((x) => x.event === 'undelivered'), async () => {
      expect(await anne.post(`/agent/api/undelivered/${id}/retry`)).toMatchObject({ status: 200, json: { ok: true } });
    });
    expect(events.find((e) => e.event === 'undelivered')!.data).toEqual({ id, status: 'pending' });
    const mail = await smtp.next();
    expect(mail.envelope.to).toEqual(['jan.smit@example.nl']);
    expect(mail.mail.subject).toBe('Uw terugbelverzoek');
    await until(async () => (await outbox.get(id))?.status === 'sent', 'the e-mail to be recorded as sent');
    expect((await listed()).map((i) => i.id)).not.toContain(id);
    // Sent once: a second retry finds nothing to send back.
    expect(await anne.post(`/agent/api/undelivered/${id}/retry`)).toMatchObject({ status: 404 });
    expect(smtp.received).toHaveLength(1);
  });

  it('marks one handled with a note, dropping the e-mail itself', async () => {
    await smtp.close();
    smtp = await startSmtp({ port: smtp.port, refuse: /@/ });
    const id = await refusedMail('TBV-CCC333');
    expect(await anne.post(`/agent/api/undelivered/${id}/handled`, {})).toMatchObject({
      status: 422, json: { error: 'Schrijf kort op wat u zelf hebt gedaan, bijvoorbeeld "inwoner gebeld".' },
    });
    expect(await anne.post(`/agent/api/undelivered/${id}/handled`, { note: 'inwoner gebeld, bsn 111222333' })).toMatchObject({ status: 200 });
    expect((await listed()).map((i) => i.id)).not.toContain(id);
    const item = (await outbox.get(id)) as OutboxItem;
    expect(item).toMatchObject({ status: 'handled', handledBy: 'Anne de Vries', note: 'inwoner gebeld, bsn •••••••••', payload: {} });
    expect(await anne.post(`/agent/api/undelivered/${id}/handled`, { note: 'nogmaals' })).toMatchObject({ status: 404 });
  });

  it('needs a session and the CSRF header', async () => {
    const id = await refusedMail('TBV-DDD444');
    expect((await new AgentClient(s.url).get('/agent/api/undelivered')).status).toBe(401);
    expect((await anne.post(`/agent/api/undelivered/${id}/retry`, {}, { 'content-type': 'application/json' })).status).toBe(403);
    expect((await outbox.get(id))?.status).toBe('failed');
  });

  it('neither shows nor touches another bot\'s items in the same database', async () => {
    const other = new SqlOutbox(s.bots.get(BOT)!.loket.sql, 'anderegemeente');
    const id = await other.add({ topic: 'signalen', kind: 'melding', reference: 'MLD-ZZZ999', payload: {} }, new Date());
    await other.failed(id, 'Signalen answered 400: bad category', new Date());
    expect((await listed()).map((i) => i.id)).not.toContain(id);
    expect((await anne.post(`/agent/api/undelivered/${id}/retry`)).status).toBe(404);
    expect((await anne.post(`/agent/api/undelivered/${id}/handled`, { note: 'gedaan' })).status).toBe(404);
    expect((await other.get(id))?.status).toBe('failed');
  });
});
