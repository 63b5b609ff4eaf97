/**
 * Hand-made dump zones for what `pstore encode` rightly refuses to write:
 * dmesg records whose first payload byte is whitespace, which the kernel's
 * header parser (sscanf "====%lld.%lu-%c\n%n") swallows together with the
 * newline. ECC stays off, so a zone is just its 12-byte header (signature,
 * start, size) and the bytes; zone offsets come from `pstore layout`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { layout } from '../pstore-cli.ts';
import type { ImageSource } from './image-sources.ts';
import { paramWords, type RamoopsParams } from './params.ts';

const SIG = 0x43474244;

export interface CraftedDump {
  readonly what: string;
  /** 'C' (compressed) or 'D' (plain) in the header line. */
  readonly flag: 'C' | 'D';
  readonly payload: Uint8Array;
  readonly time: number;
}

/** A raw deflate stream: one non-final stored block holding `data`, then an empty final one. */
function storedStream(data: Uint8Array, firstByte: number): Uint8Array {
  // Bit 0 BFINAL, bits 1-2 BTYPE (00 = stored), bits 3-7 padding the inflater ignores.
  if ((firstByte & 0x07) !== 0) {
    throw new Error(`0x${firstByte.toString(16)} is not a non-final stored block`);
  }
  const len = data.length;
  const head = [firstByte, len & 0xff, len >> 8, ~len & 0xff, (~len >> 8) & 0xff];
  return new Uint8Array([...head, ...data, 0x01, 0x00, 0x00, 0xff, 0xff]);
}

/** Dumps in dmesg zones 0, 1, … of an otherwise empty ECC-0 region. */
export function craftedImage(params: RamoopsParams, dumps: readonly CraftedDump[]): ImageSource {
  if (params.ecc) throw new Error('crafted images are ECC 0');
  return {
    label: `hand-made dump zones: ${dumps.map((d) => d.what).join('; ')}`,
    async produce(dir, kernelVersion) {
      const zones = await layout(paramWords(params), kernelVersion, 1);
      const image = Buffer.alloc(params.memSize);
      dumps.forEach((d, i) => {
        const z = zones.find((x) => x.type === 'dmesg' && x.index === i);
        if (!z) throw new Error(`no dmesg zone ${i}`);
        const body = Buffer.concat([Buffer.from(`====${d.time}.000000-${d.flag}\n`), d.payload]);
        if (body.length > z.dataCapacity) throw new Error(`dump ${i} does not fit its zone`);
        image.writeUInt32LE(SIG, z.offset);
        image.writeUInt32LE(body.length, z.offset + 4);
        image.writeUInt32LE(body.length, z.offset + 8);
        body.copy(image, z.offset + 12);
      });
      mkdirSync(dir, { recursive: true });
      const out = join(dir, 'image.bin');
      writeFileSync(out, image);
      return out;
    }
  };
}

/** The whitespace cases: 0x0b (fixed-Huffman "Panic…"), 0x20, 0xa0 and 0x08 (not space) first bytes; plain text led by blanks. */
export function whitespaceDumps(): CraftedDump[] {
  const text = (s: string): Uint8Array => new Uint8Array(Buffer.from(s));
  const plain = text('Panic#1 Part1\n<0>[    1.000000] interop: whitespace after the header\n');
  const fixed = new Uint8Array(deflateRawSync(plain));
  return [
    {
      what: `C, fixed-Huffman stream starting 0x${fixed[0]!.toString(16)}`,
      flag: 'C',
      payload: fixed,
      time: 1_700_000_800
    },
    {
      what: 'C, stored stream starting 0x20',
      flag: 'C',
      payload: storedStream(plain, 0x20),
      time: 1_700_000_801
    },
    {
      what: 'C, stored stream starting 0xa0',
      flag: 'C',
      payload: storedStream(plain, 0xa0),
      time: 1_700_000_802
    },
    {
      what: 'C, stored stream starting 0x08 (not whitespace)',
      flag: 'C',
      payload: storedStream(plain, 0x08),
      time: 1_700_000_803
    },
    {
      what: 'D, text led by "\\t \\n"',
      flag: 'D',
      payload: text(`\t \n${Buffer.from(plain).toString()}`),
      time: 1_700_000_804
    }
  ];
}

/** Text of exactly `n` bytes that compresses well. */
function sizedText(n: number, seed: number): Uint8Array {
  let s = 'Panic#1 Part1\n';
  for (let i = 0; s.length < n; i++) {
    s += `<4>[ ${seed}.${i % 1000}] interop: decompressed size test line\n`;
  }
  return new Uint8Array(Buffer.from(s.slice(0, n)));
}

/**
 * Compressed dumps whose decompressed sizes sit on the readers' output
 * limits for the 1 MiB lab layout with ECC off (dump zones of 0x408a,
 * bufsize 16510): 27516 = bufsize·100/60 (the 4.17–6.5 crypto-API buffer)
 * and 49530 = 3·bufsize (6.6+), each exactly and one byte over. Streams use
 * a 2 KiB window, which every reader accepts.
 */
export function decompressLimitDumps(): CraftedDump[] {
  return [27516, 27517, 49530, 49531].map((n, i) => ({
    what: `C, inflates to ${n} bytes`,
    flag: 'C' as const,
    payload: new Uint8Array(deflateRawSync(sizedText(n, i), { windowBits: 11 })),
    time: 1_700_000_900 + i
  }));
}
