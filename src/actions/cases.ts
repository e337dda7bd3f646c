/**
 * Cases (zaken) for products that are neither a desk appointment nor a melding, such as grofvuil ophalen: a flow
 * collects the answers and `cases.create` stores them under a reference with the product's own prefix, set in
 * bot.yaml (`cases: { grofvuil: { prefix: GRV } }`). With `zgw:` a product's cases also become zaken in a ZGW
 * Zaken API, under the same reference.
 */
import { casePrefixProblems } from '../content/products';
import { inLanguage, type CaseProduct } from '../content/types';
import { migrating, type Sql } from '../storage';
import { today, type Zgw } from '../zgw';
import type { Action, ActionContext } from './types';
import { normalizeReference, unusedReferenceIn } from './reference';
import { fail, guarded, ok, stringArg } from './util';

const INITIAL_STATUS = 'ontvangen';

const MIGRATIONS = [
  `CREATE TABLE cases (
     reference TEXT PRIMARY KEY,
     product TEXT NOT NULL,
     answers_json TEXT NOT NULL,
     status TEXT NOT NULL,
     bot_id TEXT,
     conversation_id TEXT,
     created_at TEXT NOT NULL
   );
   CREATE INDEX cases_product ON cases (product, created_at);`,
  // The zaak in the Zaken API a case became (zgw:).
  'ALTER TABLE cases ADD COLUMN zaak_url TEXT;',
  // The action's key: a turn run again after a crash finds the case it stored instead of storing a second.
  `ALTER TABLE cases ADD COLUMN turn_key TEXT;
   CREATE UNIQUE INDEX cases_turn_key ON cases (bot_id, turn_key);`,
];
/** Answers that are the resident's contact details: with zgw: they make the resident the zaak's initiator. */
const CONTACT = ['name', 'email', 'phone'] as const;

interface CaseRow { reference: string; product: string; status: string; created_at: string; zaak_url: string | null }

/** Cases in the Sql port: the bot's SQLite file, or PostgreSQL shared by every instance and bot (each finds its own). */
class CaseStore {
  private readonly ready: Promise<unknown>;

  constructor(private readonly sql: Sql) {
    this.ready = migrating(sql, 'cases', MIGRATIONS);
  }

