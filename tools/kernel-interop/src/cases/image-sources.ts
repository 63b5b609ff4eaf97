/**
 * Where the images of the kernel-reads direction come from. Today:
 * `pstore encode` (inputs written to files, encoded for a chosen kernel era
 * and configuration) and plain files. The hook for more sources (images
 * from `device run … panic` in apps/device) is `ImageSource`: anything that
 * can write a region file; `imagesFromDir` turns a folder of such images
 * (each with a JSON descriptor) into cases.
 */
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encode, layout } from '../pstore-cli.ts';
import { caseWords, isBlk, paramWords, type CaseParams } from './params.ts';

export interface ImageSource {
  /** For the report: what the image holds and who made it. */
  readonly label: string;
  /**
   * Writes the region (byte 0 = mem_address) into `dir` and returns its path.
   * `kernelVersion` is the version of the kernel that will read it.
   */
  produce(dir: string, kernelVersion: string): Promise<string>;
}

interface DumpInput {
  readonly text: string;
  readonly reason: 'panic' | 'oops' | 'emerg' | 'shutdown';
  /** Seconds since 1970 (the dump header and the file's mtime). */
  readonly time: number;
}

export interface EncodeSpec {
  readonly params: CaseParams;
  /** Encode for this kernel version instead of the reader's (cross-era cases). */
  readonly kernel?: string;
  readonly cpus?: number;
  readonly dmesg?: readonly DumpInput[];
  readonly console?: string;
  readonly pmsg?: string;
  readonly ftrace?: string;
  /**
   * Cut console and pmsg to the last dataCapacity bytes of their zones (from
   * `pstore layout`), so the rings are exactly full (size == buffer_size).
   */
  readonly fill?: boolean;
}

async function fitToZones(spec: EncodeSpec, kernel: string): Promise<EncodeSpec> {
  if (!spec.fill) return spec;
  if (isBlk(spec.params)) throw new Error('fill is for ramoops images');
  const zones = await layout(paramWords(spec.params), kernel, spec.cpus ?? 1);
  const cut = (text: string | undefined, type: string): string | undefined => {
    const z = zones.find((x) => x.type === type);
    return text === undefined || !z ? text : text.slice(-z.dataCapacity);
  };
  return { ...spec, console: cut(spec.console, 'console'), pmsg: cut(spec.pmsg, 'pmsg') };
}

/** An image made by `pstore encode`. */
export function encodedImage(spec: EncodeSpec): ImageSource {
  const what = [
    ...(spec.dmesg ?? []).map((d) => `dmesg ${d.reason} ${d.text.length} B`),
    ...(spec.console ? [`console ${spec.console.length} B`] : []),
    ...(spec.pmsg ? [`pmsg ${spec.pmsg.length} B`] : []),
    ...(spec.ftrace ? ['ftrace'] : [])
  ];
  return {
    label:
      `pstore encode${spec.kernel ? ` --kernel ${spec.kernel}` : ''}: ${what.join(', ')}` +
      (spec.fill ? ' (console and pmsg cut to fill their zones exactly)' : ''),
    async produce(dir, kernelVersion) {
      const s = await fitToZones(spec, spec.kernel ?? kernelVersion);
      mkdirSync(join(dir, 'inputs'), { recursive: true });
      const file = (name: string, text: string): string => {
        const p = join(dir, 'inputs', name);
        writeFileSync(p, text);
        return p;
      };
      const out = join(dir, 'image.bin');
      const params = s.params;
      await encode(
        out,
        caseWords(params),
        s.kernel ?? kernelVersion,
        s.cpus ?? 1,
        {
          dmesg: (s.dmesg ?? []).map(
            (d, i) => `${file(`dmesg${i}.txt`, d.text)}:${d.reason}:${d.time}`
          ),
          console: s.console === undefined ? undefined : file('console.txt', s.console),
          pmsg: s.pmsg === undefined ? undefined : file('pmsg.txt', s.pmsg),
          ftrace: s.ftrace === undefined ? undefined : file('ftrace.txt', s.ftrace)
        },
        isBlk(params) ? { size: params.diskSize } : undefined
      );
      return out;
    }
  };
}

/**
 * An image from another source with bytes changed afterwards (damage the
 * kernel must cope with): `patch` edits the image file's bytes in place.
 */
export function patchedImage(
  source: ImageSource,
  label: string,
  patch: (bytes: Uint8Array) => void
): ImageSource {
  return {
    label: `${source.label}, then ${label}`,
    async produce(dir, kernelVersion) {
      const path = await source.produce(dir, kernelVersion);
      const bytes = new Uint8Array(readFileSync(path));
      patch(bytes);
      writeFileSync(path, bytes);
      return path;
    }
  };
}

/** An image file made elsewhere. */
export function fileImage(path: string, label: string): ImageSource {
  return {
    label,
    produce(dir) {
      mkdirSync(dir, { recursive: true });
      const out = join(dir, 'image.bin');
      copyFileSync(path, out);
      return Promise.resolve(out);
    }
  };
}
