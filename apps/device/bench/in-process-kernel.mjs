// The kernel's components called in one thread, no actors, no workers: the
// printk ring, kmsg_dump(), the console layer and pstore over a ramoops
// region in memory. What the benches measure the actor paths against, and
// how they fill regions with real dumps.
import { ConsoleRegistry } from '@pstore/console';
import { KmsgDumpers, PrintkRing } from '@pstore/kmsg';
import { Pstore, PstoreFs } from '@pstore/pstore-fs';
import { RamoopsContext } from '@pstore/ramoops';

/** `cfg` a board's deviceConfig(); the region is `cfg.config.memSize` zeroed bytes. */
export function inProcessKernel(cfg) {
  const ring = new PrintkRing({ logBufLen: 1 << 17 });
  const dumpers = new KmsgDumpers(ring, { kernel: cfg.kernel });
  const consoles = new ConsoleRegistry(ring);
  const pstore = new Pstore({ kernel: cfg.kernel, ring, dumpers, consoles });
  pstore.mount(new PstoreFs());
  const mem = new Uint8Array(cfg.config.memSize);
  const backend = RamoopsContext.probe(mem, cfg.config, { era: cfg.era, nrCpus: 1 });
  pstore.register(backend);
  return { ring, dumpers, pstore, backend, mem };
}