  async insert(product: string, prefix: string, answers: Record<string, unknown>, ctx: ActionContext): Promise<string> {
    await this.ready;
    // The reference check and the insert share one transaction; the primary key refuses a code taken meanwhile.
    // A case stored before with the action's key (the turn runs again) is that case; the Zaken API finds its zaak by
    // the reference, so forwarding it again makes no second one.
    return this.sql.transaction(async (tx) => {
      const before = ctx.key && (await tx.get<{ reference: string }>('SELECT reference FROM cases WHERE bot_id = ? AND turn_key = ?', [ctx.botId, ctx.key]));
      if (before) return before.reference;
      const reference = await unusedReferenceIn(tx, 'cases', prefix);
      await tx.run(`INSERT INTO cases (reference, product, answers_json, status, bot_id, conversation_id, created_at, turn_key)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        [reference, product, JSON.stringify(answers), INITIAL_STATUS, ctx.botId, ctx.conversationId, ctx.now.toISOString(), ctx.key ?? null]);
      return reference;
    });
  }

  async link(reference: string, zaakUrl: string): Promise<void> {
    await this.ready;
    await this.sql.run('UPDATE cases SET zaak_url = ? WHERE reference = ?', [zaakUrl, reference]);
  }

  async get(reference: string, botId: string): Promise<CaseRow | undefined> {
    await this.ready;
    return this.sql.get<CaseRow>('SELECT reference, product, status, created_at, zaak_url FROM cases WHERE reference = ? AND bot_id = ?', [reference, botId]);
  }
}

/** The flow's answers without the product and without empty ones (an optional question the resident skipped). */
function answersOf(args: Record<string, unknown>): Record<string, unknown> {
  const answers: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(args)) {
    if (key === 'product' || value === undefined || value === null) continue;
    const kept = typeof value === 'string' ? value.trim() : value;
    if (kept !== '') answers[key] = kept;
  }
  return answers;
}

function productLabel(products: Record<string, CaseProduct>, product: string, ctx: ActionContext): string {
  const label = products[product]?.label;
  return label === undefined ? product : inLanguage(label, ctx.lang);
}

/** Sends the case to the Zaken API when its product goes there; whether it arrived now, or undefined. */
async function forward(zgw: Zgw | undefined, store: CaseStore, c: { reference: string; product: string; label: CaseProduct['label']; answers: Record<string, unknown> }, ctx: ActionContext): Promise<boolean | undefined> {
  if (!zgw?.handles(c.product)) return undefined;
  const answers = { ...c.answers };
  const contact: Partial<Record<(typeof CONTACT)[number], string>> = {};
  for (const key of CONTACT) {
    if (typeof answers[key] === 'string') contact[key] = answers[key] as string;
    delete answers[key];
  }
  const zaak = await zgw.submit({ reference: c.reference, product: c.product, label: c.label ?? c.product, answers, ...contact, date: today(ctx.now) }, ctx.log);
  if (zaak) await store.link(c.reference, zaak.url);
  return !!zaak;
}

function createAction(store: CaseStore, products: Record<string, CaseProduct>, zgw?: Zgw): Action {
  return {
    name: 'cases.create',
    description: 'Stores the answers of a flow as a case of a product from bot.yaml cases:; returns a reference with its prefix, like GRV-7K3M9Q.',
    params: [{ name: 'product', required: true }, ...CONTACT.map((name) => ({ name, required: false }))],
    openParams: true,
    async run(args, ctx) {
      const product = stringArg(args, 'product')?.toLowerCase();
      const settings = product === undefined ? undefined : products[product];
      if (!product || !settings) return fail('unknown_product');
      const answers = answersOf(args);
      // Stored first, so the case is never lost; then the zaak, when the Zaken API takes it now.
      const reference = await store.insert(product, settings.prefix, answers, ctx);
      ctx.log.info({ action: 'cases.create', product, reference }, 'case registered');
      const forwarded = await forward(zgw, store, { reference, product, label: settings.label, answers }, ctx);
      return ok({ reference, product, product_label: productLabel(products, product, ctx), ...(forwarded === undefined ? {} : { forwarded }) });
    },
  };
}

/** The day a status was set, at the municipality (datumStatusGezet is an instant). */
function dayOf(instant: string): string {
  const at = new Date(instant);
  return Number.isNaN(at.getTime()) ? instant.slice(0, 10) : today(at);
}

function findAction(store: CaseStore, products: Record<string, CaseProduct>, zgw?: Zgw): Action {
  const prefixes = Object.values(products).map((p) => p.prefix);
  return {
    name: 'cases.find',
    description: 'Looks up a case by its reference and tells its product and status; a case that became a zaak, its status in the Zaken API.',
    params: [{ name: 'reference', required: true }],
    async run(args, ctx) {
      const reference = prefixes.map((prefix) => normalizeReference(args.reference, prefix)).find((r) => r !== undefined);
      const found = reference ? await store.get(reference, ctx.botId) : undefined;
      ctx.log.info({ action: 'cases.find', reference, found: !!found }, 'case lookup');
      if (!found) return ok({ found: false });
      const { zaak_url: zaakUrl, ...row } = found;
      const data = { found: true, ...row, product_label: productLabel(products, found.product, ctx) };
      // A zaak's status is the back office's: read there each time. Until a status is set, Loket's "ontvangen" holds.
      if (!zaakUrl || !zgw) return ok(data);
      try {
        const status = await zgw.status(zaakUrl);
        if (!status) return ok(data);
        return ok({ ...data, status: status.omschrijving, status_date: dayOf(status.gezet), final: status.eind, ...(status.statustekst ? { status_text: status.statustekst } : {}) });
      } catch (err) {
        ctx.log.warn({ action: 'cases.find', reference, err: (err as Error).message }, 'zaak status not readable');
        return fail('unreachable');
      }
    },
  };
}

/**
 * The case actions on the bot's database, for bot.yaml's `cases:` products; with a Zaken API, the cases of its
 * products become zaken there too. Throws on a prefix that is not usable.
 */
export function createCaseActions(sql: Sql, products: Record<string, CaseProduct> = {}, zgw?: Zgw): Action[] {
  const problem = casePrefixProblems(products)[0];
  if (problem) throw new Error(`cases: product "${problem.product}": ${problem.message}`);
  const store = new CaseStore(sql);
  zgw?.onForwarded((reference, zaak) => store.link(reference, zaak.url));
  return [createAction(store, products, zgw), findAction(store, products, zgw)].map(guarded);
}
