/**
 * The import graph of a source tree, between its top-level folders ("units"): each `import`/`export … from`
 * (type-only ones too), side-effect import, `import()` and `require()` of a relative path. A file directly in the root
 * is a unit of its own (src/index.ts, src/paths.ts).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

export interface Edge { from: string; to: string; file: string; spec: string }

const STATIC = /^\s*(?:import|export)\b[^;]*?\bfrom\s*['"](\.[^'"]*)['"]/gm;
const SIDE_EFFECT = /^\s*import\s*['"](\.[^'"]*)['"]/gm;
const DYNAMIC = /\b(?:import|require)\(\s*['"](\.[^'"]*)['"]\s*\)/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(path);
    return e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [path] : [];
  });
}

function resolveSpec(file: string, spec: string): string {
  const base = resolve(dirname(file), spec);
  const found = [`${base}.ts`, join(base, 'index.ts'), base].find((p) => existsSync(p) && statSync(p).isFile());
  if (!found) throw new Error(`${file}: cannot resolve import "${spec}"`);
  return found;
}

function unitOf(root: string, file: string): string {
  return relative(root, file).split(sep)[0];
}

/** Imports that cross from one unit to another; imports leaving the root (package.json) are not edges. */
export function importEdges(root: string): Edge[] {
  const edges: Edge[] = [];
  for (const file of sourceFiles(root)) {
    const text = readFileSync(file, 'utf8');
    for (const re of [STATIC, SIDE_EFFECT, DYNAMIC]) {
      for (const m of text.matchAll(re)) {
        const target = resolveSpec(file, m[1]);
        if (relative(root, target).startsWith('..')) continue;
        const from = unitOf(root, file);
        const to = unitOf(root, target);
        if (from !== to) edges.push({ from, to, file: relative(root, file), spec: m[1] });
      }
    }
  }
  return edges;
}

/** Groups of units that import each other, directly or round about (strongly connected components, Tarjan). */
export function cycles(edges: Edge[]): string[][] {
  const next = new Map<string, Set<string>>();
  for (const e of edges) next.set(e.from, (next.get(e.from) ?? new Set()).add(e.to));
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const found: string[][] = [];
  const visit = (v: string) => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    for (const w of next.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (stack.includes(w)) {
        low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
    }
    if (low.get(v) !== index.get(v)) return;
    const group: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      group.push(w);
    } while (w !== v);
    if (group.length > 1) found.push(group.sort());
  };
  for (const v of next.keys()) if (!index.has(v)) visit(v);
  return found;
}
