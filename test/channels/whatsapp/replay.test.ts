import { join } from 'node:path';
import pino from 'pino';
import { whatsAppChannel } from '../../../src/channels/whatsapp';
import { startServer, type RunningServer } from '../../../src/server';
import { FakeGraph } from './fakeGraph';
import { BOT, ENV, PHONE_ID, TOKEN, VERSION, contentRoot, metaJson, payload, sign, text, type Json } from './helpers';

const NOW = new Date('2026-03-10T10:00:00+01:00');
const DAY = 86_400_000;

/** A signed payload captured once must not be handled again: not after a restart, not days later. */
describe('WhatsApp replays', () => {
  const graph = new FakeGraph({ version: VERSION, phoneNumberId: PHONE_ID, token: TOKEN });
  let root: string;
  let clock = NOW;

  beforeAll(async () => {
    Object.assign(process.env, ENV);
    await graph.start();
    root = contentRoot(graph.url);
  });
  afterAll(() => graph.stop());

  const start = () => startServer({ root, port: 0, anonymous: true, log: pino({ level: 'silent' }), now: () => clock, stateFile: join(root, 'state', 'state.sqlite') });

  async function post(s: RunningServer, raw: string): Promise<{ status: number; json: Json }> {
    const res = await fetch(`${s.url}/api/whatsapp/${BOT}/webhook`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': sign(raw) }, body: raw });
    const json = await res.json();
    await whatsAppChannel(s.server)!.idle();
    return { status: res.status, json };
  }

  it('does not handle a payload again after a restart', async () => {
    const wa = '31620202020';
    const raw = metaJson(payload([text(wa, 'hoe laat is het gemeentehuis open')]));
    const first = await start();
    try {
      expect((await post(first, raw)).json).toEqual({ status: 'received', messages: 1, duplicates: 0, stale: 0 });
    } finally {
      await first.close();
    }
    const answered = graph.to(wa).length;
    expect(answered).toBeGreaterThan(0);
    const second = await start();
    try {
      expect((await post(second, raw)).json).toEqual({ status: 'received', messages: 0, duplicates: 1, stale: 0 });
      expect(graph.to(wa)).toHaveLength(answered);
    } finally {
      await second.close();
    }
  });

  it('refuses a message older than 7 days (a replay, not one of Meta\'s retries), and takes one of 6 days', async () => {
    const wa = '31630303030';
    const s = await start();
    try {
      const sentAtNow = () => ({ ...text(wa, 'hallo'), timestamp: String(NOW.getTime() / 1000) });
      clock = new Date(NOW.getTime() + 8 * DAY);
      expect((await post(s, metaJson(payload([sentAtNow()])))).json).toEqual({ status: 'received', messages: 0, duplicates: 0, stale: 1 });
      expect(graph.to(wa)).toHaveLength(0);
      clock = new Date(NOW.getTime() + 6 * DAY);
      expect((await post(s, metaJson(payload([sentAtNow()])))).json).toEqual({ status: 'received', messages: 1, duplicates: 0, stale: 0 });
      expect(graph.to(wa).length).toBeGreaterThan(0);
    } finally {
      clock = NOW;
      await s.close();
    }
  });

  it('refuses a message without a timestamp', async () => {
    const s = await start();
    try {
      const { timestamp: _, ...message } = text('31640404040', 'hallo');
      expect(await post(s, metaJson(payload([message])))).toEqual({ status: 400, json: { error: 'every message needs a timestamp (seconds since 1970, as a string)' } });
    } finally {
      await s.close();
    }
  });
});
