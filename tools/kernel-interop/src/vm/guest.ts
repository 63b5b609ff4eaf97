/**
 * The host side of the guest protocol of init-script.ts: boot, commands,
 * and the report of /sys/fs/pstore parsed back into exact bytes.
 */
import type { Vm } from './qemu.ts';

/** One file the kernel showed in /sys/fs/pstore. */
export interface KernelFile {
  readonly name: string;
  /** st_size as the kernel reports it (for ftrace, not the text length). */
  readonly size: number;
  /** st_mtime, seconds. */
  readonly mtime: number;
  readonly bytes: Uint8Array;
}

export interface GuestReport {
  readonly files: KernelFile[];
  /** pstore/ramoops lines of the kernel log. */
  readonly klog: string[];
}

export interface BootInfo {
  readonly release: string;
  readonly features: readonly string[];
}

const BOOT_TIMEOUT = 180_000;

/**
 * The guest's kernel panicked before /init printed @@BOOT: no module was
 * loaded and nothing of the case had happened yet, so the case may boot
 * again (emulator trouble, not pstore's).
 */
export class EarlyGuestPanic extends Error {}
const CMD_TIMEOUT = 60_000;

export class Guest {
  constructor(readonly vm: Vm) {}

  /** Waits for /init to come up; fails on any @@ERROR it prints. */
  async boot(): Promise<BootInfo> {
    const b = await this.vm.waitFor(
      /@@BOOT (\S+)\n|(---\[ end Kernel panic[^\n]*)\n/,
      BOOT_TIMEOUT,
      'the guest to boot (@@BOOT)'
    );
    if (b[2] !== undefined) {
      throw new EarlyGuestPanic(
        `the guest's kernel panicked before /init (${b[2].replace(/^---\[ | \]---$/g, '')}); guest output ends:\n${this.vm.tail()}`
      );
    }
    const from = this.vm.position;
    const f = await this.vm.waitFor(
      /@@FEATURES([^\n]*)\n/,
      CMD_TIMEOUT,
      'the module load (@@FEATURES)'
    );
    const errors = [...this.vm.slice(from).matchAll(/@@ERROR ([^\n]*)/g)].map((m) => m[1]);
    if (errors.length) throw new Error(`guest: ${errors.join('; ')}`);
    await this.ready();
    return { release: b[1]!, features: f[1]!.trim().split(/\s+/).filter(Boolean) };
  }

  private async ready(timeoutMs = CMD_TIMEOUT): Promise<void> {
    await this.vm.waitFor(/@@READY\n/, timeoutMs, 'the guest prompt (@@READY)');
  }

  /** Sends one command and waits for the next prompt; fails on @@ERROR. */
  async command(line: string, timeoutMs = CMD_TIMEOUT): Promise<string> {
    const from = this.vm.position;
    this.vm.send(line);
    await this.ready(timeoutMs);
    const out = this.vm.slice(from);
    const err = /@@ERROR ([^\n]*)/.exec(out);
    if (err) throw new Error(`guest: ${err[1]} (after "${line}")`);
    return out.replace(/@@READY\n$/, '');
  }

  /** The files in /sys/fs/pstore and the pstore kernel log. */
  async report(): Promise<GuestReport> {
    this.vm.send('report');
    const from = this.vm.position;
    await this.vm.waitFor(/@@REPORT-END\n/, CMD_TIMEOUT, 'the pstore report');
    const text = this.vm.slice(from);
    await this.ready();
    return parseReport(text);
  }

  /** Powers off (with a Shutdown dump if max_reason allows); resolves once the VM has stopped. */
  async poweroff(): Promise<void> {
    this.vm.send('poweroff');
    const deadline = Date.now() + CMD_TIMEOUT;
    for (;;) {
      const s = await this.vm.monitor.status();
      if (s === 'shutdown' || s === 'paused') return;
      if (Date.now() > deadline) throw new Error(`the guest did not power off (VM status ${s})`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** sysrq-c; resolves once the kernel has finished its panic output. */
  async panic(): Promise<string> {
    const from = this.vm.position;
    this.vm.send('panic');
    await this.vm.waitFor(/---\[ end Kernel panic[^\n]*\n/, CMD_TIMEOUT, 'the end of the panic');
    return this.vm.slice(from);
  }
}

/** Parses the text between @@REPORT-BEGIN and @@REPORT-END. */
function parseReport(text: string): GuestReport {
  const lines = text.split('\n');
  const files: KernelFile[] = [];
  const klog: string[] = [];
  let i = lines.findIndex((l) => l.includes('@@REPORT-BEGIN'));
  if (i < 0) throw new Error('malformed report: no @@REPORT-BEGIN');
  for (i++; i < lines.length; i++) {
    const l = lines[i]!;
    const f = /^@@FILE (\S+) (\d+) (\d+)$/.exec(l);
    if (f) {
      const b64: string[] = [];
      for (i++; i < lines.length && lines[i] !== '@@FILE-END'; i++) b64.push(lines[i]!.trim());
      if (i >= lines.length) throw new Error(`malformed report: ${f[1]} has no @@FILE-END`);
      files.push({
        name: f[1]!,
        size: Number(f[2]),
        mtime: Number(f[3]),
        bytes: new Uint8Array(Buffer.from(b64.join(''), 'base64'))
      });
    } else if (l === '@@KLOG-BEGIN') {
      for (i++; i < lines.length && lines[i] !== '@@KLOG-END'; i++) klog.push(lines[i]!);
    } else if (l.startsWith('@@REPORT-END')) {
      break;
    }
  }
  return { files, klog };
}
