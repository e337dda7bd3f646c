import BetterSqlite3 from 'better-sqlite3';
import type { HandoverQueue } from '../../../src/handover';
import type { RunningServer } from '../../../src/server';
import { activities, call, refusedWith, say, start, startConversation, stateFile, Stream, type Json } from './helpers';

const BOT = 'voorbeeldgemeente';

describe('Direct Line: tokens', () => {
  let s: RunningServer;
  beforeAll(async () => { s = await start(); });
  afterAll(() => s.close());

  it('generates a token bound to a new conversation, and refreshes it for the same conversation', async () => {
    const gen = await call('POST', `${s.url}/v3/directline/tokens/generate`);
    expect(gen.status).toBe(200);
    expect(gen.json).toEqual({ conversationId: expect.stringMatching(/^[\w-]{10,}$/), token: expect.stringMatching(/^dl1\./), expires_in: 3600 });
    const refreshed = await call('POST', `${s.url}/v3/directline/tokens/refresh`, { token: gen.json.token });
    expect(refreshed.status).toBe(200);
    expect(refreshed.json.conversationId).toBe(gen.json.conversationId);
    expect(refreshed.json.token).not.toBe(gen.json.token);
    expect(refreshed.json.expires_in).toBe(3600);
    const other = await call('POST', `${s.url}/v3/directline/tokens/generate`);
    expect(other.json.conversationId).not.toBe(gen.json.conversationId);
  });

  it('refuses a missing, forged or tampered token with 401', async () => {
    expect(await call('POST', `${s.url}/v3/directline/tokens/refresh`)).toEqual({ status: 401, json: { error: { code: 'Unauthorized', message: expect.stringContaining('Bearer') } } });
    expect((await call('POST', `${s.url}/v3/directline/conversations`, { token: 'nonsense' })).status).toBe(401);
    const { token } = (await call('POST', `${s.url}/v3/directline/tokens/generate`)).json;
    const [prefix, payload, sig] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), c: 'someone-else' })).toString('base64url');
    expect((await call('POST', `${s.url}/v3/directline/conversations`, { token: `${prefix}.${forged}.${sig}` })).json.error.code).toBe('Unauthorized');
  });

  it('generates tokens for a named bot and refuses unknown bots', async () => {
    const gen = await call('POST', `${s.url}/bots/${BOT}/v3/directline/tokens/generate`);
    expect(gen.status).toBe(200);
    expect((await call('POST', `${s.url}/bots/elders/v3/directline/tokens/generate`)).json).toEqual({ error: { code: 'NotFound', message: 'unknown bot "elders"' } });
    expect((await call('POST', `${s.url}/bots/elders/v3/directline/conversations`, { token: gen.json.token })).status).toBe(403);
  });

  it('rejects a bad generate body', async () => {
    expect((await call('POST', `${s.url}/v3/directline/tokens/generate`, { body: { user: 'anna' } })).status).toBe(400);
    expect((await call('POST', `${s.url}/v3/directline/tokens/generate`, { body: '[1,2' })).json.error).toEqual({ code: 'BadArgument', message: 'the body is not valid JSON' });
  });
});

