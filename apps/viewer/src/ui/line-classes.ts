/**
 * How a line is coloured: a dmesg line by its printk level (`<N>` prefix,
 * N = facility·8 + level), a logcat line by its priority letter. The
 * colours themselves are in styles.css, each checked for WCAG AA contrast.
 */
import type { RecordView } from '../decode/types.ts';

const LEVEL = /^<(\d+)>/;
/** "Panic#1 Part1", "Oops#2 Part3": the header pstore puts on each dump part. */
const DUMP_HEADER = /^[A-Z][a-z]+#\d+ Part\d+$/;

/** The level names, for the legend and for screen readers (kern_levels.h). */
const LEVEL_NAMES = ['emerg', 'alert', 'crit', 'err', 'warning', 'notice', 'info', 'debug'];

export function lineClassifier(r: RecordView): (line: string, index: number) => string {
  if (r.logcat) {
    const logcat = r.logcat;
    return (_line, i) => `pri-${logcat[i]?.priority ?? '?'}`;
  }
  if (r.kind === 'dmesg' || r.kind === 'console') {
    return (line) => {
      const m = LEVEL.exec(line);
      if (m) return `lvl-${LEVEL_NAMES[Number(m[1]) & 7]}`;
      return DUMP_HEADER.test(line) ? 'dump-header' : '';
    };
  }
  return () => '';
}
