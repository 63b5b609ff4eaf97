/**
 * QEMU's machine protocol (QMP) over its unix socket: one command at a time,
 * answered by a `return` or an `error`; asynchronous events (SHUTDOWN, STOP,
 * RESET) are recorded. HMP commands run through `human-monitor-command`.
 */
import { connect, type Socket } from 'node:net';

interface QmpReply {
  return?: unknown;
  error?: { class: string; desc: string };
  event?: string;
  QMP?: unknown;
}

export class Monitor {
  private buf = '';
  private pending: ((r: QmpReply) => void) | null = null;
  /** Names of the events QEMU sent so far, oldest first. */
  readonly events: string[] = [];

  private constructor(private readonly sock: Socket) {
    sock.setEncoding('utf8');
    sock.on('data', (d: string) => {
      this.buf += d;
      let nl: number;
      while ((nl = this.buf.indexOf('\n')) >= 0) {
        const line = this.buf.slice(0, nl).trim();
        this.buf = this.buf.slice(nl + 1);
        if (!line) continue;
        const msg = JSON.parse(line) as QmpReply;
        if (msg.event) this.events.push(msg.event);
        else if (!msg.QMP) this.pending?.(msg);
      }
    });
    sock.on('error', () => undefined);
  }

  /** Connects (retrying while QEMU starts) and negotiates capabilities. */
  static async open(path: string, timeoutMs = 10_000): Promise<Monitor> {
    const deadline = Date.now() + timeoutMs;
    let sock: Socket | null = null;
    while (!sock) {
      try {
        sock = await new Promise<Socket>((resolve, reject) => {
          const s = connect(path);
          s.once('connect', () => resolve(s));
          s.once('error', reject);
        });
      } catch (e) {
        if (Date.now() > deadline) {
          throw new Error(`cannot connect to the QEMU monitor ${path}: ${String(e)}`);
        }
        await new Promise((r) => setTimeout(r, 25));
      }
    }
    const m = new Monitor(sock);
    await m.execute('qmp_capabilities');
    return m;
  }

  /** Runs a QMP command and returns its `return` value. */
  execute(cmd: string, args?: Record<string, unknown>, timeoutMs = 30_000): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending = null;
        reject(new Error(`QEMU monitor: no answer to ${cmd} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending = (r) => {
        this.pending = null;
        clearTimeout(timer);
        if (r.error) reject(new Error(`QEMU monitor: ${cmd}: ${r.error.desc}`));
        else resolve(r.return);
      };
      this.sock.write(
        JSON.stringify(args ? { execute: cmd, arguments: args } : { execute: cmd }) + '\n'
      );
    });
  }

  /** Runs an HMP command line and returns its text output. */
  async hmp(commandLine: string, timeoutMs = 30_000): Promise<string> {
    const out = await this.execute(
      'human-monitor-command',
      { 'command-line': commandLine },
      timeoutMs
    );
    return typeof out === 'string' ? out : '';
  }

  /** Copies guest-physical memory [addr, addr+size) to a host file. */
  async pmemsave(addr: bigint, size: number, file: string): Promise<void> {
    await this.execute('pmemsave', { val: Number(addr), size, filename: file }, 60_000);
  }

  /** The VM's run state ("running", "paused", "shutdown", …). */
  async status(): Promise<string> {
    const r = (await this.execute('query-status')) as { status: string };
    return r.status;
  }

  close(): void {
    this.sock.destroy();
  }
}
