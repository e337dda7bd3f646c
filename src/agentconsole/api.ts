/**
 * The console's JSON API under /agent/api. Sign-in is the only route without a session; every other route works on
 * the bot of the session, so an agent of one municipality never reaches another's conversations (404).
 */
import type { Logger } from 'pino';
import type { Request, Response, Server } from 'restify';
import { QueueError, type Agent, type QueueErrorCode, type QueueTicket } from '../handover';
import { answerDocument, erase, find, sizeOf, type Holdings } from '../privacy';
import type { Desk } from './desk';
import type { EventHub } from './events';
import { clientAddress, fail, idParam, jsonBody, sendJson, sessionCookie, setSessionCookie, stringField } from './http';
import { CALLBACK_OUTCOMES, callbackView, handledNote, outcomeText, TICKET_OUTCOMES, ticketView, undeliveredView } from './views';

interface Session { desk: Desk; agent: Agent; token: string }

type Handler = (req: Request, res: Response) => Promise<void>;
type SessionHandler = (req: Request, res: Response, s: Session) => Promise<void> | void;

const STATUS: Record<QueueErrorCode, number> = {
  not_found: 404, taken: 409, not_yours: 409, capacity: 409, closed: 409, window_closed: 422, invalid: 422,
};

const SIGNED_OUT = 'U bent niet (meer) aangemeld. Meld u opnieuw aan.';
const BAD_SIGN_IN = 'Deze combinatie van gebruikersnaam en wachtwoord kennen we niet.';
const NO_TICKET = 'Dit gesprek bestaat niet (meer).';
const RECENT = 10;

export interface ApiOptions {
  now: () => Date;
  /** Reverse proxies whose X-Forwarded-For is believed when throttling sign-in. */
  trustedProxies: ReadonlySet<string>;
  /** Where a bot's personal data is, for a resident's access and erasure requests. */
  holdings: (botId: string) => Holdings;
}

