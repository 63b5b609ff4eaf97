/**
 * Parses device-tree source into a node tree, with dtc's merge rules: nodes
 * of the same name merge, a later property replaces an earlier one, &label
 * blocks extend a labelled node, /delete-node/ and /delete-property/ remove.
 * Kernel counterpart: scripts/dtc/dtc-parser.y (grammar), drivers/of/base.c
 * (the tree the kernel walks).
 */
import { cellValue } from './dts-expr.ts';
import { DtsLexer, dtsError, type DtsLexMode, type DtsToken } from './dts-lexer.ts';

/** One value of a property: a <cell list>, a "string", a [byte string] or a &reference. */
type DtValue =
  | { readonly kind: 'cells'; readonly bits: number; readonly cells: readonly (bigint | null)[] }
  | { readonly kind: 'string'; readonly text: string }
  | { readonly kind: 'bytes'; readonly bytes: readonly number[] }
  | { readonly kind: 'ref'; readonly target: string };

interface DtProperty {
  readonly name: string;
  /** Empty for a boolean property ("no-dump-oops;"). */
  readonly values: readonly DtValue[];
  readonly line: number;
}

export interface DtNode {
  /** Full node name, e.g. "ramoops@8f000000"; "" for the root. */
  readonly name: string;
  readonly labels: string[];
  readonly properties: Map<string, DtProperty>;
  readonly children: DtNode[];
  readonly parent: DtNode | null;
  readonly line: number;
}

/** A parsed source file. */
export interface DtTree {
  readonly root: DtNode;
  readonly warnings: readonly string[];
}

const newNode = (name: string, parent: DtNode | null, line: number): DtNode => ({
  name,
  labels: [],
  properties: new Map(),
  children: [],
  parent,
  line
});

const U64 = (v: bigint): bigint => BigInt.asUintN(64, v);

/**
 * The deepest node nesting accepted: the kernel's own limit, FDT_MAX_DEPTH
 * (64) in drivers/of/fdt.c unflatten_dt_nodes(), past which it refuses the
 * whole tree. Parsing recurses once per level, so the limit also keeps a
 * hostile source from exhausting the stack.
 */
export const MAX_NODE_DEPTH = 64;

/** Every node of the tree, depth first. */
export function* walkDt(node: DtNode): Generator<DtNode> {
  yield node;
  for (const child of node.children) yield* walkDt(child);
}

/** The node's path, e.g. "/reserved-memory/ramoops@8f000000". */
export function dtPath(node: DtNode): string {
  const parts: string[] = [];
  for (let n: DtNode | null = node; n?.parent; n = n.parent) parts.unshift(n.name);
  return `/${parts.join('/')}`;
}

class DtsParser {
  private readonly root = newNode('', null, 1);

  constructor(private readonly lex: DtsLexer) {}

  parse(): DtTree {
    for (;;) {
      const tok = this.lex.next();
      if (tok.kind === 'eof') break;
      if (tok.kind === 'directive') this.topDirective(tok);
      else if (tok.kind === 'label' || (tok.kind === 'punct' && tok.text === '/')) {
        let t = tok;
        const labels: string[] = [];
        while (t.kind === 'label') {
          labels.push(t.text);
          t = this.lex.next();
        }
        if (t.kind !== 'punct' || t.text !== '/') {
          throw dtsError(t.line, `expected "/" after labels, found "${t.text}"`);
        }
        this.root.labels.push(...labels);
        this.body(this.root);
      } else if (tok.kind === 'ref') {
        const target = this.resolve(tok);
        let level = 1;
        for (let n = target.parent; n; n = n.parent) level++;
        this.body(target, false, level);
      } else {
        throw dtsError(tok.line, `unexpected "${tok.text}" at top level`);
      }
    }
    return { root: this.root, warnings: this.lex.warnings };
  }

  private topDirective(tok: DtsToken): void {
    switch (tok.text) {
      case '/dts-v1/':
      case '/plugin/':
        this.expect(';');
        return;
      case '/memreserve/':
        this.lex.next();
        this.lex.next();
        this.expect(';');
        return;
      case '/include/': {
        const file = this.lex.next();
        this.lex.warnings.push(
          `device tree line ${tok.line}: /include/ "${file.text}" was not read`
        );
        return;
      }
      case '/delete-node/': {
        const ref = this.lex.next();
        if (ref.kind !== 'ref') {
          throw dtsError(ref.line, '/delete-node/ at top level needs a &label');
        }
        this.remove(this.resolve(ref));
        this.expect(';');
        return;
      }
      case '/omit-if-no-ref/':
        return;
      default:
        throw dtsError(tok.line, `unknown directive ${tok.text}`);
    }
  }

  private resolve(ref: DtsToken): DtNode {
    for (const node of walkDt(this.root)) {
      if (ref.text.startsWith('/') ? dtPath(node) === ref.text : node.labels.includes(ref.text)) {
        return node;
      }
    }
    throw dtsError(ref.line, `reference &${ref.text} names no node defined before it`);
  }

  private remove(node: DtNode): void {
    const siblings = node.parent?.children;
    if (siblings) siblings.splice(siblings.indexOf(node), 1);
  }

