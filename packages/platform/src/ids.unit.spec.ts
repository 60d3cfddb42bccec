import { randomUUID } from 'node:crypto';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type * as idsModule from './ids.js';

const FORMAT = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** ids.ts keeps its last timestamp and counter in module state: each test gets a fresh copy. */
let ids: typeof idsModule;
beforeEach(async () => {
  vi.resetModules();
  ids = await import('./ids.js');
});

function hexOf(id: string): string {
  return id.replaceAll('-', '');
}

function timestampOf(id: string): number {
  return Number.parseInt(hexOf(id).slice(0, 12), 16);
}

function counterOf(id: string): number {
  return Number.parseInt(hexOf(id).slice(13, 16), 16);
}

describe('uuidv7', () => {
  it('never repeats random bits across refills of its random pool', () => {
    // 50,000 ids take their random bytes from ~220 refills of the 4 KiB pool.
    const randomParts = new Set<string>();
    for (let i = 0; i < 50_000; i++)
      randomParts.add(hexOf(ids.uuidv7(1_700_000_000_000 + i)).slice(16));
    expect(randomParts.size).toBe(50_000);
  });

  it('has the canonical format, version 7 and the RFC 9562 variant', () => {
    for (let i = 0; i < 1000; i++) {
      const id = ids.uuidv7();
      expect(id).toMatch(FORMAT);
      const hex = hexOf(id);
      expect(hex[12]).toBe('7'); // version nibble
      expect(Number.parseInt(hex.slice(16, 18), 16) & 0xc0).toBe(0x80); // variant 10xx
      expect(ids.isUuidV7(id)).toBe(true);
    }
  });

  it('encodes the given millisecond timestamp in the first 48 bits', () => {
    const ms = 0x0123456789ab;
    const id = ids.uuidv7(ms);
    expect(id.startsWith('01234567-89ab-7')).toBe(true);
    expect(timestampOf(id)).toBe(ms);

    const now = Date.now();
    const later = ids.uuidv7(now);
    expect(timestampOf(later)).toBe(now);
    expect(new Date(timestampOf(later)).toISOString()).toBe(new Date(now).toISOString());
  });

  it('is strictly increasing across 10k calls within the same millisecond', () => {
    const ms = Date.now();
    const generated = Array.from({ length: 10_000 }, () => ids.uuidv7(ms));
    for (let i = 1; i < generated.length; i++) {
      const previous = generated[i - 1] ?? '';
      const current = generated[i] ?? '';
      if (!(current > previous)) {
        throw new Error(`id ${i} ${current} does not sort after id ${i - 1} ${previous}`);
      }
    }
    expect(new Set(generated).size).toBe(generated.length);
    // The first id carries the requested millisecond; overflowing the 12-bit counter borrows
    // following milliseconds rather than repeating or going backwards.
    expect(timestampOf(generated[0] ?? '')).toBe(ms);
    for (const id of generated) expect(timestampOf(id)).toBeGreaterThanOrEqual(ms);
    expect(ids.isUuidV7(generated.at(-1) ?? '')).toBe(true);
  });

  it('counts up within a millisecond and restarts the counter low in a new one', () => {
    const ms = 1_700_000_000_000;
    const first = ids.uuidv7(ms);
    const second = ids.uuidv7(ms);
    expect(timestampOf(second)).toBe(ms);
    expect(counterOf(second)).toBe(counterOf(first) + 1);

    const next = ids.uuidv7(ms + 1);
    expect(timestampOf(next)).toBe(ms + 1);
    expect(counterOf(next)).toBeLessThanOrEqual(0x3ff);
    expect(next > second).toBe(true);
  });

  it('does not go backwards when the clock does', () => {
    const ms = 1_700_000_000_000;
    const before = ids.uuidv7(ms);
    const after = ids.uuidv7(ms - 5000);
    expect(after > before).toBe(true);
  });

  it('sorts ids from later milliseconds after earlier ones', () => {
    const a = ids.uuidv7(1_700_000_000_000);
    const b = ids.uuidv7(1_700_000_000_001);
    const c = ids.uuidv7(1_800_000_000_000);
    expect([c, a, b].sort()).toEqual([a, b, c]);
  });

  it('differs in its random tail between ids of the same millisecond', () => {
    const ms = Date.now();
    const tails = new Set(Array.from({ length: 100 }, () => hexOf(ids.uuidv7(ms)).slice(16)));
    expect(tails.size).toBe(100);
  });
});

describe('isUuidV7', () => {
  it('accepts a v7 id', () => {
    expect(ids.isUuidV7('01890a5d-ac96-774b-bcce-b302099a8057')).toBe(true);
  });

  it('rejects a v4 id', () => {
    expect(ids.isUuidV7(randomUUID())).toBe(false);
    expect(ids.isUuidV7('01890a5d-ac96-474b-bcce-b302099a8057')).toBe(false);
  });

  it.each([
    ['empty', ''],
    ['garbage', 'not-a-uuid'],
    ['wrong variant', '01890a5d-ac96-774b-7cce-b302099a8057'],
    ['upper case', '01890A5D-AC96-774B-BCCE-B302099A8057'],
    ['no dashes', '01890a5dac96774bbcceb302099a8057'],
    ['braces', '{01890a5d-ac96-774b-bcce-b302099a8057}'],
    ['too long', '01890a5d-ac96-774b-bcce-b302099a80570'],
    ['trailing newline', '01890a5d-ac96-774b-bcce-b302099a8057\n'],
    ['nil uuid', '00000000-0000-0000-0000-000000000000'],
  ])('rejects %s', (_case, value) => {
    expect(ids.isUuidV7(value)).toBe(false);
  });
});

describe('systemClock', () => {
  it('tells the current time', () => {
    const before = Date.now();
    const now = ids.systemClock.now().getTime();
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(Date.now());
  });
});
