/**
 * Where the viewer's tests find real data: kernel images in ../shared/vectors
 * (through @pstore/test-vectors, skipped with its message when absent), and
 * the pstore/blk disks real kernels wrote, kept in the repository with
 * pstore-zone's tests (packages/pstore-zone/test/fixtures).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

const BLK_FIXTURES = fileURLToPath(
  new URL('../../../packages/pstore-zone/test/fixtures/', import.meta.url)
);

export interface BlkFixture {
  readonly name: string;
  /** The gzipped disk, as a user would drop it. */
  readonly diskPath: string;
  readonly kernel: string;
  readonly params: string;
  /** The files the kernel showed: name → bytes, with their mtimes (s). */
  readonly files: ReadonlyMap<string, Uint8Array>;
  readonly mtimes: ReadonlyMap<string, number>;
}

interface FixtureJson {
  readonly kernel: string;
  readonly params: string;
  readonly files: readonly { readonly name: string; readonly mtime: number }[];
}

export function blkFixtureNames(): string[] {
  return readdirSync(BLK_FIXTURES, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
}

export function blkFixture(name: string): BlkFixture {
  const dir = `${BLK_FIXTURES}${name}/`;
  const meta = JSON.parse(readFileSync(`${dir}fixture.json`, 'utf8')) as FixtureJson;
  const files = new Map<string, Uint8Array>();
  const mtimes = new Map<string, number>();
  for (const f of meta.files) {
    files.set(f.name, new Uint8Array(gunzipSync(readFileSync(`${dir}${f.name}.gz`))));
    mtimes.set(f.name, f.mtime);
  }
  return {
    name,
    diskPath: `${dir}disk.img.gz`,
    kernel: meta.kernel,
    params: meta.params,
    files,
    mtimes
  };
}
