/**
 * Signed webhooks (WhatsApp, a handover desk, Chatwoot) need the exact bytes that were sent. A `pre` handler reads
 * POSTs to one path before restify's bodyParser, keeps the bytes (up to a limit, 413 beyond it) and marks the
 * request as read so the parser leaves it alone.
 */
import type { Request, Response, Server } from 'restify';
import { sendError } from './httpError';

/** Starts keeping raw bodies of POSTs to `path`; returns how a handler gets them (undefined if unread). */
export function keepRawBody(server: Server, path: RegExp, maxBytes: number): (req: Request) => Buffer | undefined {
  const raw = new WeakMap<Request, Buffer>();
  server.pre((req: Request, res: Response, next: (err?: false) => void) => {
    if (req.method !== 'POST' || !path.test(req.getPath())) return next();
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) chunks.push(chunk);
    });
    req.once('error', () => {
      sendError(res, 400, 'the request body could not be read');
      next(false);
    });
    req.once('end', () => {
      if (size > maxBytes) {
        sendError(res, 413, `the body is larger than ${maxBytes / 1024} KiB`);
        return next(false);
      }
      raw.set(req, Buffer.concat(chunks));
      // restify's body reader and parser skip requests marked as read
      Object.assign(req, { _readBody: true, _parsedBody: true, body: undefined });
      next();
    });
  });
  return (req) => raw.get(req);
}
