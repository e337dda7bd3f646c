/**
 * WhatsApp's 24-hour window with a remote desk, end to end: a resident on WhatsApp (fake Graph API), Loket's real
 * server, and a webhook desk. An agent who answers too late gets a clear refusal instead of a message that never
 * arrives.
 */
import { join } from 'node:path';
import pino from 'pino';
import { whatsAppChannel, type WhatsAppChannel } from '../../src/channels/whatsapp';
import { startServer, type RunningServer } from '../../src/server';
import { OFFICE_HOURS } from '../channels/directline/helpers';
import { FakeGraph } from '../channels/whatsapp/fakeGraph';
import { addWhatsApp, ENV, metaJson, payload, PHONE_ID, sign, text, TOKEN, VERSION, type Json } from '../channels/whatsapp/helpers';
import { FakeDesk, postSigned } from './fakeDesk';
import { BOT, botWithAdapter } from './remoteBot';

const SECRET = 'e2e-window-desk-secret-77a1';
const HOUR = 3_600_000;
const WA = '31622334455';
const TOO_LATE = 'De inwoner schreef meer dan 24 uur geleden. Via WhatsApp kan dan alleen nog een vast sjabloonbericht. Bel de inwoner, of wacht tot die opnieuw schrijft.';

describe('an agent on a webhook desk and the WhatsApp 24-hour window', () => {
  const graph = new FakeGraph({ version: VERSION, phoneNumberId: PHONE_ID, token: TOKEN });
  const desk = new FakeDesk(SECRET, BOT);
  let clock = OFFICE_HOURS;
  let s: RunningServer;
  let channel: WhatsAppChannel;
  let hook: string;

  beforeAll(async () => {
    await Promise.all([graph.start(), desk.start()]);
    const root = botWithAdapter(['  adapter: webhook', '  webhook:', `    url: ${desk.url}`, '    secret_env: LOKET_TEST_WINDOW_DESK_SECRET']);
    addWhatsApp(root, graph.url);
    Object.assign(process.env, ENV, { LOKET_TEST_WINDOW_DESK_SECRET: SECRET });
    s = await startServer({ root, port: 0, host: '127.0.0.1', anonymous: true, log: pino({ level: 'silent' }), now: () => clock, stateFile: join(root, 'state', 'state.sqlite') });
    channel = whatsAppChannel(s.server)!;
    hook = `${s.url}/api/bots/${BOT}/handover`;
  });
  afterAll(async () => {
    await s.close();
    await Promise.all([graph.stop(), desk.stop()]);
  });

  /** The resident writes on WhatsApp; resolves when Loket has handled it. */
  async function residentSays(body: string): Promise<void> {
    const raw = metaJson(payload([text(WA, body)]));
    const res = await fetch(`${s.url}/api/whatsapp/${BOT}/webhook`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': sign(raw) }, body: raw });
    expect(res.status).toBe(200);
    await channel.idle();
  }

  /** Waits (without timers) until the resident's WhatsApp got a text message with this body. */
  async function untilResidentGets(body: string): Promise<void> {
    const deadline = Date.now() + 10_000;
    while (!graph.to(WA).some((m) => m.body.text?.body === body)) {
      if (Date.now() > deadline) throw new Error(`the resident never got "${body}"; got ${JSON.stringify(graph.to(WA).map((m) => m.body.text?.body ?? m.type))}`);
      await new Promise((r) => setImmediate(r));
    }
  }

  it('refuses a late answer with a reason for the agent, sends nothing, and delivers again once the resident writes', async () => {
    await residentSays('ik wil een medewerker spreken');
    const initiate = desk.received.find((b: Json) => b.type === 'handover.initiate');
    expect(initiate.ticket.channel).toBe('whatsapp');
    const id = initiate.ticket.conversationId;

    expect((await postSigned(hook, SECRET, { type: 'message', conversationId: id, text: 'Goedemorgen, u spreekt met Anna.', agent: 'Anna' })).status).toBe(200);
    await untilResidentGets('Goedemorgen, u spreekt met Anna.');

    clock = new Date(OFFICE_HOURS.getTime() + 25 * HOUR);
    const sentBefore = graph.to(WA).length;
    expect(await postSigned(hook, SECRET, { type: 'message', conversationId: id, text: 'Bent u er nog?', agent: 'Anna' })).toEqual({ status: 409, body: { error: 'window_closed', message: TOO_LATE } });
    expect(await postSigned(hook, SECRET, { type: 'link', conversationId: id, title: 'Rijbewijs', url: 'https://www.voorbeeld.nl/rijbewijs' })).toEqual({ status: 409, body: { error: 'window_closed', message: TOO_LATE } });
    expect(graph.to(WA).length).toBe(sentBefore);

    await residentSays('ja hoor, ik ben er weer');
    // Anna answered, so she has the conversation: the bot says nothing (no "your message is passed on").
    expect(graph.to(WA).length).toBe(sentBefore);
    expect(desk.received.at(-1)).toEqual({ type: 'handover.message', conversationId: id, message: expect.objectContaining({ from: 'resident', text: 'ja hoor, ik ben er weer' }) });
    expect((await postSigned(hook, SECRET, { type: 'message', conversationId: id, text: 'Fijn. Waar kan ik mee helpen?', agent: 'Anna' })).status).toBe(200);
    await untilResidentGets('Fijn. Waar kan ik mee helpen?');
    expect(graph.violations).toEqual([]);
    expect(desk.violations).toEqual([]);
  });

  it('refuses an answer to a conversation that went back to the bot', async () => {
    const id = desk.received.find((b: Json) => b.type === 'handover.initiate').ticket.conversationId;
    expect((await postSigned(hook, SECRET, { type: 'returned', conversationId: id })).status).toBe(200);
    await untilResidentGets('U praat weer met de digitale assistent. Waarmee kan ik u helpen?');
    const sentBefore = graph.to(WA).length;
    const late = await postSigned(hook, SECRET, { type: 'message', conversationId: id, text: 'Nog één ding.', agent: 'Anna' });
    expect(late).toEqual({ status: 409, body: { error: 'not_handed_over', message: 'Dit gesprek is niet (meer) bij een medewerker. De inwoner praat met de chatbot.' } });
    expect(graph.to(WA).length).toBe(sentBefore);
  });
});
