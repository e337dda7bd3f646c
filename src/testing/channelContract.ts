/**
 * The contract every Loket channel keeps, as a test suite a channel's author runs in their own jest tests (as
 * botbuilder exports its TestAdapter): it starts Loket with a small bot of its own and the channel under test, and
 * drives it through a client the author writes in the channel's own protocol (docs/channel-adapters.md).
 *
 *   describeChannelContract('json webhook', { channel: jsonWebhook, connect: ({ url }) => new MyClient(url) });
 */
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import pino from 'pino';
import type { ChannelRegistration } from '../channels/types';
import { hasAgentDesk, type Agent, type AgentDesk } from '../handover';
import { startServer, type RunningServer } from '../server';

/** What the resident sees of one answer, or of what the channel delivered outside a turn. */
export interface SeenReply {
  /** Texts, in order. */
  texts: string[];
  /** Options the resident can pick: button titles, list rows or numbered lines. */
  options: string[];
}

/** The channel, spoken to in its own protocol, as the resident's app or the channel's platform would. */
export interface ChannelClient {
  /** The resident types a text in a conversation (any string; the suite uses a new one per test). */
  send(conversation: string, text: string): Promise<SeenReply>;
  /** The resident picks the option with this title (default: types the title). */
  choose?(conversation: string, option: string): Promise<SeenReply>;
  /** The next delivery outside a turn (an agent's message after a handover): resolves when the channel sends it. */
  nextPush(conversation: string): Promise<SeenReply>;
  /** Sends something malformed in the channel's protocol (bad JSON, a missing field); how the channel refused it. */
  sendMalformed(): Promise<{ status: number; error: string }>;
  /** For channels that carry them: a shared location, and a photo (any image URL the channel accepts). */
  shareLocation?(conversation: string, latitude: number, longitude: number): Promise<SeenReply>;
  sendPhoto?(conversation: string): Promise<SeenReply>;
  close?(): Promise<void>;
}

export interface ChannelContractOptions {
  /** The channel under test; leave out for one the server runs anyway (Loket's own). */
  channel?: ChannelRegistration;
  /** A client for the running server: `url` is its base URL, `botId` the bot to talk to. */
  connect(server: { url: string; botId: string; running: RunningServer }): ChannelClient | Promise<ChannelClient>;
  /** The channel carries shared locations and photos: the client has shareLocation and sendPhoto, and they are tested. */
  media?: boolean;
  /** How long to wait for a delivery outside a turn (default 10 s). */
  pushTimeoutMs?: number;
}

/** The contract's bot: one answer, a flow with buttons and free text, a flow with a location and a photo, a person. */
export const CONTRACT_BOT = 'contractbot';

const CONTENT: Record<string, string> = {
  'bots/contractbot/bot.yaml': `name: Gemeente Contract
languages: [nl]
address_form: u
flows: [afspraak, melding]
intents: [contract]
texts:
  welcome: Welkom bij Gemeente Contract. Waarmee kan ik u helpen?
  fallback: Sorry, dat begrijp ik niet. Ik help u met een afspraak of een melding.
  goodbye: Tot ziens!
handover:
  messages:
    default: Ik zet u door naar een medewerker.
    crisis: Bel bij direct gevaar 112.
`,
  'flows/afspraak.yaml': `title: een afspraak
triggers: [afspraak]
steps:
  - ask: product
    type: choice
    prompt: Waarvoor wilt u een afspraak maken?
    options:
      - { value: paspoort, label: Paspoort }
      - { value: rijbewijs, label: Rijbewijs }
  - ask: naam
    type: text
    prompt: Wat is uw naam?
  - end: Dank u, {naam}. Uw afspraak is aangevraagd.
`,
  'flows/melding.yaml': `title: een melding
triggers: [melding]
steps:
  - ask: plek
    type: location
    prompt: Waar is het? Deel uw locatie.
  - ask: foto
    type: attachment
    prompt: Stuur een foto.
  - end: Dank u, uw melding is ontvangen.
`,
  'intents/contract.yaml': `intents:
  - id: openingstijden
    utterances:
      nl: [hoe laat is het gemeentehuis open, wat zijn de openingstijden, wanneer is het gemeentehuis open, openingstijden gemeentehuis]
    answer: Het gemeentehuis is open van 9.00 tot 17.00 uur.
  - id: afspraak
    utterances:
      nl: [ik wil een afspraak maken, afspraak maken, kan ik een afspraak maken, ik wil langskomen op het gemeentehuis]
  - id: melding
    utterances:
      nl: [ik wil iets melden, melding maken, er ligt afval op straat, ik wil een kapotte lantaarnpaal melden]
  - id: medewerker
    handover: person
    utterances:
      nl: [ik wil een medewerker spreken, mag ik een mens, kan ik iemand spreken, verbind mij door met een medewerker, ik wil met een persoon praten]
`,
};

