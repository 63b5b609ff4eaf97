// `pstore decode` of whole regions, end to end (the built command, spawned:
// start-up, reading the image, every zone's ECC check, every dump inflated,
// the listing; no --out: writing thousands of files measures the disk), for regions of 1, 16, 64 and 256 MiB with every zone
// full: 16 KiB dump zones each holding a deflated dump (written by
// pstore_dump() in-process, ECC 16), a full console and pmsg zone. Baseline:
// a memcpy of the same bytes. Also: the whole `pstore decode` of a 1 MiB
// region against `node -e 0`, and the peak RSS of `pstore decode --offset`
// on a 4 GiB sparse RAM dump (only the region should be read).
// Goals (issue 16): ≥ 500 MB/s at 64 MiB; linear (256 MiB within 1.2× of
// 4× the 64 MiB time); ≤ 2× node's own start; RSS < 2× region + 64 MB.
import { spawnSync } from 'node:child_process';
import {
  closeSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
  writeSync
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PSTORE_TYPE, pstoreCompressor, pstoreRecordInit } from '@pstore/pstore-fs';
import { RamoopsContext } from '@pstore/ramoops';
import { inProcessKernel } from './in-process-kernel.mjs';
import { deviceConfig } from '../dist/index.js';
import { figure, median, report } from '../../../tools/scripts/bench-lib.mjs';

const PSTORE = new URL('../../cli/dist/pstore.mjs', import.meta.url).pathname;
// The inflate `pstore decode` passes to pstoreCompressor() (Node's zlib).
const { nodeInflate } = await import(
  new URL('../../cli/dist/native-inflate.js', import.meta.url).href
);
const MiB = 1 << 20;
const dir = mkdtempSync(join(tmpdir(), 'pstore-region-bench-'));

/** The words of a region of `size` bytes: 16 KiB dumps, 128 KiB console, 64 KiB pmsg, ECC 16. */
const words = (size) =>
  `ramoops.mem_address=0x10000000 ramoops.mem_size=0x${size.toString(16)} ramoops.record_size=0x4000 ` +
  'ramoops.console_size=0x20000 ramoops.pmsg_size=0x10000 ramoops.ecc=16 pstore.compress=deflate';

/** A region with every zone full, as a kernel leaves it after that many dumps. */
function fullRegion(size) {
  const cfg = deviceConfig(words(size), '6.12');
  const { ring, dumpers, backend, mem } = inProcessKernel(cfg);
  let seed = 7;
  const word = () => (seed = (seed * 1103515245 + 12345) >>> 0).toString(36);
  for (let i = 0; i < 1200; i++)
    ring.printk(`<6>eth${i % 4}: rx ${word()} tx ${word()} drops ${i}\n`);
  for (let d = 0; d < cfg.layout.dumpCount; d++) {
    ring.printk(`<4>usb 1-1.${d % 7}: reset, dump ${d}, ${word()}\n`);
    dumpers.kmsgDump(2); // KMSG_DUMP_OOPS: the next dump zone, round robin
  }
  // /dev/pmsg0 written until its ring wrapped.
  const line = new TextEncoder().encode(`app: state=ready ${word()}\n`);
  for (let n = 0; n < 2 * 0x10000; n += line.length) {
    backend.writeUser(pstoreRecordInit(PSTORE_TYPE.PMSG), line);
  }
  return { mem, cfg };
}

/**
 * The part of a decode no reader can skip: every dump of the region
 * inflated, with the call and limits `pstore decode` uses, in this process
 * (no start-up, no reading, no ECC, no listing). Returns the median seconds
 * and what went in and came out.
 */
function inflateAlone(mem, cfg) {
  const cxt = RamoopsContext.probe(mem.slice(), cfg.config, { era: cfg.era, nrCpus: 1 });
  const compressor = pstoreCompressor(cfg.kernel, {
    algorithm: 'deflate',
    bufsize: cxt.bufsize,
    inflate: nodeInflate
  });
  const streams = [];
  cxt.open();
  for (let r = cxt.read(); r; r = cxt.read()) {
    if (r.compressed) streams.push(r.buf.slice(0, r.size));
  }
  let inBytes = 0;
  let outBytes = 0;
  const times = [];
  for (let round = 0; round < 5; round++) {
    inBytes = outBytes = 0;
    const t0 = process.hrtime.bigint();
    for (const s of streams) {
      const text = compressor.decompress(s);
      if (!text) throw new Error(`a dump of the ${mem.length >> 20} MiB region does not inflate`);
      inBytes += s.length;
      outBytes += text.length;
    }
    times.push(Number(process.hrtime.bigint() - t0) / 1e9);
  }
  return { seconds: median(times), dumps: streams.length, inBytes, outBytes };
}

function timeRun(args) {
  const t0 = process.hrtime.bigint();
  // The listing of thousands of files is not read: stdout goes nowhere (a pipe's buffer would fill).
  const r = spawnSync(process.execPath, args, {
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8'
  });
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0) throw new Error(`${args.join(' ')}: exit ${r.status}: ${r.stderr}`);
  return s;
}

/** The decode and its listing, no files written (writing thousands of files is the disk's figure). */
function decodeSeconds(file, size, rounds) {
  const times = [];
  for (let i = 0; i < rounds; i++) {
    times.push(timeRun([PSTORE, 'decode', file, '--kernel', '6.12', '--params', words(size)]));
  }
  return median(times);
}

function memcpyMBps(bytes) {
  const src = Buffer.alloc(bytes, 1);
  const dst = Buffer.alloc(bytes);
  const times = [];
  for (let i = 0; i < 5; i++) {
    const t0 = process.hrtime.bigint();
    src.copy(dst);
    times.push(Number(process.hrtime.bigint() - t0) / 1e9);
  }
  return bytes / median(times) / 1e6;
}

