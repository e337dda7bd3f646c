/**
 * The agent console in a real browser (Debian's chromium through playwright-core) against a real server: WCAG 2.1 AA
 * with axe-core at desktop and 320 px width, keyboard-only work, live updates, and the whole story with a resident
 * in Web Chat in a second page. Screenshots go to /tmp/loket-shots/.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { SqlOutbox } from '../../src/outbox';
import type { RunningServer } from '../../src/server';
import { addAgent, BOT, handOver, PASSWORD, queueOf, startScratchServer } from '../agentconsole/helpers';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const SHOTS = '/tmp/loket-shots';
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

jest.setTimeout(120_000);

// The callbacks given to page.evaluate run in the browser; this project type-checks without the DOM library.
/* eslint-disable @typescript-eslint/no-explicit-any */
declare const document: any;
declare const window: any;
declare const getComputedStyle: any;
interface CspEvent { violatedDirective: string; blockedURI: string; sourceFile: string; lineNumber: number }
interface AxeResult { violations: { id: string; impact: string; help: string; nodes: { target: string[]; failureSummary: string }[] }[] }
interface Problems { csp: string[]; errors: string[] }

describe('agent console in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    server = await startScratchServer();
    await addAgent(server, 'anne', 'Anne de Vries');
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  afterEach(async () => {
    for (const c of contexts.splice(0)) await c.close();
    // Each test starts with an agent who has no conversations and an empty waiting list.
    const queue = queueOf(server);
    for (const t of await queue.assignedTo(BOT, 'anne')) await queue.handBack(t.id, BOT, { username: 'anne', name: 'Anne de Vries' });
    for (const t of await queue.waiting(BOT)) await queue.cancel(t.conversationId);
  });

  async function open(path: string, width = 1280, height = 800): Promise<{ page: Page; problems: Problems }> {
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
    await page.goto(`${server.url}${path}`);
    return { page, problems };
  }

  async function axe(page: Page): Promise<string> {
    await page.evaluate(AXE);
    const result = (await page.evaluate(() => (window as unknown as { axe: { run(d: unknown, o: object): Promise<unknown> } }).axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }))) as AxeResult;
    return result.violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n${v.nodes.map((n) => `    ${n.target.join(' ')}\n      ${n.failureSummary.replace(/\n/g, '\n      ')}`).join('\n')}`).join('\n');
  }

  async function signIn(page: Page): Promise<void> {
    await page.getByLabel('Gebruikersnaam').fill('anne');
    await page.getByLabel('Wachtwoord').fill(PASSWORD);
    await page.getByRole('button', { name: 'Aanmelden' }).click();
    await page.getByText('Verbonden: u bent beschikbaar voor inwoners').waitFor();
  }

  async function consolePage(width?: number, height?: number): Promise<{ page: Page; problems: Problems }> {
    const opened = await open('/agent', width, height);
    await signIn(opened.page);
    return opened;
  }

  /** A message for another system the outbox gave up on, as its worker leaves it. */
  async function undelivered(topic: string, kind: string, reference: string, error: string): Promise<number> {
    const outbox = new SqlOutbox(server.bots.get(BOT)!.loket.sql, BOT);
    const id = await outbox.add({ topic, kind, reference, payload: { to: 'jan.smit@example.nl' } }, new Date());
    await outbox.failed(id, error, new Date());
    return id;
  }

  const waitingItem = (page: Page, id: number) => page.locator(`#waiting li[data-id="${id}"]`);
  const transcriptText = (page: Page, text: string) => page.locator('#transcript .msg__text', { hasText: text });

  it('has an accessible sign-in page under a strict policy', async () => {
    const { page, problems } = await open('/agent');
    await page.getByRole('heading', { name: 'Aanmelden' }).waitFor();
    expect(await axe(page)).toBe('');
    expect(await page.getAttribute('html', 'lang')).toBe('nl');
    const response = await page.request.get(`${server.url}/agent`);
    expect(response.headers()['content-security-policy']).toContain("script-src 'self'");
    expect(response.headers()['content-security-policy']).not.toContain('unsafe');
    expect(response.headers()['cache-control']).toBe('no-store');
    expect(response.headers()['x-frame-options']).toBe('DENY');
    await page.screenshot({ path: join(SHOTS, 'agent-signin.png') });
    expect(problems).toEqual({ csp: [], errors: [] });
  });

  it('has an accessible sign-in page at 320 px that signs in by keyboard alone', async () => {
    const { page, problems } = await open('/agent', 320, 640);
    await page.getByRole('heading', { name: 'Aanmelden' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    expect(await axe(page)).toBe('');
    let onUsername = false;
    for (let i = 0; i < 10 && !onUsername; i++) {
      await page.keyboard.press('Tab');
      onUsername = await page.evaluate(() => document.activeElement?.id === 'signin-username');
    }
    expect(onUsername).toBe(true);
    await page.keyboard.type('anne');
    await page.keyboard.press('Tab');
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press('Enter');
    await page.getByText('Verbonden: u bent beschikbaar voor inwoners').waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('console-title');
    expect(problems).toEqual({ csp: [], errors: [] });
  });

  it('says so when the password is wrong, in the alert region', async () => {
    const { page } = await open('/agent');
    await page.getByLabel('Gebruikersnaam').fill('anne');
    await page.getByLabel('Wachtwoord').fill('verkeerd wachtwoord');
    await page.getByRole('button', { name: 'Aanmelden' }).click();
    await page.getByRole('alert').filter({ hasText: 'Deze combinatie van gebruikersnaam en wachtwoord kennen we niet.' }).waitFor();
    expect(await page.locator('#console').isHidden()).toBe(true);
  });

  it('has no WCAG 2.1 AA violations with a waiting conversation and one open, at desktop width and at 320 px', async () => {
    const waiting = await handOver(server, { priority: 'urgent', reasons: ['crisis', 'emotional'] });
    const mine = await handOver(server, { evidence: [{ reason: 'person', signal: 'keyword', score: 0.62, threshold: 0.3, words: ['medewerker spreken'] }] });
    await queueOf(server).claim(mine, BOT, { username: 'anne', name: 'Anne de Vries' });
    await queueOf(server).reply(mine, BOT, { username: 'anne', name: 'Anne de Vries' }, 'Goedemorgen, ik kijk even mee.');
    await server.bots.get(BOT)!.loket.callbacks.add({ botId: BOT, conversationId: 'test:cb', name: 'Jan Smit', phone: '06 1234 5678', moment: 'dinsdag, middag', reasons: ['complex'], summary: 'vraag over bijstand' });
    await undelivered('signalen', 'melding', 'MLD-AXE123', 'Signalen answered 400: {"category":["invalid"]}');
    await undelivered('email', 'appointment_booked', 'AFS-AXE456', "Can't send mail - all recipients were rejected: 550 No such user here");

    for (const [width, height, name] of [[1280, 800, 'desktop'], [320, 640, 'mobile-320']] as const) {
      const { page, problems } = await consolePage(width, height);
      await waitingItem(page, waiting).getByText('Spoed').waitFor();
      await page.getByRole('button', { name: `Openen gesprek ${mine}` }).click();
      await transcriptText(page, 'Goedemorgen, ik kijk even mee.').waitFor();
      expect(await page.locator('#transcript .msg__who').allInnerTexts()).toEqual([
        expect.stringMatching(/^Inwoner/), expect.stringMatching(/^Chatbot/), expect.stringMatching(/^Inwoner/), expect.stringMatching(/^Medewerker \(Anne de Vries\)/),
      ]);
      await expect(waitingItem(page, waiting).locator('.reasons li').allInnerTexts()).resolves.toEqual(['Crisis', 'Emotioneel']);
      // Why the bot passed it on: the words it saw and how sure it was, beside the reasons.
      const facts = page.locator('#conversation-facts');
      expect(await facts.locator('dt').allInnerTexts()).toContain('Waarom');
      expect(await facts.textContent()).toContain('Wil een medewerker: woorden \u2018medewerker spreken\u2019 (zeker 62%, nodig 30%)');
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      await page.screenshot({ path: join(SHOTS, `agent-${name}.png`), fullPage: true });
      expect(await axe(page)).toBe('');
      await page.getByRole('tab', { name: /Terugbelverzoeken/ }).click();
      await page.getByRole('heading', { name: 'Jan Smit' }).waitFor();
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      expect(await axe(page)).toBe('');
      await page.screenshot({ path: join(SHOTS, `agent-${name}-callbacks.png`), fullPage: true });
      await page.getByRole('tab', { name: /Niet afgeleverd/ }).click();
      await page.getByRole('heading', { name: 'Melding naar Signalen' }).waitFor();
      await page.getByText('De mailserver weigert het e-mailadres van de inwoner.').waitFor();
      expect(await page.locator('#panel-undelivered').textContent()).not.toContain('jan.smit');
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      expect(await axe(page)).toBe('');
      await page.screenshot({ path: join(SHOTS, `agent-${name}-undelivered.png`), fullPage: true });
      expect(problems).toEqual({ csp: [], errors: [] });
    }
  });

  it('works by keyboard alone: claim a waiting conversation and reply', async () => {
    const id = await handOver(server);
    const { page } = await consolePage();
    await waitingItem(page, id).waitFor();
    let onClaim = false;
    for (let i = 0; i < 30 && !onClaim; i++) {
      await page.keyboard.press('Tab');
      onClaim = await page.evaluate((key) => document.activeElement?.getAttribute('data-key') === key, `claim-${id}`);
    }
    expect(onClaim).toBe(true);
    // Focus is visible: the focused button has an outline.
    expect(await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle)).toBe('solid');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement?.id === 'reply-text');
    await page.keyboard.type('Goedemorgen, waarmee kan ik u helpen?');
    await page.keyboard.press('Enter');
    await transcriptText(page, 'Goedemorgen, waarmee kan ik u helpen?').waitFor();
    expect(await queueOf(server).ticket(id)).toMatchObject({ status: 'assigned', agent: { username: 'anne' } });
    expect((await queueOf(server).messages(id)).at(-1)).toMatchObject({ from: 'agent', text: 'Goedemorgen, waarmee kan ik u helpen?' });
    await expect(page.locator('#live').textContent()).resolves.toContain(`U heeft gesprek ${id} opgepakt.`);
  });

  it('shows new conversations and messages live, and announces them', async () => {
    const { page } = await consolePage();
    const id = await handOver(server, { priority: 'urgent', reasons: ['crisis'] });
    await waitingItem(page, id).waitFor();
    await page.locator('#live', { hasText: `Spoed: nieuw gesprek in de wachtrij, gesprek ${id}.` }).waitFor();
    await page.getByRole('button', { name: `Oppakken gesprek ${id}` }).click();
    await page.locator('#work').waitFor();
    await queueOf(server).forward((await queueOf(server).ticket(id))!.conversationId, { from: 'resident', text: 'Bent u daar nog?', at: new Date().toISOString() });
    await transcriptText(page, 'Bent u daar nog?').waitFor();
    await page.locator('#live', { hasText: `Inwoner in gesprek ${id}: Bent u daar nog?` }).waitFor();
  });

  it('shows the queue\'s refusal in the alert region (WhatsApp 24-hour window)', async () => {
    const earlier = new Date(Date.parse('2026-03-10T09:00:00Z') - 25 * 3_600_000).toISOString();
    const id = await handOver(server, { channel: 'whatsapp', transcript: [{ from: 'resident', text: 'hallo?', at: earlier }] });
    const { page } = await consolePage();
    await page.getByRole('button', { name: `Oppakken gesprek ${id}` }).click();
    await page.getByLabel('Bericht aan de inwoner').fill('Goedemiddag!');
    await page.getByRole('button', { name: 'Versturen' }).click();
    await page.getByRole('alert').filter({ hasText: 'De inwoner schreef meer dan 24 uur geleden. Via WhatsApp' }).waitFor();
  });

  it('closes a conversation with an outcome, and a callback request', async () => {
    const id = await handOver(server);
    const task = await server.bots.get(BOT)!.loket.callbacks.add({ botId: BOT, conversationId: 'test:cb3', name: 'Piet de Boer', phone: '0201234567', moment: 'morgen', reasons: ['person'], summary: 'wil iemand spreken' });
    const { page } = await consolePage();
    await page.getByRole('button', { name: `Oppakken gesprek ${id}` }).click();
    await page.getByRole('radio', { name: 'Doorverwezen' }).check();
    await page.locator('#close-form').getByLabel('Toelichting (nodig bij "anders")').fill('naar het Wmo-loket');
    await page.getByRole('button', { name: 'Afsluiten', exact: true }).click();
    await page.locator('#live', { hasText: `Gesprek ${id} is afgesloten.` }).waitFor();
    expect(await queueOf(server).ticket(id)).toMatchObject({ status: 'resolved', outcome: 'doorverwezen: naar het Wmo-loket' });

    await page.getByRole('tab', { name: /Terugbelverzoeken/ }).click();
    const item = page.locator(`#callbacks li[data-id="${task.id}"]`);
    await expect(item.getByRole('link', { name: '0201234567' }).getAttribute('href')).resolves.toBe('tel:0201234567');
    await item.getByLabel('Uitkomst').selectOption('niet bereikt');
    await item.getByRole('button', { name: `Afronden terugbelverzoek ${task.reference}` }).click();
    await item.waitFor({ state: 'detached' });
    expect(await server.bots.get(BOT)!.loket.callbacks.get(task.id)).toMatchObject({ status: 'done', outcome: 'niet bereikt', closedBy: 'Anne de Vries' });
  });

  it('sends an undelivered message back to the outbox, and marks another handled with a note', async () => {
    const retried = await undelivered('zgw', 'zaak', 'ZAAK-RT1', 'Zaken API not reachable: connect ECONNREFUSED 127.0.0.1:9');
    const handled = await undelivered('qmatic', 'delete', 'AFS-HD2', 'Qmatic answered 404 to DELETE appointments/…: not found');
    const outbox = new SqlOutbox(server.bots.get(BOT)!.loket.sql, BOT);
    const { page } = await consolePage();
    await page.getByRole('tab', { name: /Niet afgeleverd/ }).click();
    const first = page.locator(`#undelivered li[data-id="${retried}"]`);
    await first.getByText('Het systeem was niet bereikbaar, ook niet na herhaald proberen.').waitFor();
    await first.getByRole('button', { name: 'Opnieuw proberen Zaak naar het zaaksysteem ZAAK-RT1' }).click();
    await first.waitFor({ state: 'detached' });
    await page.locator('#live', { hasText: 'Het bericht gaat opnieuw naar het andere systeem.' }).waitFor();
    expect(await outbox.get(retried)).toMatchObject({ status: 'pending', attempts: 0 });

    const second = page.locator(`#undelivered li[data-id="${handled}"]`);
    await second.getByRole('button', { name: 'Afgehandeld Afspraak in Qmatic verwijderen AFS-HD2' }).click();
    await page.getByRole('alert').filter({ hasText: 'Schrijf kort op wat u zelf hebt gedaan' }).waitFor();
    await second.getByLabel('Wat heeft u zelf gedaan? (nodig bij afgehandeld)').fill('afspraak in Qmatic zelf verwijderd');
    await second.getByRole('button', { name: /^Afgehandeld/ }).click();
    await second.waitFor({ state: 'detached' });
    expect(await outbox.get(handled)).toMatchObject({ status: 'handled', handledBy: 'Anne de Vries', note: 'afspraak in Qmatic zelf verwijderd' });
  });

  it('downloads and, once closed and confirmed, erases the data of the conversation in front of the agent', async () => {
    const id = await handOver(server, { transcript: [{ from: 'resident', text: 'Ik ben Els Visser, wat weten jullie van mij?', at: new Date().toISOString() }] });
    queueOf(server).claim(id, BOT, { username: 'anne', name: 'Anne de Vries' });
    const { page, problems } = await consolePage();
    await page.getByRole('button', { name: `Openen gesprek ${id}` }).click();
    const privacy = page.getByRole('region', { name: 'Gegevens van de inwoner' });
    await privacy.waitFor();
    await privacy.getByText('Wissen kan als het gesprek is afgesloten.').waitFor();
    expect(await page.locator('#erase-form').isHidden()).toBe(true);

    const [download] = await Promise.all([page.waitForEvent('download'), privacy.getByRole('button', { name: 'Gegevens downloaden' }).click()]);
    expect(download.suggestedFilename()).toBe(`gesprek-${id}.json`);
    const exported = JSON.parse(readFileSync(await download.path(), 'utf8'));
    expect(exported.bots[0].tables.handover_tickets).toEqual([expect.objectContaining({ id })]);
    expect(JSON.stringify(exported.bots[0].tables.handover_messages)).toContain('Els Visser');
    await page.locator('#live', { hasText: `De gegevens van gesprek ${id} zijn gedownload.` }).waitFor();

    await page.getByRole('radio', { name: 'Opgelost' }).check();
    await page.getByRole('button', { name: 'Afsluiten', exact: true }).click();
    await page.locator('#live', { hasText: `Gesprek ${id} is afgesloten.` }).waitFor();
    await page.locator('details.recent summary').first().click();
    await page.getByRole('button', { name: `Bekijken gesprek ${id}` }).click();
    const erase = page.getByRole('group', { name: 'Gegevens wissen' });
    await erase.waitFor();
    expect(await axe(page)).toBe('');
    await page.screenshot({ path: join(SHOTS, 'agent-privacy.png'), fullPage: true });

    // Without the tick nothing happens but a message; then by keyboard: Space ticks, Enter on the button erases.
    await erase.getByRole('button', { name: 'Gegevens wissen' }).click();
    await page.getByRole('alert').filter({ hasText: 'Vink eerst aan dat u alle gegevens van dit gesprek wilt wissen.' }).waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('erase-confirm');
    expect(await queueOf(server).ticket(id)).toBeDefined();
    await page.keyboard.press('Space');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.locator('#live', { hasText: `De gegevens van gesprek ${id} zijn gewist.` }).waitFor();
    expect(await queueOf(server).ticket(id)).toBeUndefined();
    expect(await page.locator('#conversation').isHidden()).toBe(true);
    expect(await page.locator(`#recent li[data-id="${id}"]`).count()).toBe(0);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('mine-title');
    expect(problems).toEqual({ csp: [], errors: [] });
  });

  it('end to end: a resident asks for a person in Web Chat, the agent answers and hands back to the bot', async () => {
    const { page: agent, problems } = await consolePage();
    const { page: resident } = await open('/');
    const panel = '[role="dialog"].loket-panel';
    const bubble = (text: string | RegExp) => resident.locator(`${panel} .webchat__bubble__content`, { hasText: text });
    const say = async (text: string) => {
      await resident.locator(`${panel} .webchat__send-box-text-box__input`).fill(text);
      await resident.locator(`${panel} .webchat__send-box-text-box__input`).press('Enter');
    };
    await resident.locator('.loket-launcher').click();
    await bubble('Ik ben Loket').waitFor();
    await say('ik wil een medewerker spreken');

    const item = agent.locator('#waiting li').first();
    await item.waitFor();
    const id = Number(await item.getAttribute('data-id'));
    await expect(item.locator('.reasons li').allInnerTexts()).resolves.toContain('Wil een medewerker');
    await agent.getByRole('button', { name: `Oppakken gesprek ${id}` }).click();
    await transcriptText(agent, 'ik wil een medewerker spreken').waitFor();
    await agent.getByLabel('Bericht aan de inwoner').fill('Goedemorgen, u spreekt met Anne. Waarmee kan ik u helpen?');
    await agent.getByRole('button', { name: 'Versturen' }).click();
    await bubble('u spreekt met Anne').waitFor();

    await say('Ik heb een vraag over mijn aanslag');
    await transcriptText(agent, 'Ik heb een vraag over mijn aanslag').waitFor();

    await agent.getByRole('button', { name: 'Terug naar chatbot' }).click();
    await agent.locator('#live', { hasText: `Gesprek ${id} is terug bij de chatbot.` }).waitFor();
    expect((await queueOf(server).ticket(id))!.status).toBe('returned');
    await say('hoe laat zijn jullie open');
    await bubble('9.00 tot 17.00').waitFor();
    await resident.screenshot({ path: join(SHOTS, 'agent-e2e-resident.png') });
    expect(problems).toEqual({ csp: [], errors: [] });
  });
});
