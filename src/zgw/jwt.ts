/**
 * The ZGW APIs' token (VNG, "Autorisatie"): a JWT signed with HS256 by the client's secret, with the claims iss
 * and client_id (the client id), iat, and user_id and user_representation for the audit trail. Signed here with
 * node:crypto: the format is three base64url parts, which needs no library.
 */
import { createHmac } from 'node:crypto';

export interface ZgwClaims {
  clientId: string;
  userId: string;
  userRepresentation: string;
}

/** Any payload as an HS256 JWT. */
export function signHs256(payload: Record<string, unknown>, secret: string): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const unsigned = `${part({ alg: 'HS256', typ: 'JWT' })}.${part(payload)}`;
  return `${unsigned}.${createHmac('sha256', secret).update(unsigned).digest('base64url')}`;
}

/** A fresh token: the APIs refuse one whose iat is too old, so each request gets its own. */
export function zgwToken(claims: ZgwClaims, secret: string, now = new Date()): string {
  return signHs256({
    iss: claims.clientId,
    iat: Math.floor(now.getTime() / 1000),
    client_id: claims.clientId,
    user_id: claims.userId,
    user_representation: claims.userRepresentation,
  }, secret);
}
