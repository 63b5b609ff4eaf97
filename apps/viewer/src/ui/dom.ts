/**
 * The page's whole DOM layer: elements built from a tag, attributes and
 * children, HTML or SVG. Hand-written rather than a framework because the
 * page has a handful of views that are rebuilt whole when a decode lands;
 * nothing here needs diffing, and every byte of a framework would be a byte
 * to audit on a page that promises nothing leaves the machine.
 */

type Attrs = Readonly<Record<string, string | number | boolean | null | undefined>>;
type Child = Node | string | null | undefined | false;

function fill<E extends Element>(el: E, attrs: Attrs, children: readonly Child[]): E {
  for (const [k, v] of Object.entries(attrs)) {
    // false/null/undefined leave the attribute out; true sets it empty (boolean attributes).
    if (v === false || v === null || v === undefined) continue;
    el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c);
  }
  return el;
}

/** An HTML element. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  return fill(document.createElement(tag), attrs, children);
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/** An SVG element. */
export function s<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: Child[]
): SVGElementTagNameMap[K] {
  return fill(document.createElementNS(SVG_NS, tag), attrs, children);
}

/** The element with this id, typed; the page's skeleton (index.html) guarantees it. */
export function byId<T extends HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`index.html has no #${id}`);
  return el as T;
}

/** 0x-prefixed hex. */
export const hex = (n: number): string => `0x${n.toString(16)}`;

/** A byte count for people: 16384 → "16 KiB", 1048576 → "1 MiB", 1000 → "1000 B". */
export function bytes(n: number): string {
  for (const [unit, size] of [
    ['GiB', 2 ** 30],
    ['MiB', 2 ** 20],
    ['KiB', 2 ** 10]
  ] as const) {
    if (n >= size && n % (size / 16) === 0) return `${n / size} ${unit}`;
  }
  return `${n} B`;
}
