import { RamCoreError } from '@pstore/ram-core';
import { describe, expect, it } from 'vitest';
import { cellValue, MAX_EXPR_NESTING, MAX_MACRO_DEPTH } from '../src/config/dts-expr.ts';
import { DtsLexer } from '../src/config/dts-lexer.ts';
import { MAX_NODE_DEPTH, parseDts } from '../src/config/dts-tree.ts';

/** A root with `depth` nested nodes, the innermost holding `inner`. */
function nested(depth: number, inner = ''): string {
  return `/dts-v1/;\n/ {\n${'n {\n'.repeat(depth - 1)}${inner}${'};\n'.repeat(depth - 1)}};\n`;
}

const userError = (f: () => unknown): RamCoreError => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(RamCoreError);
    return e as RamCoreError;
  }
  throw new Error('no error');
};

describe('device-tree source limits (hostile --dt input)', () => {
  it('takes nodes nested as deep as the kernel does (FDT_MAX_DEPTH 64)', () => {
    expect(() => parseDts(nested(MAX_NODE_DEPTH))).not.toThrow();
  });

  it('refuses deeper nesting with the limit named, not a stack overflow (10,000 levels)', () => {
    const e = userError(() => parseDts(nested(10_000)));
    expect(e.message).toMatch(
      /nested 65 levels deep; the kernel takes at most 64 \(FDT_MAX_DEPTH\)/
    );
  });

  it('also counts the depth of a node extended through &label', () => {
    const deep = nested(MAX_NODE_DEPTH - 1, 'leaf: x { };\n');
    expect(() => parseDts(deep)).not.toThrow();
    expect(() => parseDts(`${deep}&leaf { y { }; };\n`)).toThrow(/node y is nested 65 levels deep/);
  });

  it('evaluates parentheses up to the nesting limit', () => {
    const n = MAX_EXPR_NESTING - 1;
    const tree = parseDts(`/ { v = <${'('.repeat(n)}7${')'.repeat(n)}>; };`);
    expect(tree.root.properties.get('v')?.values[0]).toEqual({
      kind: 'cells',
      bits: 32,
      cells: [7n]
    });
  });

  it('refuses 1,000 nested parentheses or unary operators with the limit named', () => {
    expect(
      userError(() => parseDts(`/ { v = <${'('.repeat(1000)}1${')'.repeat(1000)}>; };`)).message
    ).toMatch(/nested deeper than 256 levels/);
    expect(userError(() => parseDts(`/ { v = <${'-'.repeat(100_000)}1>; };`)).message).toMatch(
      /nested deeper than 256 levels/
    );
  });

  it('expands each #define once: a chain that doubles at every level costs one expansion per macro', () => {
    // The 0.9 KB input: 2^16 expansions (5 s) without memoisation.
    let src = '#define A0 1\n';
    for (let i = 1; i <= MAX_MACRO_DEPTH; i++) src += `#define A${i} (A${i - 1} + A${i - 1})\n`;
    const lex = new DtsLexer(`${src}< (A${MAX_MACRO_DEPTH}) (A${MAX_MACRO_DEPTH}) >`);
    expect(lex.next('cells').text).toBe('<');
    expect(cellValue(lex)).toBe(2n ** BigInt(MAX_MACRO_DEPTH));
    expect(cellValue(lex)).toBe(2n ** BigInt(MAX_MACRO_DEPTH));
    expect(lex.expansions.count).toBe(MAX_MACRO_DEPTH + 1); // not 2^17
  });

  it('re-evaluates a macro after it is redefined', () => {
    const tree = parseDts('#define X 1\n/ { a = <X>; };\n#define X 2\n/ { b = <X>; };');
    expect(tree.root.properties.get('a')?.values[0]).toMatchObject({ cells: [1n] });
    expect(tree.root.properties.get('b')?.values[0]).toMatchObject({ cells: [2n] });
  });

  it('refuses a macro that refers to itself, naming the macro depth', () => {
    const e = userError(() => parseDts('#define L (L + 1)\n/ { v = <L>; };'));
    expect(e.message).toMatch(new RegExp(`more than ${MAX_MACRO_DEPTH} nested #defines`));
  });
});
