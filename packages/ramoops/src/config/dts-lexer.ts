/**
 * A small, forgiving tokenizer for device-tree source (.dts/.dtsi text), just
 * enough to find a ramoops node: comments, C preprocessor lines (object-like
 * #defines are remembered), labels, strings, char literals, /directives/,
 * &references and cell lists with C expressions.
 * Kernel counterpart: scripts/dtc/dtc-lexer.l (the grammar, not the code).
 */
import { RamCoreError } from '@pstore/ram-core';

/** Token kinds. 'word' covers names and numbers; 'label' is "name:"; 'ref' is &name or &{/path}. */
type DtsTokenKind = 'word' | 'label' | 'string' | 'char' | 'ref' | 'directive' | 'punct' | 'eof';

export interface DtsToken {
  readonly kind: DtsTokenKind;
  /** Source text, without decoration: a label without ':', a ref without '&', a string decoded. */
  readonly text: string;
  readonly line: number;
}

/**
 * 'names' outside cell lists (node and property names may contain , . + * # ? @ -);
 * 'cells' inside <…> where those characters are operators.
 */
export type DtsLexMode = 'names' | 'cells';

const NAME_CHARS = /[A-Za-z0-9,._+*#?@-]/;
const CELL_WORD_CHARS = /[A-Za-z0-9_]/;
const CPP_DIRECTIVE =
  /^#\s*(include|define|undef|if|ifdef|ifndef|elif|else|endif|error|warning|pragma|line|\d)\b/;
const TWO_CHAR_OPS = ['<<', '>>', '<=', '>=', '==', '!=', '&&', '||'];

/** A DTS syntax error, naming the line. */
export function dtsError(line: number, message: string): RamCoreError {
  return new RamCoreError('EINVAL', `device tree line ${line}: ${message}`);
}

export class DtsLexer {
  private pos = 0;
  private line = 1;
  /** Object-like macros seen in #define lines: name → replacement text. */
  readonly defines: Map<string, string>;
  /**
   * Values of macros already evaluated under the current #defines (cleared
   * by every #define): each macro is expanded once, so a chain of macros
   * that each use the previous one twice costs linear, not exponential, time.
   */
  readonly macroValues: Map<string, bigint>;
  /** Macro expansions so far in the whole source (see MAX_MACRO_EXPANSIONS). */
  readonly expansions: { count: number };
  /** Things skipped that may matter to the reader (e.g. unevaluated #if blocks). */
  readonly warnings: string[] = [];
  private warnedConditional = false;

  /** `parent`: the lexer whose macro this text is (shares its #defines and counters). */
  constructor(
    private readonly src: string,
    parent?: DtsLexer
  ) {
    this.defines = parent?.defines ?? new Map<string, string>();
    this.macroValues = parent?.macroValues ?? new Map<string, bigint>();
    this.expansions = parent?.expansions ?? { count: 0 };
  }

  /** The next token without consuming it. */
  peek(mode: DtsLexMode = 'names'): DtsToken {
    const { pos, line } = this;
    const tok = this.next(mode);
    this.pos = pos;
    this.line = line;
    return tok;
  }

  /** Consumes and returns the next token. */
  next(mode: DtsLexMode = 'names'): DtsToken {
    this.skipTrivia();
    const line = this.line;
    const c = this.src.charAt(this.pos);
    if (c === '') return { kind: 'eof', text: '', line };
    if (c === '"') return { kind: 'string', text: this.quoted('"'), line };
    if (c === "'") return { kind: 'char', text: this.quoted("'"), line };
    if (c === '&' && mode === 'names') return this.reference(line);
    if (c === '&' && mode === 'cells' && /[A-Za-z_{]/.test(this.src.charAt(this.pos + 1))) {
      return this.reference(line);
    }
    if (c === '/') {
      const m = /^\/[a-z][a-z0-9-]*\//.exec(this.src.slice(this.pos));
      if (m && mode === 'names') {
        this.pos += m[0].length;
        return { kind: 'directive', text: m[0], line };
      }
      if (m && m[0] === '/bits/') {
        this.pos += m[0].length;
        return { kind: 'directive', text: m[0], line };
      }
    }
    const chars = mode === 'names' ? NAME_CHARS : CELL_WORD_CHARS;
    if (chars.test(c)) {
      let end = this.pos;
      while (end < this.src.length && chars.test(this.src.charAt(end))) end++;
      const text = this.src.slice(this.pos, end);
      this.pos = end;
      if (mode === 'names' && this.src.charAt(this.pos) === ':' && /^[A-Za-z_]\w*$/.test(text)) {
        this.pos++;
        return { kind: 'label', text, line };
      }
      return { kind: 'word', text, line };
    }
    const two = this.src.slice(this.pos, this.pos + 2);
    if (mode === 'cells' && TWO_CHAR_OPS.includes(two)) {
      this.pos += 2;
      return { kind: 'punct', text: two, line };
    }
    this.pos++;
    return { kind: 'punct', text: c, line };
  }

  private reference(line: number): DtsToken {
    this.pos++; // '&'
    if (this.src.charAt(this.pos) === '{') {
      const close = this.src.indexOf('}', this.pos);
      if (close < 0) throw dtsError(line, 'unterminated &{/path} reference');
      const text = this.src.slice(this.pos + 1, close);
      this.pos = close + 1;
      return { kind: 'ref', text, line };
    }
    const m = /^[A-Za-z_]\w*/.exec(this.src.slice(this.pos));
    if (!m) throw dtsError(line, "'&' is not followed by a label or a {/path}");
    this.pos += m[0].length;
    return { kind: 'ref', text: m[0], line };
  }

  /** Reads a "string" or 'c' literal, decoding C escapes. */
  private quoted(quote: string): string {
    const line = this.line;
    let out = '';
    this.pos++;
    for (;;) {
      const c = this.src.charAt(this.pos++);
      if (c === '' || c === '\n') {
        throw dtsError(line, `unterminated ${quote === '"' ? 'string' : 'character'} literal`);
      }
      if (c === quote) return out;
      if (c !== '\\') {
        out += c;
        continue;
      }
      const e = this.src.charAt(this.pos++);
      const simple: Record<string, string> = {
        n: '\n',
        t: '\t',
        r: '\r',
        a: '\x07',
        b: '\b',
        v: '\v',
        f: '\f',
        '0': '\0'
      };
      if (e === 'x') {
        const m = /^[0-9a-fA-F]{1,2}/.exec(this.src.slice(this.pos));
        if (!m) throw dtsError(line, 'bad \\x escape');
        this.pos += m[0].length;
        out += String.fromCharCode(parseInt(m[0], 16));
      } else if (/[0-7]/.test(e)) {
        const m = /^[0-7]{0,2}/.exec(this.src.slice(this.pos)) ?? [''];
        this.pos += m[0].length;
        out += String.fromCharCode(parseInt(e + m[0], 8));
      } else {
        out += simple[e] ?? e;
      }
    }
  }

  /** Skips whitespace, comments and preprocessor lines, counting newlines. */
  private skipTrivia(): void {
    for (;;) {
      const c = this.src.charAt(this.pos);
      if (c === '\n') {
        this.line++;
        this.pos++;
      } else if (c === ' ' || c === '\t' || c === '\r' || c === '\f' || c === '\v') {
        this.pos++;
      } else if (this.src.startsWith('//', this.pos)) {
        while (this.pos < this.src.length && this.src.charAt(this.pos) !== '\n') this.pos++;
      } else if (this.src.startsWith('/*', this.pos)) {
        const end = this.src.indexOf('*/', this.pos + 2);
        if (end < 0) throw dtsError(this.line, 'unterminated /* comment');
        for (let i = this.pos; i < end; i++) if (this.src.charAt(i) === '\n') this.line++;
        this.pos = end + 2;
      } else if (
        c === '#' &&
        this.atLineStart() &&
        CPP_DIRECTIVE.test(this.src.slice(this.pos, this.pos + 16))
      ) {
        this.preprocessorLine();
      } else {
        return;
      }
    }
  }

  private atLineStart(): boolean {
    for (let i = this.pos - 1; i >= 0; i--) {
      const c = this.src.charAt(i);
      if (c === '\n') return true;
      if (c !== ' ' && c !== '\t') return false;
    }
    return true;
  }

  /** Consumes one preprocessor line (with \-continuations); remembers #define NAME VALUE. */
  private preprocessorLine(): void {
    let text = '';
    for (;;) {
      const nl = this.src.indexOf('\n', this.pos);
      const end = nl < 0 ? this.src.length : nl;
      const part = this.src.slice(this.pos, end);
      this.pos = end;
      if (part.endsWith('\\') && nl >= 0) {
        text += part.slice(0, -1) + ' ';
        this.pos++;
        this.line++;
        continue;
      }
      text += part;
      break;
    }
    const define = /^#\s*define\s+([A-Za-z_]\w*)(?!\()\s+(.*?)\s*$/.exec(text);
    if (define?.[1] !== undefined && define[2] !== undefined) {
      this.defines.set(define[1], define[2].replace(/\/\*.*?\*\/|\/\/.*$/g, '').trim());
      this.macroValues.clear();
    }
    if (/^#\s*(if|ifdef|ifndef)\b/.test(text) && !this.warnedConditional) {
      this.warnedConditional = true;
      this.warnings.push(
        `device tree line ${this.line}: preprocessor conditionals are not evaluated; every branch is read`
      );
    }
  }
}
