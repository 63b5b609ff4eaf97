import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AndroidEventValue } from '../src/abi.ts';
import { PmsgError } from '../src/errors.ts';
import { decodeAndroidEvent, encodeAndroidEvent, type AndroidEventInput } from '../src/event.ts';

describe('android event payloads', () => {
  it('lays out each type as android_event_*_t (type byte, little-endian data)', () => {
    const hex = (v: AndroidEventInput): string =>
      Buffer.from(encodeAndroidEvent(v)).toString('hex');
    expect(hex({ type: 'int', value: 1 })).toBe('0001000000');
    expect(hex({ type: 'long', value: -2n })).toBe('01feffffffffffffff');
    expect(hex({ type: 'string', value: 'ab' })).toBe('02020000006162');
    expect(hex({ type: 'float', value: 1 })).toBe('040000803f');
    expect(hex({ type: 'list', items: [{ type: 'int', value: 0 }] })).toBe('03010000000000');
  });

  it('round-trips nested values', () => {
    const leaf: fc.Arbitrary<AndroidEventValue> = fc.oneof(
      fc
        .integer({ min: -(2 ** 31), max: 2 ** 31 - 1 })
        .map((value) => ({ type: 'int', value }) as const),
      fc
        .bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n })
        .map((value) => ({ type: 'long', value }) as const),
      fc.float({ noNaN: true }).map((value) => ({ type: 'float', value }) as const),
      fc.string().map((value) => {
        const bytes = new TextEncoder().encode(value);
        return { type: 'string', value: new TextDecoder().decode(bytes), bytes } as const;
      })
    );
    const value = fc.letrec<{ v: AndroidEventValue }>((tie) => ({
      v: fc.oneof(
        { depthSize: 'small' },
        leaf,
        fc.array(tie('v'), { maxLength: 4 }).map((items) => ({ type: 'list', items }) as const)
      )
    })).v;
    fc.assert(
      fc.property(value, (v) => {
        const decoded = decodeAndroidEvent(encodeAndroidEvent(v));
        expect(decoded.error).toBeUndefined();
        expect(decoded.value).toEqual(v);
      })
    );
  });

  it('accepts one trailing newline and reports other leftovers and truncation', () => {
    expect(decodeAndroidEvent(Uint8Array.of(0, 5, 0, 0, 0, 0x0a))).toEqual({
      value: { type: 'int', value: 5 }
    });
    expect(decodeAndroidEvent(Uint8Array.of(0, 5, 0, 0, 0, 1, 2)).error).toMatch(/2 bytes left/);
    expect(decodeAndroidEvent(Uint8Array.of(1, 5, 0)).error).toMatch(/long at offset 0 needs 8/);
    const str = decodeAndroidEvent(Uint8Array.of(2, 9, 0, 0, 0, 0x68, 0x69));
    expect(str.value).toMatchObject({ type: 'string', value: 'hi' });
    expect(str.error).toMatch(/claims 9 bytes, 2 left/);
    expect(decodeAndroidEvent(Uint8Array.of(9)).error).toMatch(/unknown event type 9/);
    expect(decodeAndroidEvent(new Uint8Array())).toEqual({ value: null });
  });

  it('rejects values the wire types cannot hold', () => {
    expect(() => encodeAndroidEvent({ type: 'int', value: 2 ** 31 })).toThrow(PmsgError);
    expect(() => encodeAndroidEvent({ type: 'long', value: 2n ** 63n })).toThrow(/64-bit/);
    const items = Array.from({ length: 256 }, () => ({ type: 'int', value: 0 }) as const);
    expect(() => encodeAndroidEvent({ type: 'list', items })).toThrow(/256 items/);
  });
});
