/**
 * The web chat in a real browser: Debian's chromium through playwright-core, against a real `loket serve` (web pages,
 * Direct Line and the bot). Checks WCAG 2.1 AA with axe-core, keyboard use, a 320 px screen, the melding flow end to
 * end and resuming after a reload. Screenshots go to /tmp/loket-shots/.
 */
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { PACKAGE_ROOT } from '../../src/paths';
import { startServer, type RunningServer } from '../../src/server';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const SHOTS = '/tmp/loket-shots';
const NOW = new Date('2026-03-10T10:00:00+01:00');
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

const LAUNCHER = '.loket-launcher';
const PANEL = '[role="dialog"].loket-panel';
const SEND_BOX = `${PANEL} .webchat__send-box-text-box__input`;

jest.setTimeout(120_000);

// The callbacks given to page.evaluate run in the browser; this project type-checks without the DOM library.
/* eslint-disable @typescript-eslint/no-explicit-any */
declare const document: any;
declare const window: any;
declare const sessionStorage: any;
interface CspEvent { violatedDirective: string; blockedURI: string; sourceFile: string; lineNumber: number }

interface AxeResult { violations: { id: string; impact: string; help: string; nodes: { target: string[]; failureSummary: string }[] }[] }

/** What went wrong in the page: CSP violations, uncaught errors and console errors. */
interface Problems { csp: string[]; errors: string[] }

