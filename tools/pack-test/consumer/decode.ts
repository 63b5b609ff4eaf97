/**
 * A user's decoder, written against the public API of three installed packages (ram-core,
 * ramoops, pstore-fs) and nothing else: a ramoops region in, the files a kernel of the given
 * version shows in /sys/fs/pstore out — what `pstore decode --out` does, without the command.
 * The pack test compiles it in a fresh project where the packages come from their tarballs, runs
 * it in Node (program.ts) and bundles it for the browser (browser.ts).
 * Kernel counterpart: ramoops_probe() and the pstore mount that follows it on the next boot.
 */
import { parseKernelVersion } from '@pstore/ram-core';
import { RamoopsContext, ramoopsEra, ramoopsFromCmdline } from '@pstore/ramoops';
import {
  ftraceLineFormat,
  KallsymsTable,
  PstoreFs,
  pstoreCompressor,
  renderFtraceFile,
  type PstoreRecord
} from '@pstore/pstore-fs';

export interface DecodeRequest {
  /** The ramoops region (byte 0 = ramoops.mem_address). Left as it is: a copy is probed. */
  readonly image: Uint8Array;
  /** The kernel command line: its ramoops.* and pstore.* words configure the region. */
  readonly cmdline: string;
  /** The version of the kernel that reads the region, e.g. '6.1.192'. */
  readonly kernel: string;
  /** nr_cpu_ids of that kernel: how many per-CPU ftrace zones (default 1). */
  readonly nrCpus?: number;
  /** A System.map of the kernel that wrote the ftrace records, for their function names. */
  readonly systemMap?: string;
}

export interface DecodedFile {
  readonly name: string;
  /** What reading the file gives, byte for byte. */
  readonly bytes: Uint8Array;
  /** How many of the last bytes are the ECC notice ramoops appends (0 without ECC). */
  readonly eccNoticeSize: number;
}

/** The files of /sys/fs/pstore after the kernel of `request.kernel` probed the region. */
export function decodeRamoops(request: DecodeRequest): DecodedFile[] {
  const version = parseKernelVersion(request.kernel);
  const era = ramoopsEra(version);
  const config = ramoopsFromCmdline(request.cmdline, era);
  // The probe rewrites what the kernel's probe rewrites (bad headers, zapped zones).
  const context = RamoopsContext.probe(request.image.slice(), config, {
    era,
    nrCpus: request.nrCpus ?? 1
  });
  const symbols = request.systemMap === undefined ? null : KallsymsTable.parse(request.systemMap);
  const renderFtrace = (record: PstoreRecord): Uint8Array => {
    const data = record.buf.subarray(0, record.size);
    const notice = record.buf.subarray(record.size, record.size + record.eccNoticeSize);
    const layout = context.ftraceRecord;
    const rendering = renderFtraceFile(data, notice, {
      layout,
      format: ftraceLineFormat(version),
      symbols
    });
    return new TextEncoder().encode(rendering.text);
  };
  const fs = new PstoreFs({ renderFtrace });
  fs.mount(
    context,
    pstoreCompressor(version, { algorithm: config.pstore.compress, bufsize: context.bufsize })
  );
  return fs.list().map((file) => ({
    name: file.name,
    bytes: fs.read(file.name),
    eccNoticeSize: file.record.eccNoticeSize
  }));
}
