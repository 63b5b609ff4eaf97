/**
 * `pstore probe` and `decode --auto` against images `pstore encode` writes
 * over a wide range of configurations, kernels and fill levels: probe must
 * recover parameters that decode the image (as its true kernel) into exactly
 * the files the true parameters give, or say unknown; a kernel it names
 * exactly (from an ftrace zone's signature) must be the true one, and then
 * `decode --auto` alone reproduces the true decode. Its inference is not
 * graded by itself: the judge is a decode with what the image was written
 * with.
 * Kernel counterpart: fs/pstore/ram.c ramoops_probe() (what probe inverts).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pstore, tmp } from './helpers.ts';

interface Decoded {
  records: { name: string; content: unknown }[];
}

const files = (out: string) =>
  (JSON.parse(out) as Decoded).records.map((r) => [r.name, r.content]).sort();

/** Kernels of every layout variant (zone sizing, even rounding, zone order), exact. */
const KERNELS = ['4.9.337', '4.19.200', '5.10.150', '6.1.50', '6.1.192', '6.6.30', '6.12.5'];
const P2 = (lo: number, hi: number) => fc.integer({ min: lo, max: hi }).map((e) => 2 ** e);

const config = fc.record({
  kernel: fc.constantFrom(...KERNELS),
  memSize: fc.constantFrom(0x10000, 0x20000, 0x40000, 0x100000, 0x100000 + 0x3000),
  recordSize: P2(12, 15),
  console: fc.oneof(fc.constant(0), P2(12, 15)),
  pmsg: fc.oneof(fc.constant(0), P2(12, 14)),
  ftrace: fc.oneof(fc.constant(0), P2(12, 13)),
  ecc: fc.constantFrom(0, 16, 32),
  cpus: fc.constantFrom(1, 1, 2, 4),
  dumps: fc.integer({ min: 0, max: 3 }),
  consoleLines: fc.integer({ min: 0, max: 200 }),
  pmsgText: fc.boolean(),
  // pstore.compress: every algorithm 4.17–6.5 run; 4.9 takes lzo and lz4, the rest the default.
  compress: fc.constantFrom(null, 'deflate', 'lzo', 'lz4', 'lz4hc', '842', 'zstd', 'none')
});

/**
 * The pstore.compress a kernel can run from `wanted`: every one on 4.17–6.5 (the crypto API),
 * lzo and lz4 (the Kconfig backends) or the default on 4.9, only the default elsewhere.
 */
function compressFor(kernel: string, wanted: string | null): string | null {
  if (/^(4\.19|5\.10|6\.1)\./.test(kernel)) return wanted;
  if (kernel.startsWith('4.9.') && (wanted === 'lzo' || wanted === 'lz4')) return wanted;
  return null;
}

describe('probe recovers what encode wrote (property)', () => {
  it('a decode with the probed configuration equals the decode with the true one, or probe says unknown', () => {
    const dir = tmp('probe-prop');
    const stats = {
      cases: 0,
      recovered: 0,
      exactKernel: 0,
      unknown: 0,
      refused: 0,
      cryptoCompressed: 0
    };
    fc.assert(
      fc.property(config, (c) => {
        const params =
          `ramoops.mem_size=${c.memSize} ramoops.record_size=${c.recordSize} ` +
          `ramoops.console_size=${c.console} ramoops.pmsg_size=${c.pmsg} ` +
          `ramoops.ftrace_size=${c.ftrace} ramoops.ecc=${c.ecc}` +
          (compressFor(c.kernel, c.compress)
            ? ` pstore.compress=${compressFor(c.kernel, c.compress)}`
            : '');
        const args = ['--params', params, '--kernel', c.kernel, '--cpus', String(c.cpus)];
        const image = join(dir, 'ram.bin');
        const inputs: string[] = [];
        for (let i = 0; i < c.dumps; i++) {
          const f = join(dir, `d${i}.txt`);
          writeFileSync(
            f,
            `Panic#${i + 1} Part1\n<0>[   ${i}.000000] Kernel panic - not syncing: ${i}\n`
          );
          inputs.push('--dmesg', `${f}:panic:170000000${i}`);
        }
        if (c.console && c.consoleLines) {
          const f = join(dir, 'console.txt');
          const lines = Array.from(
            { length: c.consoleLines },
            (_, i) => `[ ${i}.000000] line ${i}\n`
          );
          writeFileSync(f, lines.join(''));
          inputs.push('--console', f);
        }
        if (c.pmsg && c.pmsgText) {
          const f = join(dir, 'pmsg.txt');
          writeFileSync(f, 'hello from user space\n');
          inputs.push('--pmsg', f);
        }
        const enc = pstore('encode', '--out', image, ...args, ...inputs);
        if (enc.code !== 0) {
          stats.refused++; // a configuration this kernel refuses: nothing to probe
          return;
        }
        stats.cases++;
        const truth = files(pstore('decode', image, ...args, '--json', '--content').stdout);
        const probe = pstore('probe', image, '--json');
        const j = JSON.parse(probe.stdout) as {
          candidates: { params: string; kernel: string; decodeKernel: string }[];
          unknown: string | null;
        };
        const best = j.candidates[0];
        if (!best) {
          // Nothing fits: it must say why, and exit 3.
          expect(probe.code).toBe(3);
          expect(j.unknown).toMatch(/\S/);
          stats.unknown++;
          return;
        }
        const what = `${params} --kernel ${c.kernel}`;
        // The parameters: with the true kernel they decode exactly as the true ones.
        const withProbed = pstore(
          'decode',
          image,
          '--params',
          best.params,
          '--kernel',
          c.kernel,
          '--cpus',
          String(c.cpus),
          '--json',
          '--content'
        );
        expect(files(withProbed.stdout), what).toEqual(truth);
        // A dump another compressor than deflate wrote is named (lz4hc reads as lz4).
        const crypto = c.dumps > 0 ? compressFor(c.kernel, c.compress) : null;
        if (crypto && !['deflate', 'none'].includes(crypto)) {
          expect(best.params, what).toContain(
            `pstore.compress=${crypto === 'lz4hc' ? 'lz4' : crypto}`
          );
          stats.cryptoCompressed++;
        } else {
          expect(best.params, what).not.toContain('pstore.compress');
        }
        // The kernel: exact only when an ftrace zone says it, and then right.
        if (/^\d+\.\d+\.\d+\+?$/.test(best.kernel)) {
          expect(c.ftrace, what).toBeGreaterThan(0);
          // LINUX_VERSION_CODE clamps the sublevel at 255: 4.9.337 reads "4.9.255+".
          const [maj, min, sub] = c.kernel.split('.').map(Number) as [number, number, number];
          expect(best.kernel, what).toBe(sub >= 255 ? `${maj}.${min}.255+` : c.kernel);
          // decode --auto then reproduces the true decode whole.
          const auto = pstore('decode', image, '--auto', '--json', '--content');
          expect(auto.code).toBe(0);
          expect(files(auto.stdout), what).toEqual(truth);
          stats.exactKernel++;
        }
        stats.recovered++;
      }),
      {
        numRuns: Number(process.env.PROBE_RUNS ?? 60),
        seed: Number(process.env.PROBE_SEED ?? 20261206)
      }
    );
    console.log('probe property:', JSON.stringify(stats));
    // Nearly every configuration is recovered; an exact kernel wherever an ftrace zone exists.
    expect(stats.recovered).toBeGreaterThan(stats.cases * 0.9);
    expect(stats.exactKernel).toBeGreaterThan(0);
    expect(stats.cryptoCompressed).toBeGreaterThan(0);
  }, 120_000);
});
