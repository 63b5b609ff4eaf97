/**
 * A minimal client of QEMU's gdb stub (remote serial protocol): write and
 * read guest memory by virtual address, then detach so the VM runs on.
 * Used to provoke a real oops on kernels without lkdtm: the first bytes of
 * `__x64_sys_sync` become UD2, and the guest's next sync(2) oopses in
 * process context (the shell survives, the kernel keeps running).
 */
import { connect, type Socket } from 'node:net';

function checksum(s: string): string {
  let sum = 0;
  for (let i = 0; i < s.length; i++) sum = (sum + s.charCodeAt(i)) & 0xff;
  return sum.toString(16).padStart(2, '0');
}

export class GdbStub {
  private buf = '';
  private wake: (() => void) | null = null;

  private constructor(private readonly sock: Socket) {
    sock.setEncoding('latin1');
    sock.on('data', (d: string) => {
      this.buf += d;
      this.wake?.();
    });
    sock.on('error', () => undefined);
  }

  /** Connects (QEMU pauses the VM while a debugger is attached). */
  static async attach(path: string): Promise<GdbStub> {
    const sock = await new Promise<Socket>((resolve, reject) => {
      const s = connect(path);
      s.once('connect', () => resolve(s));
      s.once('error', reject);
    });
    const stub = new GdbStub(sock);
    await stub.packet('?');
    return stub;
  }

  /** Sends one packet and returns the stub's reply payload. */
  private packet(payload: string, timeoutMs = 10_000): Promise<string> {
    this.buf = '';
    this.sock.write(`$${payload}#${checksum(payload)}`);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.wake = null;
        reject(new Error(`gdb stub: no reply to ${payload.slice(0, 20)}`));
      }, timeoutMs);
      const check = (): void => {
        for (;;) {
          const m = /\$([^#]*)#[0-9a-fA-F]{2}/.exec(this.buf);
          if (!m) return;
          this.buf = this.buf.slice(m.index + m[0].length);
          this.sock.write('+');
          // A stop reply ("T02thread:01;") is sent when the stub halts the VM on attach.
          if (payload !== '?' && /^[TS][0-9a-f]{2}/.test(m[1]!)) continue;
          this.wake = null;
          clearTimeout(timer);
          resolve(m[1]!);
          return;
        }
      };
      this.wake = check;
      check();
    });
  }

  async write(addr: bigint, bytes: Uint8Array): Promise<void> {
    const hex = Buffer.from(bytes).toString('hex');
    const r = await this.packet(`M${addr.toString(16)},${bytes.length.toString(16)}:${hex}`);
    if (r !== 'OK') {
      throw new Error(
        `gdb stub: writing ${bytes.length} bytes at 0x${addr.toString(16)} failed (${r})`
      );
    }
  }

  async read(addr: bigint, len: number): Promise<Uint8Array> {
    const r = await this.packet(`m${addr.toString(16)},${len.toString(16)}`);
    if (!/^[0-9a-f]+$/i.test(r)) {
      throw new Error(`gdb stub: reading 0x${addr.toString(16)} failed (${r})`);
    }
    return new Uint8Array(Buffer.from(r, 'hex'));
  }

  /** Detaches; the VM continues. */
  async detach(): Promise<void> {
    try {
      await this.packet('D', 5000);
    } finally {
      this.sock.destroy();
    }
  }
}

/** UD2: an invalid-opcode trap the kernel reports as an oops. */
export const UD2 = new Uint8Array([0x0f, 0x0b]);
