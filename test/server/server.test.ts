import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { PACKAGE_ROOT } from '../../src/paths';
import { startServer, type RunningServer, type ServeOptions } from '../../src/server';

const NOW = new Date('2026-03-10T10:00:00+01:00');

function start(extra: Partial<ServeOptions> = {}): Promise<RunningServer> {
  return startServer({ root: PACKAGE_ROOT, port: 0, anonymous: true, log: pino({ level: 'silent' }), now: () => NOW, stateFile: join(mkdtempSync(join(tmpdir(), 'loket-srv-')), 'state.sqlite'), ...extra });
}

function activity(text: string, conversation = 'c1', extra: object = {}) {
  return { type: 'message', text, deliveryMode: 'expectReplies', channelId: 'test', conversation: { id: conversation }, from: { id: 'resident' }, recipient: { id: 'loket' }, serviceUrl: 'http://127.0.0.1:9', ...extra };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function post(url: string, body: unknown, headers: Record<string, string> = { 'content-type': 'application/json' }) {
  const res = await fetch(url, { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) });
  return { status: res.status, json: (await res.json().catch(() => undefined)) as any };
}

describe('loket serve', () => {
  let s: RunningServer;
  beforeAll(async () => { s = await start(); });
  afterAll(() => s.close());

  it('answers health and readiness checks', async () => {
    expect(await (await fetch(`${s.url}/healthz`)).json()).toEqual({ status: 'ok' });
    expect(await (await fetch(`${s.url}/readyz`)).json()).toEqual({ status: 'ready', bots: ['voorbeeldgemeente'] });
  });

  it('runs a conversation through the Bot Framework endpoint, buttons as suggested actions', async () => {
    const r = await post(`${s.url}/api/messages`, activity('ik wil een afspraak maken'));
    expect(r.status).toBe(200);
    const [reply] = r.json.activities;
    expect(reply.text).toBe('Waarvoor wilt u een afspraak maken?');
    expect(reply.suggestedActions.actions[0]).toEqual({ type: 'imBack', title: 'Paspoort', value: 'Paspoort' });
    expect(reply.conversation.id).toBe('c1');
  });

  it('sends the welcome when a resident joins', async () => {
    const r = await post(`${s.url}/api/bots/voorbeeldgemeente/messages`, { ...activity('', 'c-join'), type: 'conversationUpdate', membersAdded: [{ id: 'resident' }] });
    expect(r.json.activities[0].text).toContain('Ik ben Loket');
  });

  it.each([
    ['malformed JSON', '{"type":', 400, 'the body is not valid JSON'],
    ['an activity without a type', { text: 'hoi' }, 400, 'the body must be a Bot Framework activity with a "type"'],
    ['an oversized body', JSON.stringify({ type: 'message', text: 'a'.repeat(300 * 1024) }), 413, 'the body is larger than 256 KiB'],
  ])('rejects %s with a clear JSON error', async (_, body, status, error) => {
    expect(await post(`${s.url}/api/messages`, body)).toEqual({ status, json: { error } });
  });

  it('does not store multipart bodies sent to routes that take none (no files piling up in the temp directory)', async () => {
    const uploads = () => readdirSync(tmpdir()).filter((f) => f.startsWith('upload_')).length;
    const before = uploads();
    const form = new FormData();
    form.append('file', new Blob([Buffer.alloc(1024 * 1024)]), 'groot.bin');
    const r = await fetch(`${s.url}/api/messages`, { method: 'POST', body: form });
    expect(r.status).toBe(415);
    expect(uploads()).toBe(before);
  });

  it('rejects the wrong content type and unknown bots', async () => {
    expect(await post(`${s.url}/api/messages`, 'type=message', { 'content-type': 'application/x-www-form-urlencoded' })).toEqual({ status: 415, json: { error: 'send the activity as JSON (Content-Type: application/json)' } });
    expect(await post(`${s.url}/api/bots/elders/messages`, activity('hoi'))).toEqual({ status: 404, json: { error: 'unknown bot "elders"' } });
  });

  it('delivers replies to the channel service URL like the Bot Framework does', async () => {
    const received: { url?: string; body: { text?: string } }[] = [];
    const connector: Server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => { received.push({ url: req.url, body: JSON.parse(body) }); res.writeHead(200, { 'content-type': 'application/json' }); res.end('{"id":"1"}'); });
    });
    await new Promise<void>((r) => connector.listen(0, '127.0.0.1', r));
    const serviceUrl = `http://127.0.0.1:${(connector.address() as AddressInfo).port}`;
    try {
      const r = await post(`${s.url}/api/messages`, { ...activity('hoe laat is het gemeentehuis open', 'c-svc', { serviceUrl, id: 'a1' }), deliveryMode: 'normal' });
      expect(r.status).toBe(200);
      expect(received).toHaveLength(1);
      expect(received[0].url).toBe('/v3/conversations/c-svc/activities/a1');
      expect(received[0].body.text).toContain('9.00 tot 17.00');
    } finally {
      await new Promise((r) => connector.close(r));
    }
  });
});

describe('loket serve, state and authentication', () => {
  it('keeps a conversation across a restart (SQLite through botbuilder Storage)', async () => {
    const stateFile = join(mkdtempSync(join(tmpdir(), 'loket-srv-')), 'state.sqlite');
    const first = await start({ stateFile });
    await post(`${first.url}/api/messages`, activity('ik wil iets melden', 'restart'));
    await first.close();
    const second = await start({ stateFile });
    try {
      const r = await post(`${second.url}/api/messages`, activity('Afval', 'restart'));
      expect(r.json.activities[0].text).toContain('Waar is het?');
    } finally {
      await second.close();
    }
  });

  it('refuses unauthenticated messages unless started for local development', async () => {
    const closed = await start({ anonymous: false });
    try {
      expect(await post(`${closed.url}/api/messages`, activity('hoi'))).toEqual({ status: 401, json: { error: 'this server has no Bot Framework app id; start it with --anonymous for local development only' } });
    } finally {
      await closed.close();
    }
  });

  it('checks Bot Framework tokens when an app id is configured', async () => {
    const secured = await start({ anonymous: false, appId: '00000000-0000-0000-0000-000000000001', appPassword: 'secret' });
    try {
      const r = await post(`${secured.url}/api/messages`, activity('hoi'));
      expect(r.status).toBe(401);
    } finally {
      await secured.close();
    }
  });
});
