/**
 * Extra image sources (`run --images DIR`): every `*.json` in DIR describes
 * one region image made elsewhere (for example by `device run … panic` in
 * apps/device) and becomes a kernel-reads case per selected kernel:
 *
 *   { "image": "panic.bin", "params": "ramoops.mem_address=0x10000000 ramoops.mem_size=0x100000 …",
 *     "title": "what it holds", "kernels": ["6.1"], "cpus": 1 }
 *
 * `image` is relative to DIR; `kernels` (optional) limits the kernels that read it.
 * A disk for pstore/blk says `"backend": "blk"` and gives `pstore_blk.*` words:
 * the kernel boots with it as its virtio disk (its size is the image's).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileImage } from './image-sources.ts';
import { blkParamsFromWords } from './blk-params.ts';
import { parseParamWords } from './params.ts';
import type { Case } from './types.ts';

interface Descriptor {
  readonly image: string;
  readonly params: string;
  readonly title?: string;
  readonly kernels?: readonly string[];
  readonly cpus?: number;
  readonly backend?: 'blk';
}

export function imageDirCases(dir: string, kernels: readonly string[]): Case[] {
  const out: Case[] = [];
  for (const name of readdirSync(dir)
    .filter((n) => n.endsWith('.json'))
    .sort()) {
    const d = JSON.parse(readFileSync(join(dir, name), 'utf8')) as Descriptor;
    if (!d.image || !d.params) throw new Error(`${join(dir, name)}: needs "image" and "params"`);
    const params =
      d.backend === 'blk'
        ? blkParamsFromWords(d.params, statSync(join(dir, d.image)).size)
        : parseParamWords(d.params);
    const base = name.replace(/\.json$/, '');
    for (const k of kernels) {
      if (d.kernels && !d.kernels.includes(k)) continue;
      out.push({
        kind: 'kernel-reads',
        id: `${k}/img-${base}`,
        kernel: k,
        title: d.title ?? `image ${d.image}`,
        params,
        cpus: d.cpus,
        image: fileImage(join(dir, d.image), `${d.image} from ${dir}`)
      });
    }
  }
  return out;
}
