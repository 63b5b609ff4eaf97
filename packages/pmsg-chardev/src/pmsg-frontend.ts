/**
 * pmsg as a pstore frontend: when a backend with PSTORE_FLAGS_PMSG registers, the core calls
 * register() and /dev/pmsg0 appears; when it unregisters, the node goes away again.
 * Kernel counterpart: fs/pstore/pmsg.c pstore_register_pmsg() (register_chrdev,
 * class_create "pmsg", device_create "pmsg0") and pstore_unregister_pmsg().
 */
import { PSTORE_FLAGS } from '@pstore/pstore-fs/backend';
import type { PstoreCore, PstoreFrontend } from '@pstore/pstore-fs';
import { PmsgDevice, type PmsgDeviceOptions } from './pmsg-device.ts';
import { PmsgDeviceError } from './pmsg-errno.ts';

/** The device nodes of a simulated /dev (a Map works), where pmsg0 is added and removed. */
export interface DevNodes {
  set(name: string, node: PmsgDevice): unknown;
  delete(name: string): unknown;
  has(name: string): boolean;
}

export interface PmsgFrontendOptions extends PmsgDeviceOptions {
  /** Where the node appears while registered, e.g. a `Map` standing for /dev. */
  readonly dev?: DevNodes;
}

/** The pmsg frontend the pstore core registers for PMSG-capable backends. */
export class PmsgFrontend implements PstoreFrontend {
  readonly flag = PSTORE_FLAGS.PMSG;
  #device: PmsgDevice | null = null;

  constructor(private readonly options: PmsgFrontendOptions = {}) {}

  /** /dev/pmsg0 while a backend is registered, else null. */
  get device(): PmsgDevice | null {
    return this.#device;
  }

  /**
   * pstore_register_pmsg(): creates the node.
   * @throws PmsgDeviceError EEXIST when this frontend is already registered or `dev`
   *   already has a pmsg0 (the kernel's class_create()/device_create() fail the same way;
   *   it only logs that, here the caller learns it).
   */
  register(core: PstoreCore): void {
    const { dev } = this.options;
    if (this.#device || dev?.has('pmsg0')) {
      throw new PmsgDeviceError('EEXIST', 'pmsg: device class file already in use');
    }
    const device = new PmsgDevice(core, this.options);
    dev?.set(device.name, device);
    this.#device = device;
  }

  /** pstore_unregister_pmsg(): removes the node; open files see −ENODEV. */
  unregister(): void {
    const device = this.#device;
    if (!device) return;
    device.remove();
    this.options.dev?.delete(device.name);
    this.#device = null;
  }
}

/**
 * The pmsg frontend to pass to the pstore core (`new Pstore({ …, frontends: [pmsg] })`).
 *
 * @example
 * ```ts
 * const dev = new Map<string, PmsgDevice>();
 * const pmsg = createPmsgFrontend({ dev });
 * const pstore = new Pstore({ kernel, ring, dumpers, consoles, frontends: [pmsg] });
 * pstore.register(backend);            // backend has PSTORE_FLAGS.PMSG → dev.get('pmsg0')
 * dev.get('pmsg0')!.open(O_WRONLY).write(bytes);
 * ```
 */
export function createPmsgFrontend(options: PmsgFrontendOptions = {}): PmsgFrontend {
  return new PmsgFrontend(options);
}
