/** The console's HTTP API against a real server: sign-in, CSRF and input checks, the queue, callbacks and the event stream. */
import { Writable } from 'node:stream';
import pino from 'pino';
import restify from 'restify';
import { createAgentConsole } from '../../src/agentconsole';
import type { RunningServer } from '../../src/server';
import { startServer } from '../../src/server';
import { addAgent, AgentClient, BOT, handOver, NOW, PASSWORD, queueOf, readEvents, scratchRoot, startScratchServer } from './helpers';
import { LocalBus, SqliteSql } from '../../src/storage';

jest.setTimeout(60_000);

/** Waits for a condition the server reaches on its own (a stream closing), checking every few milliseconds. */
async function until(condition: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (await condition()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('agent console API', () => {
  let s: RunningServer;
  let anne: AgentClient;
  let bram: AgentClient;

  beforeAll(async () => {
    s = await startScratchServer();
    await addAgent(s, 'anne', 'Anne de Vries');
    await addAgent(s, 'bram', 'Bram Jansen');
    await addAgent(s, 'cees', 'Cees Bakker');
    anne = new AgentClient(s.url);
    bram = new AgentClient(s.url);
    expect((await anne.login('anne')).status).toBe(200);
    expect((await bram.login('bram')).status).toBe(200);
  });

  afterAll(() => s.close());

  /** Closes what an agent still has open, so capacity checks start from nothing. */
  afterEach(async () => {
    for (const [client, username] of [[anne, 'anne'], [bram, 'bram']] as const) {
      for (const t of await queueOf(s).assignedTo(BOT, username)) await client.post(`/agent/api/tickets/${t.id}/handback`);
    }
  });

  describe('sign-in and sessions', () => {
    it('signs in with a session cookie that scripts and other sites cannot use', async () => {
      const c = new AgentClient(s.url);
      const r = await c.login('anne');
      expect(r.status).toBe(200);
      expect(r.json).toMatchObject({ username: 'anne', name: 'Anne de Vries', bot: { id: BOT, name: 'Gemeente Voorbeeld' }, capacity: 3 });
      const cookie = r.headers.get('set-cookie')!;
      expect(cookie).toMatch(/^loket_agent=voorbeeldgemeente\.[A-Za-z0-9_-]{43}; Path=\/agent; HttpOnly; SameSite=Strict$/);
      expect((await c.get('/agent/api/me')).json).toMatchObject({ username: 'anne' });
    });

    it('marks the cookie Secure behind an https proxy', async () => {
      const r = await fetch(`${s.url}/agent/api/login`, {
        method: 'POST', headers: { 'content-type': 'application/json', 'x-loket-agent': '1', 'x-forwarded-proto': 'https' },
        body: JSON.stringify({ bot: BOT, username: 'anne', password: 'correct paard batterij' }),
      });
      expect(r.headers.get('set-cookie')).toMatch(/; Secure$/);
    });

    it('gives one answer for an unknown user and a wrong password', async () => {
      const unknown = await new AgentClient(s.url).login('niemand');
      const wrong = await new AgentClient(s.url).login('anne', 'verkeerd wachtwoord');
      expect(unknown).toMatchObject({ status: 401, json: { error: 'Deze combinatie van gebruikersnaam en wachtwoord kennen we niet.' } });
      expect(wrong.status).toBe(401);
      expect(wrong.json).toEqual(unknown.json);
      expect(wrong.headers.get('set-cookie')).toBeNull();
    });

    it('refuses sign-in after 5 failures, with Retry-After', async () => {
      const c = new AgentClient(s.url);
      for (let i = 0; i < 5; i++) expect((await c.login('cees', 'verkeerd wachtwoord')).status).toBe(401);
      const r = await c.login('cees');
      expect(r.status).toBe(429);
      expect(r.json.error).toBe('Te vaak een verkeerd wachtwoord. Probeer het over 15 minuten opnieuw.');
      expect(r.headers.get('retry-after')).toBe('900');
    });

    it('does not believe X-Forwarded-For from a peer that is not a trusted proxy', async () => {
      const c = new AgentClient(s.url);
      const as = (ip: string) => ({ 'content-type': 'application/json', 'x-loket-agent': '1', 'x-forwarded-for': ip });
      for (let i = 0; i < 5; i++) expect((await c.post('/agent/api/login', { bot: BOT, username: 'dirk', password: 'fout' }, as(`198.51.100.${i}`))).status).toBe(401);
      expect((await c.post('/agent/api/login', { bot: BOT, username: 'dirk', password: 'fout' }, as('198.51.100.99'))).status).toBe(429);
    });

    it('throttles per client behind a trusted proxy, reading X-Forwarded-For from the right', async () => {
      const server = restify.createServer();
      server.use(restify.plugins.bodyParser({ mapParams: false }));
      const own = createAgentConsole(
        { server, bots: s.bots, opts: { root: '' }, db: s.bots.get(BOT)!.loket.db, stateFile: '', sql: new SqliteSql(s.bots.get(BOT)!.loket.db), bus: new LocalBus(), log: pino({ level: 'silent' }) },
        { trustedProxies: '10.0.0.2, 127.0.0.1' },
      );
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      try {
        const c = new AgentClient(server.url.replace('[::]', '127.0.0.1'));
        const via = (forwarded: string) => ({ 'content-type': 'application/json', 'x-loket-agent': '1', 'x-forwarded-for': forwarded });
        const wrong = { bot: BOT, username: 'anne', password: 'verkeerd' };
        // An attacker at 203.0.113.5 who writes their own X-Forwarded-For still counts as 203.0.113.5.
        for (let i = 0; i < 5; i++) expect((await c.post('/agent/api/login', wrong, via(`192.0.2.${i}, 203.0.113.5, 10.0.0.2`))).status).toBe(401);
        expect((await c.post('/agent/api/login', wrong, via('203.0.113.5'))).status).toBe(429);
        // Anne at another address is not locked out by them.
        expect((await c.post('/agent/api/login', { ...wrong, password: PASSWORD }, via('198.51.100.7, 10.0.0.2'))).status).toBe(200);
      } finally {
        await own.release();
        await new Promise<void>((r) => server.close(() => r()));
      }
    });

    it.each([
      ['no fields', {}, 400],
      ['a number as password', { bot: BOT, username: 'anne', password: 12345678901234 }, 400],
      ['a bot without a console', { bot: 'elders', username: 'anne', password: 'correct paard batterij' }, 404],
    ])('answers sign-in with %s', async (_, body, status) => {
      expect((await new AgentClient(s.url).post('/agent/api/login', body)).status).toBe(status);
    });

    it('lets nobody without a session in', async () => {
      const resident = new AgentClient(s.url);
      const id = await handOver(s);
      for (const path of ['/agent/api/me', '/agent/api/queue', `/agent/api/tickets/${id}`, '/agent/api/callbacks', '/agent/api/events']) {
        expect(await resident.get(path)).toMatchObject({ status: 401, json: { error: 'U bent niet (meer) aangemeld. Meld u opnieuw aan.' } });
      }
      expect((await resident.post(`/agent/api/tickets/${id}/claim`)).status).toBe(401);
      // A made-up cookie, or one naming a bot that is not served, is no session either.
      resident.cookie = `loket_agent=${BOT}.${'A'.repeat(43)}`;
      expect((await resident.get('/agent/api/queue')).status).toBe(401);
      resident.cookie = anne.cookie.replace(BOT, 'elders');
      expect((await resident.get('/agent/api/queue')).status).toBe(401);
      expect((await queueOf(s).ticket(id))!.status).toBe('pending');
    });

    it('signs out: the cookie is cleared and the session ends', async () => {
      const c = new AgentClient(s.url);
      await c.login('anne');
      const r = await c.post('/agent/api/logout');
      expect(r.status).toBe(200);
      expect(r.headers.get('set-cookie')).toMatch(/^loket_agent=; Path=\/agent; HttpOnly; SameSite=Strict; Max-Age=0/);
      expect((await c.get('/agent/api/me')).status).toBe(401);
      expect((await anne.get('/agent/api/me')).status).toBe(200);
    });
  });

  describe('request checks', () => {
    it('needs the X-Loket-Agent header on every state change (CSRF)', async () => {
      const id = await handOver(s);
      const r = await anne.post(`/agent/api/tickets/${id}/claim`, {}, { 'content-type': 'application/json' });
      expect(r).toMatchObject({ status: 403, json: { error: 'Dit verzoek mist de kop X-Loket-Agent: 1.' } });
      expect((await new AgentClient(s.url).post('/agent/api/login', { bot: BOT, username: 'anne', password: 'correct paard batterij' }, { 'content-type': 'application/json' })).status).toBe(403);
      expect((await queueOf(s).ticket(id))!.status).toBe('pending');
    });

    it('needs JSON: another content type is 415, malformed JSON or a non-object 400', async () => {
      const id = await handOver(s);
      expect((await anne.post(`/agent/api/tickets/${id}/reply`, 'text=hallo', { 'content-type': 'application/x-www-form-urlencoded', 'x-loket-agent': '1' })).status).toBe(415);
      expect(await anne.post(`/agent/api/tickets/${id}/reply`, '{"text": "hal', { 'content-type': 'application/json', 'x-loket-agent': '1' })).toMatchObject({ status: 400, json: { error: 'the body is not valid JSON' } });
      expect((await anne.post(`/agent/api/tickets/${id}/reply`, '["hallo"]')).status).toBe(400);
      expect((await anne.post(`/agent/api/tickets/${id}/reply`, '"hallo"')).status).toBe(400);
      expect((await anne.post(`/agent/api/tickets/${id}/reply`, { text: 42 })).status).toBe(400);
    });

    it('answers ids that are not numbers, or do not exist, with 404', async () => {
      expect((await anne.get('/agent/api/tickets/abc')).status).toBe(404);
      expect((await anne.post('/agent/api/tickets/1e3/claim')).status).toBe(404);
      expect(await anne.post('/agent/api/tickets/999999/claim')).toMatchObject({ status: 404, json: { error: 'Dit gesprek bestaat niet (meer).' } });
    });

    it('never shows or touches another bot\'s conversations (404)', async () => {
      const id = await handOver(s, { botId: 'anderegemeente' });
      expect((await anne.get(`/agent/api/tickets/${id}`)).status).toBe(404);
      expect((await anne.post(`/agent/api/tickets/${id}/claim`)).status).toBe(404);
      expect((await anne.get('/agent/api/queue')).json.waiting.map((t: { id: number }) => t.id)).not.toContain(id);
      expect((await queueOf(s).ticket(id))!.status).toBe('pending');
    });

    it('sends nothing to be cached', async () => {
      const r = await anne.get('/agent/api/queue');
      expect(r.headers.get('cache-control')).toBe('no-store');
      expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    });
  });

  describe('the queue', () => {
    it('lists waiting conversations with a summary, the urgent ones first', async () => {
      const evidence = [{ reason: 'person' as const, signal: 'keyword' as const, score: 0.62, threshold: 0.3, words: ['medewerker spreken'] }];
      const normal = await handOver(s, { evidence });
      const urgent = await handOver(s, { priority: 'urgent', reasons: ['crisis', 'emotional'], flow: undefined, slots: {} });
      const { json } = await anne.get('/agent/api/queue');
      const ids = json.waiting.map((t: { id: number }) => t.id);
      expect(ids.indexOf(urgent)).toBeLessThan(ids.indexOf(normal));
      expect(json.waiting.find((t: { id: number }) => t.id === normal)).toEqual({
        id: normal, status: 'pending', priority: 'normal', reasons: ['person'], evidence, channel: 'webchat', lang: 'nl', flow: 'melding-openbare-ruimte',
        flowTitle: 'een melding over de openbare ruimte', slots: { plek: 'Kerkstraat 12' }, createdAt: NOW.toISOString(), waitingSeconds: 0, mine: false,
        lastResidentAt: NOW.toISOString(), preview: 'ik wil een medewerker spreken',
      });
      expect(json.waiting.find((t: { id: number }) => t.id === urgent)).toMatchObject({ priority: 'urgent', reasons: ['crisis', 'emotional'] });
      expect(json).toMatchObject({ mine: [], capacity: 3 });
    });

    it('shows the whole transcript of a waiting conversation', async () => {
      const id = await handOver(s);
      const { status, json } = await anne.get(`/agent/api/tickets/${id}`);
      expect(status).toBe(200);
      expect(json.ticket).toMatchObject({ id, status: 'pending' });
      expect(json.messages.map((m: { from: string; text: string }) => `${m.from}: ${m.text}`)).toEqual(['resident: De lantaarnpaal is kapot', 'bot: Waar is het?', 'resident: ik wil een medewerker spreken']);
    });

    it('claims, replies, sends a link and closes with an outcome', async () => {
      const id = await handOver(s);
      const claimed = await anne.post(`/agent/api/tickets/${id}/claim`);
      expect(claimed).toMatchObject({ status: 200, json: { ticket: { id, status: 'assigned', agent: 'Anne de Vries', mine: true } } });
      expect((await anne.get('/agent/api/queue')).json.mine.map((t: { id: number }) => t.id)).toEqual([id]);

      const reply = await anne.post(`/agent/api/tickets/${id}/reply`, { text: '  Goedemorgen, ik help u verder.  ' });
      expect(reply).toMatchObject({ status: 200, json: { message: { from: 'agent', text: 'Goedemorgen, ik help u verder.', agent: 'Anne de Vries' } } });
      const link = await anne.post(`/agent/api/tickets/${id}/link`, { title: 'Afvalkalender', url: 'https://www.voorbeeld.nl/afvalkalender' });
      expect(link).toMatchObject({ status: 200, json: { message: { text: 'Afvalkalender: https://www.voorbeeld.nl/afvalkalender' } } });
      expect(await anne.post(`/agent/api/tickets/${id}/link`, { title: 'x', url: 'javascript:alert(1)' })).toMatchObject({ status: 422, json: { error: 'Geef een volledige link die begint met https://.' } });
      expect(await anne.post(`/agent/api/tickets/${id}/reply`, { text: '   ' })).toMatchObject({ status: 422, json: { error: 'Het bericht is leeg.' } });

      const transcript = (await anne.get(`/agent/api/tickets/${id}`)).json.messages.map((m: { from: string }) => m.from);
      expect(transcript).toEqual(['resident', 'bot', 'resident', 'agent', 'agent']);

      expect(await anne.post(`/agent/api/tickets/${id}/close`, { outcome: 'weg' })).toMatchObject({ status: 422, json: { error: expect.stringContaining('Kies een uitkomst') } });
      expect(await anne.post(`/agent/api/tickets/${id}/close`, { outcome: 'anders' })).toMatchObject({ status: 422, json: { error: 'Beschrijf bij "anders" kort de uitkomst.' } });
      expect((await anne.post(`/agent/api/tickets/${id}/close`, { outcome: 'doorverwezen', note: 'naar  Wmo-loket' })).status).toBe(200);
      expect(await queueOf(s).ticket(id)).toMatchObject({ status: 'resolved', outcome: 'doorverwezen: naar Wmo-loket' });
      const { json } = await anne.get('/agent/api/queue');
      expect(json.mine).toEqual([]);
      expect(json.recent[0]).toMatchObject({ id, status: 'resolved', outcome: 'doorverwezen: naar Wmo-loket' });
      expect(await anne.post(`/agent/api/tickets/${id}/reply`, { text: 'nog iets' })).toMatchObject({ status: 409, json: { error: 'Dit gesprek is niet meer open.' } });
    });

    it('hands a conversation back to the bot', async () => {
      const id = await handOver(s);
      await anne.post(`/agent/api/tickets/${id}/claim`);
      expect((await anne.post(`/agent/api/tickets/${id}/handback`)).status).toBe(200);
      expect(await queueOf(s).ticket(id)).toMatchObject({ status: 'returned', outcome: 'terug naar de chatbot' });
    });

    it('refuses a conversation beyond the capacity', async () => {
      const ids = [await handOver(s), await handOver(s), await handOver(s), await handOver(s)];
      for (const id of ids.slice(0, 3)) expect((await anne.post(`/agent/api/tickets/${id}/claim`)).status).toBe(200);
      expect(await anne.post(`/agent/api/tickets/${ids[3]}/claim`)).toMatchObject({ status: 409, json: { error: 'U heeft al 3 gesprekken. Sluit er eerst een af of geef het terug aan de chatbot.' } });
      expect((await queueOf(s).ticket(ids[3]))!.status).toBe('pending');
    });

    it('keeps another agent\'s conversation theirs', async () => {
      const id = await handOver(s);
      await bram.post(`/agent/api/tickets/${id}/claim`);
      expect(await anne.post(`/agent/api/tickets/${id}/claim`)).toMatchObject({ status: 409, json: { error: 'Dit gesprek is al opgepakt door Bram Jansen.' } });
      expect(await anne.post(`/agent/api/tickets/${id}/reply`, { text: 'hallo' })).toMatchObject({ status: 409, json: { error: 'Dit gesprek is van Bram Jansen.' } });
      expect((await anne.post(`/agent/api/tickets/${id}/close`, { outcome: 'opgelost' })).status).toBe(409);
      expect((await anne.post(`/agent/api/tickets/${id}/handback`)).status).toBe(409);
      expect((await anne.get(`/agent/api/tickets/${id}`)).status).toBe(409);
      expect((await queueOf(s).messages(id)).filter((m) => m.from === 'agent')).toEqual([]);
    });

    it('shows the queue\'s refusal when the WhatsApp reply window has closed', async () => {
      const earlier = new Date(NOW.getTime() - 25 * 3_600_000).toISOString();
      const id = await handOver(s, { channel: 'whatsapp', transcript: [{ from: 'resident', text: 'hallo?', at: earlier }] });
      await anne.post(`/agent/api/tickets/${id}/claim`);
      const r = await anne.post(`/agent/api/tickets/${id}/reply`, { text: 'Goedemiddag!' });
      expect(r.status).toBe(422);
      expect(r.json.error).toMatch(/^De inwoner schreef meer dan 24 uur geleden\. Via WhatsApp/);
    });
  });

  describe('callback requests', () => {
    const request = (botId = BOT) => s.bots.get(BOT)!.loket.callbacks.add({
      botId, conversationId: 'test:cb', name: 'Jan Smit', phone: '0612345678', moment: 'dinsdag 10 maart, middag', reasons: ['complex'], summary: 'vraag over bijstand',
    });

    it('lists open requests and closes one with an outcome', async () => {
      const task = await request();
      const { json } = await anne.get('/agent/api/callbacks');
      expect(json.open.find((t: { id: number }) => t.id === task.id)).toEqual({
        id: task.id, reference: task.reference, name: 'Jan Smit', phone: '0612345678', moment: 'dinsdag 10 maart, middag', reasons: ['complex'],
        summary: 'vraag over bijstand', status: 'open', createdAt: NOW.toISOString(),
      });
      expect(await anne.post(`/agent/api/callbacks/${task.id}/close`, { outcome: 'gebeld' })).toMatchObject({ status: 422 });
      // A BSN in the note is masked like one a resident types.
      const closed = await anne.post(`/agent/api/callbacks/${task.id}/close`, { outcome: 'teruggebeld', note: 'afspraak gemaakt, bsn 111222333' });
      expect(closed).toMatchObject({ status: 200, json: { task: { id: task.id, status: 'done', closedBy: 'Anne de Vries', outcome: 'teruggebeld: afspraak gemaakt, bsn •••••••••' } } });
      expect(await bram.post(`/agent/api/callbacks/${task.id}/close`, { outcome: 'teruggebeld' })).toMatchObject({ status: 409, json: { error: 'Dit terugbelverzoek is al afgerond door Anne de Vries.' } });
      const after = (await anne.get('/agent/api/callbacks')).json;
      expect(after.open.map((t: { id: number }) => t.id)).not.toContain(task.id);
      expect(after.done[0]).toMatchObject({ id: task.id, status: 'done' });
    });

    it('does not show or close another bot\'s requests', async () => {
      const task = await request('anderegemeente');
      expect((await anne.get('/agent/api/callbacks')).json.open.map((t: { id: number }) => t.id)).not.toContain(task.id);
      expect((await anne.post(`/agent/api/callbacks/${task.id}/close`, { outcome: 'teruggebeld' })).status).toBe(404);
    });
  });

  describe('live updates', () => {
    it('makes the agent available while a stream is open, and streams queue changes', async () => {
      expect(await queueOf(s).onlineAgents(BOT)).toBe(0);
      let id = 0;
      const events = await readEvents(s.url, anne.cookie, (e) => e.some((x) => x.event === 'queue' && (x.data as { ticketId: number }).ticketId === id), async () => {
        expect(await queueOf(s).onlineAgents(BOT)).toBe(1);
        id = await handOver(s);
      });
      expect(events.map((e) => e.event)).toEqual(['ready', 'queue']);
      expect(events[1].data).toEqual({ ticketId: id, kind: 'created', status: 'pending' });
      await until(async () => (await queueOf(s).onlineAgents(BOT)) === 0, 'the agent to go offline');
    });

    it('streams new messages of the agent\'s own conversations, and only ids of others\'', async () => {
      const mine = await handOver(s);
      const theirs = await handOver(s);
      await anne.post(`/agent/api/tickets/${mine}/claim`);
      await bram.post(`/agent/api/tickets/${theirs}/claim`);
      const events = await readEvents(s.url, anne.cookie, (e) => e.some((x) => x.event === 'message' && (x.data as { ticketId: number }).ticketId === mine), async () => {
        await queueOf(s).forward((await queueOf(s).ticket(theirs))!.conversationId, { from: 'resident', text: 'geheim voor Anne', at: NOW.toISOString() });
        await queueOf(s).forward((await queueOf(s).ticket(mine))!.conversationId, { from: 'resident', text: 'Is er al nieuws?', at: NOW.toISOString() });
      });
      expect(events.filter((e) => e.event === 'message')).toEqual([
        { event: 'message', data: { ticketId: mine, status: 'assigned', message: expect.objectContaining({ from: 'resident', text: 'Is er al nieuws?' }) } },
      ]);
      expect(JSON.stringify(events)).not.toContain('geheim');
    });

    it('streams callback changes without names or numbers', async () => {
      let taskId = 0;
      const events = await readEvents(s.url, anne.cookie, (e) => e.some((x) => x.event === 'callbacks'), async () => {
        taskId = (await s.bots.get(BOT)!.loket.callbacks.add({ botId: BOT, conversationId: 'test:cb2', name: 'Jan Smit', phone: '0612345678', moment: 'vandaag', reasons: ['person'], summary: '' })).id;
      });
      expect(events.find((e) => e.event === 'callbacks')!.data).toEqual({ taskId, status: 'open' });
    });

    it('signs the stream out when the session expires while it is open', async () => {
      // A second console on its own server, with a clock the test moves and a fast heartbeat.
      let clock = NOW;
      const server = restify.createServer();
      server.use(restify.plugins.bodyParser({ mapParams: false }));
      const own = createAgentConsole(
        { server, bots: s.bots, opts: { root: '', now: () => clock }, db: s.bots.get(BOT)!.loket.db, stateFile: '', sql: new SqliteSql(s.bots.get(BOT)!.loket.db), bus: new LocalBus(), log: pino({ level: 'silent' }) },
        { heartbeatMs: 20, accounts: { now: () => clock } },
      );
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      try {
        const url = server.url.replace('[::]', '127.0.0.1');
        const c = new AgentClient(url);
        expect((await c.login('anne')).status).toBe(200);
        const events = await readEvents(url, c.cookie, () => false, async () => {
          expect(await queueOf(s).onlineAgents(BOT)).toBe(1);
          clock = new Date(NOW.getTime() + 31 * 60_000);
        });
        expect(events.map((e) => e.event)).toEqual(['ready', 'signedout']);
        await until(async () => (await queueOf(s).onlineAgents(BOT)) === 0, 'the agent to go offline');
        expect((await c.get('/agent/api/me')).status).toBe(401);
      } finally {
        await own.release();
        await new Promise<void>((r) => server.close(() => r()));
      }
    });

    it('ends the stream when the agent signs out', async () => {
      const c = new AgentClient(s.url);
      await c.login('anne');
      const events = await readEvents(s.url, c.cookie, () => false, async () => void (await c.post('/agent/api/logout')));
      expect(events.map((e) => e.event)).toEqual(['ready']);
    });
  });
});

describe('agent console API: a resident\'s data (AVG 15 and 17)', () => {
  const CONVERSATION = 'webchat:privacy-els';
  let s: RunningServer;
  let anne: AgentClient;
  let bram: AgentClient;
  let logText = '';

  beforeAll(async () => {
    const root = scratchRoot();
    const log = pino({ level: 'info' }, new Writable({ write: (chunk, _e, done) => void ((logText += String(chunk)), done()) }));
    s = await startServer({ root, port: 0, anonymous: true, log, now: () => NOW, stateFile: `${root}/.loket/state.sqlite` });
    await addAgent(s, 'anne', 'Anne de Vries');
    await addAgent(s, 'bram', 'Bram Jansen');
    anne = new AgentClient(s.url);
    bram = new AgentClient(s.url);
    await anne.login('anne');
    await bram.login('bram');
  });

  afterAll(() => s.close());

  /** A resident who asks for a person through the runtime, so there is conversation state as well as a ticket. */
  async function residentWaiting(): Promise<number> {
    const loket = s.bots.get(BOT)!.loket;
    const off = queueOf(s).connect(BOT, { username: 'anne', name: 'Anne de Vries' });
    await loket.handle(CONVERSATION, { type: 'text', text: 'ik wil een medewerker spreken' }, 'webchat');
    await loket.handle(CONVERSATION, { type: 'text', text: 'ik ben Els Visser, bel me op 06 12345609' }, 'webchat');
    off();
    return (await queueOf(s).ticketOf(CONVERSATION))!.id;
  }

  it('exports and erases the conversation in front of the agent, once closed and confirmed, logging no personal data', async () => {
    const id = await residentWaiting();
    // Only the agent who has the conversation: not before it is taken, not someone else's.
    expect(await anne.get(`/agent/api/tickets/${id}/export`)).toMatchObject({ status: 409, json: { error: 'Neem het gesprek eerst aan.' } });
    await anne.post(`/agent/api/tickets/${id}/claim`);
    expect(await bram.get(`/agent/api/tickets/${id}/export`)).toMatchObject({ status: 409, json: { error: 'Dit gesprek is van Anne de Vries.' } });
    expect(await bram.post(`/agent/api/tickets/${id}/erase`, { confirm: true })).toMatchObject({ status: 409 });

    const exported = await anne.get(`/agent/api/tickets/${id}/export`);
    expect(exported.status).toBe(200);
    expect(exported.headers.get('content-disposition')).toBe(`attachment; filename="gesprek-${id}.json"`);
    expect(exported.headers.get('cache-control')).toBe('no-store');
    const [bot] = exported.json.bots;
    expect(bot).toMatchObject({ bot: BOT, subject: { conversation: CONVERSATION }, conversations: [CONVERSATION] });
    expect(bot.tables.storage).toHaveLength(1);
    expect(bot.tables.handover_tickets).toEqual([expect.objectContaining({ id, conversation: CONVERSATION })]);
    expect(JSON.stringify(bot.tables.handover_messages)).toContain('Els Visser');

    expect(await anne.post(`/agent/api/tickets/${id}/erase`, { confirm: true })).toMatchObject({ status: 409, json: { error: 'Sluit het gesprek eerst af. Daarna kunt u de gegevens wissen.' } });
    await anne.post(`/agent/api/tickets/${id}/close`, { outcome: 'opgelost' });
    expect(await anne.post(`/agent/api/tickets/${id}/erase`, {})).toMatchObject({ status: 422, json: { error: 'Bevestig eerst dat u alle gegevens van dit gesprek wilt wissen.' } });
    expect((await anne.post(`/agent/api/tickets/${id}/erase`, { confirm: true }, { 'content-type': 'application/json' })).status).toBe(403);
    const erased = await anne.post(`/agent/api/tickets/${id}/erase`, { confirm: true });
    expect(erased).toMatchObject({ status: 200, json: { erased: { records: expect.any(Number), files: 0 } } });
    expect(erased.json.erased.records).toBeGreaterThanOrEqual(4);

    // Gone everywhere `loket privacy` looks: the ticket, its messages, the conversation state.
    expect(await queueOf(s).ticket(id)).toBeUndefined();
    expect((await s.bots.get(BOT)!.loket.state(CONVERSATION)).transcript).toEqual([]);
    expect(await anne.get(`/agent/api/tickets/${id}/export`)).toMatchObject({ status: 404 });
    expect((await anne.get('/agent/api/queue')).json.recent.map((t: { id: number }) => t.id)).not.toContain(id);

    const actions = logText.split('\n').filter((l) => l.includes('agent action')).map((l) => JSON.parse(l));
    expect(actions).toContainEqual(expect.objectContaining({ bot: BOT, ticket: id, what: 'export', records: expect.any(Number), files: 0 }));
    expect(actions).toContainEqual(expect.objectContaining({ bot: BOT, ticket: id, what: 'erase', records: erased.json.erased.records }));
    for (const personal of ['Els Visser', '12345609', CONVERSATION, 'privacy-els', 'Anne de Vries', '"anne"']) expect(logText).not.toContain(personal);
  });
});
