/**
 * Dump zones whose `====<sec>.<usec>-<C|D>\n` header line holds extreme or
 * malformed values, in the forms of every era: seconds of 20 digits,
 * −2^63, 2^64 − 1, beyond what a JavaScript Date holds (8.64e12 s), a
 * leading '-' where old kernels take only %lu, microseconds of a million or
 * more, no type character (the pre-compression form), another type
 * character, whitespace runs the reader swallows, no newline at all.
 * Read with a random kernel era, so both header parsers meet them.
 * Kernel counterpart: fs/pstore/ram.c ramoops_read_kmsg_hdr() (sscanf
 * "====%lld.%lu-%c\n%n", then "====%lld.%lu\n%n").
 */
import fc from 'fast-check';
import { deflateRawSync } from 'node:zlib';
import { KERNELS } from '../eras.ts';
import { fillZone, zonesOf } from '../image-zones.ts';
import { randomText } from '../prng.ts';
import { kernelVectors } from '../vectors.ts';
import type { Generator } from './generator.ts';

const SECONDS = [
  '0',
  '1',
  '-1',
  '1700000000',
  '8640000000000',
  '8640000000001',
  '-8640000000001',
  '9007199254740993',
  '9223372036854775807',
  '-9223372036854775808',
  '18446744073709551615',
  '99999999999999999999',
  '-99999999999999999999',
  '00000000000000000000001',
  '',
  '+5',
  ' 12'
];
const MICROS = ['0', '000000', '5000', '999999', '1000000', '99999999999999999999', '-1', '', 'x'];
const TAILS = ['-D\n', '-C\n', '-X\n', '-\n', '\n', '-D', '-D\n\n\t\v ', '-C\n\v', '', '-D\r\n'];

export const dmesgHeadersGenerator: Generator = {
  name: 'dmesg-headers',
  weight: 3,
  needsVectors: true,
  arbitrary: () => {
    const vectors = kernelVectors();
    return fc
      .record({
        v: fc.nat(vectors.length - 1),
        kernel: fc.constantFrom(...KERNELS),
        dumps: fc.array(
          fc.record({
            sec: fc.oneof(
              fc.constantFrom(...SECONDS),
              fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }).map(String)
            ),
            usec: fc.constantFrom(...MICROS),
            tail: fc.constantFrom(...TAILS),
            payload: fc.constantFrom('text', 'deflate', 'empty'),
            length: fc.nat(3000),
            seed: fc.integer()
          }),
          { minLength: 1, maxLength: 3 }
        )
      })
      .map(({ v, kernel, dumps }) => {
        const vec = vectors[v]!;
        const img = vec.image.slice();
        const zones = (zonesOf(vec.params, kernel) ?? []).filter((z) => z.type === 'dmesg');
        const said: string[] = [];
        for (const [i, d] of dumps.entries()) {
          const z = zones[i];
          if (!z) break;
          const text = randomText(d.seed, d.length);
          const body =
            d.payload === 'deflate'
              ? new Uint8Array(deflateRawSync(text))
              : d.payload === 'empty'
                ? new Uint8Array(0)
                : text;
          const head = new TextEncoder().encode(`====${d.sec}.${d.usec}${d.tail}`);
          const content = new Uint8Array(head.length + body.length);
          content.set(head);
          content.set(body, head.length);
          fillZone(img, z, content);
          said.push(
            JSON.stringify(`====${d.sec}.${d.usec}${d.tail}`) + ` + ${d.payload} ${body.length}`
          );
        }
        return {
          generator: 'dmesg-headers',
          image: img,
          args: ['--params', vec.params, '--kernel', kernel],
          what: `${vec.name} read as ${kernel}: ${said.join('; ')}`
        };
      });
  }
};
