// afval.ophaaldag: the next collection day at an address, from the waste collector's API (AFVAL_API_URL).
const dayInDutch = new Intl.DateTimeFormat('nl-NL', { weekday: 'long', day: 'numeric', month: 'long', timeZone: 'UTC' });

/** @type {import('loket').Action} */
module.exports = {
  name: 'afval.ophaaldag',
  description: 'Zoekt de volgende ophaaldag op bij de afvaldienst',
  params: [
    { name: 'postcode', required: true },
    { name: 'huisnummer', required: true },
  ],
  async run(args, ctx) {
    const base = process.env.AFVAL_API_URL;
    if (!base) return { ok: false, error: 'not_configured', detail: 'AFVAL_API_URL is not set' };
    const url = new URL('ophaaldagen', base.endsWith('/') ? base : `${base}/`);
    url.searchParams.set('postcode', String(args.postcode).replace(/\s+/g, '').toUpperCase());
    const { number, addition = '' } = args.huisnummer; // a housenumber slot: { number: 12, addition: 'a' }
    url.searchParams.set('huisnummer', `${number}${addition}`);
    try {
      const res = await fetch(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(5000) });
      if (res.status === 404) return { ok: false, error: 'unknown_address' };
      if (!res.ok) return { ok: false, error: `afvaldienst_${res.status}` };
      const { soort, datum } = await res.json();
      return { ok: true, data: { soort, dag: dayInDutch.format(new Date(`${datum}T00:00:00Z`)) } };
    } catch (e) {
      // Never log the address: it is personal data.
      ctx.log.warn({ err: e.message }, 'de afvaldienst is niet bereikbaar');
      return { ok: false, error: 'unreachable' };
    }
  },
};
