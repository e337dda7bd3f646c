import { createCaseActions } from '../../src/actions/cases';
import type { Action } from '../../src/actions/types';
import type { CaseProduct } from '../../src/content/types';
import type { Sql } from '../../src/storage';
import { DIALECTS, freshDatabase } from '../storage/fresh';
import { capturingLog, makeCtx, okData } from './helpers';

const PRODUCTS: Record<string, CaseProduct> = {
  grofvuil: { prefix: 'GRV', label: { nl: 'Grofvuil ophalen', en: 'Bulky waste collection' } },
  afvalpas: { prefix: 'AP' },
};

function casesOn(sql: Sql, products = PRODUCTS): Record<string, Action> {
  return Object.fromEntries(createCaseActions(sql, products).map((a) => [a.name.replace('cases.', ''), a]));
}

const address = { street: 'Dorpsstraat', number: 12, postcode: '1234AB', city: 'Voorbeeld' };

describe.each(DIALECTS)('case actions on %s', (dialect) => {
  const database = freshDatabase(dialect);
  const ctx = makeCtx();
  const count = async () => Number((await database.sql.get<{ n: number }>('SELECT COUNT(*) AS n FROM cases'))!.n);

  it('stores the answers under the product\'s own prefix, findable through another connection', async () => {
    const created = okData(await casesOn(database.sql).create.run({
      product: 'Grofvuil', adres: address, spullen: ' een bank en twee stoelen ', opmerking: '', naam: 'Sanne Bakker',
    }, ctx));
    expect(created).toEqual({ reference: expect.stringMatching(/^GRV-[A-HJ-NP-Z2-9]{6}$/), product: 'grofvuil', product_label: 'Grofvuil ophalen' });
    const other = database.open();
    const row = (await other.get<Record<string, string>>('SELECT * FROM cases'))!;
    expect(row).toMatchObject({ reference: created.reference, product: 'grofvuil', status: 'ontvangen', bot_id: 'test-bot', conversation_id: 'conv-1' });
    // the empty optional answer is left out, text is trimmed, an address stays an object
    expect(JSON.parse(row.answers_json)).toEqual({ adres: address, spullen: 'een bank en twee stoelen', naam: 'Sanne Bakker' });

    const cases = casesOn(other);
    const messy = ` ${created.reference.toLowerCase().replace('-', ' ')} `;
    expect(okData(await cases.find.run({ reference: messy }, makeCtx({ lang: 'en' })))).toEqual({
      found: true, reference: created.reference, product: 'grofvuil', product_label: 'Bulky waste collection',
      status: 'ontvangen', created_at: ctx.now.toISOString(),
    });
    // Another bot on the same database does not find it.
    expect(okData(await cases.find.run({ reference: created.reference }, makeCtx({ botId: 'andere-gemeente' })))).toEqual({ found: false });
  });

  it('stores a case once when its turn runs again after a crash (the same action key)', async () => {
    const create = casesOn(database.sql).create;
    const first = okData(await create.run({ product: 'grofvuil', spullen: 'een bank' }, makeCtx({ key: 'k1' })));
    const again = okData(await casesOn(database.open()).create.run({ product: 'grofvuil', spullen: 'een bank' }, makeCtx({ key: 'k1' })));
    expect(again.reference).toBe(first.reference);
    expect(await count()).toBe(1);
    expect(okData(await create.run({ product: 'grofvuil', spullen: 'een kast' }, makeCtx({ key: 'k2' }))).reference).not.toBe(first.reference);
  });

  it('gives each product its own prefix and finds each by it', async () => {
    const cases = casesOn(database.sql);
    const pass = okData(await cases.create.run({ product: 'afvalpas', reden: 'kwijt' }, ctx));
    expect(pass).toMatchObject({ reference: expect.stringMatching(/^AP-[A-HJ-NP-Z2-9]{6}$/), product_label: 'afvalpas' });
    expect(okData(await cases.find.run({ reference: pass.reference }, ctx))).toMatchObject({ found: true, product: 'afvalpas' });
    expect(okData(await cases.find.run({ reference: pass.reference.replace('AP-', 'GRV-') }, ctx))).toEqual({ found: false });
    expect(okData(await cases.find.run({ reference: 'MLD-2222AA' }, ctx))).toEqual({ found: false });
  });

  it('refuses a product bot.yaml does not list', async () => {
    const cases = casesOn(database.sql);
    expect(await cases.create.run({ product: 'hondenbelasting', naam: 'X' }, ctx)).toEqual({ ok: false, error: 'unknown_product' });
    expect(await cases.create.run({ naam: 'X' }, ctx)).toEqual({ ok: false, error: 'unknown_product' });
    // Nothing stored: a lookup (which waits for the table) finds the table empty.
    expect(okData(await cases.find.run({ reference: 'GRV-ABCDEF' }, ctx))).toEqual({ found: false });
    expect(await count()).toBe(0);
  });

  it('keeps references unique when two instances register at once', async () => {
    const [a, b] = [casesOn(database.sql), casesOn(database.open())];
    const made = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).create.run({ product: 'grofvuil', n: i }, ctx)));
    expect(new Set(made.map((r) => okData(r).reference)).size).toBe(10);
    expect(await count()).toBe(10);
  });

  it('logs the reference and product, never the answers', async () => {
    const capture = capturingLog();
    const { reference } = okData(await casesOn(database.sql).create.run({ product: 'grofvuil', naam: 'Sanne Bakker', adres: address }, makeCtx({ log: capture.log })));
    expect(capture.text()).toContain(reference);
    expect(capture.text()).not.toMatch(/Sanne|Dorpsstraat/);
  });

  it('refuses prefixes that are not 2-4 capitals, are Loket\'s own or are shared', () => {
    expect(() => createCaseActions(database.sql, { x: { prefix: 'grv' } })).toThrow(/product "x": prefix "grv" must be 2 to 4 capital letters/);
    expect(() => createCaseActions(database.sql, { x: { prefix: 'GRVXX' } })).toThrow(/2 to 4 capital letters/);
    expect(() => createCaseActions(database.sql, { x: { prefix: 'MLD' } })).toThrow(/"MLD" is Loket's own \(for reports\)/);
    expect(() => createCaseActions(database.sql, { x: { prefix: 'GRV' }, y: { prefix: 'GRV' } })).toThrow(/product "y": prefix "GRV" is also the prefix of "x"/);
  });
});
