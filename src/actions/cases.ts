/**
 * Cases (zaken) for products that are neither a desk appointment nor a melding, such as grofvuil ophalen: a flow
 * collects the answers and `cases.create` stores them under a reference with the product's own prefix, set in
 * bot.yaml (`cases: { grofvuil: { prefix: GRV } }`).
 */
import { casePrefixProblems } from '../content/products';
import { inLanguage, type CaseProduct } from '../content/types';
import { migrate, type Database } from '../storage/sqlite';
import type { Action, ActionContext } from './types';
import { normalizeReference, unusedReference } from './reference';
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
];

interface CaseRow { reference: string; product: string; status: string; created_at: string }

class CaseStore {
  constructor(private readonly db: Database) {
    migrate(db, 'cases', MIGRATIONS);
  }

  insert(product: string, prefix: string, answers: Record<string, unknown>, ctx: ActionContext): string {
    // The reference check and the insert share one write transaction, so it stays unique.
    return this.db.transaction(() => {
      const reference = unusedReference(this.db, 'cases', prefix);
      this.db
        .prepare(`INSERT INTO cases (reference, product, answers_json, status, bot_id, conversation_id, created_at)
                  VALUES (?, ?, ?, ?, ?, ?, ?)`)
        .run(reference, product, JSON.stringify(answers), INITIAL_STATUS, ctx.botId, ctx.conversationId, ctx.now.toISOString());
      return reference;
    }).immediate();
  }

  get(reference: string): CaseRow | undefined {
    return this.db
      .prepare('SELECT reference, product, status, created_at FROM cases WHERE reference = ?')
      .get(reference) as CaseRow | undefined;
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

function createAction(store: CaseStore, products: Record<string, CaseProduct>): Action {
  return {
    name: 'cases.create',
    description: 'Stores the answers of a flow as a case of a product from bot.yaml cases:; returns a reference with its prefix, like GRV-7K3M9Q.',
    params: [{ name: 'product', required: true }],
    openParams: true,
    async run(args, ctx) {
      const product = stringArg(args, 'product')?.toLowerCase();
      const settings = product === undefined ? undefined : products[product];
      if (!product || !settings) return fail('unknown_product');
      const reference = store.insert(product, settings.prefix, answersOf(args), ctx);
      ctx.log.info({ action: 'cases.create', product, reference }, 'case registered');
      return ok({ reference, product, product_label: productLabel(products, product, ctx) });
    },
  };
}

function findAction(store: CaseStore, products: Record<string, CaseProduct>): Action {
  const prefixes = Object.values(products).map((p) => p.prefix);
  return {
    name: 'cases.find',
    description: 'Looks up a case by its reference and tells its product and status.',
    params: [{ name: 'reference', required: true }],
    async run(args, ctx) {
      const reference = prefixes.map((prefix) => normalizeReference(args.reference, prefix)).find((r) => r !== undefined);
      const found = reference ? store.get(reference) : undefined;
      ctx.log.info({ action: 'cases.find', reference, found: !!found }, 'case lookup');
      return ok(found ? { found: true, ...found, product_label: productLabel(products, found.product, ctx) } : { found: false });
    },
  };
}

/** The case actions on one database, for bot.yaml's `cases:` products. Throws on a prefix that is not usable. */
export function createCaseActions(db: Database, products: Record<string, CaseProduct> = {}): Action[] {
  const problem = casePrefixProblems(products)[0];
  if (problem) throw new Error(`cases: product "${problem.product}": ${problem.message}`);
  const store = new CaseStore(db);
  return [createAction(store, products), findAction(store, products)].map(guarded);
}
