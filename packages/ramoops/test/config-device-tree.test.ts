import { parseKernelVersion, RamCoreError } from '@pstore/ram-core';
import { describe, expect, it } from 'vitest';
import { ramoopsFromDeviceTree } from '../src/config/device-tree.ts';
import { parseDts } from '../src/config/dts-tree.ts';
import { ramoopsEra } from '../src/era.ts';

const era = (v: string) => ramoopsEra(parseKernelVersion(v));
const read = (dts: string, v = '6.12') => ramoopsFromDeviceTree(dts, era(v));

/** The shape of the example in Documentation/admin-guide/ramoops.rst (written anew). */
const RESERVED_2_2 = `
/dts-v1/;
/ {
	#address-cells = <2>;
	#size-cells = <2>;

	reserved-memory {
		#address-cells = <2>;
		#size-cells = <2>;
		ranges;

		ramoops@8f000000 {
			compatible = "ramoops";
			reg = <0 0x8f000000 0 0x100000>;
			record-size = <0x4000>;
			console-size = <0x4000>;
		};
	};
};
`;

describe('ramoopsFromDeviceTree', () => {
  it('reads reg with 2+2 cells and the size properties, other sizes defaulting to 0', () => {
    const c = read(RESERVED_2_2);
    expect(c).toMatchObject({
      source: 'device-tree',
      memAddress: 0x8f000000n,
      memSize: 0x100000,
      recordSize: 0x4000,
      consoleSize: 0x4000,
      ftraceSize: 0,
      pmsgSize: 0,
      flags: 0,
      maxReason: 2,
      memType: 0,
      ecc: { eccSize: 0 },
      warnings: []
    });
  });

  it('honours #address-cells/#size-cells of 1 and a 64-bit address split over two cells', () => {
    const one = read(`/ { reserved-memory { #address-cells = <1>; #size-cells = <1>;
      ramoops@a0000000 { compatible = "ramoops"; reg = <0xa0000000 0x20000>; record-size = <0x10000>; }; }; };`);
    expect(one.memAddress).toBe(0xa0000000n);
    expect(one.memSize).toBe(0x20000);
    const high = read(`/ { reserved-memory { #address-cells = <2>; #size-cells = <1>;
      ramoops@100000000 { compatible = "ramoops"; reg = <0x1 0x0 0x100000>; record-size = <0x4000>; }; }; };`);
    expect(high.memAddress).toBe(0x100000000n);
  });

  it('copes with comments, labels, preprocessor lines, #defines and expressions', () => {
    const c = read(`
      #include <dt-bindings/gpio/gpio.h>
      #define RAMOOPS_BASE 0x8f000000
      // a line comment
      / {
        /* a block
           comment */
        reserved-memory {
          #address-cells = <1>; #size-cells = <1>; ranges;
          ramoops_region: ramoops@8f000000 {
            compatible = "ramoops";
            reg = <RAMOOPS_BASE (1 << 20)>;
            record-size = <(16 * 1024)>;
            console-size = <16384>;
            ecc-size = <16>;
            no-dump-oops;
          };
        };
      };
      &ramoops_region { pmsg-size = <0x8000>; };
    `);
    expect(c).toMatchObject({
      memAddress: 0x8f000000n,
      memSize: 0x100000,
      recordSize: 0x4000,
      consoleSize: 0x4000,
      pmsgSize: 0x8000,
      maxReason: 1,
      ecc: { eccSize: 16 }
    });
  });

  it('lets max-reason override no-dump-oops and mem-type override unbuffered (5.8+)', () => {
    const dts = (props: string) =>
      `/ { reserved-memory { #address-cells = <1>; #size-cells = <1>;
        ramoops@0 { compatible = "ramoops"; reg = <0 0x100000>; record-size = <0x1000>; ${props} }; }; };`;
    expect(read(dts('no-dump-oops; unbuffered;'))).toMatchObject({ maxReason: 1, memType: 1 });
    expect(read(dts('no-dump-oops; max-reason = <4>; unbuffered; mem-type = <2>;'))).toMatchObject({
      maxReason: 4,
      memType: 2
    });
    const old = read(dts('max-reason = <4>; flags = <1>;'), '4.9');
    expect(old).toMatchObject({ maxReason: 2, flags: 0 });
    expect(old.warnings).toHaveLength(2);
  });

  it('passes ecc-size through literally (1 means one parity byte) and reads flags', () => {
    const c = read(`/ { reserved-memory { #address-cells = <1>; #size-cells = <1>;
      ramoops@0 { compatible = "ramoops"; reg = <0 0x100000>; ecc-size = <1>; flags = <0x1>; ftrace-size = <0x1000>; }; }; };`);
    expect(c.ecc.eccSize).toBe(1);
    expect(c.flags).toBe(1);
  });

  it('applies the old-Chromebook rule: outside /reserved-memory with only record-size, console = pmsg = record', () => {
    const dts = `/ { #address-cells = <1>; #size-cells = <1>;
      ramoops { compatible = "ramoops"; reg = <0x41f00000 0x100000>; record-size = <0x20000>; }; };`;
    const c = read(dts);
    expect(c).toMatchObject({
      recordSize: 0x20000,
      consoleSize: 0x20000,
      pmsgSize: 0x20000,
      ftraceSize: 0
    });
    expect(c.warnings.some((w) => w.includes('old-Chromebook'))).toBe(true);
    expect(read(dts, '4.19')).toMatchObject({ consoleSize: 0, pmsgSize: 0 });
  });

  it('rejects a u32 above INT_MAX like ramoops_parse_dt_u32', () => {
    let err: unknown;
    try {
      read(RESERVED_2_2.replace('record-size = <0x4000>', 'record-size = <0x80000000>'));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(RamCoreError);
    expect((err as RamCoreError).message).toMatch(
      /record-size 2147483648 \(0x80000000, line 15\) > INT_MAX/
    );
  });

  it('names the line of a syntax error', () => {
    expect(() =>
      read('/ {\n  reserved-memory {\n    ramoops@0 {\n      reg = <0 1\n    };\n  };\n};')
    ).toThrow(/device tree line 5: expected a number/);
    expect(() => read('/ {\n  foo = "unterminated;\n};')).toThrow(/line 2: unterminated string/);
  });

  it('fails without a ramoops node, with two of them, or when it is disabled', () => {
    expect(() => read('/ { memory@0 { reg = <0 0 0 1>; }; };')).toThrow(
      /no node with compatible = "ramoops"/
    );
    expect(() =>
      read(
        `/ { a { compatible = "ramoops"; reg = <0 0 0 1>; }; b { compatible = "ramoops"; reg = <0 0 0 1>; }; };`
      )
    ).toThrow(/2 ramoops nodes/);
    expect(() =>
      read(
        RESERVED_2_2.replace(
          'compatible = "ramoops";',
          'compatible = "ramoops"; status = "disabled";'
        )
      )
    ).toThrow(/status "disabled"/);
  });

  it('fails without reg unless the kernel resolves dynamic reserved memory (6.5+)', () => {
    const dts = `/ { reserved-memory { #address-cells = <1>; #size-cells = <1>;
      ramoops { compatible = "ramoops"; size = <0x100000>; alloc-ranges = <0 0x40000000>; record-size = <0x4000>; }; }; };`;
    const c = read(dts);
    expect(c.memSize).toBe(0x100000);
    expect(c.memAddress).toBeNull();
    expect(() => read(dts, '6.1')).toThrow(/failed to locate DT \/reserved-memory resource/);
  });

  it('guesses the cell split from reg when no #address-cells is in scope, and warns', () => {
    const c = read(
      `/ { reserved-memory { ramoops@0 { compatible = "ramoops"; reg = <0x0 0x8f000000 0x0 0x100000>; record-size = <0x4000>; }; }; };`
    );
    expect(c.memSize).toBe(0x100000);
    expect(c.warnings[0]).toMatch(/reading reg as 2\+2 cells/);
  });

  it('warns about properties ramoops does not read (a typo keeps the default 0)', () => {
    const c = read(RESERVED_2_2.replace('console-size', 'console_size'));
    expect(c.consoleSize).toBe(0);
    expect(c.warnings).toEqual([
      '/reserved-memory/ramoops@8f000000: property console_size is not read by ramoops'
    ]);
  });
});

describe('parseDts', () => {
  it('merges repeated nodes and applies /delete-property/', () => {
    const t = parseDts(
      `/ { n { a = <1>; b = "x"; }; }; / { n { a = <2>; /delete-property/ b; }; };`
    );
    const n = t.root.children[0];
    expect(t.root.children).toHaveLength(1);
    expect(n?.properties.get('a')?.values).toEqual([{ kind: 'cells', bits: 32, cells: [2n] }]);
    expect(n?.properties.has('b')).toBe(false);
  });
});
