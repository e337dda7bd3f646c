import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { Diagnostic } from './diagnostics';

export type YamlPath = (string | number)[];

/** A parsed YAML file that can point at the line and column of any value in it. */
export class YamlFile {
  readonly data: unknown;
  readonly diagnostics: Diagnostic[] = [];
  private readonly doc: Document.Parsed;
  private readonly lines = new LineCounter();

  constructor(readonly path: string, readonly display: string, source: string) {
    this.doc = parseDocument(source, { lineCounter: this.lines, prettyErrors: false, uniqueKeys: true });
    for (const e of [...this.doc.errors, ...this.doc.warnings]) {
      // `linePos` is only filled in with prettyErrors; the offset always is.
      const { line, col } = e.linePos?.[0] ?? this.lines.linePos(e.pos[0]);
      this.diagnostics.push({ file: display, line, col, severity: 'error', message: plainYamlError(e.code, e.message) });
    }
    this.data = this.doc.errors.length ? undefined : this.doc.toJS();
  }

  static read(path: string, root: string): YamlFile {
    return new YamlFile(path, relative(root, path) || path, readFileSync(path, 'utf8'));
  }

  /** Line and column of the value at `path`, or of its closest existing parent. */
  position(path: YamlPath, key = false): { line: number; col: number } {
    for (let p = path; ; p = p.slice(0, -1)) {
      const node = this.nodeAt(p, key && p === path);
      if (node?.range) {
        const { line, col } = this.lines.linePos(node.range[0]);
        return { line, col };
      }
      if (p.length === 0) return { line: 1, col: 1 };
    }
  }

  error(path: YamlPath, message: string, key = false): Diagnostic {
    return { file: this.display, ...this.position(path, key), message, severity: 'error' };
  }

  warning(path: YamlPath, message: string): Diagnostic {
    return { file: this.display, ...this.position(path), message, severity: 'warning' };
  }

  private nodeAt(path: YamlPath, wantKey: boolean): Node | null {
    let node: unknown = this.doc.contents;
    for (let i = 0; i < path.length; i++) {
      const seg = path[i];
      if (isMap(node)) {
        const pair = node.items.find((it) => isScalar(it.key) && String(it.key.value) === String(seg));
        if (!pair) return null;
        node = wantKey && i === path.length - 1 ? pair.key : pair.value;
      } else if (isSeq(node) && typeof seg === 'number') {
        node = node.items[seg];
      } else {
        return null;
      }
    }
    return (node as Node) ?? null;
  }
}

function plainYamlError(code: string, message: string): string {
  const first = message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
  const hints: Record<string, string> = {
    DUPLICATE_KEY: 'this key appears twice in the same block; keep one',
    BAD_INDENT: 'the indentation is off; use spaces and line up items under their parent',
    TAB_AS_INDENT: 'a tab is used for indentation; use spaces',
    MISSING_CHAR: 'a quote or bracket is not closed',
    BLOCK_AS_IMPLICIT_KEY: 'a line is missing a colon, or a text with ": " in it needs quotes',
  };
  return `YAML syntax: ${hints[code] ?? first}`;
}
