/**
 * `POST /api/bots/:bot/handover`: where a remote desk calls back (the signed webhook adapter, Chatwoot's webhook).
 * The body is read as raw bytes before restify's bodyParser (a `pre` handler, as for WhatsApp), since signatures
 * cover the exact bytes sent; the bot's adapter checks and applies it (`InboundHandover.receive`).
 */
import type { Request, Response } from 'restify';
import { hasInbound } from '../handover/adapter';
import type { ChannelContext } from './channels';

export const HANDOVER_PATH = /^\/api\/bots\/([^/]+)\/handover\/?$/;
export const MAX_HANDOVER_BODY = 256 * 1024;
const RAW_BODY = Symbol('handoverRawBody');

export function registerHandoverInbound(ctx: ChannelContext): void {
  const { server } = ctx;
  const log = ctx.log.child({ route: 'handover' });

  server.pre((req: Request, res: Response, next: (err?: false) => void) => {
    if (req.method !== 'POST' || !HANDOVER_PATH.test(req.getPath())) return next();
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_HANDOVER_BODY) chunks.push(chunk);
    });
    req.once('error', () => {
      if (!res.headersSent) res.send(400, { error: 'the request body could not be read' });
      next(false);
    });
    req.once('end', () => {
      if (size > MAX_HANDOVER_BODY) {
        res.send(413, { error: `the body is larger than ${MAX_HANDOVER_BODY / 1024} KiB` });
        return next(false);
      }
      (req as unknown as Record<symbol, Buffer>)[RAW_BODY] = Buffer.concat(chunks);
      // restify's body reader and parser skip requests marked as read
      Object.assign(req, { _readBody: true, _parsedBody: true, body: undefined });
      next();
    });
  });

  server.post('/api/bots/:bot/handover', async (req: Request, res: Response) => {
    const botId = String(req.params?.bot ?? '');
    const adapter = ctx.bots.get(botId)?.loket.handover;
    if (!adapter) return void res.send(404, { error: `unknown bot "${botId}"` });
    if (!hasInbound(adapter)) return void res.send(404, { error: `bot "${botId}" takes no handover callbacks: its handover.adapter is not webhook or chatwoot` });
    const rawBody = (req as unknown as Record<symbol, Buffer | undefined>)[RAW_BODY];
    if (!rawBody) return void res.send(400, { error: 'the request body could not be read' });
    try {
      const { status, body } = await adapter.receive({ rawBody, headers: req.headers, query: queryOf(req) });
      res.send(status, body);
    } catch (e) {
      log.error({ bot: botId, err: (e as Error).message }, 'handover callback failed');
      res.send(500, { error: 'the handover callback could not be handled' });
    }
  });
}

/** The query string, one value per name (the first), whatever restify's queryParser made of it. */
function queryOf(req: Request): Record<string, string> {
  const query: Record<string, string> = {};
  for (const [name, value] of new URL(req.url ?? '/', 'http://localhost').searchParams) query[name] ??= value;
  return query;
}
