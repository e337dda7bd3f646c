import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import { MessageFactory, type CardAction } from 'botbuilder';
import pino from 'pino';
import { startServer, type RunningServer } from '../../../src/server';
import { TEXTS, whatsAppChannel, type WhatsAppChannel } from '../../../src/channels/whatsapp';
import { FakeGraph } from './fakeGraph';
import { BOT, ENV, PHONE_ID, TOKEN, VERIFY_TOKEN, VERSION, buttonReply, contentRoot, image, listReply, location, metaJson, nextId, nowSeconds, payload, sign, text, type Json } from './helpers';

const START = new Date('2026-03-10T10:00:00+01:00');
const HOUR = 60 * 60 * 1000;

describe('WhatsApp Cloud API channel', () => {
  const graph = new FakeGraph({ version: VERSION, phoneNumberId: PHONE_ID, token: TOKEN });
  const logLines: string[] = [];
  let clock = START;
  let root: string;
  let s: RunningServer;
  let channel: WhatsAppChannel;
  let hook: string;

  beforeAll(async () => {
    Object.assign(process.env, ENV, { LOKET_WHATSAPP_RETRY_BASE_MS: '2' });
    await graph.start();
    root = contentRoot(graph.url);
    const log = pino({ level: 'debug' }, { write: (line: string) => void logLines.push(line) });
    s = await startServer({ root, port: 0, host: '127.0.0.1', anonymous: true, log, now: () => clock, stateFile: join(root, 'state', 'state.sqlite') });
    channel = whatsAppChannel(s.server)!;
    hook = `${s.url}/api/whatsapp/${BOT}/webhook`;
  });

  afterAll(async () => {
    await s.close();
    await graph.stop();
  });

  afterEach(() => {
    expect(graph.violations).toEqual([]);
  });

  /** Posts a signed webhook body (as Meta escapes it) and waits until every message in it has been handled. */
  async function post(body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; json: Json; type: string | null }> {
    const raw = typeof body === 'string' ? body : metaJson(body);
    const res = await fetch(hook, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': sign(raw), ...headers }, body: raw });
    const result = { status: res.status, json: await res.json().catch(() => undefined), type: res.headers.get('content-type') };
    await channel.idle();
    return result;
  }

  /** What the resident gets back for these messages. */
  async function send(...messages: Json[]): Promise<Json[]> {
    const from = messages[0].from;
    const before = graph.to(from).length;
    const r = await post(payload(messages));
    expect(r.status).toBe(200);
    return graph.to(from).slice(before).map((m) => m.body);
  }

  describe('webhook verification (GET)', () => {
    const verify = (query: string) => fetch(`${hook}?${query}`);

    it('answers the challenge as plain text for the right verify token', async () => {
      const res = await verify(`hub.mode=subscribe&hub.verify_token=${VERIFY_TOKEN}&hub.challenge=1158201444`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
      expect(await res.text()).toBe('1158201444');
    });

    it.each([
      ['a wrong token', 'hub.mode=subscribe&hub.verify_token=guess&hub.challenge=1'],
      ['no token', 'hub.mode=subscribe&hub.challenge=1'],
      ['another mode', `hub.mode=unsubscribe&hub.verify_token=${VERIFY_TOKEN}&hub.challenge=1`],
    ])('refuses %s with 403 JSON', async (_, query) => {
      const res = await verify(query);
      expect(res.status).toBe(403);
      expect(((await res.json()) as Json).error).toMatch(/verification failed/);
    });

    it('does not know bots without WhatsApp', async () => {
      const res = await fetch(`${s.url}/api/whatsapp/elders/webhook?hub.mode=subscribe&hub.verify_token=${VERIFY_TOKEN}&hub.challenge=1`);
      expect(res.status).toBe(404);
      expect(await res.json()).toEqual({ error: 'no WhatsApp channel for bot "elders"' });
    });
  });

  describe('signatures (POST)', () => {
    const body = payload([text('31600000001', 'Café één, ë, € 5 😀')]);
    const raw = metaJson(body);

    it('refuses a missing or wrong signature with 401 and handles nothing', async () => {
      const handle = jest.spyOn(s.bots.get(BOT)!.loket, 'handle');
      try {
        for (const headers of [{ 'x-hub-signature-256': '' }, { 'x-hub-signature-256': sign(raw, 'another-secret') }, { 'x-hub-signature-256': 'sha256=abc' }, { 'x-hub-signature-256': sign(`${raw} `) }]) {
          expect(await post(raw, headers)).toMatchObject({ status: 401, json: { error: 'missing or invalid X-Hub-Signature-256' } });
        }
        const res = await fetch(hook, { method: 'POST', headers: { 'content-type': 'application/json' }, body: raw });
        expect(res.status).toBe(401);
        expect(handle).not.toHaveBeenCalled();
      } finally {
        handle.mockRestore();
      }
    });

    it('verifies over the bytes as sent, with non-ASCII escaped the way Meta does, and the text arrives intact', async () => {
      expect(raw).toContain('Caf\\u00e9 \\u00e9\\u00e9n, \\u00eb, \\u20ac 5 \\ud83d\\ude00');
      // biome-ignore lint/suspicious/noControlCharactersInRegex: the whole ASCII range, to prove only ASCII was sent
      expect(raw).not.toMatch(/[^\x00-\x7f]/);
      // signed over the unescaped JSON (other bytes than those sent): refused
      expect((await post(raw, { 'x-hub-signature-256': sign(JSON.stringify(body)) })).status).toBe(401);
      const handle = jest.spyOn(s.bots.get(BOT)!.loket, 'handle');
      try {
        const r = await post(raw);
        expect(r).toMatchObject({ status: 200, json: { status: 'received', messages: 1, duplicates: 0 } });
        expect(handle).toHaveBeenCalledWith('whatsapp:31600000001', { type: 'text', text: 'Café één, ë, € 5 😀' }, 'whatsapp', expect.stringMatching(/^wamid\./));
      } finally {
        handle.mockRestore();
      }
    });

    it('also accepts raw UTF-8 bodies when the signature covers those bytes', async () => {
      const handle = jest.spyOn(s.bots.get(BOT)!.loket, 'handle');
      try {
        const utf8 = JSON.stringify(payload([text('31600000002', 'Één vraag 😀')]));
        expect((await post(utf8)).status).toBe(200);
        expect(handle).toHaveBeenCalledWith('whatsapp:31600000002', { type: 'text', text: 'Één vraag 😀' }, 'whatsapp', expect.stringMatching(/^wamid\./));
      } finally {
        handle.mockRestore();
      }
    });
  });

  describe('conversations', () => {
    it('answers a text with reply buttons, and a button reply continues the flow', async () => {
      const wa = '31611111111';
      const [welcome] = await send(text(wa, 'ik wil iets melden'));
      expect(welcome.interactive.type).toBe('list'); // ten categories
      await send(listReply(wa, 'Afval'));
      await send(location(wa, 52.0907, 5.1214, { name: 'Stadhuis', address: 'Stadhuisplein 1, Voorbeeld' }));
      const [photo] = await send(text(wa, 'de container is vol'));
      expect(photo).toEqual({
        messaging_product: 'whatsapp',
        recipient_type: 'individual',
        to: wa,
        type: 'interactive',
        interactive: { type: 'button', body: { text: 'Heeft u een foto? Stuur die dan nu. Geen foto? Kies dan Overslaan.' }, action: { buttons: [{ type: 'reply', reply: { id: 'overslaan', title: 'Overslaan' } }] } },
      });
      const [contact] = await send(buttonReply(wa, 'overslaan', 'Overslaan'));
      expect(contact.interactive.action.buttons.map((b: Json) => b.reply)).toEqual([{ id: 'ja', title: 'Ja' }, { id: 'nee', title: 'Nee' }]);
      const [confirm] = await send(buttonReply(wa, 'nee', 'Nee'));
      expect(confirm.interactive.body.text).toContain('Plek: Stadhuis, Stadhuisplein 1, Voorbeeld');
    });

    it('shows 4-10 options as a list, and a list reply continues the flow', async () => {
      const wa = '31622222222';
      const [list] = await send(text(wa, 'ik wil een afspraak maken'));
      expect(list.type).toBe('interactive');
      expect(list.interactive.type).toBe('list');
      expect(list.interactive.body.text).toBe('Waarvoor wilt u een afspraak maken?');
      expect(list.interactive.action.button).toBe('Kies');
      const rows = list.interactive.action.sections[0].rows;
      expect(rows).toHaveLength(6);
      expect(rows[0]).toEqual({ id: 'Paspoort', title: 'Paspoort' });
      expect(rows[4]).toEqual({ id: 'Verhuizing uit het buitenland', title: 'Verhuizing uit het buit…', description: 'Verhuizing uit het buitenland' });
      const [next] = await send(listReply(wa, rows[0].id, rows[0].title));
      expect(next.type).toBe('text');
      expect(next.text.body).toContain('Op welke dag');
    });

    it('fills the location of a report from a shared location', async () => {
      const wa = '31633333333';
      await send(text(wa, 'ik wil iets melden'));
      await send(listReply(wa, 'Straatverlichting'));
      const [next] = await send(location(wa, 52.37, 4.89));
      expect(next.text.body).toContain('Wat is er aan de hand?');
    });

    it('fetches a photo through the media API, fills the photo of the report and stores it on disk', async () => {
      const wa = '31644444444';
      const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(2048, 7)]);
      graph.media.set('media-1', { bytes: jpeg, mimeType: 'image/jpeg' });
      await send(text(wa, 'ik wil iets melden'));
      await send(listReply(wa, 'Afval'));
      await send(text(wa, 'Stadhuisplein 1, 1234 AB Voorbeeld'));
      await send(text(wa, 'zakken naast de container'));
      const [contact] = await send(image(wa, 'media-1', 'kijk maar'));
      expect(contact.interactive.body.text).toContain('per e-mail');
      expect(graph.requests).toEqual(expect.arrayContaining([{ method: 'GET', path: `/${VERSION}/media-1` }, { method: 'GET', path: '/media-download/media-1' }]));
      const [confirm] = await send(buttonReply(wa, 'nee'));
      expect(confirm.interactive.body.text).toContain('Foto: foto');
      const [done] = await send(buttonReply(wa, 'ja'));
      expect(done.text.body).toMatch(/meldnummer is/);
      const db = new BetterSqlite3(join(root, 'state', `${BOT}.sqlite`), { readonly: true });
      try {
        const row = db.prepare('SELECT photo_json FROM reports ORDER BY rowid DESC LIMIT 1').get() as { photo_json: string };
        const photo = JSON.parse(row.photo_json);
        expect(photo.contentType).toBe('image/jpeg');
        expect(photo.url).toMatch(/^file:\/\/.*whatsapp-media/);
        expect(readFileSync(fileURLToPath(photo.url))).toEqual(jpeg);
      } finally {
        db.close();
      }
    });

    it('refuses photos over 5 MB politely, without downloading them', async () => {
      const wa = '31655555555';
      graph.media.set('media-big', { bytes: Buffer.alloc(10), mimeType: 'image/jpeg', declaredSize: 6 * 1024 * 1024 });
      const [reply] = await send(image(wa, 'media-big'));
      expect(reply.text.body).toBe(TEXTS.imageTooLarge);
      expect(graph.requests).not.toContainEqual({ method: 'GET', path: '/media-download/media-big' });
      // a server that says nothing about the size and then sends too much is cut off while streaming
      graph.media.set('media-huge', { bytes: Buffer.alloc(5 * 1024 * 1024 + 1), mimeType: 'image/jpeg', declaredSize: 1 });
      const [again] = await send(image(wa, 'media-huge'));
      expect(again.text.body).toBe(TEXTS.imageTooLarge);
    });

    it('answers unsupported messages politely and ignores reactions', async () => {
      const wa = '31666666666';
      const [reply] = await send({ from: wa, id: nextId(), timestamp: '1773136800', type: 'sticker', sticker: { id: 's1', mime_type: 'image/webp', animated: false } });
      expect(reply).toMatchObject({ type: 'text', text: { body: 'Dit soort bericht kan ik niet lezen. Typ uw vraag alstublieft.' } });
      expect(await send({ from: wa, id: nextId(), timestamp: '1773136800', type: 'reaction', reaction: { message_id: 'wamid.x', emoji: '👍' } })).toEqual([]);
      expect(await send({ from: wa, id: nextId(), timestamp: '1773136800', type: 'unknown', errors: [{ code: 131051 }] })).toHaveLength(1);
    });

    it('does not send again what a turn sent before its instance died, when the turn runs again', async () => {
      const wa = '31667676767';
      const adapter = channel.bots.get(BOT)!.adapter;
      const message = text(wa, 'hoe laat is het gemeentehuis open');
      let recorded = 0;
      const progress = (sent: number) => ({ sent, record: async () => void recorded++ });
      await adapter.receive(message, 'Inwoner', progress(0));
      const first = graph.to(wa).length;
      expect(first).toBeGreaterThan(0);
      expect(recorded).toBe(first);
      // The same message again (taken over after a crash): the runtime gives the same answer, already sent.
      await adapter.receive(message, 'Inwoner', progress(first));
      expect(graph.to(wa)).toHaveLength(first);
      // Had the first reply not gone out, it goes out now, once.
      await adapter.receive(message, 'Inwoner', progress(first - 1));
      expect(graph.to(wa)).toHaveLength(first + 1);
      expect(graph.to(wa).at(-1)!.body).toEqual(graph.to(wa).at(first - 1)!.body);
    });

    it('turns markdown links into "title: url"', async () => {
      const wa = '31677777777';
      const replies = await send(text(wa, 'hoe laat is het gemeentehuis open'));
      const bodies = replies.map((r) => r.text?.body ?? r.interactive?.body.text).join('\n');
      expect(bodies).toContain('9.00 tot 17.00');
      expect(bodies).not.toMatch(/\]\(/);
    });
  });

  describe('delivery', () => {
    it('handles a message Meta delivers twice only once', async () => {
      const wa = '31688888888';
      const handle = jest.spyOn(s.bots.get(BOT)!.loket, 'handle');
      try {
        const message = text(wa, 'hoe laat is het gemeentehuis open');
        const first = await post(payload([message, message]));
        expect(first.json).toEqual({ status: 'received', messages: 1, duplicates: 1, stale: 0 });
        const second = await post(payload([message]));
        expect(second).toMatchObject({ status: 200, json: { messages: 0, duplicates: 1 } });
        expect(handle).toHaveBeenCalledTimes(1);
        expect(graph.to(wa).length).toBeGreaterThan(0);
      } finally {
        handle.mockRestore();
      }
    });

    it('tries again after 429 and 5xx, with backoff, and then delivers once', async () => {
      const wa = '31699999999';
      const posts = () => graph.requests.filter((r) => r.method === 'POST').length;
      const before = posts();
      graph.failNext = [429, 503];
      const replies = await send(text(wa, 'hoe laat is het gemeentehuis open'));
      expect(replies).toHaveLength(1);
      expect(posts() - before).toBe(3);
    });

    it('does not retry other 4xx answers and logs them without personal data', async () => {
      const wa = '31612121212';
      const posts = () => graph.requests.filter((r) => r.method === 'POST').length;
      const before = posts();
      graph.failNext = [400];
      expect(await send(text(wa, 'hoe laat is het gemeentehuis open'))).toEqual([]);
      expect(posts() - before).toBe(1);
      const rejected = logLines.filter((l) => l.includes('whatsapp graph api call rejected'));
      expect(rejected.length).toBeGreaterThan(0);
      expect(rejected.join('')).toContain('"status":400');
    });

    it('maps a number back to the option after more than 10 options (numbered text)', async () => {
      const wa = '31613131313';
      await send(text(wa, 'ik wil iets melden'));
      const names = ['Straatverlichting', 'Afval', 'Weg of stoep', 'Bomen en groen', 'Riool en water', 'Verkeersbord of verkeerslicht', 'Graffiti', 'Speeltuin', 'Dood dier', 'Iets anders', 'Nog iets', 'En nog iets'];
      const actions: CardAction[] = names.map((n) => ({ type: 'imBack', title: n, value: n }));
      await channel.bots.get(BOT)!.adapter.deliver(wa, [MessageFactory.suggestedActions(actions, 'Waar gaat uw melding over?')]);
      const numbered = graph.to(wa).at(-1)!.body;
      expect(numbered.type).toBe('text');
      expect(numbered.text.body).toContain('1. Straatverlichting\n2. Afval');
      expect(numbered.text.body).toContain('12. En nog iets');
      const handle = jest.spyOn(s.bots.get(BOT)!.loket, 'handle');
      try {
        const [next] = await send(text(wa, '7'));
        expect(handle).toHaveBeenCalledWith(`whatsapp:${wa}`, { type: 'text', text: 'Graffiti' }, 'whatsapp', expect.stringMatching(/^wamid\./));
        expect(next.text.body).toContain('Waar is het?');
        // the next question has no numbers: "7" is just "7" again
        await send(text(wa, '7'));
        expect(handle).toHaveBeenLastCalledWith(`whatsapp:${wa}`, { type: 'text', text: '7' }, 'whatsapp', expect.stringMatching(/^wamid\./));
      } finally {
        handle.mockRestore();
      }
    });

    it('accepts delivery statuses and only counts them', async () => {
      const statuses = [
        { id: 'wamid.out1', status: 'delivered', timestamp: '1773136800', recipient_id: '31611111111' },
        { id: 'wamid.out2', status: 'read', timestamp: '1773136800', recipient_id: '31611111111' },
      ];
      const sentBefore = graph.sent.length;
      const r = await post(payload([], statuses));
      expect(r).toMatchObject({ status: 200, json: { status: 'received', messages: 0 } });
      expect(graph.sent.length).toBe(sentBefore);
      expect(logLines.some((l) => l.includes('"statuses":{"delivered":1,"read":1}'))).toBe(true);
    });

    it('reads fields of the wrong type as no text, and a phone number id that is no string as not ours', async () => {
      const wa = '31615151515';
      graph.media.set('media-odd', { bytes: Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(64, 7)]), mimeType: 'image/jpeg' });
      // A caption that is a number was passed to the NLU as one and failed the turn ("Sorry, er ging iets mis").
      const [photo] = await send({ ...image(wa, 'media-odd'), image: { id: 'media-odd', mime_type: 'image/jpeg', caption: 7 } });
      expect(JSON.stringify(photo)).not.toMatch(/er ging iets mis/);
      // A body that is an object made String() throw: the message was dropped without an answer.
      const [odd] = await send({ from: wa, id: nextId(), timestamp: nowSeconds(), type: 'text', text: { body: { toString: 1 } } });
      expect(odd).toBeDefined();
      expect(JSON.stringify(odd)).not.toMatch(/er ging iets mis/);
      // An object as phone number id answered 503 "could not be stored", and Meta would have retried it for days.
      expect((await post(payload([text(wa, 'hallo')], [], { toString: 1 } as never))).status).toBe(200);
    });

    it('ignores messages for another phone number id', async () => {
      const handle = jest.spyOn(s.bots.get(BOT)!.loket, 'handle');
      try {
        expect((await post(payload([text('31614141414', 'hallo')], [], '999'))).status).toBe(200);
        expect(handle).not.toHaveBeenCalled();
      } finally {
        handle.mockRestore();
      }
    });
  });

  describe('the 24-hour customer service window', () => {
    it('sends the template outside the window, and what waited once the resident writes again', async () => {
      const wa = '31615151515';
      await send(text(wa, 'hoe laat is het gemeentehuis open'));
      const adapter = channel.bots.get(BOT)!.adapter;
      clock = new Date(START.getTime() + 23 * HOUR);
      expect(await adapter.insideWindow(wa)).toBe(true);
      clock = new Date(START.getTime() + 25 * HOUR);
      expect(await adapter.insideWindow(wa)).toBe(false);
      const before = graph.to(wa).length;
      await adapter.deliver(wa, [MessageFactory.text('Een medewerker heeft uw vraag beantwoord: we zijn morgen open.')]);
      expect(graph.to(wa).slice(before).map((m) => m.body)).toEqual([
        { messaging_product: 'whatsapp', recipient_type: 'individual', to: wa, type: 'template', template: { name: 'loket_nieuw_bericht', language: { code: 'nl' } } },
      ]);
      const replies = await send(text(wa, 'dank u'));
      expect(replies[0]).toMatchObject({ type: 'text', text: { body: 'Een medewerker heeft uw vraag beantwoord: we zijn morgen open.' } });
      expect(replies.length).toBeGreaterThan(1);
      clock = START;
    });
  });

  describe('bad input', () => {
    it.each([
      ['malformed JSON', '{"entry": [', 'the body is not valid JSON'],
      ['an object without entry', '{"object":"whatsapp_business_account"}', 'the body is not a WhatsApp webhook payload: "entry" must be a list'],
      ['a JSON string', '"hallo"', 'the body is not a WhatsApp webhook payload: "entry" must be a list'],
      ['changes that are not a list', '{"entry":[{"changes":{}}]}', 'entry[].changes must be a list'],
      ['a message without id', JSON.stringify(payload([{ from: '31600000009', type: 'text', text: { body: 'x' } }])), 'every message needs a string id, from and type'],
      ['messages that are not a list', '{"entry":[{"changes":[{"value":{"messages":{}}}]}]}', 'value.messages must be a list'],
    ])('answers %s (signed) with 400 JSON', async (_, raw, error) => {
      expect(await post(raw)).toMatchObject({ status: 400, json: { error } });
    });

    it('refuses bodies over 256 KiB with 413 and keeps serving', async () => {
      const raw = JSON.stringify({ entry: [], pad: 'x'.repeat(300 * 1024) });
      expect(await post(raw)).toMatchObject({ status: 413, json: { error: 'the body is larger than 256 KiB' } });
      expect((await fetch(`${s.url}/healthz`)).status).toBe(200);
    });

    it('answers unknown bots with 404 JSON', async () => {
      const raw = metaJson(payload([]));
      const res = await fetch(`${s.url}/api/whatsapp/elders/webhook`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': sign(raw) }, body: raw });
      expect(res.status).toBe(404);
      expect(await res.json()).toEqual({ error: 'no WhatsApp channel for bot "elders"' });
    });

    it('keeps the other routes working (the global bodyParser is untouched)', async () => {
      const res = await fetch(`${s.url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ type: 'message', text: 'hoe laat is het gemeentehuis open', deliveryMode: 'expectReplies', channelId: 'test', conversation: { id: 'c1' }, from: { id: 'r' }, recipient: { id: 'loket' }, serviceUrl: 'http://127.0.0.1:9' }),
      });
      expect(res.status).toBe(200);
      expect(((await res.json()) as Json).activities[0].text).toContain('9.00 tot 17.00');
    });
  });

  it('never logs phone numbers or message texts in the channel', () => {
    const mine = logLines.filter((l) => l.includes('"channel":"whatsapp"'));
    expect(mine.length).toBeGreaterThan(5);
    for (const l of mine) {
      expect(l).not.toMatch(/316\d{8}/);
      expect(l).not.toMatch(/Café|container|gemeentehuis|medewerker heeft/);
    }
  });
});
