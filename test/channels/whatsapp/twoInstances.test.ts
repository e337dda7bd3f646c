import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MessageFactory, type CardAction } from 'botbuilder';
import pino from 'pino';
import { whatsAppChannel, type WhatsAppChannel } from '../../../src/channels/whatsapp';
import { startServer, type RunningServer } from '../../../src/server';
import { freshPostgres } from '../../storage/fresh';
import { FakeGraph } from './fakeGraph';
import { BOT, ENV, PHONE_ID, TOKEN, VERSION, contentRoot, metaJson, payload, sign, text, type Json } from './helpers';

const START = new Date('2026-03-10T10:00:00+01:00');
const HOUR = 3_600_000;

/**
 * Two instances on one PostgreSQL database behind one webhook address: Meta's retry of a message may reach the other
 * instance, and a resident's next message may too.
 */
describe('WhatsApp on two instances on PostgreSQL', () => {
  const graph = new FakeGraph({ version: VERSION, phoneNumberId: PHONE_ID, token: TOKEN });
  let clock = START;
  let a: RunningServer;
  let b: RunningServer;

  beforeAll(async () => {
    Object.assign(process.env, ENV, { LOKET_DIRECTLINE_SECRET: 'a-long-random-value-shared-by-both-instances' });
    await graph.start();
    const root = contentRoot(graph.url);
    const databaseUrl = await freshPostgres();
    // Each instance has its own folder, as on two machines.
    const start = () => startServer({ root, port: 0, anonymous: true, log: pino({ level: 'silent' }), now: () => clock, databaseUrl, stateFile: join(mkdtempSync(join(tmpdir(), 'loket-wa2-')), 'state.sqlite') });
    a = await start();
    b = await start();
  });

  afterAll(async () => {
    await a?.close();
    await b?.close();
    await graph.stop();
  });

  afterEach(() => {
    expect(graph.violations).toEqual([]);
  });

  const channel = (s: RunningServer): WhatsAppChannel => whatsAppChannel(s.server)!;

  async function post(s: RunningServer, raw: string): Promise<{ status: number; json: Json }> {
    const res = await fetch(`${s.url}/api/whatsapp/${BOT}/webhook`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': sign(raw) }, body: raw });
    return { status: res.status, json: await res.json() };
  }

  it('handles a message that reaches both instances at once one time, and answers it once', async () => {
    const wa = '31621212121';
    const raw = metaJson(payload([text(wa, 'hoe laat is het gemeentehuis open')]));
    const [onA, onB] = await Promise.all([post(a, raw), post(b, raw)]);
    await Promise.all([channel(a).idle(), channel(b).idle()]);
    expect([onA.status, onB.status]).toEqual([200, 200]);
    expect(onA.json.messages + onB.json.messages).toBe(1);
    expect(onA.json.duplicates + onB.json.duplicates).toBe(1);
    const answered = graph.to(wa).length;
    expect(answered).toBeGreaterThan(0);
    // Meta's retry, later, on either instance: still once.
    expect((await post(a, raw)).json).toMatchObject({ messages: 0, duplicates: 1 });
    await channel(a).idle();
    expect(graph.to(wa)).toHaveLength(answered);
  });

  it('knows on one instance the window and the numbered options the other one saw', async () => {
    const wa = '31622222222';
    await post(a, metaJson(payload([text(wa, 'hallo')])));
    await channel(a).idle();
    const adapterB = channel(b).bots.get(BOT)!.adapter;
    expect(await adapterB.insideWindow(wa)).toBe(true);
    // Eleven options go out as numbered lines from A; the resident's "2" arrives at B.
    const options: CardAction[] = Array.from({ length: 11 }, (_, i) => ({ type: 'imBack', title: `Optie ${i + 1}`, value: `waarde-${i + 1}` }));
    await channel(a).bots.get(BOT)!.adapter.deliver(wa, [MessageFactory.suggestedActions(options, 'Kies er een')]);
    const handle = jest.spyOn(b.bots.get(BOT)!.loket, 'handle');
    try {
      await post(b, metaJson(payload([text(wa, '2')])));
      await channel(b).idle();
      expect(handle).toHaveBeenCalledWith(`whatsapp:${wa}`, expect.objectContaining({ text: 'waarde-2' }), 'whatsapp', expect.any(String));
    } finally {
      handle.mockRestore();
    }
  });

  it('sends what waited for the window from the instance the resident writes to next', async () => {
    const wa = '31623232323';
    await post(a, metaJson(payload([text(wa, 'hallo')])));
    await channel(a).idle();
    clock = new Date(START.getTime() + 25 * HOUR);
    try {
      // An agent's answer after the window closed: B sends the template and keeps the answer waiting.
      await channel(b).bots.get(BOT)!.adapter.deliver(wa, [MessageFactory.text('Hier is het antwoord van de medewerker.')]);
      expect(graph.to(wa).at(-1)?.type).toBe('template');
      await post(a, metaJson(payload([text(wa, 'ik ben er weer')])));
      await channel(a).idle();
      expect(graph.to(wa).filter((m) => m.body.text?.body === 'Hier is het antwoord van de medewerker.')).toHaveLength(1);
    } finally {
      clock = START;
    }
  });
});
