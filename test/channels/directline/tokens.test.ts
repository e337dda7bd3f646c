import { TokenIssuer } from '../../../src/channels/directline/tokens';

describe('Direct Line tokens checked again', () => {
  it('give the same claims every time, and expire on time even after they were accepted', () => {
    let now = Date.parse('2026-03-10T09:00:00Z');
    const issuer = new TokenIssuer(Buffer.from('a'.repeat(32)), 60, () => now);
    const { token } = issuer.issue({ conversationId: 'c1', botId: 'b' });
    const first = issuer.verify(token);
    expect(issuer.verify(token)).toEqual(first);
    now += 59_000;
    expect(issuer.verify(token)).toEqual(first);
    now += 2_000;
    expect(issuer.verify(token)).toMatchObject({ ok: false, status: 403, code: 'TokenExpired' });
    expect(issuer.verify(token)).toMatchObject({ ok: false, status: 403, code: 'TokenExpired' });
  });

  it('refuse a token changed by one character, also after the real one was accepted', () => {
    const issuer = new TokenIssuer(Buffer.from('a'.repeat(32)));
    const { token } = issuer.issue({ conversationId: 'c1', botId: 'b' });
    expect(issuer.verify(token).ok).toBe(true);
    const forged = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
    expect(issuer.verify(forged)).toMatchObject({ ok: false, status: 401 });
  });

  it('cannot be changed through the claims they return', () => {
    const issuer = new TokenIssuer(Buffer.from('a'.repeat(32)));
    const { token } = issuer.issue({ conversationId: 'c1', botId: 'b' });
    const check = issuer.verify(token);
    if (!check.ok) throw new Error('the token should be valid');
    expect(() => Object.assign(check.claims, { conversationId: 'other' })).toThrow(TypeError);
    expect(issuer.verify(token)).toMatchObject({ ok: true, claims: { conversationId: 'c1' } });
  });
});
