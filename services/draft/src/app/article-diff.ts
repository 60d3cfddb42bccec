import type { Article, DraftContent } from './draft.model.js';

export interface TextDiffPart {
  op: 'equal' | 'insert' | 'delete';
  text: string;
}

export interface ArticleChange {
  articleId: string;
  /** The article's number in the newer version, or in the older one when it was removed. */
  number: string;
  chapterId: string;
  change: 'added' | 'removed' | 'changed';
  /** For changed articles: a word-level diff of the article's text in the requested language. */
  textDiff: TextDiffPart[];
  /** The word diff did not fit the request's budget: `textDiff` replaces the whole text. */
  coarse: boolean;
}

/**
 * How many cells of word-diff tables (tokens of one side × tokens of the other, after the common
 * start and end are trimmed) one request may fill across all its articles. An article whose table
 * would not fit what is left is shown as replaced whole, and marked coarse.
 */
export class DiffBudget {
  #remaining: number;
  constructor(cells: number) {
    this.#remaining = cells;
  }
  /** Takes `cells` if they fit, and says whether they did. */
  take(cells: number): boolean {
    if (cells > this.#remaining) return false;
    this.#remaining -= cells;
    return true;
  }
  get remaining(): number {
    return this.#remaining;
  }
}

/** What `textDiff` allows one pair of texts when no request budget is given: 4,000 × 4,000. */
const SINGLE_DIFF_CELLS = 16_000_000;

interface Located {
  article: Article;
  chapterId: string;
}

function articlesById(content: DraftContent): Map<string, Located> {
  const map = new Map<string, Located>();
  for (const chapter of content.chapters)
    for (const article of chapter.articles) map.set(article.id, { article, chapterId: chapter.id });
  return map;
}

/** The article as one text: number and title, then each clause on its own line. */
export function articleText(article: Article, language: string): string {
  const title = article.title[language] ?? '';
  const lines = [`${article.number}. ${title}`.trim()];
  for (const clause of article.clauses)
    lines.push(`${clause.number}. ${clause.text[language] ?? ''}`.trim());
  return lines.join('\n');
}

function tokens(text: string): string[] {
  // Words and the whitespace between them, so the parts join back into the exact text.
  return text.split(/(\s+)/).filter((t) => t.length > 0);
}

function merge(parts: TextDiffPart[]): TextDiffPart[] {
  const out: TextDiffPart[] = [];
  for (const part of parts) {
    const last = out.at(-1);
    if (last && last.op === part.op) last.text += part.text;
    else out.push({ ...part });
  }
  return out;
}

/** A word-level diff (longest common subsequence); joining equal+delete gives `a`, equal+insert `b`. */
export function textDiff(a: string, b: string): TextDiffPart[] {
  return wordDiff(a, b, new DiffBudget(SINGLE_DIFF_CELLS)).parts;
}

/** As `textDiff`, within `budget`; beyond it the changed middle is replaced whole (`coarse`). */
export function wordDiff(
  a: string,
  b: string,
  budget: DiffBudget,
): { parts: TextDiffPart[]; coarse: boolean } {
  if (a === b) return { parts: a ? [{ op: 'equal', text: a }] : [], coarse: false };
  const x = tokens(a);
  const y = tokens(b);
  // Trim the common prefix and suffix first: edits are usually local.
  let start = 0;
  while (start < x.length && start < y.length && x[start] === y[start]) start++;
  let endX = x.length;
  let endY = y.length;
  while (endX > start && endY > start && x[endX - 1] === y[endY - 1]) {
    endX--;
    endY--;
  }
  const head: TextDiffPart[] = start > 0 ? [{ op: 'equal', text: x.slice(0, start).join('') }] : [];
  const tail: TextDiffPart[] =
    endX < x.length ? [{ op: 'equal', text: x.slice(endX).join('') }] : [];
  const xs = x.slice(start, endX);
  const ys = y.slice(start, endY);
  if (xs.length > 0 && ys.length > 0 && !budget.take(xs.length * ys.length)) {
    return {
      parts: merge([
        ...head,
        { op: 'delete', text: xs.join('') },
        { op: 'insert', text: ys.join('') },
        ...tail,
      ]),
      coarse: true,
    };
  }
  // lcs[i][j] = LCS length of xs[i..] and ys[j..], in one flat array.
  const w = ys.length + 1;
  const lcs = new Uint32Array((xs.length + 1) * w);
  for (let i = xs.length - 1; i >= 0; i--)
    for (let j = ys.length - 1; j >= 0; j--)
      lcs[i * w + j] =
        xs[i] === ys[j]
          ? (lcs[(i + 1) * w + j + 1] ?? 0) + 1
          : Math.max(lcs[(i + 1) * w + j] ?? 0, lcs[i * w + j + 1] ?? 0);
  const middle: TextDiffPart[] = [];
  let i = 0;
  let j = 0;
  while (i < xs.length && j < ys.length) {
    if (xs[i] === ys[j]) {
      middle.push({ op: 'equal', text: xs[i] ?? '' });
      i++;
      j++;
    } else if ((lcs[(i + 1) * w + j] ?? 0) >= (lcs[i * w + j + 1] ?? 0)) {
      middle.push({ op: 'delete', text: xs[i] ?? '' });
      i++;
    } else {
      middle.push({ op: 'insert', text: ys[j] ?? '' });
      j++;
    }
  }
  while (i < xs.length) middle.push({ op: 'delete', text: xs[i++] ?? '' });
  while (j < ys.length) middle.push({ op: 'insert', text: ys[j++] ?? '' });
  return { parts: merge([...head, ...middle, ...tail]), coarse: false };
}

/**
 * Article-level differences between two versions, in `language` (falling back to nothing where a
 * translation is missing). Articles are matched by their stable id, so a renumbered article is
 * "changed", not "removed and added". Order: the newer version's article order, then removals.
 * Word diffs share `budget`; articles beyond it are replaced whole and marked coarse.
 */
export function diffContent(
  older: DraftContent,
  newer: DraftContent,
  language: string,
  budget: DiffBudget = new DiffBudget(SINGLE_DIFF_CELLS),
): ArticleChange[] {
  const before = articlesById(older);
  const after = articlesById(newer);
  const changes: ArticleChange[] = [];
  for (const [id, { article, chapterId }] of after) {
    const previous = before.get(id);
    if (!previous) {
      changes.push({
        articleId: id,
        number: article.number,
        chapterId,
        change: 'added',
        textDiff: [],
        coarse: false,
      });
      continue;
    }
    const oldText = articleText(previous.article, language);
    const newText = articleText(article, language);
    const moved = previous.chapterId !== chapterId;
    const clauseIds = (a: Article) => a.clauses.map((c) => c.id).join(',');
    if (oldText !== newText || moved || clauseIds(previous.article) !== clauseIds(article)) {
      const { parts, coarse } = wordDiff(oldText, newText, budget);
      changes.push({
        articleId: id,
        number: article.number,
        chapterId,
        change: 'changed',
        textDiff: parts,
        coarse,
      });
    }
  }
  for (const [id, { article, chapterId }] of before) {
    if (!after.has(id))
      changes.push({
        articleId: id,
        number: article.number,
        chapterId,
        change: 'removed',
        textDiff: [],
        coarse: false,
      });
  }
  return changes;
}
