/** The web chat's routes without a browser: content types, security and cache headers, themes, 404s. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { contentSecurityPolicy, webChatBundlePath } from '../../src/channels/web';
import { publicTheme } from '../../src/channels/web/theme';
import type { BotConfig } from '../../src/content';
import { PACKAGE_ROOT } from '../../src/paths';
import { startServer, type RunningServer } from '../../src/server';

describe('web chat routes', () => {
  let s: RunningServer;
  beforeAll(async () => {
    s = await startServer({ root: PACKAGE_ROOT, port: 0, anonymous: true, log: pino({ level: 'silent' }), stateFile: join(mkdtempSync(join(tmpdir(), 'loket-webr-')), 'state.sqlite') });
  });
  afterAll(() => s.close());

  it('serves the demo page in Dutch with the embed snippet and a strict CSP with a fresh nonce', async () => {
    const res = await fetch(`${s.url}/`);
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('cache-control')).toBe('no-store');
    const csp = res.headers.get('content-security-policy')!;
    const nonce = /'nonce-([^']+)'/.exec(csp)![1];
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("connect-src 'self' blob:");
    expect(csp).toContain('worker-src blob:');
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect(html).toContain('<html lang="nl">');
    expect(html).toContain(`<script src="/embed.js" data-bot="voorbeeldgemeente" nonce="${nonce}" defer></script>`);
    expect(html).toMatch(/<header[\s\S]*<nav aria-label="Hoofdmenu">[\s\S]*<main[\s\S]*<footer/);
    const again = (await fetch(`${s.url}/`)).headers.get('content-security-policy');
    expect(again).not.toBe(csp);
  });

  it('serves Web Chat from node_modules with cache headers, ETag and gzip', async () => {
    const res = await fetch(`${s.url}/webchat/webchat.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('cache-control')).toBe('public, max-age=86400');
    expect(res.headers.get('content-encoding')).toBe('gzip');
    expect((await res.text()).length).toBe(require('node:fs').statSync(webChatBundlePath()).size);
    const etag = res.headers.get('etag')!;
    const cached = await fetch(`${s.url}/webchat/webchat.js`, { headers: { 'if-none-match': etag } });
    expect(cached.status).toBe(304);
  });

  it('serves the embed script and the static files from web/', async () => {
    const embed = await fetch(`${s.url}/embed.js`);
    expect(embed.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(embed.headers.get('cache-control')).toBe('public, max-age=300');
    expect(await embed.text()).toContain('data-bot="voorbeeldgemeente"');
    const css = await fetch(`${s.url}/static/embed.css`);
    expect([css.status, css.headers.get('content-type'), css.headers.get('x-content-type-options')]).toEqual([200, 'text/css; charset=utf-8', 'nosniff']);
    const svg = await fetch(`${s.url}/static/logo-voorbeeldgemeente.svg`);
    expect([svg.status, svg.headers.get('content-type')]).toEqual([200, 'image/svg+xml']);
  });

  it('serves each bot\'s public theme from bot.yaml, readable from other origins', async () => {
    const res = await fetch(`${s.url}/bots/voorbeeldgemeente/theme.json`);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const theme = await res.json();
    expect(theme).toEqual({
      bot: 'voorbeeldgemeente', name: 'Gemeente Voorbeeld', assistantName: 'Loket', languages: ['nl', 'en'],
      logo: '/static/logo-voorbeeldgemeente.svg',
      colors: { primary: '#0B4F8A', primaryText: '#FFFFFF', botBubble: '#EEF3F7', botBubbleText: '#1A1A1A', userBubble: '#0B4F8A', userBubbleText: '#FFFFFF' },
      font: expect.stringContaining('sans-serif'), suggestedActionLayout: 'stacked',
    });
    expect(await (await fetch(`${s.url}/theme.json`)).json()).toEqual(theme);
  });

  it.each([
    ['/bots/elders/theme.json', { error: 'unknown bot "elders"' }],
    ['/static/index.html', { error: 'no such file "index.html"' }],
    ['/static/..%2Fpackage.json', { error: 'no such file "../package.json"' }],
    ['/static/embed.js', { error: 'no such file "embed.js"' }],
    ['/nergens', { error: 'no such route' }],
  ])('answers %s with 404 JSON', async (path, body) => {
    const res = await fetch(`${s.url}${path}`);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await res.json()).toEqual(body);
  });
});

describe('publicTheme', () => {
  const bot = (theme: Record<string, unknown>) => ({ id: 'b', name: 'Gemeente B', languages: ['nl'], theme } as unknown as BotConfig);

  it('falls back to accessible defaults', () => {
    expect(publicTheme(bot({}))).toMatchObject({ assistantName: 'Loket', colors: { primary: '#0B4F8A', primaryText: '#FFFFFF', userBubble: '#0B4F8A' }, suggestedActionLayout: 'stacked' });
    expect(publicTheme(bot({})).logo).toBeUndefined();
  });

  it('keeps values that would inject CSS or markup out of the page', () => {
    const t = publicTheme(bot({ primary_color: 'red;background:url(x)', font: 'x;}</style><script>', logo: 'javascript:alert(1)', suggested_action_layout: 'carousel' }));
    expect(t.colors.primary).toBe('#0B4F8A');
    expect(t.font).not.toContain('<');
    expect(t.logo).toBeUndefined();
    expect(t.suggestedActionLayout).toBe('stacked');
    expect(publicTheme(bot({ logo: '/static/../../etc/passwd' })).logo).toBeUndefined();
    expect(publicTheme(bot({ logo: 'https://www.b.nl/logo.svg', primary_color: '#123abc', suggested_action_layout: 'flow' }))).toMatchObject({ logo: 'https://www.b.nl/logo.svg', colors: { primary: '#123ABC', userBubble: '#123ABC' }, suggestedActionLayout: 'flow' });
  });

  it('puts only the nonce into the CSP it is given', () => {
    expect(contentSecurityPolicy('abc')).toContain("script-src 'self' 'nonce-abc'");
  });
});