describe('web chat in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    server = await startServer({ root: PACKAGE_ROOT, port: 0, anonymous: true, log: pino({ level: 'silent' }), now: () => NOW, stateFile: join(mkdtempSync(join(tmpdir(), 'loket-web-')), 'state.sqlite') });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  afterEach(async () => {
    for (const c of contexts.splice(0)) await c.close();
  });

  async function open(width = 1280, height = 800): Promise<{ page: Page; problems: Problems }> {
    const context = await browser.newContext({ viewport: { width, height }, locale: 'nl-NL' });
    contexts.push(context);
    const page = await context.newPage();
    const problems: Problems = { csp: [], errors: [] };
    await page.exposeFunction('__reportCsp', (v: string) => void problems.csp.push(v));
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e: CspEvent) => (window as unknown as { __reportCsp(v: string): void }).__reportCsp(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));
    });
    page.on('pageerror', (e) => problems.errors.push(e.message));
    page.on('console', (m) => { if (m.type() === 'error') problems.errors.push(m.text()); });
    await page.goto(`${server.url}/`);
    await page.locator(LAUNCHER).waitFor();
    return { page, problems };
  }

  async function axe(page: Page): Promise<AxeResult['violations']> {
    await page.evaluate(AXE); // through the DevTools protocol, so the page's CSP does not block it
    const result = (await page.evaluate(() => (window as unknown as { axe: { run(d: Document, o: object): Promise<unknown> } }).axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }))) as AxeResult;
    return result.violations;
  }

  function readable(violations: AxeResult['violations']): string {
    return violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n${v.nodes.map((n) => `    ${n.target.join(' ')}\n      ${n.failureSummary.replace(/\n/g, '\n      ')}`).join('\n')}`).join('\n');
  }

  /** Opens the chat with the mouse and waits for the bot's welcome. */
  async function openChat(page: Page): Promise<void> {
    await page.locator(LAUNCHER).click();
    await message(page, 'Ik ben Loket').waitFor();
  }

  /** A message in the transcript (Web Chat also keeps a hidden copy for screen readers, so look in the bubbles). */
  function message(page: Page, text: string | RegExp) {
    return page.locator(`${PANEL} .webchat__bubble__content`, { hasText: text });
  }

  /** A suggested action under the newest message (the live region has hidden copies of them too). */
  function action(page: Page, name: string) {
    return page.locator(PANEL).getByRole('toolbar', { name: 'Voorgestelde acties' }).getByRole('button', { name, exact: true });
  }

  async function say(page: Page, text: string): Promise<void> {
    await page.locator(SEND_BOX).fill(text);
    await page.locator(SEND_BOX).press('Enter');
  }

  it('has no WCAG 2.1 AA violations with the chat closed', async () => {
    const { page, problems } = await open();
    const violations = await axe(page);
    await page.locator(LAUNCHER).focus();
    await page.screenshot({ path: join(SHOTS, 'desktop-closed.png') });
    expect(readable(violations)).toBe('');
    expect(await page.getAttribute('html', 'lang')).toBe('nl');
    expect(problems).toEqual({ csp: [], errors: [] });
  });

  it('has no WCAG 2.1 AA violations with the chat open, and looks right (screenshot)', async () => {
    const { page, problems } = await open();
    await openChat(page);
    await action(page, 'Iets melden').waitFor();
    const violations = await axe(page);
    await page.screenshot({ path: join(SHOTS, 'desktop-open.png') });
    expect(readable(violations)).toBe('');
    expect(problems).toEqual({ csp: [], errors: [] });
  });

  it('works by keyboard alone: Tab to the button, Enter opens, type and send, Escape closes', async () => {
    const { page } = await open();
    let onLauncher = false;
    for (let i = 0; i < 40 && !onLauncher; i++) {
      await page.keyboard.press('Tab');
      onLauncher = await page.evaluate(() => document.activeElement?.classList.contains('loket-launcher') ?? false);
    }
    expect(onLauncher).toBe(true);
    const launcher = page.locator(LAUNCHER);
    await expect(launcher.getAttribute('aria-expanded')).resolves.toBe('false');
    await page.keyboard.press('Enter');
    await page.locator(PANEL).waitFor({ state: 'visible' });
    expect(await page.evaluate(() => !!document.activeElement?.closest('[role="dialog"]'))).toBe(true);
    // Focus goes on to the send box once Web Chat is drawn.
    await page.waitForFunction(() => document.activeElement?.classList.contains('webchat__send-box-text-box__input') ?? false);
    await message(page, 'Ik ben Loket').waitFor();
    await page.keyboard.type('hoe laat is het gemeentehuis open');
    await page.keyboard.press('Enter');
    await message(page, '9.00 tot 17.00').waitFor();
    await page.keyboard.press('Escape');
    await page.locator(PANEL).waitFor({ state: 'hidden' });
    expect(await page.evaluate(() => document.activeElement?.classList.contains('loket-launcher'))).toBe(true);
    await expect(launcher.getAttribute('aria-expanded')).resolves.toBe('false');
    // Enter on the focused button opens it again, with the conversation still there; the close button closes it too.
    await page.keyboard.press('Enter');
    await message(page, '9.00 tot 17.00').waitFor();
    await page.locator(`${PANEL} .loket-panel__close`).focus();
    await page.keyboard.press('Enter');
    await page.locator(PANEL).waitFor({ state: 'hidden' });
    expect(await page.evaluate(() => document.activeElement?.classList.contains('loket-launcher'))).toBe(true);
  });

  it('fits a 320 px screen: the panel is full screen and nothing scrolls sideways', async () => {
    const { page, problems } = await open(320, 640);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    await openChat(page);
    await action(page, 'Iets melden').waitFor();
    const box = await page.locator(PANEL).boundingBox();
    expect(box).toEqual({ x: 0, y: 0, width: 320, height: 640 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    await page.screenshot({ path: join(SHOTS, 'mobile-320-open.png') });
    expect(readable(await axe(page))).toBe('');
    expect(problems).toEqual({ csp: [], errors: [] });
  });

  it('completes a melding end to end and resumes the conversation after a reload', async () => {
    const { page, problems } = await open();
    await openChat(page);
    await say(page, 'ik wil iets melden');
    await action(page, 'Straatverlichting').click();
    await message(page, 'Waar is het').waitFor();
    await say(page, 'Kerkstraat 12');
    await message(page, 'Wat is er aan de hand').waitFor();
    await say(page, 'De lantaarnpaal brandt al een week niet');
    await action(page, 'Overslaan').click();
    await action(page, 'Nee').click();
    await message(page, 'Klopt dit').waitFor();
    // One newline in bot.yaml is one line in the chat: the summary has a line per field.
    await expect(message(page, 'Klopt dit').locator('br').count()).resolves.toBeGreaterThanOrEqual(4);
    await expect(message(page, 'Klopt dit').textContent()).resolves.toContain('Plek: Kerkstraat 12');
    await action(page, 'Ja').click();
    await message(page, /MLD-[A-Z0-9]+/).waitFor();
    await page.screenshot({ path: join(SHOTS, 'desktop-melding.png') });

    // A reload of the page keeps the conversation: same Direct Line conversation, transcript replayed, panel open.
    const before = await page.evaluate(() => JSON.parse(sessionStorage.getItem('loket:voorbeeldgemeente:session') ?? 'null') as { conversationId: string });
    expect(before.conversationId).toBeTruthy();
    await page.reload();
    await page.locator(PANEL).waitFor({ state: 'visible' });
    await message(page, /MLD-[A-Z0-9]+/).waitFor();
    const after = await page.evaluate(() => JSON.parse(sessionStorage.getItem('loket:voorbeeldgemeente:session') ?? 'null') as { conversationId: string });
    expect(after.conversationId).toBe(before.conversationId);
    await expect(message(page, 'Ik ben Loket').count()).resolves.toBe(1);
    expect(problems).toEqual({ csp: [], errors: [] });
  });

  it('sends a photo for a melding with the paperclip, and shows the stored copy in the transcript', async () => {
    const { page, problems } = await open();
    await openChat(page);
    await say(page, 'de lantaarnpaal bij Kerkstraat 12 is kapot');
    await message(page, 'Wat is er aan de hand').waitFor();
    await say(page, 'hij brandt al een week niet meer');
    await message(page, 'Heeft u een foto').waitFor();
    await expect(page.locator(PANEL).getByRole('button', { name: 'Bestand uploaden' }).count()).resolves.toBe(1);
    // A real 1x1 PNG, as a phone's photo would be.
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
    await page.locator(`${PANEL} input[type="file"]`).setInputFiles({ name: 'lantaarnpaal.png', mimeType: 'image/png', buffer: png });
    // Choosing the file sends it; no Verzenden needed.
    await message(page, 'per e-mail horen').waitFor();
    // After the echo the photo is shown from Loket's copy, not from the browser's memory.
    const img = page.locator(`${PANEL} img[src*="/v3/directline/attachments/"]`);
    await img.first().waitFor();
    await expect(img.first().evaluate((el) => (el as unknown as { complete: boolean; naturalWidth: number }).complete && (el as unknown as { naturalWidth: number }).naturalWidth)).resolves.toBe(1);
    await action(page, 'Nee').click();
    await expect(message(page, 'Klopt dit').textContent()).resolves.toContain('Foto: lantaarnpaal.png');
    expect(await axe(page)).toEqual([]);
    expect(problems).toEqual({ csp: [], errors: [] });
  });

  it('opens links from the bot in a new tab', async () => {
    const { page } = await open();
    await openChat(page);
    await say(page, 'wanneer wordt mijn afval opgehaald');
    const link = page.locator(`${PANEL} a[href="https://www.voorbeeld.nl/afvalkalender"]`).first();
    await link.waitFor();
    expect(await link.getAttribute('target')).toBe('_blank');
    expect(await link.getAttribute('rel')).toContain('noopener');
  });
});
