/**
 * Every component's worker killed in turn, in both placements, while the
 * board logs printk lines and pmsg writes as fast as it can. In the
 * per-component placement the supervisor restarts each one while the board
 * stays up (no reboot), the others keep logging, and it says what the gap
 * lost, in numbers this test checks against what was written and what RAM
 * holds; a panic afterwards still dumps. In the single placement a death is
 * the kernel's: what was acknowledged before it is found after the reboot.
 */
import { describe, expect, it } from 'vitest';
import type { Board } from '../src/board.ts';
import { PMSG_PATH, PRINTK_PATH, RESTARTABLE, type Component } from '../src/components.ts';
import { testBoard, text } from './helpers.ts';

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
  /** pmsg writes by their result, in order. */
  readonly pmsg: { readonly data: string; readonly ret: number }[];
  /** printk lines and pmsg writes sent while the worker restarted. */
  duringGap: number;
  pmsgDuringGap: number;
}

/**
 * Two loops at full speed (printk batches of 128 lines, pmsg batches of 8
 * writes), and the kill once a third of the printk batches are out. The
 * kill happens inside the printk loop's turn, so printk goes on at once;
 * for a kill that takes the kernel down both loops end there.
 */
async function logAndKill(board: Board, c: Component): Promise<{ logged: Logged; said: string }> {
  const logged: Logged = { acked: [], unacked: [], pmsg: [], duringGap: 0, pmsgDuringGap: 0 };
  let said: Promise<string> | null = null;
  let restarting = false;
  let restarted = false;
  let down = false;
  /**
   * A call overlapped the gap when the worker was restarting at its start or
   * at its end, or the whole restart happened while it was in flight (a
   * quick restart on a loaded machine can fall between two calls' starts).
   */
  const inFlight = () => {
    const before = { restarting, restarted };
    return {
      overlappedGap: () => before.restarting || restarting || (!before.restarted && restarted)
    };
  };
  const printk = async () => {
    for (let b = 0; b < PRINTK_BATCHES && !down; b++) {
      if (b === PRINTK_BATCHES / 3) {
        restarting = true;
        said = board.kill(c).then((s) => {
          restarting = false;
          restarted = true;
          return s;
        });
        if (!(board.placement === 'per-component' && RESTARTABLE.has(c))) {
          down = true;
          await said;
          return;
        }
      }
      const lines = Array.from({ length: 128 }, (_, i) => `<k${b}.${i}>`);
      const flight = inFlight();
      await board.printk(lines);
      (board.state === 'running' ? logged.acked : logged.unacked).push(...lines);
      if (flight.overlappedGap()) logged.duringGap += lines.length;
    }
  };
  const pmsg = async () => {
    // On until the restart is over (one that holds printk back included),
    // so that pmsg is seen working meanwhile; short writes after the first
    // batches, paced until the kill, so that the zone does not wrap.
    for (let b = 0; (b < PMSG_BATCHES || !restarted) && !down && b < 1200; b++) {
      if (b >= PMSG_BATCHES && !restarting) await new Promise((r) => setTimeout(r, 2));
      const pad = b < PMSG_BATCHES ? 'x'.repeat(b + 1) : '';
      const writes = Array.from({ length: 8 }, (_, i) => `<p${b}.${i} ${pad}${'y'.repeat(i)}>\n`);
      const flight = inFlight();
      const rets = await board.pmsg(writes);
      if (flight.overlappedGap()) logged.pmsgDuringGap += writes.length;
      writes.forEach((data, i) => logged.pmsg.push({ data, ret: rets[i]! }));
    }
  };
  await Promise.all([printk(), pmsg()]);
  return { logged, said: await said! };
}

const encoded = (s: string) => new TextEncoder().encode(s).length;

/** The narration line that starts with `prefix` and matches `re`. */
function said(narration: readonly string[], prefix: string, re: RegExp): RegExpExecArray {
  const m = narration
    .filter((l) => l.startsWith(prefix))
    .map((l) => re.exec(l))
    .find((x) => x);
  expect(m, `no "${prefix}" line matching ${re}:\n${narration.join('\n')}`).toBeTruthy();
  return m!;
}