  private expect(text: string, mode: DtsLexMode = 'names'): DtsToken {
    const tok = this.lex.next(mode);
    if (tok.text !== text || (tok.kind !== 'punct' && tok.kind !== 'directive')) {
      throw dtsError(tok.line, `expected "${text}", found "${tok.text || 'end of file'}"`);
    }
    return tok;
  }

  /** Parses "{ … };" into `node` at nesting `depth` (root 1); `opened` when the "{" was already read. */
  private body(node: DtNode, opened = false, depth = 1): void {
    if (depth > MAX_NODE_DEPTH) {
      throw dtsError(
        node.line,
        `node ${node.name} is nested ${depth} levels deep; the kernel takes at most ${MAX_NODE_DEPTH} (FDT_MAX_DEPTH)`
      );
    }
    if (!opened) this.expect('{');
    for (;;) {
      let tok = this.lex.next();
      if (tok.kind === 'punct' && tok.text === '}') break;
      if (
        tok.kind === 'directive' &&
        (tok.text === '/delete-property/' || tok.text === '/delete-node/')
      ) {
        const name = this.lex.next();
        if (tok.text === '/delete-property/') node.properties.delete(name.text);
        else {
          const child =
            name.kind === 'ref'
              ? this.resolve(name)
              : node.children.find((c) => c.name === name.text);
          if (child) this.remove(child);
        }
        this.expect(';');
        continue;
      }
      if (tok.kind === 'directive' && tok.text === '/omit-if-no-ref/') tok = this.lex.next();
      const labels: string[] = [];
      while (tok.kind === 'label') {
        labels.push(tok.text);
        tok = this.lex.next();
      }
      if (tok.kind !== 'word') {
        throw dtsError(
          tok.line,
          `expected a property or node name, found "${tok.text || 'end of file'}"`
        );
      }
      const after = this.lex.next();
      if (after.kind === 'punct' && after.text === '{') {
        let child = node.children.find((c) => c.name === tok.text);
        if (!child) {
          child = newNode(tok.text, node, tok.line);
          node.children.push(child);
        }
        child.labels.push(...labels);
        this.body(child, true, depth + 1);
      } else if (after.kind === 'punct' && (after.text === '=' || after.text === ';')) {
        const values = after.text === '=' ? this.values() : [];
        node.properties.set(tok.text, { name: tok.text, values, line: tok.line });
      } else {
        throw dtsError(
          after.line,
          `expected "=", ";" or "{" after "${tok.text}", found "${after.text}"`
        );
      }
    }
    this.expect(';');
  }

  /** Property values up to and including the ';'. */
  private values(): DtValue[] {
    const values: DtValue[] = [];
    for (;;) {
      const tok = this.lex.next();
      if (tok.kind === 'string') values.push({ kind: 'string', text: tok.text });
      else if (tok.kind === 'ref') values.push({ kind: 'ref', target: tok.text });
      else if (tok.kind === 'directive' && tok.text === '/bits/') {
        const bits = Number(this.lex.next().text);
        if (![8, 16, 32, 64].includes(bits)) {
          throw dtsError(tok.line, `/bits/ ${bits} is not 8, 16, 32 or 64`);
        }
        this.expect('<');
        values.push(this.cells(bits));
      } else if (tok.kind === 'punct' && tok.text === '<') values.push(this.cells(32));
      else if (tok.kind === 'punct' && tok.text === '[') values.push(this.bytes(tok.line));
      else throw dtsError(tok.line, `expected a value, found "${tok.text || 'end of file'}"`);
      const sep = this.lex.next();
      if (sep.kind === 'punct' && sep.text === ';') return values;
      if (sep.kind !== 'punct' || sep.text !== ',') {
        throw dtsError(sep.line, `expected "," or ";" after a value, found "${sep.text}"`);
      }
    }
  }

  private bytes(line: number): DtValue {
    let hex = '';
    for (;;) {
      const tok = this.lex.next();
      if (tok.kind === 'punct' && tok.text === ']') break;
      if (tok.kind !== 'word' || !/^[0-9a-fA-F]+$/.test(tok.text)) {
        throw dtsError(tok.line, `"${tok.text}" is not hex in a [byte string]`);
      }
      hex += tok.text;
    }
    if (hex.length % 2) throw dtsError(line, 'a [byte string] needs an even number of hex digits');
    return { kind: 'bytes', bytes: (hex.match(/../g) ?? []).map((b) => parseInt(b, 16)) };
  }

  private cells(bits: number): DtValue {
    const cells: (bigint | null)[] = [];
    const mask = (1n << BigInt(bits)) - 1n;
    for (;;) {
      const tok = this.lex.peek('cells');
      if (tok.kind === 'punct' && tok.text === '>') {
        this.lex.next('cells');
        return { kind: 'cells', bits, cells };
      }
      if (tok.kind === 'ref') {
        this.lex.next('cells');
        cells.push(null); // a phandle: its number is assigned by dtc
        continue;
      }
      const v = U64(cellValue(this.lex));
      if (v > mask && v < U64(~mask)) {
        throw dtsError(tok.line, `value 0x${v.toString(16)} does not fit a ${bits}-bit cell`);
      }
      cells.push(v & mask);
    }
  }
}

/**
 * Parses .dts text.
 * @throws RamCoreError EINVAL naming the line of the first syntax error.
 */
export function parseDts(text: string): DtTree {
  return new DtsParser(new DtsLexer(text)).parse();
}
