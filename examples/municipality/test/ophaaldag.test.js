// The custom action in a conversation, against a stand-in for the waste collector's API on 127.0.0.1.
const { mkdtempSync } = require('node:fs');
const { createServer } = require('node:http');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { Loket, replyTexts } = require('loket');

const ROOT = join(__dirname, '..');
const requests = [];

/** The API: the next collection at a known address, 404 for any other. */
const api = createServer((req, res) => {
  const url = new URL(req.url, 'http://127.0.0.1');
  requests.push({ method: req.method, path: url.pathname, postcode: url.searchParams.get('postcode'), huisnummer: url.searchParams.get('huisnummer') });
  const known = url.pathname === '/api/ophaaldagen' && url.searchParams.get('postcode') === '1234AB' && url.searchParams.get('huisnummer') === '12';
  res.writeHead(known ? 200 : 404, { 'content-type': 'application/json' });
  res.end(JSON.stringify(known ? { soort: 'gft', datum: '2026-03-12' } : { error: 'onbekend adres' }));
});

let bot;
beforeAll(async () => {
  await new Promise((r) => api.listen(0, '127.0.0.1', r));
  process.env.AFVAL_API_URL = `http://127.0.0.1:${api.address().port}/api`;
  process.env.JSON_WEBHOOK_TOKEN = 'test-token';
  bot = await Loket.create({ botId: 'bergendal', root: ROOT, dbFile: ':memory:', cacheDir: mkdtempSync(join(tmpdir(), 'bergendal-')) });
});

afterAll(async () => {
  await bot?.close();
  await new Promise((r) => api.close(r));
});

async function say(conversation, text) {
  return replyTexts((await bot.handle(conversation, { type: 'text', text })).outputs).join(' ');
}

test('asks for the address, calls the API and says the day in Dutch', async () => {
  expect(await say('c1', 'wanneer wordt mijn afval opgehaald')).toContain('Wat is uw postcode?');
  expect(await say('c1', '1234 ab')).toContain('En uw huisnummer?');
  expect(await say('c1', '12')).toContain('Uw gft wordt opgehaald op donderdag 12 maart.');
  expect(requests).toContainEqual({ method: 'GET', path: '/api/ophaaldagen', postcode: '1234AB', huisnummer: '12' });
});

test('an address the API does not know ends in the flow\'s error step, without an error code for the resident', async () => {
  await say('c2', 'wanneer komt de vuilniswagen');
  await say('c2', '9999 ZZ');
  const reply = await say('c2', '1');
  expect(reply).toContain('Dat lukt nu niet.');
  expect(reply).not.toContain('unknown_address');
});
