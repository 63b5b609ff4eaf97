/**
 * What the simulated kernel prints and calls when things go wrong or the
 * machine goes down: an oops (trace, end marker, kmsg_dump(OOPS)), a panic
 * (the same, then kmsg_dump(PANIC), console_flush_on_panic(), the end
 * marker), a restart or power-off (kmsg_dump(SHUTDOWN) on 5.8+).
 * Kernel counterpart: kernel/panic.c panic(), oops_exit(),
 * print_oops_end_marker(); kernel/reboot.c kernel_restart(), kernel_power_off().
 */
import {
  KMSG_DUMP_OOPS,
  KMSG_DUMP_PANIC,
  KMSG_DUMP_POWEROFF,
  KMSG_DUMP_RESTART,
  KMSG_DUMP_SHUTDOWN,
  kernelAtLeast
} from '@pstore/kmsg';
import { formatKernelVersion } from '@pstore/ram-core';
import { expect } from './boot.ts';
import type { DeviceConfig } from './device-config.ts';
import type { Reply } from './placement/component-link.ts';
import type { KernelWorkers } from './placement/kernel-workers.ts';

const KERN_EMERG = '\u00010';
const KERN_ALERT = '\u00011';
const KERN_WARNING = '\u00014';
const KERN_NOTICE = '\u00015';

/** The lines of an oops (a NULL dereference in the script's task), ending with the marker. */
function oopsLines(config: DeviceConfig, text: string, count: number): string[] {
  const v = formatKernelVersion(config.kernel);
  return [
    `${KERN_ALERT}BUG: ${text}\n`,
    `${KERN_WARNING}Oops: 0002 [#${count}] PREEMPT SMP\n`,
    `${KERN_WARNING}CPU: 0 PID: 1 Comm: device Not tainted ${v} #1\n`,
    `${KERN_WARNING}RIP: 0010:device_script_step+0x16/0x20\n`,
    `${KERN_WARNING}Call Trace:\n`,
    `${KERN_WARNING} <TASK>\n`,
    `${KERN_WARNING} device_run_command+0x9b/0x190\n`,
    `${KERN_WARNING} device_run_script+0x26/0x40\n`,
    `${KERN_WARNING} </TASK>\n`,
    `${KERN_WARNING}---[ end trace 0000000000000000 ]---\n`
  ];
}

/** What one kmsg_dump() did: per dumper, the parts and the backend's answers. */
export interface DumpOutcome {
  readonly reason: number;
  readonly results: readonly unknown[];
}

async function printk(k: KernelWorkers, lines: string[]): Promise<void> {
  expect(await k.link('kmsg').request({ type: 'kmsg.printk', lines }), 'printk');
}

async function dump(k: KernelWorkers, reason: number): Promise<DumpOutcome> {
  const r: Reply = expect(
    await k.link('kmsg').request({ type: 'kmsg.dump', reason, description: null }),
    'kmsg_dump'
  );
  return { reason, results: (r['results'] as unknown[] | undefined) ?? [] };
}

async function flush(k: KernelWorkers): Promise<void> {
  expect(await k.link('kmsg').request({ type: 'kmsg.flush' }), 'flush');
}

/** oops_enter() … oops_exit(): the trace, the end marker, kmsg_dump(OOPS); the kernel goes on. */
export async function oops(
  k: KernelWorkers,
  config: DeviceConfig,
  text: string,
  count: number
): Promise<DumpOutcome> {
  await printk(k, oopsLines(config, text, count));
  const d = await dump(k, KMSG_DUMP_OOPS);
  await flush(k);
  return d;
}

/**
 * panic(): the oops that leads to it, "Kernel panic - not syncing", the dump
 * (run to completion), the consoles flushed, the end marker — all in RAM
 * before the board halts. The lines before the dump reach the consoles
 * before it (a barrier down the printk path), as printk() prints them
 * synchronously before panic() calls kmsg_dump(): what pstore's console
 * stored of them does not depend on which worker ran first (on pstore/blk
 * it decides whether they reach the disk: after the panic dump, a device
 * without panic_write keeps console writes in memory only).
 */
export async function panic(
  k: KernelWorkers,
  config: DeviceConfig,
  text: string,
  count: number
): Promise<DumpOutcome> {
  const console = k.link('console');
  expect(await console.request({ type: 'console.bustSpinlocks', on: true }), 'bust_spinlocks');
  await printk(k, [
    ...oopsLines(config, text, count),
    `${KERN_EMERG}Kernel panic - not syncing: ${text}\n`
  ]);
  await flush(k);
  const d = await dump(k, KMSG_DUMP_PANIC);
  expect(
    await console.request({ type: 'console.flushOnPanic', mode: 'pending' }),
    'flush on panic'
  );
  await printk(k, [`${KERN_EMERG}---[ end Kernel panic - not syncing: ${text} ]---\n`]);
  await flush(k);
  return d;
}

/** kernel_restart() / kernel_power_off(): the log line and the shutdown dump. */
export async function shutdown(
  k: KernelWorkers,
  config: DeviceConfig,
  poweroff: boolean
): Promise<DumpOutcome> {
  const v58 = kernelAtLeast(config.kernel, 5, 8);
  const reason = v58 ? KMSG_DUMP_SHUTDOWN : poweroff ? KMSG_DUMP_POWEROFF : KMSG_DUMP_RESTART;
  await printk(k, [`${KERN_NOTICE}reboot: ${poweroff ? 'Power down' : 'Restarting system'}\n`]);
  const d = await dump(k, reason);
  await flush(k);
  return d;
}
