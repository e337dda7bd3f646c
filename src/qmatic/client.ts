/**
 * Qmatic Orchestra's Calendar Public Appointment API (docs/qmatic.md, "Sources"): a branch's services, the dates and
 * times a service is free, a time reserved (v1) and then confirmed with the customer (v2, as Qmatic's own Appointment
 * Booking does), an appointment read and deleted (v1). Each call carries the API key in a header: `X-Api-Key` behind
 * a gateway such as Open Formulieren's installations use, `auth-token` behind Qmatic's own API Gateway.
 */

/** A failure, with what it means: `refused` (a 4xx) will be refused again, anything else may pass later. */
export class QmaticError extends Error {
  constructor(message: string, readonly refused: boolean, readonly status?: number) {
    super(message);
  }
}

export interface QmaticService { publicId: string; name: string; duration: number; active: boolean; publicEnabled: boolean }

/** Qmatic's appointment: status 10 is reserved (held for a while), 20 confirmed. Times are instants ("…+0000"). */
export interface QmaticAppointment { publicId: string; status: number; start: string; end: string }

export const RESERVED = 10;
export const CONFIRMED = 20;

export interface Customer { firstName?: string; lastName?: string; email?: string; phone?: string }

export interface ClientOptions {
  /** The API's root, without /v1: https://…/calendar-backend/public/api */
  url: string;
  apiKey?: string;
  /** The header the key goes in; X-Api-Key when left out. */
  apiKeyHeader?: string;
  timeoutMs: number;
}

export class QmaticClient {
  private readonly base: string;

  constructor(private readonly opts: ClientOptions) {
    this.base = opts.url.replace(/\/+$/, '');
  }

  async branch(branch: string): Promise<{ publicId: string; name: string; timeZone?: string }> {
    return ((await this.request('GET', `/v1/branches/${enc(branch)}`)) as { branch: { publicId: string; name: string; timeZone?: string } }).branch;
  }

  async services(branch: string): Promise<QmaticService[]> {
    return ((await this.request('GET', `/v1/branches/${enc(branch)}/services`)) as { serviceList?: QmaticService[] }).serviceList ?? [];
  }

  /** Dates with free times, as YYYY-MM-DD (Qmatic sends "2026-03-11T00:00:00" in the branch's zone). */
  async dates(branch: string, service: string): Promise<string[]> {
    const body = (await this.request('GET', `/v1/branches/${enc(branch)}/services/${enc(service)}/dates`)) as { dates?: string[] };
    return (body.dates ?? []).map((d) => d.slice(0, 10));
  }

  /** Free times on a date, as HH:MM. */
  async times(branch: string, service: string, date: string): Promise<string[]> {
    const body = (await this.request('GET', `/v1/branches/${enc(branch)}/services/${enc(service)}/dates/${date}/times`)) as { times?: string[] };
    return body.times ?? [];
  }

  /** Holds a time; Qmatic lets the reservation lapse when it is not confirmed. */
  async reserve(branch: string, service: string, date: string, time: string): Promise<QmaticAppointment> {
    return appointmentOf(await this.request('POST', `/v1/branches/${enc(branch)}/services/${enc(service)}/dates/${date}/times/${time}/reserve`, {}));
  }

  /** Confirms a reservation; the API has this only in v2, with the customers as a list (one per person coming). */
  async confirm(publicId: string, details: { title: string; notes: string; customer: Customer }): Promise<QmaticAppointment> {
    const { customer, ...rest } = details;
    return appointmentOf(await this.request('POST', `/v2/branches/appointments/${enc(publicId)}/confirm`, { ...rest, customers: [customer] }));
  }

  /** The appointment, or undefined when Qmatic does not know it (deleted, or a reservation that lapsed). */
  async appointment(publicId: string): Promise<QmaticAppointment | undefined> {
    try {
      return appointmentOf(((await this.request('GET', `/v1/appointments/${enc(publicId)}`)) as { appointment?: unknown }).appointment);
    } catch (err) {
      if (err instanceof QmaticError && err.status === 404) return undefined;
      throw err;
    }
  }

  /** Deletes an appointment or a reservation; one Qmatic does not know is gone already. */
  async delete(publicId: string): Promise<void> {
    try {
      await this.request('DELETE', `/v1/appointments/${enc(publicId)}`);
    } catch (err) {
      if (!(err instanceof QmaticError && err.status === 404)) throw err;
    }
  }

  private async request(method: string, path: string, body?: unknown): Promise<unknown> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.opts.apiKey) headers[(this.opts.apiKeyHeader ?? 'X-Api-Key').toLowerCase()] = this.opts.apiKey;
    if (body !== undefined) headers['content-type'] = 'application/json';
    let res: Response;
    try {
      res = await fetch(`${this.base}${path}`, {
        method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal: AbortSignal.timeout(this.opts.timeoutMs),
      });
    } catch (err) {
      throw new QmaticError(`Qmatic not reachable: ${(err as Error).message}`, false);
    }
    const text = await res.text();
    if (!res.ok) {
      // Qmatic names the problem in an error_message header as well as in the body.
      const why = res.headers.get('error_message') ?? text.slice(0, 300);
      const refused = res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429;
      throw new QmaticError(`Qmatic answered ${res.status} to ${method} ${path.split('/').slice(0, 3).join('/')}/…: ${why}`, refused, res.status);
    }
    if (!text) return {};
    try {
      return JSON.parse(text);
    } catch {
      throw new QmaticError('Qmatic answered with something that is not JSON', false, res.status);
    }
  }
}

function enc(id: string): string {
  return encodeURIComponent(id);
}

function appointmentOf(value: unknown): QmaticAppointment {
  const a = value as Partial<QmaticAppointment> | undefined;
  if (!a || typeof a.publicId !== 'string' || typeof a.status !== 'number' || typeof a.start !== 'string' || typeof a.end !== 'string') {
    throw new QmaticError('Qmatic answered without an appointment (publicId, status, start, end)', false);
  }
  return { publicId: a.publicId, status: a.status, start: a.start, end: a.end };
}