describe('Direct Line: conversations over HTTP', () => {
  let s: RunningServer;
  beforeAll(async () => { s = await start(); });
  afterAll(() => s.close());

  it('starts a conversation (201, then 200) and the bot greets', async () => {
    const gen = await call('POST', `${s.url}/v3/directline/tokens/generate`);
    const first = await call('POST', `${s.url}/v3/directline/conversations`, { token: gen.json.token, body: { user: { id: 'r1' }, locale: 'nl-NL' } });
    expect(first.status).toBe(201);
    expect(first.json.conversationId).toBe(gen.json.conversationId);
    expect(first.json.streamUrl).toBe(`${s.url.replace('http', 'ws')}/v3/directline/conversations/${gen.json.conversationId}/stream?watermark=&t=${encodeURIComponent(first.json.token)}`);
    const again = await call('POST', `${s.url}/v3/directline/conversations`, { token: first.json.token });
    expect(again.status).toBe(200);
    const log = await activities(s, first.json);
    expect(log.activities).toHaveLength(1);
    expect(log.activities[0]).toMatchObject({
      type: 'message', id: `${gen.json.conversationId}|0000000`, channelId: 'directline', conversation: { id: gen.json.conversationId },
      from: { id: BOT, name: 'Gemeente Voorbeeld', role: 'bot' }, recipient: { id: 'r1' }, text: expect.stringContaining('Ik ben Loket'),
    });
    expect(log.watermark).toBe('0');
  });

  it('echoes a posted message with its clientActivityID, then the bot answers with suggested actions', async () => {
    const c = await startConversation(s);
    const posted = await say(s, c, 'ik wil een afspraak maken', { channelData: { clientActivityID: 'web-123', clientTimestamp: '2026-03-10T09:00:00Z' }, id: 'spoofed', timestamp: 'x', conversation: { id: 'other' } });
    expect(posted).toEqual({ status: 200, json: { id: `${c.conversationId}|0000001` } });
    const log = await activities(s, c, '0');
    expect(log.watermark).toBe('2');
    const [echo, reply] = log.activities;
    expect(echo).toMatchObject({
      id: posted.json.id, type: 'message', text: 'ik wil een afspraak maken', channelId: 'directline', conversation: { id: c.conversationId },
      from: { id: 'resident-1', name: 'Resident', role: 'user' }, channelData: { clientActivityID: 'web-123', clientTimestamp: '2026-03-10T09:00:00Z' },
    });
    expect(new Date(echo.timestamp).getTime()).toBeGreaterThan(Date.now() - 60_000);
    expect(reply).toMatchObject({ text: 'Waarvoor wilt u een afspraak maken?', replyToId: echo.id, from: { id: BOT, role: 'bot' }, recipient: { id: 'resident-1' } });
    expect(reply.suggestedActions.actions[0]).toEqual({ type: 'imBack', title: 'Paspoort', value: 'Paspoort' });
    const next = await say(s, c, 'Paspoort');
    expect(next.status).toBe(200);
    const newer = await activities(s, c, log.watermark);
    expect(newer.activities.map((a: Json) => a.text)).toEqual(['Paspoort', expect.stringContaining('Op welke dag')]);
    expect(newer.watermark).toBe('4');
    expect((await activities(s, c, '4')).activities).toEqual([]);
  });

  it('binds the resident to the user id in the token', async () => {
    const c = await startConversation(s, { id: 'bound-user', name: 'Anna' });
    await say(s, c, 'hallo');
    const { activities: log } = await activities(s, c);
    expect(log[0].recipient).toEqual({ id: 'bound-user', name: 'Anna', role: 'user' });
    expect(log[1].from).toEqual({ id: 'bound-user', name: 'Resident', role: 'user' });
  });

  it('keeps a token to its own conversation (403) and asks for one (401)', async () => {
    const a = await startConversation(s);
    const b = await startConversation(s);
    for (const [method, path] of [['GET', 'activities'], ['POST', 'activities'], ['GET', '']] as const) {
      const r = await call(method, `${s.url}/v3/directline/conversations/${b.conversationId}${path ? `/${path}` : ''}`, { token: a.token, ...(method === 'POST' ? { body: { type: 'message', text: 'hoi' } } : {}) });
      expect(r).toEqual({ status: 403, json: { error: { code: 'Forbidden', message: 'this token is not valid for this conversation' } } });
      const none = await call(method, `${s.url}/v3/directline/conversations/${b.conversationId}${path ? `/${path}` : ''}`, method === 'POST' ? { body: { type: 'message', text: 'hoi' } } : {});
      expect(none.status).toBe(401);
      expect(none.json.error.code).toBe('Unauthorized');
    }
    expect((await activities(s, b)).activities).toHaveLength(1); // only the welcome: nothing got in
  });

  it.each([
    ['malformed JSON', '{"type": "message", ', 400, 'BadArgument'],
    ['a list', [{ type: 'message' }], 400, 'BadArgument'],
    ['no type', { text: 'hoi' }, 400, 'MissingProperty'],
    ['a type clients may not send', { type: 'conversationUpdate', membersAdded: [{ id: 'x' }] }, 400, 'BadArgument'],
    ['text that is not a string', { type: 'message', text: 42 }, 400, 'BadArgument'],
    ['text over 10,000 characters', { type: 'message', text: 'a'.repeat(10_001) }, 400, 'BadArgument'],
    ['an attachment with a local file', { type: 'message', attachments: [{ contentType: 'image/png', contentUrl: 'file:///etc/passwd' }] }, 400, 'BadArgument'],
    ['a body over 256 KiB', { type: 'message', text: 'a'.repeat(300 * 1024) }, 413, 'MessageSizeTooBig'],
    ['channelData that is not an object', { type: 'message', text: 'hoi', channelData: 'x' }, 400, 'BadArgument'],
  ])('refuses %s with a Direct Line error', async (_, body, status, code) => {
    const c = await startConversation(s);
    const r = await call('POST', `${s.url}/v3/directline/conversations/${c.conversationId}/activities`, { token: c.token, body });
    expect(r.status).toBe(status);
    expect(r.json).toEqual({ error: { code, message: expect.any(String) } });
    expect((await say(s, c, 'hallo')).status).toBe(200); // and keeps working
  });

  it('answers errors in JSON: bad watermark, unknown route, an upload that is not multipart, unstarted conversation', async () => {
    const c = await startConversation(s);
    expect((await call('GET', `${s.url}/v3/directline/conversations/${c.conversationId}/activities?watermark=abc`, { token: c.token })).json.error.code).toBe('BadArgument');
    expect(await call('GET', `${s.url}/v3/directline/session/getsessionid`, { token: c.token })).toEqual({ status: 404, json: { error: { code: 'NotFound', message: 'no such Direct Line route' } } });
    expect((await call('POST', `${s.url}/v3/directline/conversations/${c.conversationId}/upload?userId=r`, { token: c.token, body: {} })).json.error.code).toBe('BadArgument');
    const fresh = (await call('POST', `${s.url}/v3/directline/tokens/generate`)).json;
    expect((await call('GET', `${s.url}/v3/directline/conversations/${fresh.conversationId}`, { token: fresh.token })).status).toBe(404);
    // Posting first starts the conversation without a welcome.
    expect((await say(s, { ...fresh, streamUrl: '' }, 'hoe laat is het gemeentehuis open')).status).toBe(200);
    const log = await activities(s, { ...fresh, streamUrl: '' });
    expect(log.activities.map((a: Json) => a.from.role)).toEqual(['user', 'bot']);
    expect(log.activities[1].text).toContain('9.00 tot 17.00');
  });

  it('lets browsers on other sites call it (CORS preflight)', async () => {
    const res = await fetch(`${s.url}/v3/directline/conversations`, { method: 'OPTIONS', headers: { origin: 'https://www.voorbeeld.nl', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type,x-ms-bot-agent' } });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-allow-headers')).toContain('x-ms-bot-agent');
  });
});

describe('Direct Line: WebSocket stream', () => {
  let s: RunningServer;
  beforeAll(async () => { s = await start(); });
  afterAll(() => s.close());

  it('streams the welcome, the echo and the reply', async () => {
    const c = await startConversation(s);
    const stream = Stream.open(c.streamUrl);
    try {
      await stream.opened;
      const welcome = await stream.waitFor((a) => /Ik ben Loket/.test(a.text ?? ''));
      expect(stream.messages[0].watermark).toBe('0');
      expect(welcome.id).toBe(`${c.conversationId}|0000000`);
      await say(s, c, 'ik wil iets melden', { channelData: { clientActivityID: 'cid-1' } });
      const echo = await stream.waitFor((a) => a.channelData?.clientActivityID === 'cid-1');
      const reply = await stream.waitFor((a) => a.replyToId === echo.id);
      expect(reply.text).toBe('Waar gaat uw melding over?');
      expect(reply.suggestedActions.actions.map((x: Json) => x.title)).toContain('Afval');
      expect(stream.messages.at(-1)!.watermark).toBe('2');
      expect(stream.activities.map((a) => a.id)).toEqual([0, 1, 2].map((n) => `${c.conversationId}|000000${n}`)); // each once
    } finally {
      await stream.close();
    }
  });

  it('sends only what comes after the watermark on connect', async () => {
    const c = await startConversation(s);
    await say(s, c, 'hallo');
    const resumed = await call('GET', `${s.url}/v3/directline/conversations/${c.conversationId}?watermark=1`, { token: c.token });
    expect(resumed.status).toBe(200);
    expect(resumed.json.streamUrl).toContain('watermark=1&t=');
    const stream = Stream.open(resumed.json.streamUrl);
    try {
      await stream.opened;
      await stream.waitFor(() => true);
      expect(stream.messages).toHaveLength(1);
      expect(stream.messages[0]).toEqual({ activities: [expect.objectContaining({ id: `${c.conversationId}|0000002`, from: expect.objectContaining({ role: 'bot' }) })], watermark: '2' });
    } finally {
      await stream.close();
    }
  });

  it('refuses handshakes without a valid token for the conversation', async () => {
    const a = await startConversation(s);
    const b = await startConversation(s);
    const base = `${s.url.replace('http', 'ws')}/v3/directline/conversations`;
    expect(await refusedWith(`${base}/${a.conversationId}/stream`)).toBe(401);
    expect(await refusedWith(`${base}/${a.conversationId}/stream?t=garbage`)).toBe(401);
    expect(await refusedWith(`${base}/${b.conversationId}/stream?t=${encodeURIComponent(a.token)}`)).toBe(403);
    const fresh = (await call('POST', `${s.url}/v3/directline/tokens/generate`)).json;
    expect(await refusedWith(`${base}/${fresh.conversationId}/stream?t=${encodeURIComponent(fresh.token)}`)).toBe(404);
    // The Authorization header works as well as ?t=.
    const stream = new Stream(new (await import('ws')).default(`${base}/${a.conversationId}/stream`, { headers: { authorization: `Bearer ${a.token}` } }));
    await stream.opened;
    await stream.waitFor((m) => /Ik ben Loket/.test(m.text ?? ''));
    await stream.close();
  });

  it('pushes an agent\'s message after a handover (continueConversation)', async () => {
    const c = await startConversation(s);
    const stream = Stream.open(c.streamUrl);
    try {
      await stream.opened;
      const queue = s.bots.get(BOT)!.loket.handover as HandoverQueue;
      const anna = { username: 'anna', name: 'Anna' };
      const signOut = queue.connect(BOT, anna);
      await say(s, c, 'ik wil een medewerker spreken');
      await stream.waitFor((a) => /wachtrij/.test(a.text ?? '') && a.from.role === 'bot');
      const ticket = (await queue.ticketOf(`directline:${c.conversationId}`))!;
      await queue.claim(ticket.id, BOT, anna);
      await queue.reply(ticket.id, BOT, anna, 'Goedemiddag, u spreekt met Anna van de gemeente.');
      const agent = await stream.waitFor((a) => /Goedemiddag/.test(a.text ?? ''));
      signOut();
      expect(agent).toMatchObject({ type: 'message', from: { id: BOT, role: 'bot' }, conversation: { id: c.conversationId } });
      // The same activity is in the log a client polls (an event about the handover may follow it).
      expect((await activities(s, c)).activities.find((a: { id: string }) => a.id === agent.id)?.text).toContain('Anna');
    } finally {
      await stream.close();
    }
  });
});

describe('Direct Line: handover events and a restart in the middle of a handover', () => {
  const anna = { username: 'anna', name: 'Anna' };

  it('sends handoff.initiate with the transcript, then handoff.status accepted and completed', async () => {
    const s = await start();
    const queue = s.bots.get(BOT)!.loket.handover as HandoverQueue;
    const signOut = queue.connect(BOT, anna);
    const c = await startConversation(s);
    const stream = Stream.open(c.streamUrl);
    try {
      await stream.opened;
      await say(s, c, 'ik wil een medewerker spreken');
      const initiate = await stream.waitFor((a) => a.type === 'event' && a.name === 'handoff.initiate');
      expect(initiate.value).toMatchObject({ reasons: ['person'], priority: 'normal' });
      expect(initiate.attachments[0]).toMatchObject({ contentType: 'application/json', name: 'Transcript' });
      expect(initiate.attachments[0].content.activities.map((a: Json) => a.text)).toContain('ik wil een medewerker spreken');
      const ticket = (await queue.ticketOf(`directline:${c.conversationId}`))!;
      await queue.claim(ticket.id, BOT, anna);
      expect(await stream.waitFor((a) => a.type === 'event' && a.name === 'handoff.status')).toMatchObject({ value: { state: 'accepted' } });
      await queue.handBack(ticket.id, BOT, anna);
      expect(await stream.waitFor((a) => a.name === 'handoff.status' && a.value.state === 'completed')).toBeDefined();
    } finally {
      signOut();
      await stream.close();
      await s.close();
    }
  });

  it("delivers an agent's reply after a server restart, to a resident who has not written since", async () => {
    const file = stateFile();
    const first = await start({ stateFile: file });
    let c: Awaited<ReturnType<typeof startConversation>>;
    try {
      (first.bots.get(BOT)!.loket.handover as HandoverQueue).connect(BOT, anna);
      c = await startConversation(first);
      await say(first, c, 'ik wil een medewerker spreken');
    } finally {
      await first.close();
    }
    const second = await start({ stateFile: file });
    try {
      const queue = second.bots.get(BOT)!.loket.handover as HandoverQueue;
      const ticket = (await queue.ticketOf(`directline:${c.conversationId}`))!;
      expect(ticket.status).toBe('pending');
      await queue.claim(ticket.id, BOT, anna);
      await queue.reply(ticket.id, BOT, anna, 'Goedemiddag, ik help u verder.');
      const log = await (async () => {
        for (;;) {
          const got = await activities(second, c);
          if (got.activities.some((a: Json) => a.text === 'Goedemiddag, ik help u verder.')) return got;
          await new Promise((r) => setImmediate(r));
        }
      })();
      expect(log.activities.filter((a: Json) => a.type === 'message').map((a: Json) => a.text)).toEqual(expect.arrayContaining(['U praat nu met Anna, medewerker van Gemeente Voorbeeld.', 'Goedemiddag, ik help u verder.']));
    } finally {
      await second.close();
    }
  });
});

describe('Direct Line: a restart loses nothing', () => {
  it('resumes the conversation with the same token and continues the flow', async () => {
    const file = stateFile();
    const first = await start({ stateFile: file });
    let c: Awaited<ReturnType<typeof startConversation>>;
    try {
      c = await startConversation(first);
      await say(first, c, 'ik wil iets melden');
    } finally {
      await first.close();
    }
    const second = await start({ stateFile: file });
    try {
      const resumed = await call('GET', `${second.url}/v3/directline/conversations/${c.conversationId}?watermark=2`, { token: c.token });
      expect(resumed.status).toBe(200);
      const again = await call('POST', `${second.url}/v3/directline/conversations`, { token: c.token });
      expect(again.status).toBe(200); // already started: no second welcome
      const next = { ...c, token: resumed.json.token };
      const stream = Stream.open(resumed.json.streamUrl);
      await stream.opened;
      expect((await say(second, next, 'Afval')).json.id).toBe(`${c.conversationId}|0000003`);
      const reply = await stream.waitFor((a) => a.from.role === 'bot');
      expect(reply.text).toContain('Waar is het?');
      expect(stream.activities[0].text).toBe('Afval'); // nothing before the watermark was sent again
      await stream.close();
      const log = await activities(second, next);
      expect(log.activities.map((a: Json) => a.from.role)).toEqual(['bot', 'user', 'bot', 'user', 'bot']);
    } finally {
      await second.close();
    }
  });

  it('starts a conversation again quietly when it was erased after this instance saw it', async () => {
    const file = stateFile();
    const s = await start({ stateFile: file });
    try {
      const c = await startConversation(s);
      expect((await say(s, c, 'hallo')).status).toBe(200);
      // Erased behind this instance's back, as the retention job or a request to erase on another instance does.
      const db = new BetterSqlite3(file);
      for (const table of ['directline_inbox', 'directline_activities']) db.prepare(`DELETE FROM ${table} WHERE conversation_id = ?`).run(c.conversationId);
      db.prepare('DELETE FROM directline_conversations WHERE id = ?').run(c.conversationId);
      db.close();
      const again = await say(s, c, 'ik wil iets melden');
      expect(again.status).toBe(200);
      const log = await activities(s, c);
      expect(log.activities.map((a: Json) => a.from.role)).toEqual(['user', 'bot']);
      expect(log.activities[0].id).toBe(again.json.id);
    } finally {
      await s.close();
    }
  });
});

describe('Direct Line: uploading files (Web Chat\'s paperclip)', () => {
  let s: RunningServer;
  beforeAll(async () => { s = await start(); });
  afterAll(() => s.close());

  const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('IHDR-een-kapotte-lantaarnpaal')]);

  /** The request botframework-directlinejs makes: the activity as a blob part, then one part per file. */
  function upload(c: { conversationId: string; token: string }, files: { bytes: Buffer; type: string; name: string }[], activity: object | null = { type: 'message', from: { id: 'resident-1' } }) {
    const form = new FormData();
    if (activity) form.append('activity', new Blob([JSON.stringify(activity)], { type: 'application/vnd.microsoft.activity' }));
    for (const f of files) form.append('file', new Blob([f.bytes], { type: f.type }), f.name);
    return fetch(`${s.url}/v3/directline/conversations/${c.conversationId}/upload?userId=resident-1`, { method: 'POST', headers: { authorization: `Bearer ${c.token}` }, body: form })
      .then(async (r) => ({ status: r.status, json: (await r.json()) as Json }));
  }

  it('fills the photo of a melding, shows the file back and keeps it with the report', async () => {
    const c = await startConversation(s);
    await say(s, c, 'de lantaarnpaal bij Kerkstraat 12 is kapot');
    await say(s, c, 'hij brandt al een week niet meer');
    let log = await activities(s, c);
    expect(log.activities.at(-1).text).toContain('Heeft u een foto?');
    const r = await upload(c, [{ bytes: PNG, type: 'image/png', name: 'lantaarnpaal.png' }]);
    expect(r).toEqual({ status: 200, json: { id: expect.stringContaining(c.conversationId) } });
    log = await activities(s, c);
    const mine = log.activities.find((a: Json) => a.id === r.json.id);
    expect(mine.attachments).toEqual([{ contentType: 'image/png', contentUrl: expect.stringMatching(new RegExp(`^${s.url}/v3/directline/attachments/[0-9a-f-]{36}\\.png$`)), name: 'lantaarnpaal.png', thumbnailUrl: mine.attachments[0].contentUrl }]);
    expect(log.activities.at(-1).text).toContain('per e-mail horen');
    await say(s, c, 'nee');
    log = await activities(s, c);
    expect(log.activities.at(-1).text).toContain('Foto: lantaarnpaal.png');
    await say(s, c, 'ja');
    const stored = s.bots.get(BOT)!.loket.db.prepare('SELECT photo_json FROM reports ORDER BY rowid DESC LIMIT 1').get() as { photo_json: string };
    expect(JSON.parse(stored.photo_json)).toEqual({ url: mine.attachments[0].contentUrl, contentType: 'image/png', name: 'lantaarnpaal.png' });

    // Served back as it was sent, as an image the browser may not sniff into something else.
    const file = await fetch(mine.attachments[0].contentUrl);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('image/png');
    expect(file.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.from(await file.arrayBuffer()).equals(PNG)).toBe(true);
  });

  it('recognises the kind of file by its bytes, not by what the client says', async () => {
    const c = await startConversation(s);
    const html = { bytes: Buffer.from('<html><script>alert(1)</script></html>'), type: 'image/png', name: 'foto.png' };
    expect(await upload(c, [html])).toEqual({ status: 415, json: { error: { code: 'BadArgument', message: '"foto.png" is not a photo (JPEG, PNG, GIF, WebP or HEIC)' } } });
    expect((await upload(c, [{ bytes: Buffer.from('%PDF-1.7\n'), type: 'application/pdf', name: 'brief.pdf' }])).status).toBe(415);
    const jpeg = await upload(c, [{ bytes: Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46]), type: 'application/octet-stream', name: 'IMG_0042' }]);
    expect(jpeg.status).toBe(200);
    const log = await activities(s, c);
    expect(log.activities.find((a: Json) => a.id === jpeg.json.id).attachments[0]).toMatchObject({ contentType: 'image/jpeg', name: 'IMG_0042', contentUrl: expect.stringMatching(/\.jpg$/) });
  });

  it.each([
    ['no file', [], 400, 'MissingProperty'],
    ['a file over 5 MB', [{ bytes: Buffer.concat([PNG, Buffer.alloc(5 * 1024 * 1024)]), type: 'image/png', name: 'groot.png' }], 413, 'MessageSizeTooBig'],
    ['four files', Array.from({ length: 4 }, (_, i) => ({ bytes: PNG, type: 'image/png', name: `${i}.png` })), 413, 'MessageSizeTooBig'],
  ])('refuses %s and keeps working', async (_, files, status, code) => {
    const c = await startConversation(s);
    const r = await upload(c, files as { bytes: Buffer; type: string; name: string }[]);
    expect(r).toEqual({ status, json: { error: { code, message: expect.any(String) } } });
    expect((await say(s, c, 'hallo')).status).toBe(200);
  });

  it('refuses a bad activity part and uploads without a token or for another conversation', async () => {
    const c = await startConversation(s);
    const form = new FormData();
    form.append('activity', new Blob(['{"type":'], { type: 'application/vnd.microsoft.activity' }));
    form.append('file', new Blob([PNG], { type: 'image/png' }), 'a.png');
    const bad = await fetch(`${s.url}/v3/directline/conversations/${c.conversationId}/upload`, { method: 'POST', headers: { authorization: `Bearer ${c.token}` }, body: form });
    expect(await bad.json()).toEqual({ error: { code: 'BadArgument', message: 'the "activity" part is not valid JSON' } });
    const other = await startConversation(s);
    expect((await upload({ ...c, token: other.token }, [{ bytes: PNG, type: 'image/png', name: 'a.png' }])).status).toBe(403);
    expect((await upload({ ...c, token: 'nonsense' }, [{ bytes: PNG, type: 'image/png', name: 'a.png' }])).status).toBe(401);
  });

  it('serves only names it gave out', async () => {
    for (const name of ['../state.sqlite', '00000000-0000-0000-0000-000000000000.png', 'state.sqlite']) {
      expect((await fetch(`${s.url}/v3/directline/attachments/${encodeURIComponent(name)}`)).status).toBe(404);
    }
  });
});
