/**
 * /dev/pmsg0: the write-only character device through which user space (Android's logd,
 * a dying daemon) puts bytes into the pmsg record of the pstore backend. Each write(2)
 * becomes one PMSG record handed to psinfo->write_user under pmsg_lock; nothing is framed
 * or buffered. There is no read: the bytes come back after a reboot as pmsg-<backend>-0.
 * Kernel counterpart: fs/pstore/pmsg.c write_pmsg(), pmsg_fops, pmsg_devnode() (mode 0220),
 * and the VFS checks around it: fs/namei.c generic_permission(), fs/read_write.c vfs_read(),
 * vfs_write() (an fd without FMODE_READ/WRITE is EBADF; a device without .read is EINVAL).
 */
import { PSTORE_TYPE, type PstoreRecord } from '@pstore/pstore-fs/backend';
import type { PstoreCore } from '@pstore/pstore-fs';
import { createPmsgLock, type PmsgLock } from './pmsg-lock.ts';
import { PMSG_ERRNO, PmsgDeviceError } from './pmsg-errno.ts';

/** The chrdev and class name (PMSG_NAME). */
export const PMSG_NAME = 'pmsg';
/** The device node under /dev: "%s%d" of PMSG_NAME and minor 0. */
export const PMSG_DEVNODE = 'pmsg0';
/** pmsg_devnode(): write-only for owner and group. */
export const PMSG_DEVNODE_MODE = 0o220;
/** MAX_RW_COUNT on 4 KiB pages: vfs_write() caps one write at this many bytes. */
export const MAX_RW_COUNT = 0x7ffff000;

/** open(2) access modes (O_ACCMODE bits). */
export const O_RDONLY = 0;
export const O_WRONLY = 1;
export const O_RDWR = 2;
const O_ACCMODE = 3;

/** What the device needs from the pstore core: record init and the write_user path. */
export type PmsgCore = Pick<PstoreCore, 'recordInit' | 'writeUser'>;

/** The caller's identity for the permission check. Default: root. */
export interface PmsgCredentials {
  readonly uid: number;
  readonly gid?: number;
  /** Supplementary groups. */
  readonly groups?: readonly number[];
}

/** Who owns the node and with which mode (ueventd or udev may change them). */
export interface PmsgNodeOptions {
  readonly mode?: number;
  readonly uid?: number;
  readonly gid?: number;
}

export interface PmsgDeviceOptions extends PmsgNodeOptions {
  /** pmsg_lock; pass a shared one to serialise writers across workers. */
  readonly lock?: PmsgLock;
}

const ROOT: PmsgCredentials = { uid: 0, gid: 0 };
const { EBADF, EINVAL, EFAULT, ENODEV } = PMSG_ERRNO;

/** An open file of the device (struct file): what write(2), read(2) and close(2) act on. */
export class PmsgOpenFile {
  #closed = false;

  /** @internal Use PmsgDevice.open(). */
  constructor(
    private readonly device: PmsgDevice,
    /** The O_ACCMODE bits it was opened with. */
    readonly accmode: number
  ) {}

  /** FMODE_READ: opened O_RDONLY or O_RDWR. */
  get readable(): boolean {
    return this.accmode === O_RDONLY || this.accmode === O_RDWR;
  }

  /** FMODE_WRITE: opened O_WRONLY or O_RDWR. */
  get writable(): boolean {
    return this.accmode === O_WRONLY || this.accmode === O_RDWR;
  }

