import { randomBytes } from 'node:crypto';

let lastMs = 0;
let seq = 0;

// Random bytes come from a pool refilled 4 KiB at a time, as crypto.randomUUID does: one call to
// the system's generator per ~200 ids instead of two per id (an id per request and per call).
const POOL_BYTES = 4096;
let pool = Buffer.alloc(0);
let poolOffset = 0;

/** `n` fresh random bytes, never handed out twice. */
function randomFromPool(n: number): Buffer {
  if (poolOffset + n > pool.length) {
    pool = randomBytes(POOL_BYTES);
    poolOffset = 0;
  }
  const bytes = pool.subarray(poolOffset, poolOffset + n);
  poolOffset += n;
  return bytes;
}

/**
 * A UUIDv7 (RFC 9562): 48-bit Unix ms timestamp, then random bits. Within one millisecond a 12-bit
 * counter in `rand_a` keeps ids from one process strictly increasing, so they sort by creation.
 */
export function uuidv7(now: number = Date.now()): string {
  if (now > lastMs) {
    lastMs = now;
    seq = randomFromPool(2).readUInt16BE(0) & 0x3ff; // leave headroom before the counter overflows
  } else {
    seq += 1;
    if (seq > 0xfff) {
      // Counter exhausted: borrow the next millisecond rather than repeat or go backwards.
      lastMs += 1;
      seq = 0;
    }
  }
  const bytes = randomFromPool(16);
  // 48-bit big-endian milliseconds; plain arithmetic, since 2^48 fits in a double exactly.
  const high = Math.floor(lastMs / 2 ** 16);
  bytes.writeUInt32BE(high >>> 0, 0);
  bytes.writeUInt16BE(lastMs % 2 ** 16, 4);
  bytes[6] = 0x70 | ((seq >> 8) & 0x0f);
  bytes[7] = seq & 0xff;
  bytes[8] = 0x80 | ((bytes[8] ?? 0) & 0x3f);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

export function isUuidV7(value: string): boolean {
  return UUID_V7.test(value);
}

/** Time and ids are injected into use cases, so tests control them without fake timers. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
