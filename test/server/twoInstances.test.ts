import type { RunningServer } from '../../src/server';
import { startCluster, type Cluster } from '../storage/postgres';
import { activities, say, start, startConversation, stateFile, Stream } from '../channels/directline/helpers';

/**
 * Two `loket serve` instances on one PostgreSQL database, as behind a load balancer without sticky sessions: a
 * resident's messages may reach either one, and the WebSocket held by one gets the replies the other produced.
 */
describe('two instances on PostgreSQL behind one address', () => {
  let cluster: Cluster;
  let a: RunningServer;
  let b: RunningServer;

  beforeAll(async () => {
    cluster = await startCluster();
    a = await start({ databaseUrl: cluster.url });
    b = await start({ databaseUrl: cluster.url });
  });

  afterAll(async () => {
    await a?.close();
    await b?.close();
    cluster?.stop();
  });

  it('walks a melding with every other message on the other instance, the stream on one of them', async () => {
    const c = await startConversation(a);
    const stream = Stream.open(c.streamUrl);
    try {
      await stream.opened;
      await stream.waitFor((m) => /Ik ben Loket/.test(m.text ?? ''));
      const steps: [RunningServer, string, RegExp][] = [
        [b, 'de lantaarnpaal bij Kerkstraat 12 is kapot', /Wat is er aan de hand/],
        [a, 'hij brandt al een week niet', /foto/],
        [b, 'overslaan', /per e-mail/],
        [a, 'nee', /Klopt dit/],
        [b, 'ja', /MLD-/],
      ];
      for (const [server, text, reply] of steps) {
        expect((await say(server, c, text)).status).toBe(200);
        await stream.waitFor((m) => m.from?.role === 'bot' && reply.test(m.text ?? ''));
      }
      // Both instances serve the same log, in one order, each activity once.
      const fromA = (await activities(a, c)).activities;
      const fromB = (await activities(b, c)).activities;
      expect(fromB.map((m: { id: string }) => m.id)).toEqual(fromA.map((m: { id: string }) => m.id));
      expect(new Set(fromA.map((m: { id: string }) => m.id)).size).toBe(fromA.length);
      expect(fromA.filter((m: { from: { role?: string } }) => m.from.role !== 'bot').map((m: { text: string }) => m.text)).toEqual(steps.map(([, text]) => text));
    } finally {
      await stream.close();
    }
  });

  it('answers more conversations at once than a connection pool holds', async () => {
    // A turn holds a connection for the conversation's lock and needs another meanwhile (who is at the desk, the
    // calendar): thirty turns at once on one instance must not wait for each other's connections.
    const residents = await Promise.all(Array.from({ length: 30 }, () => startConversation(a)));
    const answers = await Promise.all(residents.map((c) => say(a, c, 'hoe laat is het gemeentehuis open?')));
    expect(answers.map((r) => r.status)).toEqual(residents.map(() => 200));
    for (const c of residents) {
      const replies = (await activities(b, c)).activities.filter((m: { from: { role?: string } }) => m.from.role === 'bot');
      expect(replies.at(-1).text).toMatch(/9\.00 tot 17\.00/);
    }
  });

  it('refuses to start without a shared Direct Line secret', async () => {
    const saved = process.env.LOKET_DIRECTLINE_SECRET;
    delete process.env.LOKET_DIRECTLINE_SECRET;
    try {
      const { startServer } = await import('../../src/server');
      const { PACKAGE_ROOT } = await import('../../src/paths');
      const pino = (await import('pino')).default;
      await expect(startServer({ root: PACKAGE_ROOT, port: 0, anonymous: true, log: pino({ level: 'silent' }), databaseUrl: cluster.url, stateFile: stateFile() })).rejects.toThrow(/LOKET_DIRECTLINE_SECRET/);
    } finally {
      process.env.LOKET_DIRECTLINE_SECRET = saved;
    }
  });
});
