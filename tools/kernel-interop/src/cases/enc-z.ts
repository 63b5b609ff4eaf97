/**
 * The `.enc.z` judgement: a region whose dumps a 4.17–6.5 kernel compressed
 * with lzo, lz4, lz4hc, 842 or zstd is decoded again as a kernel without that
 * algorithm reads it (6.6+ keep only deflate in decompress_record(), so the
 * record stays compressed and its file is named `.enc.z`). `pstore inflate` of
 * each such file must give back the bytes the writing kernel showed: once told
 * the algorithm, once guessing it (lz4 and lz4hc write one format, so either
 * name fits the other).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decode, inflate, type Decoded } from '../pstore-cli.ts';
import type { KernelFile } from '../vm/guest.ts';
import { paramWords, type RamoopsParams } from './params.ts';

/** Names the guess may give for data `alg` wrote. */
function acceptedGuesses(alg: string): string[] {
  return alg === 'lz4' || alg === 'lz4hc' ? ['lz4', 'lz4hc'] : [alg];
}

export async function judgeEncZ(
  image: string,
  params: RamoopsParams,
  writer: { readonly version: string; readonly files: readonly KernelFile[] },
  predicted: Decoded,
  reader: string,
  cpus: number,
  dir: string
): Promise<string[]> {
  const alg = params.compress;
  if (!alg || alg === 'none') return [`encZReader needs a pstore.compress algorithm`];
  const problems: string[] = [];
  const asReader = await decode(image, paramWords(params), reader, cpus, join(dir, 'enc-z'));
  const compressed = predicted.records.filter((r) => r.compressed);
  if (compressed.length === 0) problems.push('no compressed dump to read as .enc.z');
  for (const r of compressed) {
    const encName = `${r.name}.enc.z`;
    if (!asReader.records.some((x) => x.name === encName)) {
      problems.push(
        `decoded as ${reader}, ${r.name} is not ${encName} (${asReader.records.map((x) => x.name).join(', ')})`
      );
      continue;
    }
    const want = writer.files.find((f) => f.name === r.name);
    if (!want) continue; // the main comparison already names the missing file
    const file = join(asReader.dir, encName);
    for (const told of [alg, undefined]) {
      const out = join(dir, `${r.name}.inflated-${told ?? 'guessed'}`);
      const how = told ? `pstore inflate --compress ${told}` : 'pstore inflate (guessing)';
      let verdict: string;
      try {
        verdict = await inflate(file, writer.version, out, told);
      } catch (e) {
        problems.push(`${how} ${encName}: ${(e as Error).message}`);
        continue;
      }
      const got = existsSync(out) ? readFileSync(out) : Buffer.alloc(0);
      if (!got.equals(Buffer.from(want.bytes))) {
        problems.push(
          `${how} ${encName}: ${got.length} bytes differ from the kernel's ${r.name} (${want.bytes.length} bytes)`
        );
      }
      if (!told && !acceptedGuesses(alg).some((a) => verdict.includes(`: ${a} `))) {
        problems.push(`${how} ${encName} named another algorithm than ${alg}: "${verdict}"`);
      }
    }
  }
  return problems;
}
