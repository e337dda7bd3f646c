import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** What a Direct Line token grants: one conversation with one bot, until it expires. */
export interface TokenClaims {
  /** conversation id */
  conversationId: string;
  botId: string;
  /** The resident's id and name when the token was generated for a known user. */
  userId?: string;
  userName?: string;
  /** Expiry, seconds since the epoch. */
  expiresAt: number;
}

export type TokenCheck =
  | { ok: true; claims: TokenClaims }
  | { ok: false; status: 401 | 403; code: string; message: string };

const PREFIX = 'dl1';
const MAX_TOKEN = 2048;
/** Valid tokens remembered; more are forgotten all at once (they are checked again when they come back). */
const REMEMBERED = 10_000;

/**
 * Tokens are `dl1.<payload>.<signature>`: the payload is base64url JSON `{c, b, u?, n?, e, r}` (conversation, bot,
 * user id and name, expiry in epoch seconds, a random nonce) and the signature HMAC-SHA256 over `dl1.<payload>` with
 * the server's secret. Nothing is stored: a token is valid wherever the secret is the same.
 */
export class TokenIssuer {
  /** Web Chat sends the same token with every request: once its signature checked out, its claims are kept. */
  private readonly valid = new Map<string, Readonly<TokenClaims>>();

  constructor(private readonly secret: Buffer, readonly lifetimeSeconds = 3600, private readonly clock: () => number = Date.now) {}

  issue(claims: Omit<TokenClaims, 'expiresAt'>): { token: string; expires_in: number; claims: TokenClaims } {
    const expiresAt = Math.floor(this.clock() / 1000) + this.lifetimeSeconds;
    const payload = {
      c: claims.conversationId, b: claims.botId, e: expiresAt, r: randomBytes(6).toString('base64url'),
      ...(claims.userId !== undefined ? { u: claims.userId } : {}), ...(claims.userName !== undefined ? { n: claims.userName } : {}),
    };
    const body = `${PREFIX}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}`;
    return { token: `${body}.${this.sign(body)}`, expires_in: this.lifetimeSeconds, claims: { ...claims, expiresAt } };
  }

  verify(token: string | undefined): TokenCheck {
    const known = token ? this.valid.get(token) : undefined;
    if (known && known.expiresAt * 1000 > this.clock()) return { ok: true, claims: known };
    if (known) this.valid.delete(token!);
    const check = this.check(token);
    if (check.ok) {
      if (this.valid.size >= REMEMBERED) this.valid.clear();
      this.valid.set(token!, Object.freeze(check.claims));
    }
    return check;
  }

  private check(token: string | undefined): TokenCheck {
    if (!token) return { ok: false, status: 401, code: 'Unauthorized', message: 'send a Direct Line token: Authorization: Bearer <token> (POST /v3/directline/tokens/generate gives one)' };
    const invalid = { ok: false as const, status: 401 as const, code: 'Unauthorized', message: 'the token is not valid' };
    if (token.length > MAX_TOKEN) return invalid;
    const parts = token.split('.');
    if (parts.length !== 3 || parts[0] !== PREFIX) return invalid;
    const expected = Buffer.from(this.sign(`${parts[0]}.${parts[1]}`));
    const given = Buffer.from(parts[2]);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return invalid;
    let p: { c?: unknown; b?: unknown; u?: unknown; n?: unknown; e?: unknown };
    try {
      p = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as typeof p;
    } catch {
      return invalid;
    }
    if (typeof p.c !== 'string' || typeof p.b !== 'string' || typeof p.e !== 'number') return invalid;
    if (p.e * 1000 <= this.clock()) return { ok: false, status: 403, code: 'TokenExpired', message: 'the token has expired; generate a new one' };
    return {
      ok: true,
      claims: {
        conversationId: p.c, botId: p.b, expiresAt: p.e,
        ...(typeof p.u === 'string' ? { userId: p.u } : {}), ...(typeof p.n === 'string' ? { userName: p.n } : {}),
      },
    };
  }

  private sign(body: string): string {
    return createHmac('sha256', this.secret).update(body).digest('base64url');
  }
}

/** `Authorization: Bearer <token>` → the token. */
export function bearer(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(value ?? '');
  return m?.[1];
}
