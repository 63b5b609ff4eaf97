/**
 * A real oops on demand. With lkdtm: `echo EXCEPTION > …/provoke-crash/DIRECT`.
 * Without (Debian's kernels): the first bytes of `__x64_sys_sync` (address
 * from /proc/kallsyms) become UD2 through QEMU's gdb stub, then the guest
 * runs sync(2): an "invalid opcode" oops in process context; the kernel
 * calls kmsg_dump(KMSG_DUMP_OOPS) and keeps running.
 */
import { GdbStub, UD2 } from '../vm/gdb.ts';
import type { Guest } from '../vm/guest.ts';
import type { Vm } from '../vm/qemu.ts';

export async function provokeOops(g: Guest, vm: Vm, lkdtm: boolean): Promise<void> {
  const before = await oopsCount(g);
  if (lkdtm) {
    await g.command('oops');
  } else {
    const line = await g.command('sh grep -w __x64_sys_sync /proc/kallsyms');
    const m = /([0-9a-f]{16}) [Tt] __x64_sys_sync\b/.exec(line);
    if (!m || /^0+$/.test(m[1]!)) {
      throw new Error(`no address of __x64_sys_sync in /proc/kallsyms: ${line.trim()}`);
    }
    const addr = BigInt(`0x${m[1]}`);
    const gdb = await GdbStub.attach(vm.gdbSocket);
    try {
      await gdb.write(addr, UD2);
      const back = await gdb.read(addr, UD2.length);
      if (Buffer.compare(back, UD2) !== 0) throw new Error('patching __x64_sys_sync did not stick');
    } finally {
      await gdb.detach();
    }
    await g.command('sync');
  }
  const after = await oopsCount(g);
  if (after <= before) {
    throw new Error(
      'the oops did not happen (no new "Oops"/"invalid opcode" line in the kernel log)'
    );
  }
}

async function oopsCount(g: Guest): Promise<number> {
  const out = await g.command("sh echo @@OOPS $(dmesg | grep -cE 'invalid opcode|Oops|BUG:')");
  return Number(/@@OOPS (\d+)/.exec(out)?.[1] ?? 0);
}
