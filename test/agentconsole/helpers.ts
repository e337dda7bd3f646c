/** A real server on a scratch copy of the content (the bot's database is per content root), and an agent's HTTP client. */
import { cpSync, mkdirSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { AgentAccounts } from '../../src/agentconsole';
import { HandoverQueue, type HandoverTicket } from '../../src/handover';
import { cacheDirIn, PACKAGE_ROOT } from '../../src/paths';
import { startServer, type RunningServer } from '../../src/server';
import { TEST_NLU_CACHE } from '../nluCache';

/** Tuesday 10 March 2026, 10:00 in Amsterdam: within office hours. */
export const NOW = new Date('2026-03-10T10:00:00+01:00');
export const BOT = 'voorbeeldgemeente';
export const PASSWORD = 'correct paard batterij';

/** bots/, flows/ and intents/ copied to a temp folder; the NLU model cache is shared by all test runs. */
export function scratchRoot(): string {
  const root = mkdtempSync(join(tmpdir(), 'loket-agent-'));
  for (const dir of ['bots', 'flows', 'intents']) cpSync(join(PACKAGE_ROOT, dir), join(root, dir), { recursive: true });
  const cache = TEST_NLU_CACHE;
  mkdirSync(cache, { recursive: true });
  mkdirSync(join(root, '.loket'));
  symlinkSync(cache, cacheDirIn(root));
  return root;
}

export function startScratchServer(root = scratchRoot()): Promise<RunningServer> {
  return startServer({ root, port: 0, anonymous: true, log: pino({ level: 'silent' }), now: () => NOW, stateFile: join(root, '.loket', 'state.sqlite') });
}

export function queueOf(server: RunningServer, botId = BOT): HandoverQueue {
  const handover = server.bots.get(botId)!.loket.handover;
  if (!(handover instanceof HandoverQueue)) throw new Error(`${botId} does not hand over to the built-in queue`);
  return handover;
}

export async function addAgent(server: RunningServer, username: string, name: string): Promise<void> {
  await new AgentAccounts(server.bots.get(BOT)!.loket.sql, BOT).add(username, name, PASSWORD);
}

let conversations = 0;

/** A handed-over conversation, as the runtime would create it; returns the ticket id. */
export async function handOver(server: RunningServer, extra: Partial<HandoverTicket> = {}): Promise<number> {
  const conversationId = extra.conversationId ?? `test:c${++conversations}-${Date.now()}`;
  const at = NOW.toISOString();
  await queueOf(server).initiate({
    botId: BOT, conversationId, channel: 'webchat', lang: 'nl', reasons: ['person'], priority: 'normal', flow: 'melding-openbare-ruimte',
    slots: { plek: 'Kerkstraat 12' }, createdAt: at,
    transcript: [{ from: 'resident', text: 'De lantaarnpaal is kapot', at }, { from: 'bot', text: 'Waar is het?', at }, { from: 'resident', text: 'ik wil een medewerker spreken', at }],
    ...extra,
  });
  return (await queueOf(server).ticketOf(conversationId))!.id;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export interface Answer { status: number; json: any; headers: Headers }

/** One agent's browser as far as the API sees it: a cookie jar of one cookie. */
export class AgentClient {
  cookie = '';

  constructor(private readonly url: string) {}

  async login(username: string, password = PASSWORD, bot = BOT): Promise<Answer> {
    const r = await this.post('/agent/api/login', { bot, username, password });
    const set = r.headers.get('set-cookie');
    if (set) this.cookie = set.split(';')[0];
    return r;
  }

  get(path: string): Promise<Answer> {
    return this.request('GET', path);
  }

  post(path: string, body: unknown = {}, headers: Record<string, string> = { 'content-type': 'application/json', 'x-loket-agent': '1' }): Promise<Answer> {
    return this.request('POST', path, typeof body === 'string' ? body : JSON.stringify(body), headers);
  }

  private async request(method: string, path: string, body?: string, headers: Record<string, string> = {}): Promise<Answer> {
    const res = await fetch(`${this.url}${path}`, { method, body, headers: { ...headers, ...(this.cookie ? { cookie: this.cookie } : {}) } });
    return { status: res.status, json: await res.json().catch(() => undefined), headers: res.headers };
  }
}

/** Reads Server-Sent Events from the console's stream until `until` says enough; returns them all. */
export async function readEvents(url: string, cookie: string, until: (events: { event: string; data: unknown }[]) => boolean, onOpen?: () => Promise<void> | void): Promise<{ event: string; data: unknown }[]> {
  const controller = new AbortController();
  const res = await fetch(`${url}/agent/api/events`, { headers: { cookie }, signal: controller.signal });
  if (res.status !== 200 || !res.body) throw new Error(`events answered ${res.status}`);
  const events: { event: string; data: unknown }[] = [];
  const decoder = new TextDecoder();
  let buffer = '';
  let opened = false;
  try {
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(chunk, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (event) events.push({ event, data: data ? JSON.parse(data) : undefined });
      }
      if (!opened && events.some((e) => e.event === 'ready')) {
        opened = true;
        await onOpen?.();
      }
      if (until(events)) break;
    }
  } finally {
    controller.abort();
  }
  return events;
}
