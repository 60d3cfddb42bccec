import xxhash from 'xxhash-wasm';

/**
 * MinHash over syllable shingles, with LSH banding. Hand-written on xxhash because the npm MinHash
 * packages do not fit: `bloom-filters` draws its hash functions from `Math.random` (signatures
 * stored by one process cannot be compared with the next one's) and loses precision in
 * `(a·x + b) % c` on doubles; `minhash` is a 2016 prototype. What is here is small: one seeded
 * xxhash32 per syllable, shingles chained from those, then `hashes` bijective mixes of each
 * shingle (murmur3's finaliser over the hash XOR a per-function seed): that is what makes
 * signatures fast enough to group at intake rate.
 */
const xxhash32 = await xxhash();

export interface MinHashParams {
  /** Syllables per shingle. */
  shingle: number;
  /** Hash functions in a signature: `bands × rows`. */
  hashes: number;
  /** LSH bands: two texts become candidates when all rows of one band agree. */
  bands: number;
}

/**
 * Chosen by measurement on messy campaign copies (README, `duplicates.quality.unit.spec.ts`):
 * 2-syllable shingles keep most of a copy after a few words change (copies of one template are
 * at Jaccard 0.3-0.9 with one another, different comments mostly below 0.25); 32 bands of 2 rows
 * make a pair at Jaccard 0.3 a candidate with p ≈ 0.95 (and a group has several exemplars), at
 * 0.1 with p ≈ 0.28; the verification step then decides. 64 hashes rather than 96 or 128: the
 * same precision and recall on the planted consultations, a third less work and fewer buckets.
 */
export const DEFAULT_MINHASH: MinHashParams = { shingle: 2, hashes: 64, bands: 32 };

/** Seeds of the hash family; persisted signatures depend on them, never change them in place. */
const SHINGLE_SEED = 0x5eed_f00d;
const MASTER_SEED = 0x9e37_79b9;

function fmix32(value: number): number {
  let h = value;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85eb_ca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2_ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

const seedCache = new Map<number, Uint32Array>();

/** The per-function seeds: a fixed sequence, so every process computes the same signatures. */
function seeds(count: number): Uint32Array {
  let cached = seedCache.get(count);
  if (!cached) {
    cached = new Uint32Array(count);
    for (let i = 0; i < count; i++)
      cached[i] = fmix32((MASTER_SEED + Math.imul(i + 1, 0x6d2b_79f5)) | 0);
    seedCache.set(count, cached);
  }
  return cached;
}

// Syllable hashes, memoised: Vietnamese has a few thousand syllables in use, and a map lookup is
// cheaper than a WASM call. Bounded: cleared when it grows past this many entries.
const SYLLABLE_CACHE_LIMIT = 200_000;
const syllableCache = new Map<string, number>();

function syllableHash(syllable: string): number {
  let h = syllableCache.get(syllable);
  if (h === undefined) {
    if (syllableCache.size >= SYLLABLE_CACHE_LIMIT) syllableCache.clear();
    h = xxhash32.h32(syllable, SHINGLE_SEED);
    syllableCache.set(syllable, h);
  }
  return h;
}

/**
 * Hashes of the shingles of `k` consecutive syllables (a text shorter than `k` is one shingle):
 * each syllable's xxhash32, chained through murmur3's finaliser, so the order of syllables counts.
 */
export function shingleHashes(syllables: readonly string[], k: number): Uint32Array {
  if (syllables.length === 0) return new Uint32Array(0);
  const hashes = syllables.map(syllableHash);
  const count = Math.max(1, hashes.length - k + 1);
  const out = new Uint32Array(count);
  for (let i = 0; i < count; i++) {
    let h = k;
    for (let j = i; j < Math.min(i + k, hashes.length); j++) {
      h = fmix32((Math.imul(h, 0x9e37_79b1) ^ (hashes[j] as number)) >>> 0);
    }
    out[i] = h;
  }
  return out;
}

/** A MinHash signature, or null for a text with no syllables (it only groups by exact key). */
export function minhashSignature(shingles: Uint32Array, hashes: number): Uint32Array | null {
  if (shingles.length === 0) return null;
  const s = seeds(hashes);
  const signature = new Uint32Array(hashes).fill(0xffff_ffff);
  for (const x of shingles) {
    for (let i = 0; i < hashes; i++) {
      const v = fmix32(x ^ (s[i] as number));
      if (v < (signature[i] as number)) signature[i] = v;
    }
  }
  return signature;
}

/** Estimated Jaccard similarity: the share of hash functions whose minimums agree. */
export function estimatedSimilarity(a: Uint32Array, b: Uint32Array): number {
  const n = Math.min(a.length, b.length);
  if (n === 0) return 0;
  let same = 0;
  for (let i = 0; i < n; i++) if (a[i] === b[i]) same++;
  return same / n;
}

/** A signature as stored: its 32-bit values little-endian, base64. */
export function encodeSignature(signature: Uint32Array): string {
  return signatureBytes(signature).toString('base64');
}

export function decodeSignature(encoded: string): Uint32Array {
  const bytes = Buffer.from(encoded, 'base64');
  const out = new Uint32Array(bytes.length >>> 2);
  for (let i = 0; i < out.length; i++) out[i] = bytes.readUInt32LE(i * 4);
  return out;
}

function signatureBytes(signature: Uint32Array): Buffer {
  const bytes = Buffer.alloc(signature.length * 4);
  for (let i = 0; i < signature.length; i++) bytes.writeUInt32LE(signature[i] as number, i * 4);
  return bytes;
}

/**
 * The LSH band keys of a signature: `<band>:<its rows in base 36>`. The rows themselves, not a
 * hash of them: no two bands can share a bucket by accident, and it is cheaper than hashing.
 */
export function bandKeys(signature: Uint32Array, bands: number): string[] {
  const rows = Math.floor(signature.length / bands);
  const keys: string[] = [];
  for (let b = 0; b < bands; b++) {
    let key = b.toString(36);
    for (let r = b * rows; r < (b + 1) * rows; r++)
      key += `:${(signature[r] as number).toString(36)}`;
    keys.push(key);
  }
  return keys;
}

/** Probability that two texts at Jaccard `s` share at least one band. */
export function candidateProbability(s: number, params: MinHashParams): number {
  const rows = params.hashes / params.bands;
  return 1 - (1 - s ** rows) ** params.bands;
}
