/**
 * WCAG 2 contrast, measured in the page: every element with its own text is
 * compared with the background it is painted on (the nearest ancestor with a
 * background colour), and every SVG label with the fill of its tile. Runs
 * inside the browser (page.evaluate), so it is self-contained.
 */
export interface ContrastFailure {
  readonly text: string;
  readonly fg: string;
  readonly bg: string;
  readonly ratio: number;
}

export function lowContrast(): ContrastFailure[] {
  const rgb = (c: string): [number, number, number, number] | null => {
    const m = /rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?\)/.exec(c);
    return m
      ? [Number(m[1]), Number(m[2]), Number(m[3]), m[4] === undefined ? 1 : Number(m[4])]
      : null;
  };
  const lum = ([r, g, b]: [number, number, number, number]) => {
    const ch = (v: number) => {
      const s = v / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * ch(r) + 0.7152 * ch(g) + 0.0722 * ch(b);
  };
  const ratio = (a: [number, number, number, number], b: [number, number, number, number]) => {
    const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p) as [number, number];
    return (x + 0.05) / (y + 0.05);
  };
  const background = (el: Element | null): [number, number, number, number] => {
    for (let e = el; e; e = e.parentElement) {
      const c = rgb(getComputedStyle(e).backgroundColor);
      if (c && c[3] > 0) return c;
    }
    return [255, 255, 255, 1];
  };
  const failures: ContrastFailure[] = [];
  for (const el of document.querySelectorAll<HTMLElement>('body *')) {
    if (el instanceof SVGElement || el.closest('svg')) continue;
    const own = [...el.childNodes].some(
      (n) => n.nodeType === Node.TEXT_NODE && n.textContent?.trim()
    );
    if (!own || !el.checkVisibility()) continue;
    const style = getComputedStyle(el);
    const fg = rgb(style.color);
    if (!fg) continue;
    const bg = background(el);
    const r = ratio(fg, bg);
    const large =
      parseFloat(style.fontSize) >= 24 ||
      (parseFloat(style.fontSize) >= 18.66 && Number(style.fontWeight) >= 700);
    if (r < (large ? 3 : 4.5)) {
      failures.push({
        text: el.textContent.trim().slice(0, 60),
        fg: style.color,
        bg: String(bg),
        ratio: r
      });
    }
  }
  // The map's labels sit on their tile's fill (a hatch pattern's base colour for rejected tiles).
  for (const t of document.querySelectorAll<SVGTextElement>('g.zone text')) {
    const tile = t.closest('g.zone')!.querySelector('rect.tile')!;
    let fill = getComputedStyle(tile).fill;
    if (fill.startsWith('url')) fill = getComputedStyle(document.querySelector('.hatch-bg')!).fill;
    const fg = rgb(getComputedStyle(t).fill);
    const bg = rgb(fill);
    if (!fg || !bg) continue;
    const r = ratio(fg, bg);
    if (r < 4.5) failures.push({ text: t.textContent ?? '', fg: String(fg), bg: fill, ratio: r });
  }
  return failures;
}
