/**
 * Evaluates one cell of a device-tree <…> list: a number (decimal, 0x hex,
 * 0 octal, with optional U/L suffixes), a 'c' char literal, an object-like
 * #define, or a C expression in parentheses, in 64-bit unsigned arithmetic.
 * Kernel counterpart: scripts/dtc/dtc-parser.y integer_prim and its
 * expression rules (the grammar, not the code).
 */
import { DtsLexer, dtsError, type DtsToken } from './dts-lexer.ts';

/** Binary operators of cell expressions, loosest first. */
const PRECEDENCE: readonly (readonly string[])[] = [
  ['||'],
  ['&&'],
  ['|'],
  ['^'],
  ['&'],
  ['==', '!='],
  ['<', '>', '<=', '>='],
  ['<<', '>>'],
  ['+', '-'],
  ['*', '/', '%']
];

const U64 = (v: bigint): bigint => BigInt.asUintN(64, v);

/**
 * How deep a cell expression may nest: parentheses, unary operators and
 * macro expansions together. The parser recurses once per level, so a
 * limit keeps hostile input (a thousand "(") from exhausting the stack;
 * 256 is far beyond any real binding header (a few levels) and well within
 * what the stack holds. dtc's own bison parser stops at its stack depth too
 * (YYMAXDEPTH), with "memory exhausted".
 */
export const MAX_EXPR_NESTING = 256;

/** Macros within macros: the C preprocessor has no limit, but a chain this deep is a loop. */
export const MAX_MACRO_DEPTH = 16;

/**
 * Macro expansions per source. Each macro is evaluated once per set of
 * #defines (DtsLexer.macroValues), so a real file needs one per macro use;
 * the limit stops sources that redefine and re-expand without end.
 */
const MAX_MACRO_EXPANSIONS = 100_000;

/**
 * Reads one cell value from `lex` (in cells mode).
 * @throws RamCoreError EINVAL naming the line when it is not a number.
 */
export function cellValue(lex: DtsLexer, depth = 0, nest = 0): bigint {
  const tok = lex.next('cells');
  if (tok.kind === 'char') return BigInt(tok.text.charCodeAt(0) || 0);
  const isUnary =
    tok.kind === 'punct' && (tok.text === '-' || tok.text === '~' || tok.text === '!');
  if ((isUnary || (tok.kind === 'punct' && tok.text === '(')) && nest >= MAX_EXPR_NESTING) {
    throw dtsError(
      tok.line,
      `cell expression nested deeper than ${MAX_EXPR_NESTING} levels (parentheses, unary operators and macros): refused`
    );
  }
  if (tok.kind === 'punct' && tok.text === '(') {
    const v = expression(lex, 0, depth, nest + 1);
    const close = lex.next('cells');
    if (close.text !== ')') throw dtsError(close.line, `expected ")", found "${close.text}"`);
    return v;
  }
  if (isUnary) {
    const v = cellValue(lex, depth, nest + 1);
    return tok.text === '-' ? U64(-v) : tok.text === '~' ? U64(~v) : v === 0n ? 1n : 0n;
  }
  if (tok.kind !== 'word') {
    throw dtsError(tok.line, `expected a number in <…>, found "${tok.text || 'end of file'}"`);
  }
  const num = /^(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)(?:[uU]?[lL]{0,2}|[lL]{1,2}[uU])$/.exec(
    tok.text
  );
  if (num?.[1] !== undefined) {
    const d = num[1];
    return d.length > 1 && d.startsWith('0') && !/^0[xX]/.test(d)
      ? BigInt(`0o${d.slice(1)}`)
      : BigInt(d);
  }
  const macro = lex.defines.get(tok.text);
  if (macro === undefined) {
    throw dtsError(
      tok.line,
      `cannot evaluate "${tok.text}" (a macro from an #include that was not read?)`
    );
  }
  const known = lex.macroValues.get(tok.text);
  if (known !== undefined) return known;
  if (depth > MAX_MACRO_DEPTH) {
    throw dtsError(
      tok.line,
      `macro "${tok.text}" expands through more than ${MAX_MACRO_DEPTH} nested #defines (one that refers to itself?)`
    );
  }
  if (++lex.expansions.count > MAX_MACRO_EXPANSIONS) {
    throw dtsError(tok.line, `more than ${MAX_MACRO_EXPANSIONS} macro expansions: refused`);
  }
  const value = expression(new DtsLexer(macro, lex), 0, depth + 1, nest + 1);
  lex.macroValues.set(tok.text, value);
  return value;
}

function expression(lex: DtsLexer, level: number, depth: number, nest: number): bigint {
  if (level >= PRECEDENCE.length) return cellValue(lex, depth, nest);
  let left = expression(lex, level + 1, depth, nest);
  for (;;) {
    const op = lex.peek('cells');
    if (op.kind !== 'punct' || !PRECEDENCE[level]?.includes(op.text)) return left;
    lex.next('cells');
    const right = expression(lex, level + 1, depth, nest);
    left = U64(binary(op, left, right));
  }
}

function binary(op: DtsToken, a: bigint, b: bigint): bigint {
  const bool = (x: boolean): bigint => (x ? 1n : 0n);
  switch (op.text) {
    case '||':
      return bool(a !== 0n || b !== 0n);
    case '&&':
      return bool(a !== 0n && b !== 0n);
    case '|':
      return a | b;
    case '^':
      return a ^ b;
    case '&':
      return a & b;
    case '==':
      return bool(a === b);
    case '!=':
      return bool(a !== b);
    case '<':
      return bool(a < b);
    case '>':
      return bool(a > b);
    case '<=':
      return bool(a <= b);
    case '>=':
      return bool(a >= b);
    case '<<':
      return a << (b & 63n);
    case '>>':
      return a >> (b & 63n);
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    default:
      if (b === 0n) throw dtsError(op.line, 'division by zero in a cell expression');
      return op.text === '/' ? a / b : a % b;
  }
}