export function registerApi(server: Server, desks: Map<string, Desk>, hub: EventHub, log: Logger, { now, trustedProxies, holdings }: ApiOptions): void {
  /** Turns refusals into answers: QueueError with its Dutch message, anything else a plain 500 (logged without data). */
  const handle = (fn: Handler): Handler => async (req, res) => {
    try {
      await fn(req, res);
    } catch (e) {
      if (e instanceof QueueError) return fail(res, STATUS[e.code], e.message);
      log.error({ err: (e as Error).message, path: req.getPath() }, 'agent console request failed');
      fail(res, 500, 'Er ging iets mis aan onze kant. Probeer het nog eens.');
    }
  };

  const signedIn = (fn: SessionHandler): Handler => handle(async (req, res) => {
    const cookie = sessionCookie(req);
    const desk = cookie ? desks.get(cookie.botId) : undefined;
    const account = cookie && desk ? await desk.accounts.session(cookie.token) : undefined;
    if (!cookie || !desk || !account) return fail(res, 401, SIGNED_OUT);
    await fn(req, res, { desk, agent: { username: account.username, name: account.name }, token: cookie.token });
  });

  /** A POST with a session, the CSRF header and a JSON object body. */
  const action = (fn: (req: Request, res: Response, s: Session, body: Record<string, unknown>, id: number) => Promise<void> | void): Handler =>
    signedIn(async (req, res, s) => {
      const body = jsonBody(req, res);
      if (!body) return;
      const id = idParam(req);
      if (req.params?.id !== undefined && id === undefined) return fail(res, 404, NO_TICKET);
      await fn(req, res, s, body, id ?? 0);
    });

  const audit = (s: Session, what: string, ticket: number) => log.info({ bot: s.desk.botId, ticket, what }, 'agent action');

  server.post('/agent/api/login', handle(async (req, res) => {
    const body = jsonBody(req, res);
    if (!body) return;
    const [botId, username, password] = [stringField(body, 'bot', 100), stringField(body, 'username', 100), stringField(body, 'password', 1024)];
    if (!botId || !username || !password) return fail(res, 400, 'Vul gemeente, gebruikersnaam en wachtwoord in.');
    const desk = desks.get(botId);
    if (!desk) return fail(res, 404, 'Voor deze gemeente is hier geen console.');
    const result = await desk.accounts.signIn(username, password, clientAddress(req, trustedProxies));
    if (!result.ok && result.reason === 'throttled') {
      log.warn({ bot: botId }, 'agent sign-in throttled');
      const minutes = Math.ceil(result.retryAfterSeconds / 60);
      return fail(res, 429, `Te vaak een verkeerd wachtwoord. Probeer het over ${minutes} ${minutes === 1 ? 'minuut' : 'minuten'} opnieuw.`, { 'Retry-After': String(result.retryAfterSeconds) });
    }
    if (!result.ok) {
      log.info({ bot: botId }, 'agent sign-in failed');
      return fail(res, 401, BAD_SIGN_IN);
    }
    setSessionCookie(req, res, botId, result.token);
    sendJson(res, 200, me(desk, result.account));
  }));

  server.post('/agent/api/logout', action(async (req, res, s) => {
    await s.desk.accounts.signOut(s.token);
    hub.endSession(s.token);
    setSessionCookie(req, res, s.desk.botId, undefined);
    sendJson(res, 200, { ok: true });
  }));

  server.get('/agent/api/me', signedIn((_req, res, s) => sendJson(res, 200, me(s.desk, s.agent))));

  /** A ticket as the console lists it, with the resident's last words. */
  const view = async (desk: Desk, agent: Agent, t: QueueTicket) => ticketView(t, await desk.queue.messages(t.id), agent.username, now(), desk.flowTitle(t.flow));

  server.get('/agent/api/queue', signedIn(async (_req, res, s) => {
    const { desk, agent } = s;
    const views = (list: QueueTicket[]) => Promise.all(list.map((t) => view(desk, agent, t)));
    const recent = (await desk.queue.recent(desk.botId, 100)).filter((t) => t.agent?.username === agent.username).slice(0, RECENT);
    sendJson(res, 200, {
      waiting: await views(await desk.queue.waiting(desk.botId)),
      mine: await views(await desk.queue.assignedTo(desk.botId, agent.username)),
      recent: await views(recent),
      capacity: desk.capacity,
      agentsOnline: await desk.queue.onlineAgents(desk.botId),
    });
  }));

  server.get('/agent/api/tickets/:id', signedIn(async (req, res, { desk, agent }) => {
    const t = await readableTicket(desk, idParam(req), agent);
    const messages = await desk.queue.messages(t.id);
    sendJson(res, 200, { ticket: ticketView(t, messages, agent.username, now(), desk.flowTitle(t.flow)), messages });
  }));

  server.post('/agent/api/tickets/:id/claim', action(async (_req, res, s, _body, id) => {
    const t = await s.desk.queue.claim(id, s.desk.botId, s.agent);
    audit(s, 'claim', id);
    sendJson(res, 200, { ticket: await view(s.desk, s.agent, t) });
  }));

  server.post('/agent/api/tickets/:id/reply', action(async (_req, res, s, body, id) => {
    const text = stringField(body, 'text', 20_000);
    if (typeof text !== 'string') return fail(res, 400, 'Stuur het bericht als tekst in "text".');
    const message = await s.desk.queue.reply(id, s.desk.botId, s.agent, text);
    audit(s, 'reply', id);
    sendJson(res, 200, { message });
  }));

  server.post('/agent/api/tickets/:id/link', action(async (_req, res, s, body, id) => {
    const title = stringField(body, 'title', 200);
    const url = stringField(body, 'url', 2000);
    if (title === null || typeof url !== 'string') return fail(res, 400, 'Stuur een link als "url" (en eventueel "title", hoogstens 200 tekens).');
    const message = await s.desk.queue.sendLink(id, s.desk.botId, s.agent, title ?? '', url);
    audit(s, 'link', id);
    sendJson(res, 200, { message });
  }));

  server.post('/agent/api/tickets/:id/handback', action(async (_req, res, s, _body, id) => {
    await s.desk.queue.handBack(id, s.desk.botId, s.agent);
    audit(s, 'handback', id);
    sendJson(res, 200, { ok: true });
  }));

  server.post('/agent/api/tickets/:id/close', action(async (_req, res, s, body, id) => {
    const outcome = outcomeText(TICKET_OUTCOMES, body.outcome, body.note);
    if ('error' in outcome) return fail(res, 422, outcome.error);
    await s.desk.queue.resolve(id, s.desk.botId, s.agent, outcome.text);
    audit(s, 'close', id);
    sendJson(res, 200, { ok: true });
  }));

  // A resident's access and erasure requests (AVG 15 and 17) for the conversation in front of the agent, with the
  // code of `loket privacy`. Logged with counts only.
  server.get('/agent/api/tickets/:id/export', signedIn(async (req, res, s) => {
    const t = await ownTicket(s.desk, idParam(req), s.agent);
    const found = await find(holdings(s.desk.botId), { conversation: t.conversationId });
    log.info({ bot: s.desk.botId, ticket: t.id, what: 'export', ...sizeOf([found]) }, 'agent action');
    sendJson(res, 200, answerDocument([found], false, now()), { 'Content-Disposition': `attachment; filename="gesprek-${t.id}.json"` });
  }));

  server.post('/agent/api/tickets/:id/erase', action(async (_req, res, s, body, id) => {
    const t = await ownTicket(s.desk, id, s.agent);
    if (t.status === 'pending' || t.status === 'assigned') return fail(res, 409, 'Sluit het gesprek eerst af. Daarna kunt u de gegevens wissen.');
    if (body.confirm !== true) return fail(res, 422, 'Bevestig eerst dat u alle gegevens van dit gesprek wilt wissen.');
    const size = sizeOf([await erase(holdings(s.desk.botId), { conversation: t.conversationId })]);
    log.info({ bot: s.desk.botId, ticket: id, what: 'erase', ...size }, 'agent action');
    sendJson(res, 200, { erased: size });
  }));

  server.get('/agent/api/callbacks', signedIn(async (_req, res, { desk }) => {
    sendJson(res, 200, { open: (await desk.callbacks.list(desk.botId, 'open')).map(callbackView), done: (await desk.callbacks.list(desk.botId, 'done', RECENT)).map(callbackView) });
  }));

  server.post('/agent/api/callbacks/:id/close', action(async (_req, res, s, body, id) => {
    const { desk, agent } = s;
    const task = await desk.callbacks.get(id);
    if (!task || task.botId !== desk.botId) return fail(res, 404, 'Dit terugbelverzoek bestaat niet (meer).');
    const outcome = outcomeText(CALLBACK_OUTCOMES, body.outcome, body.note);
    if ('error' in outcome) return fail(res, 422, outcome.error);
    if (!(await desk.callbacks.close(id, desk.botId, agent.name, outcome.text))) return fail(res, 409, `Dit terugbelverzoek is al afgerond${task.closedBy ? ` door ${task.closedBy}` : ''}.`);
    log.info({ bot: desk.botId, task: id, what: 'callback closed' }, 'agent action');
    sendJson(res, 200, { task: callbackView((await desk.callbacks.get(id))!) });
  }));

  // Messages for other systems the outbox gave up on: tasks for a person. Logged with ids, never the contents.
  const NO_ITEM = 'Dit bericht staat niet (meer) bij de niet afgeleverde berichten.';

  server.get('/agent/api/undelivered', signedIn(async (_req, res, { desk }) => {
    sendJson(res, 200, { items: (await desk.outbox.failedItems()).map(undeliveredView) });
  }));

  server.post('/agent/api/undelivered/:id/retry', action(async (_req, res, s, _body, id) => {
    const { desk } = s;
    const item = await desk.outbox.get(id);
    if (!item || !(await desk.outbox.requeue(id))) return fail(res, 404, NO_ITEM);
    // Due again in the shared table: any instance's worker takes it at its next poll; waking ours only makes it now.
    desk.wakeOutbox(item.topic);
    log.info({ bot: desk.botId, outbox: id, topic: item.topic, what: 'outbox retry' }, 'agent action');
    hub.outboxChanged(desk, id, 'pending');
    sendJson(res, 200, { ok: true });
  }));

  server.post('/agent/api/undelivered/:id/handled', action(async (_req, res, s, body, id) => {
    const { desk, agent } = s;
    const note = handledNote(body.note);
    if ('error' in note) return fail(res, 422, note.error);
    if (!(await desk.outbox.handled(id, agent.name, note.text, now()))) return fail(res, 404, NO_ITEM);
    log.info({ bot: desk.botId, outbox: id, what: 'outbox handled' }, 'agent action');
    hub.outboxChanged(desk, id, 'handled');
    sendJson(res, 200, { ok: true });
  }));

  server.get('/agent/api/events', signedIn((req, res, s) => hub.open(req, res, s.desk, s.agent, s.token)));
}

