/**
 * One QEMU virtual machine (TCG, no KVM needed): the kernel and initramfs
 * given directly, the serial console on a unix socket (the host reads the
 * guest's output and types commands; a copy goes to serial.log), QMP on
 * another socket, optionally a RAM image preloaded at the ramoops
 * address and a gdb stub. A guest power-off pauses the VM instead of ending
 * it, so its RAM can still be dumped (a reset, from the guest or from
 * `system_reset`, keeps RAM anyway).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, rmSync, type WriteStream } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { Monitor } from './monitor.ts';

export interface VmOptions {
  readonly vmlinuz: string;
  readonly initramfs: string;
  readonly append: string;
  /** Working folder for sockets and the serial log. */
  readonly dir: string;
  readonly memMiB?: number;
  readonly cpus?: number;
  /** A file loaded into guest RAM at `addr` before the kernel starts. */
  readonly preload?: { readonly file: string; readonly addr: bigint };
  /** Open a gdb stub (for patching kernel text). */
  readonly gdb?: boolean;
  /** A raw disk image attached as the first virtio disk (/dev/vda). */
  readonly disk?: string;
}

export class Vm {
  private out = '';
  private cursor = 0;
  private notify: (() => void) | null = null;
  private exitCode: number | null = null;
  readonly serialLog: string;
  private readonly log: WriteStream;
  readonly gdbSocket: string;

  private constructor(
    private readonly child: ChildProcess,
    private readonly serial: Socket,
    readonly monitor: Monitor,
    dir: string
  ) {
    this.serialLog = join(dir, 'serial.log');
    this.gdbSocket = join(dir, 'gdb.sock');
    serial.setEncoding('latin1');
    this.log = createWriteStream(this.serialLog);
    serial.on('data', (d: string) => {
      this.log.write(d, 'latin1');
      this.out += d.replace(/\r/g, '');
      this.notify?.();
    });
    serial.on('error', () => undefined);
    child.on('exit', (code) => {
      this.exitCode = code ?? 1;
      this.notify?.();
    });
  }

  static async start(o: VmOptions): Promise<Vm> {
    mkdirSync(o.dir, { recursive: true });
    const ser = join(o.dir, 'serial.sock');
    const mon = join(o.dir, 'monitor.sock');
    const gdb = join(o.dir, 'gdb.sock');
    for (const f of [ser, mon, gdb, join(o.dir, 'serial.log')]) rmSync(f, { force: true });
    const args = [
      '-machine',
      'pc',
      '-m',
      `${o.memMiB ?? 512}M`,
      '-smp',
      String(o.cpus ?? 1),
      // Several vCPUs on several host threads (MTTCG) let one vCPU run code
      // another is patching: a 6.12 guest with 3 CPUs died at boot on a
      // stray int3 in sched_clock_cpu (a text_poke_bp site) in CI. One host
      // thread for all vCPUs keeps the guest's SMP (per-CPU ftrace areas,
      // IPIs) and makes its code patching coherent.
      '-accel',
      (o.cpus ?? 1) > 1 ? 'tcg,thread=single' : 'tcg',
      '-display',
      'none',
      '-vga',
      'none',
      '-nodefaults',
      '-no-user-config',
      '-kernel',
      o.vmlinuz,
      '-initrd',
      o.initramfs,
      '-append',
      o.append,
      '-chardev',
      `socket,id=ser0,path=${ser},server=on,wait=on`,
      '-serial',
      'chardev:ser0',
      '-qmp',
      `unix:${mon},server=on,wait=off`,
      '-action',
      'shutdown=pause'
    ];
    if (o.preload) {
      args.push(
        '-device',
        `loader,file=${o.preload.file},addr=0x${o.preload.addr.toString(16)},force-raw=on`
      );
    }
    if (o.disk) args.push('-drive', `file=${o.disk},if=virtio,format=raw`);
    if (o.gdb) {
      args.push(
        '-chardev',
        `socket,id=gdb0,path=${gdb},server=on,wait=off`,
        '-gdb',
        'chardev:gdb0'
      );
    }
    const child = spawn('qemu-system-x86_64', args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (d: string) => (stderr += d));
    const died = (): Error =>
      new Error(
        `qemu-system-x86_64 exited before the guest started: ${stderr.trim() || 'no message'}`
      );
    try {
      const serial = await connectWhenListening(ser, child, died);
      const monitor = await Monitor.open(mon);
      return new Vm(child, serial, monitor, o.dir);
    } catch (e) {
      child.kill('SIGKILL');
      throw e;
    }
  }

  /** Everything the guest printed so far. */
  get output(): string {
    return this.out;
  }

  /**
   * Waits until `pattern` appears after the cursor; returns the match and
   * moves the cursor past it. Fails on timeout or when QEMU exits.
   */
  waitFor(pattern: RegExp, timeoutMs: number, what: string): Promise<RegExpExecArray> {
    const re = new RegExp(pattern.source, pattern.flags.replace('g', '') + 'g');
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.notify = null;
        reject(
          new Error(
            `timeout after ${timeoutMs / 1000} s waiting for ${what}; guest output ends:\n${this.tail()}`
          )
        );
      }, timeoutMs);
      const check = (): void => {
        re.lastIndex = this.cursor;
        const m = re.exec(this.out);
        if (m) {
          this.cursor = m.index + m[0].length;
          this.notify = null;
          clearTimeout(timer);
          resolve(m);
        } else if (this.exitCode !== null) {
          this.notify = null;
          clearTimeout(timer);
          reject(
            new Error(
              `QEMU exited (${this.exitCode}) while waiting for ${what}; guest output ends:\n${this.tail()}`
            )
          );
        }
      };
      this.notify = check;
      check();
    });
  }

  /** Text printed since position `from`, up to the cursor. */
  slice(from: number): string {
    return this.out.slice(from, this.cursor);
  }

  get position(): number {
    return this.cursor;
  }

  /** Types a line on the guest's serial console. */
  send(line: string): void {
    this.serial.write(`${line}\n`);
  }

  tail(lines = 25): string {
    return this.out.split('\n').slice(-lines).join('\n');
  }

  /** Ends QEMU (monitor `quit`, then SIGKILL if it lingers). */
  async stop(): Promise<void> {
    if (this.exitCode === null) {
      try {
        await this.monitor.execute('quit', undefined, 2000);
      } catch {
        // the prompt never comes back after quit
      }
    }
    this.monitor.close();
    this.serial.destroy();
    this.log.end();
    if (this.exitCode === null) {
      await new Promise<void>((resolve) => {
        const t = setTimeout(() => {
          this.child.kill('SIGKILL');
          resolve();
        }, 3000);
        this.child.once('exit', () => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }
}

async function connectWhenListening(
  path: string,
  child: ChildProcess,
  died: () => Error
): Promise<Socket> {
  const deadline = Date.now() + 20_000;
  let exited = false;
  child.once('exit', () => (exited = true));
  for (;;) {
    if (exited) throw died();
    if (existsSync(path)) {
      try {
        return await new Promise<Socket>((resolve, reject) => {
          const s = connect(path);
          s.once('connect', () => resolve(s));
          s.once('error', reject);
        });
      } catch {
        // not accepting yet
      }
    }
    if (Date.now() > deadline) {
      throw new Error(`QEMU did not open its serial socket ${path} within 20 s`);
    }
    await new Promise((r) => setTimeout(r, 25));
  }
}
