import { createCaseActions } from '../../src/actions/cases';
import type { Action } from '../../src/actions/types';
import type { CaseProduct } from '../../src/content/types';
import { openDatabase, type Database } from '../../src/storage/sqlite';
import { capturingLog, makeCtx, okData, scratchDatabase } from './helpers';

const PRODUCTS: Record<string, CaseProduct> = {
  grofvuil: { prefix: 'GRV', label: { nl: 'Grofvuil ophalen', en: 'Bulky waste collection' } },
  afvalpas: { prefix: 'AP' },
};

function casesOn(db: Database, products = PRODUCTS): Record<string, Action> {
  return Object.fromEntries(createCaseActions(db, products).map((a) => [a.name.replace('cases.', ''), a]));
}

const address = { street: 'Dorpsstraat', number: 12, postcode: '1234AB', city: 'Voorbeeld' };

describe('case actions', () => {
  const scratch = scratchDatabase();
  const ctx = makeCtx();

  it('stores the answers under the product\'s own prefix, findable after reopening the file', async () => {
    const created = okData(await casesOn(scratch.db).create.run({
      product: 'Grofvuil', adres: address, spullen: ' een bank en twee stoelen ', opmerking: '', naam: 'Sanne Bakker',
    }, ctx));
    expect(created).toEqual({ reference: expect.stringMatching(/^GRV-[A-HJ-NP-Z2-9]{6}$/), product: 'grofvuil', product_label: 'Grofvuil ophalen' });
    scratch.reopen();

    const row = scratch.db.prepare('SELECT * FROM cases').get() as Record<string, string>;
    expect(row).toMatchObject({ reference: created.reference, product: 'grofvuil', status: 'ontvangen', bot_id: 'test-bot', conversation_id: 'conv-1' });
    // the empty optional answer is left out, text is trimmed, an address stays an object
    expect(JSON.parse(row.answers_json)).toEqual({ adres: address, spullen: 'een bank en twee stoelen', naam: 'Sanne Bakker' });

    const cases = casesOn(scratch.db);
    const messy = ` ${created.reference.toLowerCase().replace('-', ' ')} `;
    expect(okData(await cases.find.run({ reference: messy }, makeCtx({ lang: 'en' })))).toEqual({
      found: true, reference: created.reference, product: 'grofvuil', product_label: 'Bulky waste collection',
      status: 'ontvangen', created_at: ctx.now.toISOString(),
    });
  });

  it('gives each product its own prefix and finds each by it', async () => {
    const cases = casesOn(scratch.db);
    const pass = okData(await cases.create.run({ product: 'afvalpas', reden: 'kwijt' }, ctx));
    expect(pass).toMatchObject({ reference: expect.stringMatching(/^AP-[A-HJ-NP-Z2-9]{6}$/), product_label: 'afvalpas' });
    expect(okData(await cases.find.run({ reference: pass.reference }, ctx))).toMatchObject({ found: true, product: 'afvalpas' });
    expect(okData(await cases.find.run({ reference: pass.reference.replace('AP-', 'GRV-') }, ctx))).toEqual({ found: false });
    expect(okData(await cases.find.run({ reference: 'MLD-2222AA' }, ctx))).toEqual({ found: false });
  });

  it('refuses a product bot.yaml does not list', async () => {
    const cases = casesOn(scratch.db);
    expect(await cases.create.run({ product: 'hondenbelasting', naam: 'X' }, ctx)).toEqual({ ok: false, error: 'unknown_product' });
    expect(await cases.create.run({ naam: 'X' }, ctx)).toEqual({ ok: false, error: 'unknown_product' });
    expect(scratch.db.prepare('SELECT COUNT(*) AS n FROM cases').get()).toEqual({ n: 0 });
  });

  it('keeps references unique across two connections to one file', async () => {
    const other = openDatabase(scratch.file);
    try {
      const [a, b] = [casesOn(scratch.db), casesOn(other)];
      const made = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).create.run({ product: 'grofvuil', n: i }, ctx)));
      expect(new Set(made.map((r) => okData(r).reference)).size).toBe(10);
      expect(scratch.db.prepare('SELECT COUNT(*) AS n FROM cases').get()).toEqual({ n: 10 });
    } finally {
      other.close();
    }
  });

  it('logs the reference and product, never the answers', async () => {
    const capture = capturingLog();
    const { reference } = okData(await casesOn(scratch.db).create.run({ product: 'grofvuil', naam: 'Sanne Bakker', adres: address }, makeCtx({ log: capture.log })));
    expect(capture.text()).toContain(reference);
    expect(capture.text()).not.toMatch(/Sanne|Dorpsstraat/);
  });

  it('refuses prefixes that are not 2-4 capitals, are Loket\'s own or are shared', () => {
    expect(() => createCaseActions(scratch.db, { x: { prefix: 'grv' } })).toThrow(/product "x": prefix "grv" must be 2 to 4 capital letters/);
    expect(() => createCaseActions(scratch.db, { x: { prefix: 'GRVXX' } })).toThrow(/2 to 4 capital letters/);
    expect(() => createCaseActions(scratch.db, { x: { prefix: 'MLD' } })).toThrow(/"MLD" is Loket's own \(for reports\)/);
    expect(() => createCaseActions(scratch.db, { x: { prefix: 'GRV' }, y: { prefix: 'GRV' } })).toThrow(/product "y": prefix "GRV" is also the prefix of "x"/);
  });
});
