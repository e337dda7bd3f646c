/**
 * The stand-in Qmatic refuses what the real API refuses (docs/qmatic.md, "Sources"), so the plugin's tests against it
 * mean something: each case here is a request Loket must never send, answered as Qmatic answers it.
 */
import { startFakeQmatic, type FakeQmatic } from './fakeQmatic';

const BRANCH = 'f364d92b7fa07a48c4ecc862de30c475';
const KEY = 'qmatic-sleutel';

describe('the stand-in Qmatic', () => {
  let fake: FakeQmatic;

  beforeEach(async () => {
    fake = await startFakeQmatic({
      apiKey: KEY, authHeader: 'auth-token', branch: { publicId: BRANCH, name: 'Stadhuis' },
      services: [{ publicId: 'paspoort01', name: 'Paspoort', duration: 10 }], schedule: { paspoort01: { '2023-03-14': ['09:00', '09:15'] } },
    });
  });
  afterEach(() => fake.close());

  async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = { 'auth-token': KEY }) {
    const res = await fetch(`${fake.url}${path}`, {
      method, headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, error: res.headers.get('error_message'), json: text ? JSON.parse(text) : undefined };
  }

  const reserve = (time = '09:00') => call('POST', `/v1/branches/${BRANCH}/services/paspoort01/dates/2023-03-14/times/${time}/reserve`, {});
  const confirm = (id: string, body: unknown) => call('POST', `/v2/branches/appointments/${id}/confirm`, body);
  const customers = [{ lastName: 'de Vries', email: 'jan@example.nl' }];

  it('wants the key in the header the gateway reads, and nothing else', async () => {
    expect((await call('GET', `/v1/branches/${BRANCH}/services`, undefined, {})).status).toBe(401);
    expect((await call('GET', `/v1/branches/${BRANCH}/services`, undefined, { 'x-api-key': KEY })).status).toBe(401);
    expect((await call('GET', `/v1/branches/${BRANCH}/services`, undefined, { 'auth-token': 'fout' })).status).toBe(401);
    expect(await call('GET', `/v1/branches/${BRANCH}/services`)).toMatchObject({ status: 200, json: { serviceList: [{ publicId: 'paspoort01', active: true, publicEnabled: true }] } });
  });

  it('knows only its own branch, services and appointments, and dates and times in their own form', async () => {
    expect(await call('GET', '/v1/branches/onbekend/services/paspoort01/dates')).toMatchObject({ status: 404, error: 'branch not found' });
    expect(await call('GET', `/v1/branches/${BRANCH}/services/onbekend/dates`)).toMatchObject({ status: 404, error: 'service not found' });
    expect((await call('GET', `/v1/branches/${BRANCH}/services/paspoort01/dates/14-03-2023/times`)).status).toBe(400);
    expect((await reserve('9:00')).status).toBe(400);
    expect((await call('GET', '/v1/appointments/abc123')).status).toBe(404);
    expect((await call('DELETE', '/v1/appointments/abc123')).status).toBe(404);
    expect(await call('GET', `/v1/branches/${BRANCH}/services/paspoort01/dates`)).toMatchObject({ status: 200, json: { dates: ['2023-03-14T00:00:00'] } });
  });

  it('gives a time once: a second reservation of it is refused', async () => {
    expect(await reserve()).toMatchObject({ status: 200, json: { status: 10 } });
    expect(await reserve()).toMatchObject({ status: 409, error: 'The time slot is not available' });
    expect(await call('GET', `/v1/branches/${BRANCH}/services/paspoort01/dates/2023-03-14/times`)).toMatchObject({ json: { times: ['09:15'] } });
  });

  it('confirms a reservation only with customers as a list of known fields of the right type', async () => {
    const { publicId } = (await reserve()).json;
    expect(await confirm(publicId, { title: 'x', customer: customers[0] })).toMatchObject({ status: 400, error: 'unknown fields: customer' });
    expect(await confirm(publicId, { title: 'x' })).toMatchObject({ status: 400, error: expect.stringContaining('customers is required') });
    expect(await confirm(publicId, { title: 'x', customers: [] })).toMatchObject({ status: 400 });
    expect(await confirm(publicId, { title: 7, customers })).toMatchObject({ status: 400, error: 'title must be a string' });
    expect(await confirm(publicId, { customers: [{ lastName: 'de Vries', bsn: '123' }] })).toMatchObject({ status: 400, error: 'customers[0].bsn is not a customer field' });
    expect(await confirm(publicId, { customers: [{ lastName: 'x'.repeat(201) }] })).toMatchObject({ status: 400 });
    expect(await confirm(publicId, { customers: [{ email: 'geen-adres' }] })).toMatchObject({ status: 400, error: 'customers[0].email is not an e-mail address' });
    expect((await confirm(publicId, 'geen json')).status).toBe(400);
    const plain = await fetch(`${fake.url}/v2/branches/appointments/${publicId}/confirm`, { method: 'POST', headers: { 'auth-token': KEY }, body: JSON.stringify({ customers }) });
    expect(plain.status).toBe(415);
    expect(await confirm('abc123', { customers })).toMatchObject({ status: 404 });
    expect(await confirm(publicId, { title: 'Paspoort', notes: 'via Loket', customers })).toMatchObject({ status: 200, json: { publicId, status: 20 } });
    expect(await confirm(publicId, { customers })).toMatchObject({ status: 409, error: 'the appointment is not a reservation' });
    expect(await call('GET', `/v1/appointments/${publicId}`)).toMatchObject({ status: 200, json: { appointment: { publicId, status: 20, customers: [{ lastName: 'de Vries' }] } } });
    expect((await call('DELETE', `/v1/appointments/${publicId}`)).status).toBe(204);
  });

  it('has no v1 confirmation: that path is unknown', async () => {
    const { publicId } = (await reserve()).json;
    expect((await call('POST', `/v1/appointments/${publicId}/confirm`, { customers })).status).toBe(404);
  });
});