try {
  const rows = [];
  const seconds = {};
  let inflated = null;
  for (const mib of [1, 16, 64, 256]) {
    const size = mib * MiB;
    const { mem, cfg } = fullRegion(size);
    if (mib === 64) inflated = inflateAlone(mem, cfg);
    const file = join(dir, `region-${mib}.bin`);
    writeFileSync(file, mem);
    const s = decodeSeconds(file, size, mib >= 64 ? 3 : 5);
    seconds[mib] = s;
    rows.push([`${mib} MiB (${cfg.layout.dumpCount} dumps)`, s * 1000, size / s / 1e6]);
    rmSync(file);
  }
  const copy = memcpyMBps(64 * MiB);
  report(
    'pstore decode, whole regions, every zone full, ECC 16, deflated dumps (the built command, end to end)',
    ['region', 'ms', 'MB/s'],
    rows,
    `memcpy of 64 MiB in this process: ${copy.toFixed(0)} MB/s`
  );
  const mbps = (64 * MiB) / seconds[64] / 1e6;
  figure({
    name: 'region.decode.64MiB',
    value: mbps,
    unit: 'MB/s',
    baseline: copy,
    goal: '≥ 500 MB/s',
    met: mbps >= 500
  });
  // What inflating alone allows: the region's bytes over the time Node's
  // zlib needs for its dumps, one thread (the decode's own work and Node's
  // start come on top).
  const ceiling = (64 * MiB) / inflated.seconds / 1e6;
  report(
    "inflating the 64 MiB region's dumps alone (Node's zlib, as pstore decode calls it, one thread, median of 5)",
    ['dumps', 'deflated MB', 'inflated MB', 'ms', 'region MB/s at most'],
    [
      [
        inflated.dumps,
        inflated.inBytes / 1e6,
        inflated.outBytes / 1e6,
        inflated.seconds * 1000,
        ceiling
      ]
    ]
  );
  figure({
    name: 'region.inflate.64MiB',
    value: ceiling,
    unit: 'MB/s of region (inflate alone)',
    baseline: mbps,
    goal: 'the bound on region.decode.64MiB in one thread'
  });
  const linear = seconds[256] / (4 * seconds[64]);
  figure({
    name: 'region.decode.scaling',
    value: linear,
    unit: '× (256 MiB time / 4 × 64 MiB time)',
    goal: 'linear: ≤ 1.2',
    met: linear <= 1.2
  });

  // One MiB, the whole process, against Node's own start.
  const small = join(dir, 'region-1.bin');
  writeFileSync(small, fullRegion(MiB).mem);
  const nodeStart = median(Array.from({ length: 9 }, () => timeRun(['-e', '0'])));
  const cli = median(
    Array.from({ length: 9 }, () =>
      timeRun([PSTORE, 'decode', small, '--kernel', '6.12', '--params', words(MiB)])
    )
  );
  report(
    'pstore decode of a 1 MiB region, whole process (median of 9)',
    ['run', 'ms'],
    [
      ['node -e 0', nodeStart * 1000],
      ['pstore decode', cli * 1000]
    ]
  );
  figure({
    name: 'cli.decode.1MiB',
    value: cli * 1000,
    unit: 'ms',
    baseline: nodeStart * 1000,
    goal: '≤ 2× node -e 0',
    met: cli / nodeStart <= 2
  });

  // A 4 GiB sparse RAM dump with the region at 3 GiB: only the region should be read.
  const big = join(dir, 'ram-4g.bin');
  const fd = openSync(big, 'w');
  writeSync(fd, fullRegion(MiB).mem, 0, MiB, 3 * 1024 * MiB);
  writeSync(fd, new Uint8Array(1), 0, 1, 4 * 1024 * MiB - 1);
  closeSync(fd);
  const rssFile = join(dir, 'rss');
  const probe = join(dir, 'rss.cjs');
  writeFileSync(
    probe,
    // VmHWM: this process image's peak (getrusage's ru_maxrss survives exec, so
    // it would count the bench's own memory at fork); elsewhere than Linux, maxRSS.
    `process.on('exit', () => { const fs = require('node:fs'); let b; try { b = 1024 * Number(/VmHWM:\\s+(\\d+)/.exec(fs.readFileSync('/proc/self/status', 'utf8'))[1]); } catch { b = process.resourceUsage().maxRSS * 1024; } fs.writeFileSync(${JSON.stringify(rssFile)}, String(b)); });`
  );
  const r = spawnSync(
    process.execPath,
    [
      '-r',
      probe,
      PSTORE,
      'decode',
      big,
      '--offset',
      '0xc0000000',
      '--kernel',
      '6.12',
      '--params',
      words(MiB)
    ],
    { encoding: 'utf8' }
  );
  if (r.status !== 0) throw new Error(`decode --offset: exit ${r.status}: ${r.stderr}`);
  const rss = Number(readFileSync(rssFile, 'utf8'));
  const limit = 2 * MiB + 64e6;
  report(
    'pstore decode --offset of a 4 GiB sparse RAM dump (region 1 MiB at 3 GiB)',
    ['figure', 'MB'],
    [
      ['peak RSS', rss / 1e6],
      ['goal: < 2× region + 64 MB', limit / 1e6]
    ]
  );
  figure({
    name: 'decode.4GiB.rss',
    value: rss / 1e6,
    unit: 'MB',
    baseline: MiB / 1e6,
    goal: '< 2× region + 64 MB',
    met: rss < limit
  });
} finally {
  rmSync(dir, { recursive: true, force: true });
}
