/**
 * A "newc" cpio archive writer (the format the kernel unpacks as an
 * initramfs): directories, files, symlinks and device nodes, built in memory
 * so no mknod or root rights are needed for /dev/console.
 */
export type CpioEntry =
  | { readonly kind: 'dir'; readonly path: string; readonly mode?: number }
  | {
      readonly kind: 'file';
      readonly path: string;
      readonly data: Uint8Array;
      readonly mode?: number;
    }
  | { readonly kind: 'symlink'; readonly path: string; readonly target: string }
  | {
      readonly kind: 'chardev';
      readonly path: string;
      readonly major: number;
      readonly minor: number;
      readonly mode?: number;
    };

const S_IFDIR = 0o040000;
const S_IFREG = 0o100000;
const S_IFLNK = 0o120000;
const S_IFCHR = 0o020000;

function hex8(n: number): string {
  return (n >>> 0).toString(16).padStart(8, '0');
}

function pad4(n: number): number {
  return (4 - (n % 4)) % 4;
}

function header(
  ino: number,
  mode: number,
  size: number,
  nameLen: number,
  rdev: [number, number] = [0, 0]
): string {
  // magic, ino, mode, uid, gid, nlink, mtime, filesize, devmajor, devminor, rdevmajor, rdevminor, namesize, check
  return (
    '070701' + [ino, mode, 0, 0, 1, 0, size, 0, 0, rdev[0], rdev[1], nameLen, 0].map(hex8).join('')
  );
}

/** The archive bytes (uncompressed), ending with the TRAILER!!! entry. */
export function cpioNewc(entries: readonly CpioEntry[]): Uint8Array {
  const parts: Buffer[] = [];
  let offset = 0;
  const push = (b: Buffer): void => {
    parts.push(b);
    offset += b.length;
  };
  const add = (name: string, mode: number, data: Uint8Array, rdev?: [number, number]): void => {
    const ino = parts.length + 1;
    const nameBytes = Buffer.from(`${name}\0`, 'utf8');
    push(Buffer.from(header(ino, mode, data.length, nameBytes.length, rdev), 'ascii'));
    push(nameBytes);
    push(Buffer.alloc(pad4(offset)));
    push(Buffer.from(data));
    push(Buffer.alloc(pad4(offset)));
  };
  for (const e of entries) {
    const name = e.path.replace(/^\/+/, '');
    switch (e.kind) {
      case 'dir':
        add(name, S_IFDIR | (e.mode ?? 0o755), new Uint8Array(0));
        break;
      case 'file':
        add(name, S_IFREG | (e.mode ?? 0o644), e.data);
        break;
      case 'symlink':
        add(name, S_IFLNK | 0o777, Buffer.from(e.target, 'utf8'));
        break;
      case 'chardev':
        add(name, S_IFCHR | (e.mode ?? 0o600), new Uint8Array(0), [e.major, e.minor]);
        break;
    }
  }
  add('TRAILER!!!', 0, new Uint8Array(0));
  return new Uint8Array(Buffer.concat(parts));
}
