/**
 * Signalen's API v1 (github.com/Amsterdam/signals): a melding is created with POST /signals/v1/public/signals/, a
 * photo added with POST …/{signal_id}/attachments/ (multipart, field "file"), and its status read with
 * GET …/{signal_id}/. The public serializer refuses fields it does not know, so only its own fields are sent.
 */

export interface SignalInput {
  text: string;
  text_extra?: string;
  location: {
    geometrie: { type: 'Point'; coordinates: [number, number] };
    address?: Record<string, string | number>;
  };
  category: { category_url: string };
  reporter: { email?: string; phone?: string; sharing_allowed: boolean };
  incident_date_start: string;
}

export interface CreatedSignal {
  /** "SIG-123": what the resident and the back office call it. */
  id_display: string;
  /** The UUID the public API looks it up by. */
  signal_id: string;
}

/** A failure with what it means for trying again: a 4xx will fail the same way, a 5xx or no answer may not. */
export class SignalenError extends Error {
  constructor(message: string, readonly permanent: boolean, readonly status?: number) {
    super(message);
  }
}

export interface ClientOptions {
  url: string;
  token?: string;
  timeoutMs: number;
}

export class SignalenClient {
  private readonly base: string;

  constructor(private readonly opts: ClientOptions) {
    this.base = opts.url.replace(/\/+$/, '');
  }

  /** The category URL Signalen expects for "main-slug/sub-slug". */
  categoryUrl(path: string): string {
    const [main, sub] = path.split('/');
    return `${this.base}/signals/v1/public/terms/categories/${main}/sub_categories/${sub}`;
  }

  async create(signal: SignalInput): Promise<CreatedSignal> {
    const body = await this.request('POST', '/signals/v1/public/signals/', {
      body: JSON.stringify(signal), headers: { 'content-type': 'application/json' },
    });
    const created = body as Partial<CreatedSignal>;
    if (typeof created.id_display !== 'string' || typeof created.signal_id !== 'string') {
      throw new SignalenError('Signalen answered without id_display and signal_id', false);
    }
    return { id_display: created.id_display, signal_id: created.signal_id };
  }

  async attach(signalId: string, file: { data: Buffer; contentType: string; name: string }): Promise<void> {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(file.data)], { type: file.contentType }), file.name);
    await this.request('POST', `/signals/v1/public/signals/${encodeURIComponent(signalId)}/attachments/`, { body: form });
  }

  /** The status residents may see ("In behandeling"), or undefined when Signalen does not know the melding. */
  async status(signalId: string): Promise<{ state: string; state_display: string } | undefined> {
    try {
      const body = (await this.request('GET', `/signals/v1/public/signals/${encodeURIComponent(signalId)}/`)) as { status?: { state?: string; state_display?: string } };
      const s = body.status;
      return s?.state_display ? { state: s.state ?? '', state_display: s.state_display } : undefined;
    } catch (err) {
      if (err instanceof SignalenError && err.status === 404) return undefined;
      throw err;
    }
  }

  private async request(method: string, path: string, init: { body?: string | FormData; headers?: Record<string, string> } = {}): Promise<unknown> {
    const headers: Record<string, string> = { accept: 'application/json', ...init.headers };
    if (this.opts.token) headers.authorization = `Bearer ${this.opts.token}`;
    let res: Response;
    try {
      res = await fetch(`${this.base}${path}`, { method, headers, body: init.body, signal: AbortSignal.timeout(this.opts.timeoutMs) });
    } catch (err) {
      throw new SignalenError(`Signalen not reachable: ${(err as Error).message}`, false);
    }
    const text = await res.text();
    if (!res.ok) {
      // 4xx: Signalen refuses this request as it is; 408 and 429 are worth another try.
      const permanent = res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429;
      throw new SignalenError(`Signalen answered ${res.status}: ${text.slice(0, 300)}`, permanent, res.status);
    }
    if (!text) return {};
    try {
      return JSON.parse(text);
    } catch {
      throw new SignalenError('Signalen answered with something that is not JSON', false, res.status);
    }
  }
}