function me(desk: Desk, agent: Agent) {
  return {
    username: agent.username, name: agent.name, bot: { id: desk.botId, name: desk.name }, capacity: desk.capacity,
    outcomes: TICKET_OUTCOMES, callbackOutcomes: CALLBACK_OUTCOMES,
  };
}

/** A conversation this agent has or had (claimed, closed or handed back by them): theirs to export or erase. */
async function ownTicket(desk: Desk, id: number | undefined, agent: Agent): Promise<QueueTicket> {
  const t = id === undefined ? undefined : await desk.queue.ticket(id);
  if (!t || t.botId !== desk.botId) throw new QueueError('not_found', NO_TICKET);
  if (t.agent?.username !== agent.username) throw new QueueError('not_yours', t.agent ? `Dit gesprek is van ${t.agent.name}.` : 'Neem het gesprek eerst aan.');
  return t;
}

/**
 * A ticket this agent may read: a waiting one (to decide whether to take it) or one of their own. Another agent's
 * conversation stays theirs; another bot's does not exist here.
 */
async function readableTicket(desk: Desk, id: number | undefined, agent: Agent): Promise<QueueTicket> {
  const t = id === undefined ? undefined : await desk.queue.ticket(id);
  if (!t || t.botId !== desk.botId) throw new QueueError('not_found', NO_TICKET);
  if (t.status !== 'pending' && t.agent?.username !== agent.username) throw new QueueError('not_yours', t.agent ? `Dit gesprek is van ${t.agent.name}.` : 'Dit gesprek is niet van u.');
  return t;
}
