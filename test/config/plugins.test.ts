import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import pino from 'pino';
import { Loket, loadConfig, replyTexts, startServer } from '../../src';
import { PACKAGE_ROOT } from '../../src/paths';
import { contentTree } from '../content/tree';

/**
 * Channels and handover adapters from a municipality's loket.config.js: the server runs the channel's routes, bot.yaml
 * picks the adapter by name, `loket validate` knows the names, and the agent console serves any adapter with the
 * AgentDesk methods, not only the built-in queue.
 */

const bot = (handover: string) => `name: Gemeente Test
languages: [nl]
flows: []
intents: [basis]
texts: { welcome: Hallo, fallback: Sorry, goodbye: Doei }
handover:
${handover}  messages: { default: Ik zet u door naar een medewerker., crisis: Bel 112. }
`;
const INTENTS = `intents:
  - id: groet
    utterances:
      nl: [hallo, goedemorgen, hoi]
    answer: Hallo!
  - id: medewerker
    handover: person
    utterances:
      nl: [ik wil een medewerker spreken, mag ik een mens, kan ik iemand spreken, verbind mij door met een medewerker]
`;
/** The source under test, required from a config file in a temporary folder (jest compiles it). */
const SRC = JSON.stringify(join(PACKAGE_ROOT, 'src'));

/** A desk that records what reaches it, and gets its settings from bot.yaml. */
const RECORDING_DESK = `const seen = (globalThis.deskSeen = { settings: undefined, tickets: [] });
module.exports = {
  handoverAdapters: {
    balie: (ctx) => {
      seen.settings = ctx.settings;
      return {
        available: async () => true,
        initiate: async (ticket) => { seen.tickets.push(ticket); return { position: 2, waitMinutes: 8 }; },
        forward: async () => {},
        cancel: async () => {},
        onEvent: () => {},
      };
    },
  },
};
`;

function repo(handover: string, config: string): string {
  return contentTree({ 'bots/test/bot.yaml': bot(handover), 'intents/basis.yaml': INTENTS, 'loket.config.js': config });
}

function validate(root: string): { code: number; out: string } {
  try {
    return { code: 0, out: execFileSync(process.execPath, [join(PACKAGE_ROOT, 'bin', 'loket.js'), 'validate', '--root', root], { encoding: 'utf8', stdio: 'pipe' }) };
  } catch (e) {
    const err = e as { status: number; stdout: string; stderr: string };
    return { code: err.status, out: err.stdout + err.stderr };
  }
}

const quiet = pino({ level: 'silent' });

describe('handover adapters from loket.config.js', () => {
  it('bot.yaml picks one by name; its factory gets handover.settings and the runtime hands over to it', async () => {
    const root = repo('  adapter: balie\n  settings: { team: KCC }\n', RECORDING_DESK);
    const loket = await Loket.create({ botId: 'test', root, dbFile: ':memory:', cacheDir: join(root, '.cache'), log: quiet });
    try {
      const result = await loket.handle('c1', { type: 'text', text: 'ik wil een medewerker spreken' });
      const seen = (globalThis as unknown as { deskSeen: { settings: unknown; tickets: { conversationId: string; reasons: string[] }[] } }).deskSeen;
      expect(seen.settings).toEqual({ team: 'KCC' });
      expect(seen.tickets).toEqual([expect.objectContaining({ conversationId: 'c1', reasons: ['person'] })]);
      expect(replyTexts(result.outputs).join(' ')).toContain('Ik zet u door naar een medewerker.');
    } finally {
      await loket.close();
    }
  }, 60_000);

  it('loket validate knows the registered names and suggests the nearest for a typo', () => {
    expect(validate(repo('  adapter: balie\n', RECORDING_DESK))).toEqual({ code: 0, out: expect.stringContaining('✓ test') });
    const typo = validate(repo('  adapter: balei\n', RECORDING_DESK));
    expect(typo.code).toBe(1);
    expect(typo.out).toContain('bots/test/bot.yaml:7:12: unknown handover adapter "balei"; did you mean "balie"?');
  });

  it('refuses a factory that shadows a built-in adapter, and one that returns no adapter', async () => {
    expect(() => loadConfig(repo('', 'module.exports = { handoverAdapters: { queue: () => ({}) } };'))).toThrow('loket.config.js: handover adapter "queue" is built in; give yours another name');
    const root = repo('  adapter: leeg\n', 'module.exports = { handoverAdapters: { leeg: () => ({ available: async () => true }) } };');
    await expect(Loket.create({ botId: 'test', root, dbFile: ':memory:', cacheDir: join(root, '.cache'), log: quiet })).rejects.toThrow(
      'handover adapter "leeg" (loket.config.js): the factory must return an adapter with initiate(), forward(), cancel(), onEvent()',
    );
  }, 60_000);
});

describe('the agent console serves any adapter with the AgentDesk methods', () => {
  /** The built-in queue behind an object of its own: not an instance of HandoverQueue. */
  const WRAPPED_QUEUE = `const { HandoverQueue } = require(${SRC});
module.exports = {
  handoverAdapters: {
    eigen: (ctx) => {
      const queue = new HandoverQueue(ctx.sql, { now: ctx.now, bus: ctx.bus, botId: ctx.botId, sweepEveryMs: 0 });
      const desk = { get capacity() { return queue.capacity; } };
      for (const name of Object.getOwnPropertyNames(HandoverQueue.prototype)) {
        if (name !== 'constructor' && typeof queue[name] === 'function') desk[name] = queue[name].bind(queue);
      }
      return desk;
    },
    extern: () => ({ available: async () => true, initiate: async () => undefined, forward: async () => {}, cancel: async () => {}, onEvent: () => {} }),
  },
};
`;

  async function agentPage(adapter: string): Promise<number> {
    const root = repo(`  adapter: ${adapter}\n`, WRAPPED_QUEUE);
    const s = await startServer({ root, port: 0, anonymous: true, log: quiet, stateFile: join(root, '.loket', 'state.sqlite') });
    try {
      return (await fetch(`${s.url}/agent`)).status;
    } finally {
      await s.close();
    }
  }

  it('is on for a desk that has them', async () => {
    expect(await agentPage('eigen')).toBe(200);
  }, 60_000);

  it('is off for a remote desk without them', async () => {
    expect(await agentPage('extern')).toBe(404);
  }, 60_000);
});

describe('channels from loket.config.js', () => {
  const CHANNEL = `const log = (globalThis.channelLog = []);
module.exports = {
  channels: [({ server, bots }) => {
    server.get('/api/hallo', (req, res, next) => { res.send(200, { bots: [...bots.keys()] }); return next(); });
    log.push('registered');
    return async () => { log.push('released'); };
  }],
};
`;

  it('adds their routes to the server and releases them when it closes', async () => {
    const root = repo('', CHANNEL);
    const s = await startServer({ root, port: 0, anonymous: true, log: quiet, stateFile: join(root, '.loket', 'state.sqlite') });
    const log = (globalThis as unknown as { channelLog: string[] }).channelLog;
    try {
      const res = await fetch(`${s.url}/api/hallo`);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ bots: ['test'] });
      expect(log).toEqual(['registered']);
    } finally {
      await s.close();
    }
    expect(log).toEqual(['registered', 'released']);
  }, 60_000);

  it('refuses channels that are not functions, with a clear message', () => {
    expect(() => loadConfig(repo('', "module.exports = { channels: ['webhook'] };"))).toThrow('loket.config.js: "channels" must be a list of functions');
  });
});
