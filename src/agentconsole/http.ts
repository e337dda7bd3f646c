/** Small HTTP pieces of the agent console: the session cookie, JSON answers, CSRF and body checks. */
import type { Request, Response } from 'restify';
import { decodedPart, sendError } from '../channels/httpError';

export const COOKIE = 'loket_agent';
/** The header every state-changing request must carry: a cross-site form or image cannot set it. */
export const CSRF_HEADER = 'x-loket-agent';

/** Headers on every answer of the console: nothing is cached, nothing is sniffed or framed. */
export const SECURITY_HEADERS: Record<string, string> = {
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=()',
};

export function sendJson(res: Response, status: number, body: unknown, headers: Record<string, string> = {}): void {
  for (const [k, v] of Object.entries({ ...SECURITY_HEADERS, ...headers })) res.setHeader(k, v);
  res.send(status, body);
}

/** A refusal as every Loket route gives it (`{"error": "…"}`, in Dutch here, for the employee), with the console's headers. */
export function fail(res: Response, status: number, error: string, headers: Record<string, string> = {}): void {
  sendError(res, status, error, { ...SECURITY_HEADERS, ...headers });
}

/** The session cookie's value: `<bot>.<token>` (a token is base64url, so it has no dot). */
export function sessionCookie(req: Request): { botId: string; token: string } | undefined {
  const header = req.headers.cookie;
  if (typeof header !== 'string') return undefined;
  for (const part of header.split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name !== COOKIE) continue;
    const value = rest.join('=');
    const dot = value.lastIndexOf('.');
    if (dot <= 0 || !/^[A-Za-z0-9_-]{43}$/.test(value.slice(dot + 1))) return undefined;
    // A cookie no sign-in of ours wrote ("%." as the bot): no session, not a failed request.
    const botId = decodedPart(value.slice(0, dot));
    return botId === undefined ? undefined : { botId, token: value.slice(dot + 1) };
  }
  return undefined;
}

/** Secure when the browser reached us over https (directly, or through a proxy that says so). */
export function setSessionCookie(req: Request, res: Response, botId: string, token: string | undefined): void {
  const value = token ? `${encodeURIComponent(botId)}.${token}` : '';
  const parts = [`${COOKIE}=${value}`, 'Path=/agent', 'HttpOnly', 'SameSite=Strict'];
  if (!token) parts.push('Max-Age=0');
  if (isHttps(req)) parts.push('Secure');
  res.setHeader('Set-Cookie', parts.join('; '));
}

function isHttps(req: Request): boolean {
  const proto = req.headers['x-forwarded-proto'];
  const first = (Array.isArray(proto) ? proto[0] : proto)?.split(',')[0]?.trim().toLowerCase();
  return first === 'https' || Boolean((req.socket as { encrypted?: boolean }).encrypted);
}

/**
 * The client's address, for throttling sign-in: the TCP peer, unless that is one of your reverse proxies
 * (LOKET_TRUSTED_PROXIES). Then X-Forwarded-For is read from the right, and the first address that is not a trusted
 * proxy counts: what left of it a client wrote itself is ignored, since anyone can write that header.
 */
export function clientAddress(req: Request, trustedProxies: ReadonlySet<string> = new Set()): string {
  const peer = plainAddress(req.socket.remoteAddress ?? 'unknown');
  if (!trustedProxies.has(peer)) return peer;
  const header = req.headers['x-forwarded-for'];
  const hops = (Array.isArray(header) ? header.join(',') : header ?? '').split(',').map((h) => plainAddress(h.trim())).filter(Boolean);
  for (let i = hops.length - 1; i >= 0; i--) if (!trustedProxies.has(hops[i])) return hops[i];
  return peer;
}

/** "::ffff:10.0.0.7" and "10.0.0.7" are the same client. */
function plainAddress(address: string): string {
  return address.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '').toLowerCase();
}

/** LOKET_TRUSTED_PROXIES: comma-separated addresses of reverse proxies in front of Loket. */
export function trustedProxies(value = process.env.LOKET_TRUSTED_PROXIES ?? ''): Set<string> {
  return new Set(value.split(',').map((a) => plainAddress(a.trim())).filter(Boolean));
}

/**
 * For POST routes: the CSRF header (403), a JSON content type (415) and a JSON object as body (400). Malformed JSON
 * never gets here: the server's body parser answers it with 400 first. Returns the body, or undefined when answered.
 */
export function jsonBody(req: Request, res: Response): Record<string, unknown> | undefined {
  if (req.headers[CSRF_HEADER] !== '1') return void fail(res, 403, 'Dit verzoek mist de kop X-Loket-Agent: 1.');
  if (!req.is('json')) return void fail(res, 415, 'Stuur de gegevens als JSON (Content-Type: application/json).');
  const body: unknown = req.body ?? {};
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return void fail(res, 400, 'De gegevens moeten een JSON-object zijn.');
  return body as Record<string, unknown>;
}

/** An optional string field of at most `max` characters; `null` when it is there but is not such a string. */
export function stringField(body: Record<string, unknown>, name: string, max: number): string | undefined | null {
  const v = body[name];
  if (v === undefined) return undefined;
  return typeof v === 'string' && v.length <= max ? v : null;
}

/** A ticket or task id from the path: a positive integer, or undefined. */
export function idParam(req: Request): number | undefined {
  const raw = String(req.params?.id ?? '');
  return /^[1-9][0-9]{0,11}$/.test(raw) ? Number(raw) : undefined;
}
