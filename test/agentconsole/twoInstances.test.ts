/**
 * The agent console on two `loket serve` instances that share PostgreSQL, as behind a load balancer without sticky
 * sessions: accounts and sessions are shared, a resident handed over on one instance shows up live in a console on
 * the other, and of two agents on two instances who take it at once, exactly one gets it.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { startServer, type RunningServer } from '../../src/server';
import { say, SECRET, startConversation } from '../channels/directline/helpers';
import { startCluster, type Cluster } from '../storage/postgres';
import { addAgent, AgentClient, BOT, NOW, queueOf, readEvents, scratchRoot } from './helpers';

describe('the agent console on two instances sharing PostgreSQL', () => {
  let cluster: Cluster;
  let a: RunningServer;
  let b: RunningServer;
  const saved = process.env.LOKET_DIRECTLINE_SECRET;

  /** An instance with state files of its own (as on another machine) and the shared database. */
  const instance = (root: string) => startServer({
    root, port: 0, anonymous: true, log: pino({ level: 'silent' }), now: () => NOW, databaseUrl: cluster.url,
    stateFile: join(mkdtempSync(join(tmpdir(), 'loket-instance-')), 'state.sqlite'),
  });

  beforeAll(async () => {
    process.env.LOKET_DIRECTLINE_SECRET = SECRET;
    cluster = await startCluster();
    const root = scratchRoot();
    a = await instance(root);
    b = await instance(root);
    await addAgent(a, 'anne', 'Anne de Vries');
    await addAgent(b, 'bram', 'Bram Jansen');
  });

  afterAll(async () => {
    await a?.close();
    await b?.close();
    cluster?.stop();
    process.env.LOKET_DIRECTLINE_SECRET = saved;
  });

  it('knows on each instance the accounts and sessions made on the other', async () => {
    const anne = new AgentClient(b.url);
    expect((await anne.login('anne')).status).toBe(200);
    const elsewhere = new AgentClient(a.url);
    elsewhere.cookie = anne.cookie;
    expect((await elsewhere.get('/agent/api/me')).json).toMatchObject({ username: 'anne', name: 'Anne de Vries' });
    expect((await elsewhere.post('/agent/api/logout')).status).toBe(200);
    expect((await anne.get('/agent/api/me')).status).toBe(401);
  });

  it('shows a handover on one instance live on the other, and gives it to one of two agents taking it at once', async () => {
    const anne = new AgentClient(a.url);
    const bram = new AgentClient(b.url);
    expect((await anne.login('anne')).status).toBe(200);
    expect((await bram.login('bram')).status).toBe(200);
    let id = 0;
    let claims: { status: number; json: { error?: string; ticket?: { agent?: string } } }[] = [];
    const assigned = (e: { event: string; data: unknown }) => e.event === 'queue' && (e.data as { ticketId: number; status: string }).ticketId === id && (e.data as { status: string }).status === 'assigned';
    const events = await readEvents(b.url, bram.cookie, (e) => e.some(assigned), async () => {
      // Only Bram has a console open, on the other instance: the instance the resident talks to learns of him
      // through the database, and hands over instead of offering a callback.
      while (!(await queueOf(a).available(BOT))) await new Promise((r) => setImmediate(r));
      const resident = await startConversation(a);
      expect((await say(a, resident, 'ik wil een medewerker spreken')).status).toBe(200);
      id = (await queueOf(a).ticketOf(`directline:${resident.conversationId}`))!.id;
      claims = await Promise.all([anne.post(`/agent/api/tickets/${id}/claim`), bram.post(`/agent/api/tickets/${id}/claim`)]);
    });
    expect(events.find((e) => e.event === 'queue')?.data).toEqual({ ticketId: id, kind: 'created', status: 'pending' });
    expect(claims.map((c) => c.status).sort()).toEqual([200, 409]);
    const winner = claims.find((c) => c.status === 200)!.json.ticket!.agent;
    expect(claims.find((c) => c.status === 409)!.json).toEqual({ error: `Dit gesprek is al opgepakt door ${winner}.` });
    // Both instances agree on who has it.
    expect((await queueOf(b).ticket(id))?.agent?.name).toBe(winner);
    expect((await queueOf(a).ticket(id))?.agent?.name).toBe(winner);
  });
});
