/**
 * Caller ids of printk records: a task pid, or a CPU number with bit 31 set
 * when printk ran outside task context. Continuation lines are only merged
 * into a record of the same caller.
 * Kernel counterpart: printk_caller_id() and print_caller() in kernel/printk/printk.c.
 */
import { checkInt } from './errors.ts';

/** Bit 31 marks a CPU number instead of a pid. */
const CALLER_ID_CPU = 0x80000000;

/** Caller id of task `pid` ("T<pid>"). */
export function callerTask(pid: number): number {
  checkInt('caller pid', pid, 0, 0x7fffffff);
  return pid;
}

/** Caller id of CPU `cpu` in interrupt context ("C<cpu>"). */
export function callerCpu(cpu: number): number {
  checkInt('caller cpu', cpu, 0, 0x7fffffff);
  return (CALLER_ID_CPU + cpu) >>> 0;
}

/** "T123" or "C0", as print_caller() and the /dev/kmsg "caller=" field show it. */
export function formatCallerId(id: number): string {
  return id >= CALLER_ID_CPU ? `C${id - CALLER_ID_CPU}` : `T${id}`;
}

/** Inverse of {@link formatCallerId}; null if `s` is not of the form T<n>/C<n>. */
export function parseCallerId(s: string): number | null {
  const m = /^([TC])(\d{1,10})$/.exec(s);
  if (!m) return null;
  const n = Number(m[2]);
  if (n > 0x7fffffff) return null;
  return m[1] === 'C' ? (CALLER_ID_CPU + n) >>> 0 : n;
}
