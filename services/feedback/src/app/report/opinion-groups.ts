// Opinion groups as Polis finds them (issue #10 §6): a participants × articles stance matrix,
// projected onto 2 principal components, clustered with k-means (k from 2 to 5, chosen by
// silhouette, fixed seed); then each group's representative articles and the consensus articles.
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { kmeans } from 'ml-kmeans';
import type { ReportComment } from './report-input.model.js';

/**
 * A participant's stance on an article in the matrix: support +1, oppose −1, a suggested change or
 * a question 0 ("pass": seen, neither agree nor disagree), no comment 0 too but not "seen". Several
 * comments by one person on one article count by the sign of their sum.
 */
export interface StanceMatrix {
  participants: string[];
  articleIds: string[];
  /** Row-major, participants × articles. */
  values: Int8Array;
  /** 1 where the participant commented on the article (including a pass). */
  seen: Uint8Array;
}

/** Collects the matrix one comment at a time; hidden comments and whole-draft comments are left out. */
export class StanceMatrixBuilder {
  readonly #articles = new Map<string, number>();
  readonly #votes = new Map<string, Map<number, number>>();

  constructor(articleIds: readonly string[]) {
    for (const id of articleIds) this.#articles.set(id, this.#articles.size);
  }

  add(comment: ReportComment): void {
    if (comment.moderation.state === 'hidden' || comment.articleId === null) return;
    const column = this.#articles.get(comment.articleId);
    if (column === undefined) return;
    // Without a person key a comment is its own participant: it cannot be tied to anyone else's.
    const participant = comment.personKey ?? `comment:${comment.id}`;
    let row = this.#votes.get(participant);
    if (!row) this.#votes.set(participant, (row = new Map<number, number>()));
    const vote = comment.stance === 'support' ? 1 : comment.stance === 'oppose' ? -1 : 0;
    row.set(column, (row.get(column) ?? 0) + vote);
  }

