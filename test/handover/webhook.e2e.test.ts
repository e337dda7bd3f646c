import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { startServer, type RunningServer } from '../../src/server';
import { OFFICE_HOURS, say, startConversation, type Json } from '../channels/directline/helpers';
import { FakeDesk, postSigned } from './fakeDesk';
import { BOT, botWithAdapter, untilText } from './remoteBot';

const SECRET = 'e2e-desk-secret-5f1c9a0b2d';
const CRISIS = 'Bent u in gevaar? Bel dan nu 112. Denkt u aan zelfdoding? Praat erover met 113 Zelfmoordpreventie: bel 113 of gratis 0800-0113, of chat op 113.nl. Zij zijn er dag en nacht.';

describe('handover to a signed webhook desk through the real server', () => {
  let desk: FakeDesk;
  let s: RunningServer;

  beforeAll(async () => {
    desk = new FakeDesk(SECRET, BOT);
    await desk.start();
    const root = botWithAdapter(['  adapter: webhook', '  webhook:', `    url: ${desk.url}`, '    secret_env: LOKET_TEST_DESK_SECRET']);
    Object.assign(process.env, { LOKET_TEST_DESK_SECRET: SECRET, LOKET_DIRECTLINE_SECRET: 'direct-line-test-secret-0123456789abcdef' });
    const stateFile = join(mkdtempSync(join(tmpdir(), 'loket-desk-state-')), 'state.sqlite');
    s = await startServer({ root, port: 0, anonymous: true, log: pino({ level: 'silent' }), stateFile, now: () => OFFICE_HOURS });
  });
  afterAll(async () => {
    await s.close();
    await desk.stop();
  });

  it('sends the ticket, takes the queue place, carries messages both ways and hands back to the bot', async () => {
    const hook = `${s.url}/api/bots/${BOT}/handover`;
    const c = await startConversation(s);
    desk.answers = [{ status: 200, body: { position: 2, waitMinutes: 6 } }];
    await say(s, c, 'ik wil een medewerker spreken');
    await untilText(s, c, 'U bent nummer 2 in de wachtrij. Het duurt ongeveer 6 minuten. Wilt u niet meer wachten? Typ dan "stop".');

    const initiate = desk.received.find((b: Json) => b.type === 'handover.initiate');
    expect(initiate.ticket).toMatchObject({ botId: BOT, channel: 'directline', lang: 'nl', reasons: ['person'], priority: 'normal' });
    expect(initiate.ticket.transcript).toContainEqual(expect.objectContaining({ from: 'resident', text: 'ik wil een medewerker spreken' }));
    const id = initiate.ticket.conversationId;

    expect((await postSigned(hook, SECRET, { type: 'assigned', conversationId: id, agent: 'Anna' })).status).toBe(200);
    await untilText(s, c, 'U praat nu met Anna, medewerker van Gemeente Voorbeeld.');
    await say(s, c, 'Mijn rijbewijs is gestolen');
    expect((await postSigned(hook, SECRET, { type: 'message', conversationId: id, text: 'Wat vervelend. Heeft u al aangifte gedaan?', agent: 'Anna' })).status).toBe(200);
    await untilText(s, c, 'Wat vervelend. Heeft u al aangifte gedaan?');
    expect(desk.received).toContainEqual({ type: 'handover.message', conversationId: id, message: expect.objectContaining({ from: 'resident', text: 'Mijn rijbewijs is gestolen' }) });

    // A crisis after the handover: 112/113 at once, and the desk hears it is urgent now.
    await say(s, c, 'ik wil niet meer leven');
    await untilText(s, c, CRISIS);
    expect(desk.received.slice(-3)).toEqual([
      { type: 'handover.message', conversationId: id, message: expect.objectContaining({ from: 'resident', text: 'ik wil niet meer leven' }) },
      { type: 'handover.message', conversationId: id, message: expect.objectContaining({ from: 'bot', text: CRISIS }) },
      { type: 'handover.escalate', conversationId: id, priority: 'urgent', reason: 'crisis' },
    ]);

    // A forged call (wrong secret) is refused and changes nothing.
    expect((await postSigned(hook, 'niet het geheim', { type: 'returned', conversationId: id })).status).toBe(401);
    expect((await postSigned(hook, SECRET, { type: 'returned', conversationId: id })).status).toBe(200);
    await untilText(s, c, 'U praat weer met de digitale assistent. Waarmee kan ik u helpen?');

    const sent = desk.received.length;
    await say(s, c, 'hoe laat is het gemeentehuis open');
    expect(desk.received).toHaveLength(sent);
    expect(desk.violations).toEqual([]);
  });
});