  /**
   * write(2) of `count` bytes of `buf` (default all of it): one PMSG record. Returns the
   * bytes written or a negative errno: −EBADF on a closed or read-only file, −EFAULT when
   * `count` runs past `buf`, −ENODEV once the device is gone, or the backend's error.
   * A write of 0 bytes returns 0 without reaching the backend.
   */
  write(buf: Uint8Array, count = buf.length): number {
    if (this.#closed || !this.writable) return -EBADF;
    if (!Number.isSafeInteger(count) || count < 0 || count > buf.length) return -EFAULT;
    return this.device.writePmsg(buf, Math.min(count, MAX_RW_COUNT));
  }

  /**
   * read(2): pmsg has no read. −EBADF unless the file was opened for reading; then −EINVAL,
   * as vfs_read() answers for a file whose operations have no read method.
   */
  read(_buf?: Uint8Array): number {
    if (this.#closed || !this.readable) return -EBADF;
    return -EINVAL;
  }

  /** noop_llseek(): the position stays where it is (0). */
  llseek(_offset: number, _whence: number): number {
    return this.#closed ? -EBADF : 0;
  }

  /** close(2). Returns 0, or −EBADF when already closed. */
  close(): number {
    if (this.#closed) return -EBADF;
    this.#closed = true;
    return 0;
  }
}

/** The device node `pmsg0` of class `pmsg`, present while a PMSG-capable backend is registered. */
export class PmsgDevice {
  readonly name = PMSG_DEVNODE;
  readonly className = PMSG_NAME;
  readonly mode: number;
  readonly uid: number;
  readonly gid: number;
  readonly lock: PmsgLock;
  #core: PmsgCore | null;

  constructor(core: PmsgCore, options: PmsgDeviceOptions = {}) {
    this.#core = core;
    this.mode = options.mode ?? PMSG_DEVNODE_MODE;
    this.uid = options.uid ?? 0;
    this.gid = options.gid ?? 0;
    this.lock = options.lock ?? createPmsgLock();
  }

  /** False once device_destroy() removed the node. */
  get present(): boolean {
    return this.#core !== null;
  }

  /**
   * open(2) of /dev/pmsg0 with `flags` (O_ACCMODE bits used) as `cred`. Root may open it
   * any way (CAP_DAC_OVERRIDE); others need the mode's owner, group or other bits.
   * @throws PmsgDeviceError ENOENT once the node is gone, EACCES without permission.
   */
  open(flags: number = O_WRONLY, cred: PmsgCredentials = ROOT): PmsgOpenFile {
    if (!this.#core) throw new PmsgDeviceError('ENOENT', `/dev/${this.name}: no such device node`);
    const accmode = flags & O_ACCMODE;
    // ACC_MODE(): O_RDONLY needs r, O_WRONLY w, O_RDWR and the odd 3 both.
    const want = accmode === O_RDONLY ? 4 : accmode === O_WRONLY ? 2 : 6;
    const granted = this.permissionBits(cred);
    if ((granted & want) !== want) {
      throw new PmsgDeviceError(
        'EACCES',
        `/dev/${this.name} (mode 0${this.mode.toString(8)}, ${this.uid}:${this.gid}) denies uid ${cred.uid} access mode ${accmode}`
      );
    }
    return new PmsgOpenFile(this, accmode);
  }

  /** generic_permission(): rwx bits that apply to `cred` (root: read and write always). */
  private permissionBits(cred: PmsgCredentials): number {
    if (cred.uid === 0) return 6;
    if (cred.uid === this.uid) return (this.mode >> 6) & 7;
    const gid = cred.gid ?? cred.uid;
    if (gid === this.gid || (cred.groups ?? []).includes(this.gid)) return (this.mode >> 3) & 7;
    return this.mode & 7;
  }

  /**
   * write_pmsg(): a PMSG record of `count` bytes through psinfo->write_user, under
   * pmsg_lock. Returns what write_user returned when non-zero (bytes or −errno), else count.
   * @internal Reached through PmsgOpenFile.write().
   */
  writePmsg(buf: Uint8Array, count: number): number {
    if (count === 0) return 0;
    const core = this.#core;
    if (!core) return -ENODEV;
    const record: PstoreRecord = core.recordInit(PSTORE_TYPE.PMSG);
    record.size = count;
    this.lock.acquire();
    let ret: number;
    try {
      ret = core.writeUser(record, buf);
    } finally {
      this.lock.release();
    }
    return ret !== 0 ? ret : count;
  }

  /** device_destroy(): the node disappears; open files fail their writes with −ENODEV. */
  remove(): void {
    this.#core = null;
  }
}