/** The test functions of jest (or a runner with the same globals), looked up when the suite is declared. */
interface TestGlobals {
  describe(name: string, body: () => void): void;
  it(name: string, body: () => Promise<void>, timeout?: number): void;
  beforeAll(body: () => Promise<void>, timeout?: number): void;
  afterAll(body: () => Promise<void>): void;
}

const START_TIMEOUT_MS = 60_000;
const AGENT: Agent = { username: 'contract', name: 'Sanne' };

/** Declares the contract's tests for one channel. Call it at the top level of a jest test file. */
export function describeChannelContract(name: string, options: ChannelContractOptions): void {
  const { describe, it, beforeAll, afterAll } = testGlobals();
  describe(`channel contract: ${name}`, () => {
    let running: RunningServer;
    let client: ChannelClient;
    let root: string;
    const choose = (conversation: string, option: string) => (client.choose ? client.choose(conversation, option) : client.send(conversation, option));
    const pushed = (conversation: string) => withTimeout(client.nextPush(conversation), options.pushTimeoutMs ?? 10_000, 'the channel delivered nothing outside a turn: does its adapter reach conversations later (bot.reachVia, or ChannelAdapter.push)?');

    beforeAll(async () => {
      root = writeContent();
      running = await startServer({ root, port: 0, host: '127.0.0.1', anonymous: true, log: pino({ level: 'silent' }), stateFile: join(root, 'state', 'state.sqlite'), config: { channels: options.channel ? [options.channel] : [] } });
      client = await options.connect({ url: running.url, botId: CONTRACT_BOT, running });
    }, START_TIMEOUT_MS);

    afterAll(async () => {
      await client?.close?.();
      await running?.close();
      if (root) rmSync(root, { recursive: true, force: true });
    });

    it('answers a question with text', async () => {
      const reply = await client.send('contract-answer', 'hoe laat is het gemeentehuis open');
      assertSays(reply, 'van 9.00 tot 17.00 uur');
    });

    it('shows buttons as options, and picking one continues the flow; each conversation keeps its own place', async () => {
      const asked = await client.send('contract-buttons', 'ik wil een afspraak maken');
      assertSays(asked, 'Waarvoor wilt u een afspraak maken?');
      for (const option of ['Paspoort', 'Rijbewijs']) assert.ok(asked.options.includes(option), `option "${option}" is not among ${JSON.stringify(asked.options)}`);
      assertSays(await client.send('contract-other', 'hoe laat is het gemeentehuis open'), 'van 9.00 tot 17.00 uur');
      assertSays(await choose('contract-buttons', 'Rijbewijs'), 'Wat is uw naam?');
      assertSays(await client.send('contract-buttons', 'Jan de Vries'), 'Dank u, Jan de Vries. Uw afspraak is aangevraagd.');
    });

    it('hands over to a person: the notice in the answer, the agent\'s messages delivered outside a turn, the resident\'s words to the agent', async () => {
      const desk = deskOf(running);
      const signOut = desk.connect(CONTRACT_BOT, AGENT);
      try {
        const conversation = 'contract-handover';
        assertSays(await client.send(conversation, 'ik wil een medewerker spreken'), 'Ik zet u door naar een medewerker.');
        // The only handover of the suite's own bot (channels may give conversations ids of their own).
        const [ticket, ...others] = await desk.waiting(CONTRACT_BOT);
        assert.ok(ticket && others.length === 0, `expected one waiting handover, found ${others.length + (ticket ? 1 : 0)}`);
        assert.ok(ticket.channel && ticket.channel !== 'unknown', 'the activity had no channelId: agents must see which channel the resident uses');

        let next = pushed(conversation);
        await desk.claim(ticket.id, CONTRACT_BOT, AGENT);
        assertSays(await next, 'U praat nu met Sanne');
        next = pushed(conversation);
        await desk.reply(ticket.id, CONTRACT_BOT, AGENT, 'Goedemiddag, waarmee kan ik u helpen?');
        assertSays(await next, 'Goedemiddag, waarmee kan ik u helpen?');

        const whileWithAgent = await client.send(conversation, 'Mijn paspoort is kwijt');
        assert.equal(whileWithAgent.texts.length, 0, `while a person has the conversation, the bot says nothing, not ${JSON.stringify(whileWithAgent.texts)}`);
        assert.ok((await desk.messages(ticket.id)).some((m) => m.from === 'resident' && m.text === 'Mijn paspoort is kwijt'), "the resident's message did not reach the agent");

        next = pushed(conversation);
        await desk.handBack(ticket.id, CONTRACT_BOT, AGENT);
        assertSays(await next, 'U praat weer met de digitale assistent');
      } finally {
        signOut();
      }
    });

    it('refuses malformed input with a 4xx and a clear error, and keeps working', async () => {
      const refused = await client.sendMalformed();
      assert.ok(refused.status >= 400 && refused.status < 500, `malformed input got HTTP ${refused.status}, not a 4xx`);
      assert.ok(typeof refused.error === 'string' && refused.error.trim().length >= 5, `the error says too little: ${JSON.stringify(refused.error)}`);
      assertSays(await client.send('contract-after-error', 'hoe laat is het gemeentehuis open'), 'van 9.00 tot 17.00 uur');
    });

    if (options.media) {
      it('passes a shared location and a photo on as answers', async () => {
        const { shareLocation, sendPhoto } = client;
        assert.ok(shareLocation && sendPhoto, 'with media: true the client needs shareLocation() and sendPhoto()');
        assertSays(await client.send('contract-media', 'ik wil iets melden'), 'Waar is het?');
        assertSays(await shareLocation.call(client, 'contract-media', 52.0907, 5.1214), 'Stuur een foto.');
        assertSays(await sendPhoto.call(client, 'contract-media'), 'uw melding is ontvangen');
      });
    }
  });
}

function testGlobals(): TestGlobals {
  const g = globalThis as unknown as Partial<TestGlobals>;
  if (typeof g.describe !== 'function' || typeof g.it !== 'function' || typeof g.beforeAll !== 'function' || typeof g.afterAll !== 'function') {
    throw new Error('describeChannelContract runs inside jest (or a test runner with describe, it, beforeAll and afterAll globals)');
  }
  return g as TestGlobals;
}

function writeContent(): string {
  const root = mkdtempSync(join(tmpdir(), 'loket-contract-'));
  for (const [path, text] of Object.entries(CONTENT)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

function deskOf(running: RunningServer): AgentDesk {
  const handover = running.bots.get(CONTRACT_BOT)?.loket.handover;
  assert.ok(handover && hasAgentDesk(handover), 'the contract bot runs on the built-in queue');
  return handover;
}

function assertSays(reply: SeenReply, expected: string): void {
  assert.ok(reply && Array.isArray(reply.texts) && Array.isArray(reply.options), `a client returns { texts: [...], options: [...] }, not ${JSON.stringify(reply)}`);
  assert.ok(reply.texts.some((t) => t.includes(expected)), `expected "${expected}" in ${JSON.stringify(reply.texts)}`);
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${message} (waited ${ms} ms)`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
