/**
 * Kernel modules out of an unpacked kernel package: find a module by name
 * under lib/modules/<release>, follow its `depends=` (read from the
 * module's .modinfo strings, no depmod needed), and decompress .ko.xz /
 * .ko.zst / .ko.gz into plain .ko files busybox insmod can load.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { mustRun } from '../proc.ts';

const SUFFIXES = ['.ko', '.ko.xz', '.ko.zst', '.ko.gz'];

/** Every module file under `dir`, by module name (dashes and underscores equal). */
export function indexModules(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else {
        const suffix = SUFFIXES.find((s) => name.endsWith(s));
        if (suffix) out.set(name.slice(0, -suffix.length).replace(/-/g, '_'), p);
      }
    }
  };
  walk(dir);
  return out;
}

async function plainBytes(path: string): Promise<Buffer> {
  if (path.endsWith('.ko')) return readFileSync(path);
  if (path.endsWith('.gz')) return gunzipSync(readFileSync(path));
  const tool = path.endsWith('.xz') ? 'xz' : 'zstd';
  const r = await mustRun('sh', ['-c', `${tool} -dc "$0" | base64 -w0`, path]);
  return Buffer.from(r.stdout, 'base64');
}

function modinfoDepends(ko: Buffer): string[] {
  const m = /\0depends=([^\0]*)\0/.exec(ko.toString('latin1'));
  return m && m[1] ? m[1].split(',').filter(Boolean) : [];
}

/**
 * Copies `names` and everything they depend on into `outDir` as plain .ko
 * files and returns their paths in load order (dependencies first).
 */
export async function collectModules(
  index: Map<string, string>,
  names: readonly string[],
  outDir: string
): Promise<string[]> {
  mkdirSync(outDir, { recursive: true });
  const order: string[] = [];
  const seen = new Set<string>();
  const visit = async (name: string): Promise<void> => {
    const key = name.replace(/-/g, '_');
    if (seen.has(key)) return;
    seen.add(key);
    const src = index.get(key);
    if (!src) throw new Error(`module ${name} is not in the kernel package`);
    const bytes = await plainBytes(src);
    for (const dep of modinfoDepends(bytes)) await visit(dep);
    const out = join(outDir, `${key}.ko`);
    if (!existsSync(out)) writeFileSync(out, bytes);
    order.push(out);
  };
  for (const n of names) await visit(n);
  return order;
}
