/**
 * --ftrace FILE: function-trace records, one a line, "CPU IP PARENT_IP [TS]"
 * (hex addresses; TS is the kernel's per-boot call counter, by default the
 * previous one plus one, from 0; "#" starts a comment). Streamed, so a long
 * trace costs one line of memory at a time.
 * Kernel counterpart: fs/pstore/ftrace.c pstore_ftrace_call() (the record:
 * ip, parent_ip, pstore_ftrace_stamp counter, cpu).
 */
import { CliError } from '../cli-error.ts';
import { InputFile, LineSplitter } from './input-file.ts';

export interface FtraceCall {
  readonly cpu: number;
  readonly ip: bigint;
  readonly parentIp: bigint;
  readonly ts: bigint;
}

/** No record line is anywhere near this long; a longer one is an error, not a record. */
const MAX_LINE = 4096;

const decoder = new TextDecoder();

/**
 * Calls `onCall` for every record of `path`, in file order.
 * @returns the number of records.
 * @throws CliError naming the file, the line and what is wrong with it.
 */
export function readFtraceInput(path: string, onCall: (call: FtraceCall) => void): number {
  const file = InputFile.open(path, '--ftrace file');
  let lineNo = 0;
  let counter = 0n;
  let calls = 0;
  const parse = (bytes: Uint8Array, cut: number) => {
    lineNo++;
    const where = `${path}:${lineNo}`;
    if (cut > 0) {
      throw new CliError(
        `${where}: line of ${cut + bytes.length} bytes is not a record (at most ${MAX_LINE})`
      );
    }
    const line = decoder.decode(bytes).replace(/#.*/, '').trim();
    if (!line) return;
    const f = line.split(/\s+/);
    const hexNum = (s: string | undefined, what: string) => {
      if (!s || !/^(0x)?[0-9a-f]{1,16}$/i.test(s)) {
        throw new CliError(`${where}: ${what} "${s ?? ''}" is not a hex address`);
      }
      return BigInt(s.toLowerCase().startsWith('0x') ? s : `0x${s}`);
    };
    if (f.length < 3 || f.length > 4 || !/^\d{1,5}$/.test(f[0]!)) {
      throw new CliError(`${where}: expected "CPU IP PARENT_IP [TS]", got "${line}"`);
    }
    if (f[3] !== undefined && !/^\d{1,20}$/.test(f[3])) {
      throw new CliError(`${where}: TS "${f[3]}" is not a call counter (a decimal number)`);
    }
    const ts = f[3] !== undefined ? BigInt(f[3]) : counter;
    counter = ts + 1n;
    calls++;
    onCall({ cpu: Number(f[0]), ip: hexNum(f[1], 'IP'), parentIp: hexNum(f[2], 'PARENT_IP'), ts });
  };
  try {
    const lines = new LineSplitter(MAX_LINE, parse);
    for (let c = file.read(); c; c = file.read()) lines.push(c);
    lines.end();
  } finally {
    file.close();
  }
  return calls;
}
