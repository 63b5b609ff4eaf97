/**
 * Every component's worker killed in turn, in both placements, while the
 * board logs printk lines and pmsg writes as fast as it can. A restartable
 * component (pmsg, per-component placement) comes back while the others
 * keep logging, and the supervisor says what its gap lost, in numbers this
 * test checks against what was written. Any other death is the kernel's:
 * what was acknowledged before it is found after the reboot.
 */
import { describe, expect, it } from 'vitest';
import type { Board } from '../src/board.ts';
import { RESTARTABLE, type Component } from '../src/components.ts';
import { PLACEMENTS, testBoard, text } from './helpers.ts';

// Zones large enough that nothing written here wraps.
const PARAMS =
  'ramoops.mem_size=0x200000 ramoops.record_size=0x4000 ramoops.console_size=0x100000 ' +
  'ramoops.pmsg_size=0x40000 ramoops.ecc=16';
const KILLED: readonly Component[] = [
  'kmsg',
  'console',
  'pstore-fs',
  'ramoops',
  'pmsg',
  'ram-core'
];
const PRINTK_BATCHES = 24;
const PMSG_BATCHES = 48;

interface Logged {
  /** printk lines of calls that returned with the kernel up, and of the others. */
  readonly acked: string[];
  readonly unacked: string[];
  /** pmsg writes by their result, in order; `during` counts those sent while the worker restarted. */
  readonly pmsg: { readonly data: string; readonly ret: number }[];
  duringGap: number;
}

/**
 * Two loops at full speed (printk batches of 128 lines, pmsg batches of 8
 * writes), and the kill once a third of the printk batches are out. The
 * kill happens inside the printk loop's turn, so printk goes on at once;
 * for a kill that takes the kernel down both loops end there.
 */
async function logAndKill(board: Board, c: Component): Promise<{ logged: Logged; said: string }> {
  const logged: Logged = { acked: [], unacked: [], pmsg: [], duringGap: 0 };
  let said: Promise<string> | null = null;
  let restarting = false;
  let down = false;
  const printk = async () => {
    for (let b = 0; b < PRINTK_BATCHES && !down; b++) {
      if (b === PRINTK_BATCHES / 3) {
        restarting = true;
        said = board.kill(c).then((s) => {
          restarting = false;
          return s;
        });
        if (!(board.placement === 'per-component' && RESTARTABLE.has(c))) {
          down = true;
          await said;
          return;
        }
      }
      const lines = Array.from({ length: 128 }, (_, i) => `<k${b}.${i}>`);
      const gap = restarting;
      await board.printk(lines);
      (board.state === 'running' ? logged.acked : logged.unacked).push(...lines);
      if (gap) logged.duringGap += lines.length;
    }
  };
  const pmsg = async () => {
    for (let b = 0; b < PMSG_BATCHES && !down; b++) {
      const writes = Array.from({ length: 8 }, (_, i) => `<p${b}.${i} ${'x'.repeat(b + i)}>\n`);
      const rets = await board.pmsg(writes);
      writes.forEach((data, i) => logged.pmsg.push({ data, ret: rets[i]! }));
    }
  };
  await Promise.all([printk(), pmsg()]);
  return { logged, said: await said! };
}

describe.each(PLACEMENTS)(
  '%s placement: each worker killed while logging at full speed',
  (placement) => {
    it.each(KILLED)('%s', async (c) => {
      const narration: string[] = [];
      const board = testBoard(placement, { params: PARAMS, say: (l) => narration.push(l) });
      await board.boot();
      const { logged, said } = await logAndKill(board, c);
      const restartable = placement === 'per-component' && RESTARTABLE.has(c);

      if (restartable) {
        expect(said).toMatch(/restarted/);
        expect(board.state).toBe('running');
        // The others kept working: printk went on through the gap, and landed.
        expect(logged.duringGap, 'printk lines written while pmsg restarted').toBeGreaterThan(0);
        expect(logged.unacked).toEqual([]);
      } else {
        expect(said).toMatch(/the kernel is down/);
        expect(board.state).toBe('crashed');
        expect(board.why).toBe(`${c} worker killed`);
      }

      const next = await board.reboot();
      // The ledger against RAM: whatever was lost, an injected fault explains it.
      const unexplained = next.faults.losses.filter((l) => l.kind === 'unexplained');
      expect(unexplained.map((l) => l.detail)).toEqual([]);
      const files = (await board.ls()).map((f) => f.name);
      const consoleFile = files.includes('console-ramoops-0')
        ? text(await board.cat('console-ramoops-0'))
        : '';
      const missing = logged.acked.filter((l) => !consoleFile.includes(l));
      expect(missing, 'acknowledged printk lines missing after the reboot').toEqual([]);
      const pmsgFile = files.includes('pmsg-ramoops-0')
        ? text(await board.cat('pmsg-ramoops-0')).replace(/\nECC: [^\n]*\n$/, '')
        : '';
      const ok = logged.pmsg.filter((w) => w.ret > 0);
      expect(ok.every((w) => w.ret === new TextEncoder().encode(w.data).length)).toBe(true);

      if (!restartable) {
        // What returned before the kill is there, in order.
        let at = 0;
        for (const w of ok) {
          at = pmsgFile.indexOf(w.data, at);
          expect(
            at,
            `pmsg write ${w.data.slice(0, 12)} acknowledged before the kill`
          ).toBeGreaterThanOrEqual(0);
        }
        return;
      }

      // The supervisor's account of the gap, against what the loops saw.
      const failed = logged.pmsg.filter((w) => w.ret === -5);
      const failedBytes = failed.reduce((n, w) => n + w.data.length, 0);
      const gapLine = narration.find(
        (l) => l.startsWith('pmsg: ') && /in flight|nothing was lost/.test(l)
      );
      expect(gapLine, narration.join('\n')).toBeDefined();
      expect(logged.pmsg.every((w) => w.ret > 0 || w.ret === -5)).toBe(true);
      if (!failed.length) {
        expect(gapLine).toBe(
          'pmsg: no write(2) was in flight when its worker died; nothing was lost'
        );
        expect(pmsgFile).toBe(ok.map((w) => w.data).join(''));
        return;
      }
      const m =
        /^pmsg: (\d+) write\(2\)\(s\) of (\d+) byte\(s\) .* (\d+) of those bytes reached RAM all the same, (\d+) were lost$/.exec(
          gapLine!
        );
      expect(m, gapLine).not.toBeNull();
      const [, writes, bytes, landed, lost] = m!.map(Number);
      expect([writes, bytes]).toEqual([failed.length, failedBytes]);
      expect(landed! + lost!).toBe(failedBytes);
      // RAM holds the acknowledged writes in order, and the failed batch
      // exactly when the supervisor said it landed.
      const firstFailed = logged.pmsg.indexOf(failed[0]!);
      const before = logged.pmsg.slice(0, firstFailed).map((w) => w.data);
      const after = logged.pmsg.slice(firstFailed + failed.length).map((w) => w.data);
      const landedText = landed
        ? failed
            .map((w) => w.data)
            .join('')
            .slice(0, landed)
        : '';
      expect(pmsgFile).toBe([...before, landedText, ...after].join(''));
    });
  }
);