/**
 * The supervisor's account of pmsg writes in the gap against what the loop
 * saw and what RAM holds: the failed writes, and of their bytes exactly
 * what it said landed, between the writes acknowledged before and after.
 */
function checkPmsgGap(c: Component, logged: Logged, narration: readonly string[], file: string) {
  const ok = logged.pmsg.filter((w) => w.ret > 0);
  expect(ok.every((w) => w.ret === encoded(w.data))).toBe(true);
  expect(logged.pmsg.every((w) => w.ret > 0 || w.ret === -5)).toBe(true);
  const failed = logged.pmsg.filter((w) => w.ret === -5);
  if (!PMSG_PATH.has(c)) {
    expect(failed, 'pmsg writes failed though pmsg does not pass this worker').toEqual([]);
    expect(file).toBe(ok.map((w) => w.data).join(''));
    return;
  }
  const failedBytes = failed.reduce((n, w) => n + w.data.length, 0);
  const whose = c === 'pmsg' ? 'its' : `${c}'s`;
  if (!failed.length) {
    said(
      narration,
      'pmsg: ',
      new RegExp(
        `^pmsg: no write\\(2\\) was in flight when ${whose} worker died; nothing was lost$`
      )
    );
    expect(file).toBe(ok.map((w) => w.data).join(''));
    return;
  }
  const m = said(
    narration,
    'pmsg: ',
    /^pmsg: (\d+) write\(2\)\(s\) of (\d+) byte\(s\) .* (\d+) of those bytes reached RAM all the same, (\d+) were lost$/
  );
  const [, writes, bytes, landed, lost] = m.map(Number);
  expect([writes, bytes]).toEqual([failed.length, failedBytes]);
  expect(landed! + lost!).toBe(failedBytes);
  const firstFailed = logged.pmsg.indexOf(failed[0]!);
  const before = logged.pmsg.slice(0, firstFailed).map((w) => w.data);
  const after = logged.pmsg.slice(firstFailed + failed.length).map((w) => w.data);
  const landedText = failed
    .map((w) => w.data)
    .join('')
    .slice(0, landed);
  expect(file).toBe([...before, landedText, ...after].join(''));
}

