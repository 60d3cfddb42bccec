import { describe, expect, it } from 'vitest';
import { FixtureRandom } from './campaign.fixtures.js';
import {
  bandKeys,
  candidateProbability,
  decodeSignature,
  DEFAULT_MINHASH,
  encodeSignature,
  estimatedSimilarity,
  minhashSignature,
  shingleHashes,
} from './minhash.js';

const syllables = (text: string) => text.split(' ');

describe('MinHash signatures', () => {
  it('are the same on every run and every machine (persisted signatures depend on it)', () => {
    const signature = minhashSignature(shingleHashes(syllables('toi de nghi giu nguyen'), 2), 8);
    expect(Array.from(signature ?? [])).toMatchInlineSnapshot(`
      [
        65728567,
        66400210,
        2155102418,
        727954095,
        944040647,
        932549195,
        561511825,
        972693567,
      ]
    `);
  });

  it('estimate Jaccard similarity within the sampling error of the number of hashes', () => {
    const r = new FixtureRandom(5);
    const n = 512;
    for (const target of [0.1, 0.3, 0.5, 0.8]) {
      // Two sets of 200 distinct elements sharing `shared`: Jaccard = shared / (400 - shared).
      const shared = Math.round((400 * target) / (1 + target));
      const base = Array.from({ length: 400 - shared }, (_, i) => `w${r.int(0, 1e9)}x${i}`);
      const a = base.slice(0, 200);
      const b = [...base.slice(0, shared), ...base.slice(200)];
      const truth = shared / (400 - shared);
      const sa = minhashSignature(shingleHashes(a, 1), n);
      const sb = minhashSignature(shingleHashes(b, 1), n);
      const sd = Math.sqrt((truth * (1 - truth)) / n);
      expect(Math.abs(estimatedSimilarity(sa!, sb!) - truth)).toBeLessThan(4 * sd);
    }
  });

  it('gives identical texts similarity 1, and an empty text no signature', () => {
    const a = minhashSignature(shingleHashes(syllables('mot hai ba bon'), 2), 96)!;
    const b = minhashSignature(shingleHashes(syllables('mot hai ba bon'), 2), 96)!;
    expect(estimatedSimilarity(a, b)).toBe(1);
    expect(minhashSignature(shingleHashes([], 2), 96)).toBeNull();
    // Shorter than a shingle: one shingle of what there is.
    expect(shingleHashes(['mot'], 2)).toHaveLength(1);
    // Syllable order counts within a shingle.
    expect(shingleHashes(['a', 'b'], 2)).not.toEqual(shingleHashes(['b', 'a'], 2));
  });

  it('round-trips through storage and bands equal signatures into equal buckets', () => {
    const s = minhashSignature(shingleHashes(syllables('mot hai ba bon nam sau'), 2), 96)!;
    expect(decodeSignature(encodeSignature(s))).toEqual(s);
    const keys = bandKeys(s, 48);
    expect(keys).toHaveLength(48);
    expect(new Set(keys).size).toBe(48);
    expect(bandKeys(decodeSignature(encodeSignature(s)), 48)).toEqual(keys);
    // Different signatures land in different buckets of a band.
    const t = minhashSignature(shingleHashes(syllables('bay tam chin muoi'), 2), 96)!;
    expect(bandKeys(t, 48).filter((k) => keys.includes(k))).toEqual([]);
  });

  it('makes copies at Jaccard 0.3 candidates almost always with the default bands', () => {
    expect(candidateProbability(0.3, DEFAULT_MINHASH)).toBeGreaterThan(0.94);
    expect(candidateProbability(0.5, DEFAULT_MINHASH)).toBeGreaterThan(0.9998);
    expect(candidateProbability(0.05, DEFAULT_MINHASH)).toBeLessThan(0.08);
  });
});
