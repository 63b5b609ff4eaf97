/**
 * Runs board commands and says what happened, one line at a time. Runs of
 * printk lines go to the kernel as one batch.
 * Kernel counterpart: none (the test bench's console).
 */
import { PstoreError } from '@pstore/pstore-fs';
import { replaceOutputDir, type OutputFile } from '@pstore/pstore-fs/export';
import type { Board } from '../board.ts';
import { zoneAt, zoneByName, zoneLabel } from '../device-config.ts';
import { corruptHeader, flipAt, flipZone } from '../faults/ram-faults.ts';
import { DeviceError } from '../hardware/ram.ts';
import type { Command } from './commands.ts';
import { selftest } from './selftest.ts';
import { paintKernelLog, type Paint } from '@pstore/cli-kit';
import { formatFiles, formatZones, plain } from './format.ts';

export type Out = (line: string) => void;

/** What a run of commands found wrong (selftest checks that failed). */
export interface RunResult {
  readonly failures: number;
}

function where(board: Board, offset: number): string {
  const zone = zoneAt(board.config, offset);
  return zone === null ? '' : `${zoneLabel(board.config, zone)}: `;
}

function resolveZone(board: Board, name: string): number {
  const zone = zoneByName(board.config, name);
  if (zone === null) {
    throw new DeviceError(`no zone "${name}" (dmesgN, console, pmsg, ftrace; see \`zones\`)`);
  }
  return zone;
}

/** Runs one command (a printk batch when given several printk commands). */
export async function runCommand(
  board: Board,
  cmd: Command,
  out: Out,
  paint: Paint = plain
): Promise<number> {
  const booted = board.boots;
  let failures = 0;
  switch (cmd.kind) {
    case 'printk':
      await board.printk([cmd.level === null ? cmd.text : `<${cmd.level}>${cmd.text}`]);
      out('printk: 1 line(s) logged');
      break;
    case 'pmsg': {
      const [n] = await board.pmsg([`${cmd.text}\n`]);
      out(n !== undefined && n < 0 ? `pmsg: write failed (${n})` : `pmsg: ${n} bytes written`);
      break;
    }
    case 'oops': {
      const d = await board.oops(cmd.text);
      out(`oops: kmsg_dump(OOPS) ran ${d.results.length} dumper(s); the kernel keeps running`);
      break;
    }
    case 'panic': {
      await board.panic(cmd.text);
      const stored = board.ledger.dumps.at(-1)?.stored ?? false;
      const blk = board.config.blk;
      const what = stored
        ? 'dump written'
        : blk && !blk.panicWrite
          ? 'dump not stored (a block device cannot write at panic: pstore/blk keeps it in memory, and it is lost; --panic-write models a device that can)'
          : 'dump not stored';
      out(`panic: ${what}; ${board.why ?? 'crashed'}`);
      break;
    }
    case 'boot':
      await board.boot();
      break;
    case 'reboot':
      await board.reboot();
      break;
    case 'poweroff':
      await board.poweroff();
      out(`powered off: RAM ${board.retainOnPowerOff ? 'retained' : 'lost'}`);
      break;
    case 'ls':
      for (const l of formatFiles(await board.ls())) out(l);
      break;
    case 'cat': {
      const data = await board.cat(cmd.name);
      out(paintKernelLog(new TextDecoder().decode(data).replace(/\n$/, ''), paint));
      break;
    }
    case 'rm':
      await board.rm(cmd.name);
      out(`rm: ${cmd.name} erased`);
      break;
    case 'export': {
      // The same directory writer as `pstore decode --out`: an earlier export
      // is replaced whole, a failure leaves the directory as it was.
      const files: OutputFile[] = [];
      for (const f of await board.ls()) {
        files.push({
          name: f.name,
          bytes: await board.cat(f.name),
          mode: f.mode,
          mtime: new Date(f.mtimeMs)
        });
      }
      try {
        replaceOutputDir(cmd.dir, files, { force: cmd.force });
      } catch (e) {
        if (e instanceof PstoreError) throw new DeviceError(`export: ${e.message}`);
        throw e;
      }
      out(`export: ${files.length} file(s) written to ${cmd.dir}`);
      break;
    }
    case 'zones':
      for (const l of formatZones(board, paint)) out(l);
      break;
    case 'flip': {
      const offset = /^(0x[0-9a-f]+|\d+)$/i.test(cmd.target) ? Number(cmd.target) : null;
      if (offset === null) {
        const zone = resolveZone(board, cmd.target);
        const f = flipZone(board.ram, board.config, zone, cmd.count, board.rng);
        board.ledger.faults.push(f);
        out(`flip: ${f.words}`);
      } else {
        const at = flipAt(board.ram, board.config, offset, cmd.count);
        board.ledger.faults.push(...at.faults);
        out(`flip: ${where(board, offset)}${at.words}`);
      }
      break;
    }
    case 'corrupt': {
      const f = corruptHeader(
        board.ram,
        board.config,
        resolveZone(board, cmd.zone),
        cmd.fault,
        board.rng
      );
      board.ledger.faults.push(f);
      out(`corrupt: ${f.words}`);
      break;
    }
    case 'powercut':
      await board.cutPower(cmd.keep);
      out(
        board.config.backend === 'blk'
          ? 'power cut: the disk kept'
          : `power cut: RAM ${cmd.keep ? 'kept' : 'lost'}`
      );
      break;
    case 'losewrite':
      out(`losewrite: ${await board.loseWrite(cmd.afterBytes)}`);
      break;
    case 'kill':
      out(`kill: ${await board.kill(cmd.component, cmd.afterBytes ?? undefined)}`);
      break;
    case 'sleep': {
      const added = await board.sleep(cmd.ms);
      out(
        `sleep: ${cmd.ms} ms${added.length ? `; the update timer added ${added.map((f) => f.name).join(', ')}` : ''}`
      );
      break;
    }
    case 'selftest':
      failures += await selftest(board, out);
      break;
  }
  if (!board.is('running') && cmd.kind !== 'panic' && board.why && board.boots === booted) {
    out(`the kernel is down: ${board.why}`);
  }
  return failures;
}

/** Runs a parsed script in order, batching runs of printk; returns the selftest failures. */
export async function runScript(
  board: Board,
  script: readonly { readonly line: number; readonly command: Command }[],
  out: Out,
  paint: Paint = plain
): Promise<RunResult> {
  let failures = 0;
  for (let i = 0; i < script.length; i++) {
    const { command } = script[i]!;
    if (command.kind === 'printk') {
      const lines: string[] = [];
      for (; i < script.length && script[i]!.command.kind === 'printk'; i++) {
        const c = script[i]!.command as Extract<Command, { kind: 'printk' }>;
        lines.push(c.level === null ? c.text : `<${c.level}>${c.text}`);
      }
      i--;
      await board.printk(lines);
      out(`printk: ${lines.length} line(s) logged`);
      continue;
    }
    failures += await runCommand(board, command, out, paint);
  }
  return { failures };
}
