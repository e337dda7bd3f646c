/**
 * `POST /api/bots/:bot/handover`: where a remote desk calls back (the signed webhook adapter, Chatwoot's webhook).
 * The body is read as raw bytes before restify's bodyParser (`keepRawBody`, as for WhatsApp), since signatures
 * cover the exact bytes sent; the bot's adapter checks and applies it (`InboundHandover.receive`).
 */
import type { Request, Response } from 'restify';
import { hasInbound } from '../handover/adapter';
import type { ChannelContext } from '../channels/types';
import { sendError } from '../channels/httpError';
import { keepRawBody } from '../channels/rawBody';

export const HANDOVER_PATH = /^\/api\/bots\/([^/]+)\/handover\/?$/;
export const MAX_HANDOVER_BODY = 256 * 1024;

export function registerHandoverInbound(ctx: ChannelContext): void {
  const { server } = ctx;
  const log = ctx.log.child({ route: 'handover' });

  const readRawBody = keepRawBody(server, HANDOVER_PATH, MAX_HANDOVER_BODY);

  server.post('/api/bots/:bot/handover', async (req: Request, res: Response) => {
    const botId = String(req.params?.bot ?? '');
    const adapter = ctx.bots.get(botId)?.loket.handover;
    if (!adapter) return sendError(res, 404, `unknown bot "${botId}"`);
    if (!hasInbound(adapter)) return sendError(res, 404, `bot "${botId}" takes no handover callbacks: its handover.adapter is not webhook or chatwoot`);
    const rawBody = readRawBody(req);
    if (!rawBody) return sendError(res, 400, 'the request body could not be read');
    try {
      const { status, body } = await adapter.receive({ rawBody, headers: req.headers, query: queryOf(req) });
      res.send(status, body);
    } catch (e) {
      log.error({ bot: botId, err: (e as Error).message }, 'handover callback failed');
      sendError(res, 500, 'the handover callback could not be handled');
    }
  });
}

/** The query string, one value per name (the first), whatever restify's queryParser made of it. */
function queryOf(req: Request): Record<string, string> {
  const query: Record<string, string> = {};
  for (const [name, value] of new URL(req.url ?? '/', 'http://localhost').searchParams) query[name] ??= value;
  return query;
}
