import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { PACKAGE_ROOT } from '../../src/paths';
import { cycles, importEdges, type Edge } from './importGraph';

const SRC = join(PACKAGE_ROOT, 'src');

/**
 * The bottom of Loket: the pure engine and the answer parsers. They import only what is below them, never channels,
 * server, handover, storage or runtime, so they can be read, tested and reused without any of those.
 */
const BOTTOM: Record<string, string[]> = {
  text: [],
  slots: ['text'],
  engine: ['content', 'slots', 'text'],
};

function describeEdges(edges: Edge[]): string {
  return edges.map((e) => `${e.file} imports ${e.spec}`).join('\n');
}

describe('the import graph of src/', () => {
  const edges = importEdges(SRC);

  it('has no cycle between folders', () => {
    const found = cycles(edges).map((group) => `${group.join(' ↔ ')}:\n${describeEdges(edges.filter((e) => group.includes(e.from) && group.includes(e.to)))}`);
    expect(found).toEqual([]);
  });

  it('keeps text, slots and engine at the bottom', () => {
    const wrong = edges.filter((e) => e.from in BOTTOM && !BOTTOM[e.from].includes(e.to));
    expect(describeEdges(wrong)).toBe('');
  });

  it('sees type-only, multi-line and re-exporting imports', () => {
    const has = (from: string, to: string, file: string) => edges.some((e) => e.from === from && e.to === to && e.file === file);
    expect(has('handover', 'engine', 'handover/adapter.ts')).toBe(true); // import type { … }
    expect(has('index.ts', 'handover', 'index.ts')).toBe(true); // export type {\n … \n} from
    expect(has('index.ts', 'runtime', 'index.ts')).toBe(true); // export { … } from
  });
});

describe('importEdges and cycles', () => {
  const made: string[] = [];
  afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  /** Writes `files` under <tmp>/src and returns that folder; paths starting with ../ land beside it. */
  function tree(files: Record<string, string>): string {
    const base = mkdtempSync(join(tmpdir(), 'loket-imports-'));
    made.push(base);
    const root = join(base, 'src');
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), text);
    }
    return root;
  }

  it('finds a cycle through a type-only import split over lines and a re-export', () => {
    const root = tree({
      'a/index.ts': "import type {\n  B,\n} from '../b';\nexport const a = 1;\n",
      'b/index.ts': "export { c } from '../c/c';\nexport type B = string;\n",
      'c/c.ts': "export const c = () => import('../a');\n",
      'd.ts': "import '../outside';\nimport './a';\n",
      '../outside.ts': '',
    });
    const edges = importEdges(root);
    expect(edges.map((e) => `${e.from}->${e.to}`).sort()).toEqual(['a->b', 'b->c', 'c->a', 'd.ts->a']);
    expect(cycles(edges)).toEqual([['a', 'b', 'c']]);
  });

  it('finds no cycle in a graph that points one way', () => {
    const root = tree({ 'a/x.ts': "import { y } from '../b/y';\n", 'b/y.ts': 'export const y = 1;\n' });
    expect(cycles(importEdges(root))).toEqual([]);
  });

  it('fails loudly on an import it cannot resolve, rather than missing an edge', () => {
    const root = tree({ 'a/x.ts': "import { y } from '../b/missing';\n" });
    expect(() => importEdges(root)).toThrow(/cannot resolve import "..\/b\/missing"/);
  });
});
