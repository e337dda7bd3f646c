import { join } from 'node:path';
import pino from 'pino';
import { whatsAppChannel } from '../../../src/channels/whatsapp';
import { startServer } from '../../../src/server';
import { describeChannelContract, type SeenReply } from '../contract';
import { FakeGraph } from './fakeGraph';
import { BOT, buttonReply, contentRoot, ENV, image, listReply, location, metaJson, payload, PHONE_ID, sign, text, TOKEN, VERSION, type Json } from './helpers';

/** WhatsApp, spoken to as Meta does (signed webhook posts), its answers read from the fake Graph API. */
describeChannelContract('WhatsApp Cloud API', async () => {
  Object.assign(process.env, ENV, { LOKET_WHATSAPP_RETRY_BASE_MS: '2' });
  const graph = new FakeGraph({ version: VERSION, phoneNumberId: PHONE_ID, token: TOKEN });
  await graph.start();
  const root = contentRoot(graph.url);
  const s = await startServer({ root, port: 0, anonymous: true, log: pino({ level: 'silent' }), stateFile: join(root, 'state', 'state.sqlite') });
  const channel = whatsAppChannel(s.server)!;
  const hook = `${s.url}/api/whatsapp/${BOT}/webhook`;
  const waId = (conversation: string) => `316${String([...conversation].reduce((h, c) => (h * 31 + c.charCodeAt(0)) % 1e8, 7)).padStart(8, '0')}`;
  const options = new Map<string, { id: string; title: string; list: boolean }[]>();

  const post = async (raw: string) => {
    const res = await fetch(hook, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': sign(raw) }, body: raw });
    await channel.idle();
    return res;
  };
  const send = async (conversation: string, message: Json): Promise<SeenReply> => {
    const to = waId(conversation);
    const before = graph.to(to).length;
    expect((await post(metaJson(payload([message])))).status).toBe(200);
    const bodies = graph.to(to).slice(before).map((m) => m.body);
    const seen: SeenReply = { texts: [], options: [] };
    const opts: { id: string; title: string; list: boolean }[] = [];
    for (const b of bodies) {
      if (b.type === 'text') seen.texts.push(b.text.body);
      if (b.type !== 'interactive') continue;
      seen.texts.push(b.interactive.body.text);
      for (const btn of b.interactive.action.buttons ?? []) opts.push({ id: btn.reply.id, title: btn.reply.title, list: false });
      for (const row of (b.interactive.action.sections ?? []).flatMap((x: Json) => x.rows)) opts.push({ id: row.id, title: row.title, list: true });
    }
    if (opts.length) options.set(conversation, opts);
    seen.options = opts.map((o) => o.title);
    return seen;
  };
  return {
    say: (c, t) => send(c, text(waId(c), t)),
    choose: (c, title) => {
      const o = options.get(c)!.find((x) => x.title === title)!;
      return send(c, o.list ? listReply(waId(c), o.id, o.title) : buttonReply(waId(c), o.id, o.title));
    },
    shareLocation: (c, lat, lon) => send(c, location(waId(c), lat, lon)),
    sendPhoto: (c) => {
      graph.media.set('media-contract', { bytes: Buffer.from('fake jpeg bytes'), mimeType: 'image/jpeg' });
      return send(c, image(waId(c), 'media-contract'));
    },
    sendMalformed: async () => {
      const res = await post('{"object": "whatsapp_business_account", ');
      const body = (await res.json()) as { error: unknown };
      return { refused: res.status === 400, message: JSON.stringify(body.error) };
    },
    close: async () => {
      await s.close();
      await graph.stop();
      expect(graph.violations).toEqual([]);
    },
  };
});