/** What each restart said the dead worker's own memory held, in numbers. */
function checkStateLost(c: Component, narration: readonly string[], ackedBeforeKill: number) {
  switch (c) {
    case 'kmsg': {
      const [, n] = said(
        narration,
        'kmsg: ',
        /^kmsg: its printk ring was lost .*\((\d+) record\(s\)/
      );
      // Its ring held at least every line acknowledged before the kill.
      expect(Number(n)).toBeGreaterThanOrEqual(ackedBeforeKill);
      break;
    }
    case 'console':
      said(narration, 'console: ', /^console: its copy of the printk ring .*registered again: \S+/);
      break;
    case 'pstore-fs': {
      const [, files, replayed] = said(
        narration,
        'pstore-fs: ',
        /^pstore-fs: .* (\d+) file\(s\) read back .* (\d+) line\(s\) written to the console zone/
      );
      expect(Number(files)).toBe(0); // fresh RAM: no previous boot's records
      expect(Number(replayed)).toBeGreaterThanOrEqual(ackedBeforeKill);
      break;
    }
    case 'ramoops':
      said(
        narration,
        'ramoops: ',
        /^ramoops: a new worker took over the (\d+) zone\(s\) .* the 0 byte\(s\)/
      );
      break;
    case 'ram-core':
      said(narration, 'ram-core: ', /nothing was lost$/);
      break;
    case 'pmsg':
    case 'pstore-blk': // not on the ramoops board these kills run on
      break;
  }
}

describe('single placement: each worker killed while logging at full speed', () => {
  it.each(KILLED)('%s takes the kernel down; what was acknowledged is kept', async (c) => {
    const board = testBoard('single', { params: PARAMS });
    await board.boot();
    const { logged, said: words } = await logAndKill(board, c);
    expect(words).toMatch(/the kernel is down/);
    expect(board.state).toBe('crashed');
    expect(board.why).toBe(`${c} worker killed`);
    const next = await board.reboot();
    // The ledger against RAM: whatever was lost, an injected fault explains it.
    const unexplained = next.faults.losses.filter((l) => l.kind === 'unexplained');
    expect(unexplained.map((l) => l.detail)).toEqual([]);
    const consoleFile = text(await board.cat('console-ramoops-0'));
    const missing = logged.acked.filter((l) => !consoleFile.includes(l));
    expect(missing, 'acknowledged printk lines missing after the reboot').toEqual([]);
    const pmsgFile = text(await board.cat('pmsg-ramoops-0')).replace(/\nECC: [^\n]*\n$/, '');
    const ok = logged.pmsg.filter((w) => w.ret > 0);
    expect(ok.every((w) => w.ret === encoded(w.data))).toBe(true);
    // What returned before the kill is there, in order.
    let at = 0;
    for (const w of ok) {
      at = pmsgFile.indexOf(w.data, at);
      expect(
        at,
        `pmsg write ${w.data.slice(0, 12)} acknowledged before the kill`
      ).toBeGreaterThanOrEqual(0);
    }
  });
});

describe('per-component placement: each worker killed while logging at full speed', () => {
  it.each(KILLED)('%s is restarted; the others keep working; the gap is accounted', async (c) => {
    expect(RESTARTABLE.has(c)).toBe(true);
    const narration: string[] = [];
    const board = testBoard('per-component', { params: PARAMS, say: (l) => narration.push(l) });
    await board.boot();
    const boots = board.boots;
    const { logged, said: words } = await logAndKill(board, c);
    expect(words).toMatch(/restarted/);
    expect(board.state).toBe('running');
    expect(board.boots, 'the board stayed up: no reboot').toBe(boots);
    expect(narration).toContain(`${c}: restarted by its supervisor`);
    // The others kept working through the gap.
    if (!PRINTK_PATH.has(c)) expect(logged.duringGap).toBeGreaterThan(0);
    if (!PMSG_PATH.has(c)) expect(logged.pmsgDuringGap).toBeGreaterThan(0);
    expect(logged.unacked).toEqual([]);
    const ackedBeforeKill = (PRINTK_BATCHES / 3) * 128;
    checkStateLost(c, narration, ackedBeforeKill);

    // Still a working kernel: more logging, then a panic that dumps.
    await board.printk(['<after the restart>']);
    expect(await board.pmsg(['<after the restart>\n'])).toEqual([20]);
    logged.acked.push('<after the restart>');
    logged.pmsg.push({ data: '<after the restart>\n', ret: 20 });
    const dump = await board.panic(`after ${c} restarted`);
    const part1 = (
      dump?.results[0] as { parts?: { part: number; ret: number }[] } | undefined
    )?.parts?.find((p) => p.part === 1);
    expect(part1?.ret, 'the panic dump was stored').toBe(0);

    const next = await board.reboot();
    const unexplained = next.faults.losses.filter((l) => l.kind === 'unexplained');
    expect(unexplained.map((l) => l.detail)).toEqual([]);
    const files = (await board.ls()).map((f) => f.name);
    const dmesg = text(await board.cat(files.find((f) => f.startsWith('dmesg-ramoops-'))!));
    expect(dmesg).toContain(`Kernel panic - not syncing: after ${c} restarted`);
    expect(dmesg).toContain('<after the restart>');

    // printk: exactly the lines the supervisor said were lost are missing.
    const consoleFile = text(await board.cat('console-ramoops-0'));
    const present = new Set(consoleFile.split('\n').map((l) => l.replace(/^\[\s*\d+\.\d+\] /, '')));
    const missing = logged.acked.filter((l) => !present.has(l));
    if (PRINTK_PATH.has(c)) {
      const m = said(
        narration,
        `${c}: `,
        /^\S+: (?:(\d+) of (\d+) printk line\(s\) .* were lost; (\d+) reached|no printk line was in flight)/
      );
      const lost = Number(m[1] ?? 0);
      expect(missing.length, `missing lines: ${missing.slice(0, 5).join(' ')}`).toBe(lost);
      if (m[1]) expect(lost + Number(m[3])).toBe(Number(m[2]));
    } else {
      expect(missing).toEqual([]);
    }

    const pmsgFile = text(await board.cat('pmsg-ramoops-0')).replace(/\nECC: [^\n]*\n$/, '');
    checkPmsgGap(c, logged, narration, pmsgFile);
  });
});
