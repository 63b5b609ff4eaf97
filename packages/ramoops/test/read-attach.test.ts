/**
 * `attach: 'read'`, the probe of a reader that writes nothing afterwards
 * (pstore decode): the zones' saved content is the region itself where a
 * ring does not wrap. The files must be the ones the real kernels showed,
 * byte for byte, and the same as a copying probe gives; the backend's writes
 * fail with -EROFS before they touch a byte.
 * Kernel counterpart: fs/pstore/ram.c ramoops_probe(), ramoops_pstore_read(),
 * ramoops_pstore_write(); fs/pstore/ram_core.c persistent_ram_save_old().
 */
import { describe, expect, it } from 'vitest';
import { parseKernelVersion } from '@pstore/ram-core';
import { PstoreFs, pstoreCompressor } from '@pstore/pstore-fs';
import { PSTORE_TYPE, pstoreRecordInit } from '@pstore/pstore-fs/backend';
import {
  kernelCaseNames,
  readKernelCase,
  skipMessage,
  vectorsAvailable
} from '@pstore/test-vectors';
import { RamoopsContext, ramoopsEra, ramoopsFromCmdline } from '../src/index.ts';

if (!vectorsAvailable) skipMessage();

const version = parseKernelVersion('6.1.192');
const era = ramoopsEra(version);

function mount(image: Uint8Array, cmdline: string, attach: 'probe' | 'read') {
  const config = ramoopsFromCmdline(cmdline, era);
  const cxt = RamoopsContext.probe(image, config, { era, nrCpus: 1, attach });
  const fs = new PstoreFs();
  fs.mount(
    cxt,
    pstoreCompressor(version, { algorithm: config.pstore.compress, bufsize: cxt.bufsize })
  );
  return { cxt, fs };
}

describe.skipIf(!vectorsAvailable)("attach: 'read' on regions real Linux 6.1 kernels wrote", () => {
  it.each(kernelCaseNames())("%s: shows the kernel's files, as the copying probe does", (name) => {
    const c = readKernelCase(name);
    const copied = mount(c.image.slice(), c.cmdline, 'probe');
    const read = mount(c.image.slice(), c.cmdline, 'read');
    expect(read.fs.list().map((f) => f.name)).toEqual(copied.fs.list().map((f) => f.name));
    for (const f of read.fs.list()) {
      expect(Buffer.from(read.fs.read(f.name)), f.name).toEqual(
        Buffer.from(copied.fs.read(f.name))
      );
    }
    // ftrace files are rendered with the kernel's symbols; the rest are its bytes.
    let compared = 0;
    for (const [file, bytes] of c.files) {
      if (file.startsWith('ftrace-')) continue;
      expect(Buffer.from(read.fs.read(file)), file).toEqual(Buffer.from(bytes));
      compared++;
    }
    expect(compared).toBeGreaterThan(0);
  });

  it('refuses writes with -EROFS before a dump zone is zapped', () => {
    const c = readKernelCase('custom-6.1-ecc16-all');
    const image = c.image.slice();
    const { cxt, fs } = mount(image, c.cmdline, 'read');
    const before = image.slice();
    const shown = fs.read('dmesg-ramoops-0').slice();
    const dump = pstoreRecordInit(PSTORE_TYPE.DMESG, { sec: 1, nsec: 0 });
    dump.buf = new TextEncoder().encode('Oops: a second dump\n');
    dump.size = dump.buf.length;
    expect(cxt.readOnly).toBe(true);
    expect(cxt.write(dump)).toBe(-30);
    const pmsg = pstoreRecordInit(PSTORE_TYPE.PMSG);
    pmsg.size = 3;
    expect(cxt.writeUser(pmsg, new Uint8Array(3))).toBe(-30);
    const line = pstoreRecordInit(PSTORE_TYPE.CONSOLE);
    line.buf = new TextEncoder().encode('a console line\n');
    line.size = line.buf.length;
    expect(cxt.write(line)).toBe(-30);
    expect(Buffer.compare(image, before)).toBe(0);
    // What the filesystem shows was the region itself: still the first dump.
    expect(Buffer.from(fs.read('dmesg-ramoops-0'))).toEqual(Buffer.from(shown));
  });
});