  build(): StanceMatrix {
    const participants = [...this.#votes.keys()];
    const articleIds = [...this.#articles.keys()];
    const m = articleIds.length;
    const values = new Int8Array(participants.length * m);
    const seen = new Uint8Array(participants.length * m);
    participants.forEach((p, i) => {
      for (const [column, sum] of this.#votes.get(p)!) {
        values[i * m + column] = Math.sign(sum);
        seen[i * m + column] = 1;
      }
    });
    return { participants, articleIds, values, seen };
  }
}

export interface OpinionGroupOptions {
  /** Seed of k-means' starting centres: the same matrix always gives the same groups. */
  seed?: number;
  minK?: number;
  maxK?: number;
  /** Participants with fewer comments on articles are left out of the clustering. Default 1. */
  minVotes?: number;
  /** The silhouette is computed over at most this many points (an even stride), against all. */
  silhouetteSample?: number;
}

export interface ArticleRepness {
  articleId: string;
  direction: 'agree' | 'disagree';
  /** Smoothed share of the group agreeing (or disagreeing), (1 + n) / (2 + seen). */
  groupShare: number;
  restShare: number;
  /** z of the group's share against the rest's (one-sided, two proportions). */
  z: number;
}

export interface OpinionGroup {
  /** 0 is the largest group. */
  index: number;
  participants: string[];
  centroid: [number, number];
  representativeArticles: ArticleRepness[];
}

export interface ConsensusArticle {
  articleId: string;
  direction: 'agree' | 'disagree';
  /** The smallest of the groups' shares. */
  minShare: number;
}

export type OpinionGroupsResult =
  | {
      status: 'grouped';
      k: number;
      silhouette: number;
      /** Silhouette of every k tried. */
      tried: { k: number; silhouette: number }[];
      groups: OpinionGroup[];
      consensus: ConsensusArticle[];
      /** Each clustered participant's point on the first two components, in `participants` order. */
      projection: { participants: string[]; points: [number, number][] };
      leftOut: number;
    }
  | {
      /** Nothing to cluster: fewer than 2 participants, or everyone in the same place. */
      status: 'too_few_participants' | 'no_variation';
      participants: number;
      leftOut: number;
    };

/** One-sided z at 90% (Polis' `z-sig-90`). */
export const Z_90 = 1.2816;

/** Polis' proportion test: is the share above one half? (Counts smoothed by one.) */
export function propTest(successes: number, n: number): number {
  const s = successes + 1;
  const t = n + 1;
  return 2 * Math.sqrt(t) * (s / t - 0.5);
}

/** Polis' two-proportion test: is the group's share above the rest's? (Counts smoothed by one.) */
export function twoPropTest(succIn: number, succOut: number, nIn: number, nOut: number): number {
  const [s1, s2, n1, n2] = [succIn + 1, succOut + 1, nIn + 1, nOut + 1];
  const pooled = (s1 + s2) / (n1 + n2);
  if (pooled >= 1 || pooled <= 0) return 0;
  return (s1 / n1 - s2 / n2) / Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
}

export function findOpinionGroups(
  matrix: StanceMatrix,
  options: OpinionGroupOptions = {},
): OpinionGroupsResult {
  const { seed = 42, minK = 2, maxK = 5, minVotes = 1, silhouetteSample = 2_000 } = options;
  const m = matrix.articleIds.length;
  const rows: number[] = [];
  for (let i = 0; i < matrix.participants.length; i++) {
    let votes = 0;
    for (let j = 0; j < m; j++) votes += matrix.seen[i * m + j]!;
    if (votes >= minVotes && votes > 0) rows.push(i);
  }
  const leftOut = matrix.participants.length - rows.length;
  if (rows.length < 2)
    return { status: 'too_few_participants', participants: rows.length, leftOut };

  const points = project(matrix, rows);
  const distinct = new Set(points.map(([x, y]) => `${x.toFixed(9)},${y.toFixed(9)}`)).size;
  if (distinct < 2) return { status: 'no_variation', participants: rows.length, leftOut };

  const tried: { k: number; silhouette: number; clusters: number[] }[] = [];
  for (let k = minK; k <= Math.min(maxK, distinct); k++) {
    const result = kmeans(points, k, { seed, initialization: 'kmeans++', maxIterations: 300 });
    const sizes = new Array<number>(k).fill(0);
    for (const c of result.clusters) sizes[c]!++;
    if (sizes.some((s) => s === 0)) continue; // k-means left a centre empty: this k does not fit
    tried.push({
      k,
      silhouette: silhouette(points, result.clusters, k, silhouetteSample),
      clusters: result.clusters,
    });
  }
  // Ties go to the smaller k: fewer groups are easier to read.
  const best = tried.reduce<(typeof tried)[number] | undefined>(
    (b, t) => (b === undefined || t.silhouette > b.silhouette + 1e-12 ? t : b),
    undefined,
  );
  if (!best) return { status: 'no_variation', participants: rows.length, leftOut };

  const members = relabel(points, best.clusters, best.k);
  const groups: OpinionGroup[] = members.map((indices, index) => ({
    index,
    participants: indices.map((i) => matrix.participants[rows[i]!]!),
    centroid: centroid(points, indices),
    representativeArticles: [],
  }));
  const { representative, consensus } = repness(
    matrix,
    members.map((g) => g.map((i) => rows[i]!)),
  );
  groups.forEach((g, i) => (g.representativeArticles = representative[i]!));
  return {
    status: 'grouped',
    k: best.k,
    silhouette: best.silhouette,
    tried: tried.map(({ k, silhouette }) => ({ k, silhouette })),
    groups,
    consensus,
    projection: { participants: rows.map((r) => matrix.participants[r]!), points },
    leftOut,
  };
}

/** The rows' coordinates on the first two principal components (zero where there are fewer). */
function project(matrix: StanceMatrix, rows: number[]): [number, number][] {
  const m = matrix.articleIds.length;
  const n = rows.length;
  const means = new Float64Array(m);
  for (const r of rows) for (let j = 0; j < m; j++) means[j]! += matrix.values[r * m + j]!;
  for (let j = 0; j < m; j++) means[j]! /= n;
  // The covariance is m × m (articles), small next to the rows: built directly, then decomposed.
  const cov = new Float64Array(m * m);
  const centred = new Float64Array(m);
  for (const r of rows) {
    for (let j = 0; j < m; j++) centred[j] = matrix.values[r * m + j]! - means[j]!;
    for (let a = 0; a < m; a++) {
      const ca = centred[a]!;
      if (ca === 0) continue;
      for (let b = a; b < m; b++) cov[a * m + b]! += ca * centred[b]!;
    }
  }
  const covariance = new Matrix(m, m);
  for (let a = 0; a < m; a++)
    for (let b = a; b < m; b++) {
      const v = cov[a * m + b]! / Math.max(1, n - 1);
      covariance.set(a, b, v);
      covariance.set(b, a, v);
    }
  const evd = new EigenvalueDecomposition(covariance, { assumeSymmetric: true });
  const order = evd.realEigenvalues
    .map((value, index) => ({ value, index }))
    .sort((x, y) => y.value - x.value)
    .filter((e) => e.value > 1e-12)
    .slice(0, 2);
  const axes = order.map(({ index }) => {
    const v = evd.eigenvectorMatrix.getColumn(index);
    // An eigenvector's sign is arbitrary: fix it so the largest loading is positive.
    const largest = v.reduce((best, x) => (Math.abs(x) > Math.abs(best) ? x : best), 0);
    return largest < 0 ? v.map((x) => -x) : v;
  });
  return rows.map((r) => {
    const point: [number, number] = [0, 0];
    let votes = 0;
    for (let j = 0; j < m; j++) votes += matrix.seen[r * m + j]!;
    // As Polis does: someone who commented on few articles sits near the centre only because the
    // missing ones count as 0, so the point is scaled out by √(articles / articles commented on).
    const scale = Math.sqrt(m / Math.max(1, votes));
    axes.forEach((axis, c) => {
      let s = 0;
      for (let j = 0; j < m; j++) s += (matrix.values[r * m + j]! - means[j]!) * axis[j]!;
      point[c] = s * scale;
    });
    return point;
  });
}

/**
 * Mean silhouette (Euclidean) of up to `sample` points taken at an even stride, each measured
 * against every point: exact when there are no more points than that.
 */
export function silhouette(
  points: readonly [number, number][],
  clusters: readonly number[],
  k: number,
  sample = Infinity,
): number {
  const n = points.length;
  const sizes = new Array<number>(k).fill(0);
  for (const c of clusters) sizes[c]!++;
  // Flat typed arrays: this loop runs sample × n times for each k tried.
  const xs = Float64Array.from(points, (p) => p[0]);
  const ys = Float64Array.from(points, (p) => p[1]);
  const labels = Int32Array.from(clusters);
  const step = Math.max(1, n / Math.min(n, sample));
  const sums = new Float64Array(k);
  let total = 0;
  let measured = 0;
  for (let f = 0; f < n; f += step) {
    const i = Math.floor(f);
    const xi = xs[i]!;
    const yi = ys[i]!;
    sums.fill(0);
    for (let j = 0; j < n; j++) {
      const dx = xi - xs[j]!;
      const dy = yi - ys[j]!;
      sums[labels[j]!]! += Math.sqrt(dx * dx + dy * dy);
    }
    const own = labels[i]!;
    measured++;
    if (sizes[own]! <= 1) continue; // a point alone in its cluster scores 0
    const a = sums[own]! / (sizes[own]! - 1);
    let b = Infinity;
    for (let c = 0; c < k; c++)
      if (c !== own && sizes[c]! > 0) b = Math.min(b, sums[c]! / sizes[c]!);
    const denominator = Math.max(a, b);
    total += denominator > 0 ? (b - a) / denominator : 0;
  }
  return measured === 0 ? 0 : total / measured;
}

/** Groups as lists of point indices, largest first (then by centroid), so labels are stable. */
function relabel(
  points: readonly [number, number][],
  clusters: readonly number[],
  k: number,
): number[][] {
  const groups: number[][] = Array.from({ length: k }, () => []);
  clusters.forEach((c, i) => groups[c]!.push(i));
  return groups
    .filter((g) => g.length > 0)
    .map((g) => ({ g, c: centroid(points, g) }))
    .sort((a, b) => b.g.length - a.g.length || a.c[0] - b.c[0] || a.c[1] - b.c[1])
    .map(({ g }) => g);
}

function centroid(
  points: readonly [number, number][],
  indices: readonly number[],
): [number, number] {
  let x = 0;
  let y = 0;
  for (const i of indices) {
    x += points[i]![0];
    y += points[i]![1];
  }
  return [x / indices.length, y / indices.length];
}

/**
 * Polis' representativeness: an article represents a group when the group agrees (or disagrees)
 * more than the rest (two-proportion z) and more than half of it does (proportion z), both
 * one-sided at 90%. An article is consensus when more than half of every group agrees (or
 * disagrees), significant at 90% in each.
 */
function repness(
  matrix: StanceMatrix,
  groups: number[][],
): { representative: ArticleRepness[][]; consensus: ConsensusArticle[] } {
  const m = matrix.articleIds.length;
  const tally = (rows: number[]) => {
    const agree = new Uint32Array(m);
    const disagree = new Uint32Array(m);
    const seen = new Uint32Array(m);
    for (const r of rows)
      for (let j = 0; j < m; j++) {
        if (!matrix.seen[r * m + j]) continue;
        seen[j]!++;
        const v = matrix.values[r * m + j]!;
        if (v > 0) agree[j]!++;
        else if (v < 0) disagree[j]!++;
      }
    return { agree, disagree, seen };
  };
  const tallies = groups.map(tally);
  const all = tally(groups.flat());
  const representative = tallies.map((g) => {
    const found: ArticleRepness[] = [];
    for (let j = 0; j < m; j++) {
      const ns = g.seen[j]!;
      const restSeen = all.seen[j]! - ns;
      for (const direction of ['agree', 'disagree'] as const) {
        const n = direction === 'agree' ? g.agree[j]! : g.disagree[j]!;
        const rest = (direction === 'agree' ? all.agree[j]! : all.disagree[j]!) - n;
        const z = twoPropTest(n, rest, ns, restSeen);
        if (z > Z_90 && propTest(n, ns) > Z_90)
          found.push({
            articleId: matrix.articleIds[j]!,
            direction,
            groupShare: (1 + n) / (2 + ns),
            restShare: (1 + rest) / (2 + restSeen),
            z,
          });
      }
    }
    return found.sort((a, b) => b.z - a.z);
  });
  const consensus: ConsensusArticle[] = [];
  for (let j = 0; j < m; j++)
    for (const direction of ['agree', 'disagree'] as const) {
      const counts = tallies.map((g) => ({
        n: direction === 'agree' ? g.agree[j]! : g.disagree[j]!,
        seen: g.seen[j]!,
      }));
      if (counts.every(({ n, seen }) => propTest(n, seen) > Z_90))
        consensus.push({
          articleId: matrix.articleIds[j]!,
          direction,
          minShare: Math.min(...counts.map(({ n, seen }) => (1 + n) / (2 + seen))),
        });
    }
  return { representative, consensus };
}
