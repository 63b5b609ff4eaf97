/**
 * `device campaign` as a user runs it: the built command in its own process
 * (stderr a pipe, no TTY), and the command in process for the terminal
 * case. The seed defaults to 1 and is stated; --json is JSON alone on
 * stdout; --verbose is one line a cycle; the progress bar is drawn only on a
 * terminal; the first wrong option is the one named.
 */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCampaignCommand } from '../src/cli/campaign.ts';
import type { CampaignSummary } from '../src/faults/campaign.ts';
import { DEVICE_BIN, deviceProcess } from './device-process.ts';

/** A RAM file of another size than the region: wrong whatever else is. */
const SMALL_RAM = join(mkdtempSync(join(tmpdir(), 'device-campaign-')), 'small.bin');
writeFileSync(SMALL_RAM, new Uint8Array(4096));

/** A fault with losses every cycle (everything written goes with the power), and fast. */
const SMALL = ['--runs', '2', '--faults', 'power-lost'];

describe('device campaign, spawned', () => {
  it('has been built', () => {
    expect(existsSync(DEVICE_BIN), 'dist/main.js is missing: run pnpm build').toBe(true);
  });

  it('runs without --seed (the help says default 1), states the seed, and keeps stderr free of \\r', () => {
    const help = deviceProcess(['campaign', '--help']);
    expect(help.stdout).toMatch(/--seed N .*default 1/);
    const r = deviceProcess(['campaign', ...SMALL]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^seed 1: 2 cycles in /);
    expect(r.stdout).toMatch(/^faults injected: power-lost 2$/m);
    // Counts by cause with real numbers, and an example with them.
    expect(r.stdout).toMatch(/^ {2}power-lost: \d+ losses: \d+ record\(s\), \d+ byte\(s\)$/m);
    expect(r.stdout).toMatch(
      /^ {4}e\.g\. cycle 1: console: \d+ of \d+ printk line\(s\) of boot 1 lost: the RAM went with the power at the end of boot 1 /m
    );
    expect(r.stdout).toMatch(/^unexplained: 0$/m);
    expect(r.stdout).not.toMatch(/\bN\b/);
  });

  it('with --json prints JSON alone on stdout, in the documented shape, seed included', () => {
    const r = deviceProcess(['campaign', ...SMALL, '--seed', '9', '--json', '--verbose']);
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout) as CampaignSummary;
    expect(Object.keys(s)).toEqual([
      'seed',
      'cycles',
      'seconds',
      'cyclesPerSecond',
      'faults',
      'headers',
      'written',
      'recovered',
      'corrected',
      'lost',
      'unexplained',
      'replays',
      'bootFailures',
      'log'
    ]);
    expect(s.seed).toBe(9);
    expect(s.unexplained).toBe(0);
    expect(Object.keys(s.lost)).toEqual(['power-lost']);
    const w = s.written;
    expect(s.lost['power-lost']).toMatchObject({
      records: w.printk.records + w.pmsg.records + w.dumps.records,
      bytes: w.printk.bytes + w.pmsg.bytes + w.dumps.bytes,
      unknown: 0
    });
    for (const c of s.log) {
      expect(Object.keys(c)).toEqual([
        'cycle',
        'cycleSeed',
        'boot',
        'fault',
        'injected',
        'recovered',
        'eccCorrectedBytes',
        'headers',
        'compared',
        'lost',
        'bootFailure'
      ]);
      expect(c.injected).toEqual(['power cut, RAM lost']);
      for (const l of c.lost) {
        expect(Object.keys(l)).toEqual([
          'kind',
          'zone',
          'boot',
          'record',
          'records',
          'bytes',
          'blocks',
          'detail'
        ]);
        expect(l).toMatchObject({ kind: 'power-lost', boot: c.boot });
      }
    }
    // --verbose goes to stderr with --json: one line a cycle.
    expect(r.stderr.split('\n').filter(Boolean)).toEqual([
      expect.stringMatching(
        /^cycle 1\/2 \(boot 1, power-lost\): injected: power cut, RAM lost \| /
      ),
      expect.stringMatching(/^cycle 2\/2 \(boot 2, power-lost\): injected: power cut, RAM lost \| /)
    ]);
  });

  it('with --verbose prints one line a cycle: faults injected, recovered, lost and why', () => {
    const r = deviceProcess([
      'campaign',
      '--runs',
      '2',
      '--seed',
      '4',
      '--faults',
      'size0',
      '--verbose'
    ]);
    expect(r.code).toBe(0);
    const cycles = r.stdout.split('\n').filter((l) => l.startsWith('cycle '));
    expect(cycles).toHaveLength(2);
    for (const [i, l] of cycles.entries()) {
      expect(l).toMatch(
        new RegExp(
          `^cycle ${i + 1}/2 \\(boot ${i + 1}, size0\\): injected: \\w+: start and size lost to 0 .*` +
            ` \\| recovered: .* \\| ECC corrected \\d+ byte\\(s\\) \\| lost: \\[header-empty\\] \\w+: \\d+ of \\d+ .*boot ${i + 1}`
        )
      );
    }
    expect(r.stderr).not.toContain('\r');
  });

  it('--cycle K runs that cycle alone, named as in the run it came from', () => {
    const r = deviceProcess([
      'campaign',
      '--seed',
      '4',
      '--cycle',
      '2',
      '--faults',
      'size0',
      '--verbose'
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(
      /^cycle 2\/2 \(boot 1, size0\): injected: \w+: start and size lost to 0/m
    );
    expect(r.stdout).toMatch(/^seed 4: 1 cycles in /m);
  });

  it.each([
    [['--faults', 'meteor', '--runs', '0'], /--faults: unknown fault "meteor"/],
    [['--runs', '0', '--faults', 'meteor'], /--runs must be at least 1 \(got 0\)/],
    [['--seed', 'x', '--placement', 'moon', '--runs', '1'], /--seed must be a number \(got "x"\)/],
    [['--placement', 'moon', '--seed', 'x', '--runs', '1'], /--placement must be/],
    [['--runs', '0', '--bogus'], /--runs must be at least 1/],
    [['--bogus', '--runs', '0'], /unknown option --bogus/],
    [['--kernel', 'banana', '--runs', '0'], /^device campaign: --kernel: /],
    [['--ram', SMALL_RAM, '--runs', '0'], /--ram .*small\.bin holds 4096 bytes/],
    [['--runs', '0', '--ram', SMALL_RAM], /--runs must be at least 1/],
    [['--runs', '1', 'extra', '--faults', 'meteor'], /unexpected argument "extra"/],
    [['--faults', 'panic'], /--runs N is required/],
    [['--cycle', '0'], /--cycle must be at least 1 \(got 0\)/]
  ])('campaign %j names the first wrong option, on one line, exit 2', (args, message) => {
    const r = deviceProcess(['campaign', ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stdout).toBe('');
  });
});

describe('the progress bar', () => {
  async function campaign(tty: boolean) {
    const out: string[] = [];
    let err = '';
    const code = await runCampaignCommand(
      ['--runs', '2', '--faults', 'power-kept'],
      (l) => out.push(l),
      (t) => (err += t),
      tty
    );
    return { code, out, err };
  }

  it('is drawn on a terminal: a frame a cycle', async () => {
    const r = await campaign(true);
    expect(r.code, r.out.join('\n')).toBe(0);
    expect(r.err.match(/\r\[[#.]{30}\] \d\/2 cycles/g)).toHaveLength(2);
    expect(r.err.endsWith('\n')).toBe(true);
  });

  it('is not drawn when stderr is not a terminal', async () => {
    const r = await campaign(false);
    expect(r.code, r.out.join('\n')).toBe(0);
    expect(r.err).toBe('');
    expect(r.out[0]).toMatch(/^seed 1: 2 cycles/);
  });
});
