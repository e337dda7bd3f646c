/**
 * How Loket refuses over HTTP, everywhere: a JSON body `{"error": …}` whose value says in plain words what was wrong.
 * Direct Line's routes give `{"code", "message"}` as the value, as that protocol's clients expect.
 */
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Response } from 'restify';

export type ErrorDetail = string | { code: string; message: string };

/** Answers with the error; does nothing when an answer has already begun (a handler that failed halfway). */
export function sendError(res: Response, status: number, error: ErrorDetail, headers: Record<string, string> = {}): void {
  if (res.headersSent) return;
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  res.send(status, { error });
}

/** A percent-encoded part of a URL or a cookie, decoded; undefined when it does not decode ("%" alone, "%ZZ"). */
export function decodedPart(s: string): string | undefined {
  try {
    return decodeURIComponent(s);
  } catch {
    return undefined;
  }
}

/** The same answer written to a socket restify does not handle (a refused WebSocket upgrade, unparsable HTTP), then closed. */
export function writeError(socket: Duplex, status: number, error: ErrorDetail): void {
  const body = JSON.stringify({ error });
  socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
}
