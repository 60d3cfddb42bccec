import { describe, expect, it } from 'vitest';
import {
  findOpinionGroups,
  propTest,
  silhouette,
  StanceMatrixBuilder,
  twoPropTest,
  type StanceMatrix,
} from './opinion-groups.js';
import { reportComment, seededRandom } from './report.fixtures.js';
import type { Stance } from './report-input.model.js';

/** Adjusted Rand index (Hubert and Arabie): 1 for identical partitions, about 0 for chance. */
function adjustedRand(a: readonly number[], b: readonly number[]): number {
  const pairs = (x: number) => (x * (x - 1)) / 2;
  const table = new Map<string, number>();
  const rowsA = new Map<number, number>();
  const colsB = new Map<number, number>();
  a.forEach((x, i) => {
    const y = b[i]!;
    table.set(`${x},${y}`, (table.get(`${x},${y}`) ?? 0) + 1);
    rowsA.set(x, (rowsA.get(x) ?? 0) + 1);
    colsB.set(y, (colsB.get(y) ?? 0) + 1);
  });
  const index = [...table.values()].reduce((s, n) => s + pairs(n), 0);
  const sumA = [...rowsA.values()].reduce((s, n) => s + pairs(n), 0);
  const sumB = [...colsB.values()].reduce((s, n) => s + pairs(n), 0);
  const expected = (sumA * sumB) / pairs(a.length);
  const max = (sumA + sumB) / 2;
  return max === expected ? 1 : (index - expected) / (max - expected);
}

const ARTICLES = Array.from({ length: 20 }, (_, i) => `a${i}`);

interface Noise {
  /** Share of planted votes flipped. */
  flip: number;
  /** Share of planted votes left out. */
  missing: number;
  /** Chance of a random vote on each article outside the group's own. */
  stray: number;
}

/**
 * Three planted groups of 120 participants. Everyone supports a0 (consensus). Group g supports
 * articles 1+6g..3+6g and opposes 4+6g..6+6g; on other articles a participant says nothing, or
 * now and then passes or votes at random.
 */
function planted(
  seed = 7,
  noise: Noise = { flip: 0.1, missing: 0.2, stray: 0.1 },
): { matrix: StanceMatrix; truth: Map<string, number> } {
  const next = seededRandom(seed);
  const builder = new StanceMatrixBuilder(ARTICLES);
  const truth = new Map<string, number>();
  const vote = (person: string, article: string, stance: Stance) =>
    builder.add(reportComment({ personKey: person, articleId: article, stance }));
  for (let g = 0; g < 3; g++)
    for (let p = 0; p < 120; p++) {
      const person = `g${g}-p${p}`;
      truth.set(person, g);
      vote(person, 'a0', next() < 0.9 ? 'support' : 'question');
      for (let j = 1; j < ARTICLES.length; j++) {
        const offset = j - 1 - 6 * g;
        const planted = offset >= 0 && offset < 6 ? (offset < 3 ? 'support' : 'oppose') : null;
        if (planted) {
          if (next() < noise.missing) continue;
          const flipped = next() < noise.flip;
          vote(
            person,
            ARTICLES[j]!,
            flipped ? (planted === 'support' ? 'oppose' : 'support') : planted,
          );
        } else if (next() < noise.stray) {
          vote(
            person,
            ARTICLES[j]!,
            (['support', 'oppose', 'question'] as const)[Math.floor(next() * 3)]!,
          );
        }
      }
    }
  return { matrix: builder.build(), truth };
}

/** Clusters the planted matrix and scores the groups found against the planted ones. */
function clustered(matrix: StanceMatrix, truth: Map<string, number>) {
  const result = findOpinionGroups(matrix, { seed: 1 });
  if (result.status !== 'grouped') throw new Error(`not grouped: ${result.status}`);
  const found = new Map<string, number>();
  for (const g of result.groups) for (const p of g.participants) found.set(p, g.index);
  const people = [...truth.keys()];
  const ari = adjustedRand(
    people.map((p) => truth.get(p)!),
    people.map((p) => found.get(p)!),
  );
  return { result, ari };
}

