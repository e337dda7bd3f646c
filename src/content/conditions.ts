/**
 * The small condition language of `when:` and `branch: - if:`, e.g.
 *   leeftijd >= 75 and reden in ['kwijt', 'gestolen']
 * Parsed once into a tree so content validation can report syntax errors and list the slots a condition reads.
 */
export type Expr =
  | { kind: 'lit'; value: unknown }
  | { kind: 'ref'; path: string[] }
  | { kind: 'list'; items: Expr[] }
  | { kind: 'not'; expr: Expr }
  | { kind: 'bin'; op: string; left: Expr; right: Expr };

const TOKEN = /\s*(?:(\d+(?:\.\d+)?)|'([^']*)'|"([^"]*)"|(==|!=|>=|<=|>|<|\(|\)|\[|\]|,)|([A-Za-z_][\w.]*))/y;

type Token = { t: 'num' | 'str' | 'op' | 'word'; v: string };

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < src.length) {
    if (/^\s*$/.test(src.slice(TOKEN.lastIndex))) break;
    const at = TOKEN.lastIndex;
    const m = TOKEN.exec(src);
    if (!m) throw new Error(`cannot read the condition at "${src.slice(at).trim()}"`);
    if (m[1] !== undefined) out.push({ t: 'num', v: m[1] });
    else if (m[2] !== undefined || m[3] !== undefined) out.push({ t: 'str', v: m[2] ?? m[3] });
    else if (m[4] !== undefined) out.push({ t: 'op', v: m[4] });
    else out.push({ t: 'word', v: m[5] });
  }
  return out;
}

export function parseCondition(src: string): Expr {
  const toks = tokenize(src);
  let i = 0;
  const peek = () => toks[i];
  const isWord = (w: string) => peek()?.t === 'word' && peek().v === w;
  const isOp = (o: string) => peek()?.t === 'op' && peek().v === o;
  const expect = (o: string) => {
    if (!isOp(o)) throw new Error(`expected "${o}" in the condition`);
    i++;
  };

  const or = (): Expr => {
    let left = and();
    while (isWord('or')) { i++; left = { kind: 'bin', op: 'or', left, right: and() }; }
    return left;
  };
  const and = (): Expr => {
    let left = not();
    while (isWord('and')) { i++; left = { kind: 'bin', op: 'and', left, right: not() }; }
    return left;
  };
  const not = (): Expr => {
    if (isWord('not')) { i++; return { kind: 'not', expr: not() }; }
    return cmp();
  };
  const cmp = (): Expr => {
    const left = value();
    const t = peek();
    if (t && ((t.t === 'op' && ['==', '!=', '>', '>=', '<', '<='].includes(t.v)) || (t.t === 'word' && t.v === 'in'))) {
      i++;
      return { kind: 'bin', op: t.v, left, right: value() };
    }
    return left;
  };
  const value = (): Expr => {
    const t = toks[i++];
    if (!t) throw new Error('the condition ends too early');
    if (t.t === 'num') return { kind: 'lit', value: Number(t.v) };
    if (t.t === 'str') return { kind: 'lit', value: t.v };
    if (t.t === 'op' && t.v === '(') { const e = or(); expect(')'); return e; }
    if (t.t === 'op' && t.v === '[') {
      const items: Expr[] = [];
      while (!isOp(']')) { items.push(value()); if (isOp(',')) i++; else break; }
      expect(']');
      return { kind: 'list', items };
    }
    if (t.t === 'word') {
      if (t.v === 'true' || t.v === 'false') return { kind: 'lit', value: t.v === 'true' };
      if (t.v === 'null') return { kind: 'lit', value: null };
      return { kind: 'ref', path: t.v.split('.') };
    }
    throw new Error(`unexpected "${t.v}" in the condition`);
  };

  const e = or();
  if (i < toks.length) throw new Error(`unexpected "${toks[i].v}" in the condition`);
  return e;
}

/** Slot paths a condition reads, for content validation. */
export function conditionRefs(e: Expr): string[][] {
  switch (e.kind) {
    case 'ref': return [e.path];
    case 'list': return e.items.flatMap(conditionRefs);
    case 'not': return conditionRefs(e.expr);
    case 'bin': return [...conditionRefs(e.left), ...conditionRefs(e.right)];
    default: return [];
  }
}

export type Lookup = (path: string[]) => unknown;

export function evaluate(e: Expr, lookup: Lookup): unknown {
  switch (e.kind) {
    case 'lit': return e.value;
    case 'ref': return lookup(e.path);
    case 'list': return e.items.map((x) => evaluate(x, lookup));
    case 'not': return !truthy(evaluate(e.expr, lookup));
    case 'bin': return binary(e.op, e.left, e.right, lookup);
  }
}

function binary(op: string, l: Expr, r: Expr, lookup: Lookup): unknown {
  if (op === 'and') return truthy(evaluate(l, lookup)) && truthy(evaluate(r, lookup));
  if (op === 'or') return truthy(evaluate(l, lookup)) || truthy(evaluate(r, lookup));
  const a = evaluate(l, lookup);
  const b = evaluate(r, lookup);
  switch (op) {
    case '==': return loose(a) === loose(b);
    case '!=': return loose(a) !== loose(b);
    case 'in': return Array.isArray(b) && b.some((x) => loose(x) === loose(a));
    default: return compare(op, a, b);
  }
}

function compare(op: string, a: unknown, b: unknown): boolean {
  if (a === undefined || a === null || b === undefined || b === null) return false;
  const [x, y] = typeof a === 'number' || typeof b === 'number' ? [Number(a), Number(b)] : [String(a), String(b)];
  if (op === '>') return x > y;
  if (op === '>=') return x >= y;
  if (op === '<') return x < y;
  return x <= y;
}

/** Numbers and numeric strings compare equal, so `aantal == 2` works whatever the slot holds. */
function loose(v: unknown): unknown {
  if (typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v))) return Number(v);
  return v ?? null;
}

export function truthy(v: unknown): boolean {
  if (Array.isArray(v)) return v.length > 0;
  return v !== undefined && v !== null && v !== false && v !== '' && v !== 0;
}