describe('findOpinionGroups', () => {
  it('recovers planted groups (adjusted Rand index ≥ 0.9) with their representative and consensus articles', () => {
    const { matrix, truth } = planted();
    const { result, ari } = clustered(matrix, truth);
    expect(result.k).toBe(3);
    console.log(`adjusted Rand index: ${ari.toFixed(3)}`);
    expect(ari).toBeGreaterThanOrEqual(0.9);
    for (const group of result.groups) {
      // The planted group this one mostly holds.
      const counts = [0, 0, 0];
      for (const p of group.participants) counts[truth.get(p)!]!++;
      const g = counts.indexOf(Math.max(...counts));
      const agree = group.representativeArticles
        .filter((r) => r.direction === 'agree')
        .map((r) => r.articleId);
      const disagree = group.representativeArticles
        .filter((r) => r.direction === 'disagree')
        .map((r) => r.articleId);
      expect(agree).toEqual(expect.arrayContaining([1, 2, 3].map((j) => `a${j + 6 * g}`)));
      expect(disagree).toEqual(expect.arrayContaining([4, 5, 6].map((j) => `a${j + 6 * g}`)));
      expect(agree).not.toContain('a0');
    }
    expect(result.consensus).toEqual([
      expect.objectContaining({ articleId: 'a0', direction: 'agree' }),
    ]);
  });

  it('still finds the three groups in noisier data (15% flipped, 25% missing, 15% stray)', () => {
    const { matrix, truth } = planted(7, { flip: 0.15, missing: 0.25, stray: 0.15 });
    const { result, ari } = clustered(matrix, truth);
    expect(result.k).toBe(3);
    console.log(`adjusted Rand index at heavier noise: ${ari.toFixed(3)}`);
    expect(ari).toBeGreaterThanOrEqual(0.8);
  });

  it('gives the same groups for the same seed', () => {
    const { matrix } = planted(11);
    expect(findOpinionGroups(matrix, { seed: 3 })).toEqual(findOpinionGroups(matrix, { seed: 3 }));
  });

  it('says there are too few participants instead of clustering none or one', () => {
    expect(findOpinionGroups(new StanceMatrixBuilder(ARTICLES).build())).toEqual({
      status: 'too_few_participants',
      participants: 0,
      leftOut: 0,
    });
    const one = new StanceMatrixBuilder(ARTICLES);
    one.add(reportComment({ personKey: 'only', articleId: 'a1', stance: 'support' }));
    one.add(reportComment({ personKey: 'only', articleId: 'a2', stance: 'oppose' }));
    expect(findOpinionGroups(one.build())).toMatchObject({
      status: 'too_few_participants',
      participants: 1,
    });
  });

  it('says there is no variation when everyone stands in the same place (an all-zero matrix)', () => {
    const builder = new StanceMatrixBuilder(ARTICLES);
    for (let p = 0; p < 50; p++)
      builder.add(reportComment({ personKey: `p${p}`, articleId: 'a3', stance: 'question' }));
    expect(findOpinionGroups(builder.build())).toEqual({
      status: 'no_variation',
      participants: 50,
      leftOut: 0,
    });
  });

  it('splits supporters from opponents of a single article', () => {
    const builder = new StanceMatrixBuilder(['only']);
    for (let p = 0; p < 30; p++)
      builder.add(
        reportComment({
          personKey: `p${p}`,
          articleId: 'only',
          stance: p < 20 ? 'support' : 'oppose',
        }),
      );
    const result = findOpinionGroups(builder.build());
    if (result.status !== 'grouped') throw new Error(result.status);
    expect(result.k).toBe(2);
    expect(result.groups.map((g) => g.participants.length)).toEqual([20, 10]);
    expect(result.groups[0]!.representativeArticles).toEqual([
      expect.objectContaining({ articleId: 'only', direction: 'agree' }),
    ]);
    expect(result.groups[1]!.representativeArticles).toEqual([
      expect.objectContaining({ articleId: 'only', direction: 'disagree' }),
    ]);
    expect(result.consensus).toEqual([]);
  });

  it('leaves out hidden comments, whole-draft comments, unknown articles and light voters', () => {
    const builder = new StanceMatrixBuilder(['a1', 'a2']);
    builder.add(
      reportComment({
        personKey: 'x',
        articleId: 'a1',
        moderation: { state: 'hidden', reason: 'spam' },
      }),
    );
    builder.add(reportComment({ personKey: 'y', articleId: null }));
    builder.add(reportComment({ personKey: 'z', articleId: 'elsewhere' }));
    builder.add(reportComment({ personKey: 'w', articleId: 'a1', stance: 'support' }));
    builder.add(reportComment({ personKey: 'w', articleId: 'a1', stance: 'support' }));
    builder.add(reportComment({ personKey: 'w', articleId: 'a1', stance: 'oppose' }));
    builder.add(reportComment({ personKey: null, id: 'anon', articleId: 'a2', stance: 'oppose' }));
    const matrix = builder.build();
    expect(matrix.participants).toEqual(['w', 'comment:anon']);
    expect([...matrix.values]).toEqual([1, 0, 0, -1]);
    expect([...matrix.seen]).toEqual([1, 0, 0, 1]);
    expect(findOpinionGroups(matrix, { minVotes: 2 })).toMatchObject({
      status: 'too_few_participants',
      leftOut: 2,
    });
  });
});

describe('Polis statistics', () => {
  it('matches the proportion tests at hand-computed values', () => {
    // 9 of 10 agree: 2·√11·(10/11 − 0.5) ≈ 2.7136.
    expect(propTest(9, 10)).toBeCloseTo(2.7136, 3);
    expect(propTest(0, 0)).toBe(1); // smoothed: 2·√1·(1 − 0.5)
    // Same share inside and outside: no difference.
    expect(twoPropTest(4, 9, 9, 19)).toBeCloseTo(0, 9);
    expect(twoPropTest(9, 1, 10, 10)).toBeGreaterThan(3);
    expect(twoPropTest(10, 10, 10, 10)).toBe(0);
  });

  it('computes the silhouette exactly for small sets', () => {
    const points: [number, number][] = [
      [0, 0],
      [0, 1],
      [10, 0],
      [10, 1],
    ];
    // a = 1, b = mean(10, √101) for every point.
    const b = (10 + Math.sqrt(101)) / 2;
    expect(silhouette(points, [0, 0, 1, 1], 2)).toBeCloseTo((b - 1) / b, 9);
    expect(silhouette(points, [0, 0, 1, 1], 2, 2)).toBeCloseTo((b - 1) / b, 9);
  });
});
