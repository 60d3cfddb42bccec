import { InvalidArgumentError, type FieldViolation } from '@pcn/platform';
import type { FeedbackInput } from './feedback-input.js';
import type { DraftInfo } from './feedback.model.js';

/**
 * People cite a draft by its code and an article by its printed number (`GY QD-2026-01 D5 ...` by
 * SMS or Zalo, a paper form's columns); comments point at ids. Codes match in any case and width
 * (SMS users type `qd-2026-01`), with look-alike dashes read as `-`.
 */
export function draftCodeKey(code: string): string {
  return code
    .normalize('NFKC')
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .trim()
    .toUpperCase();
}

/** Article numbers as printed: `5`, `05` and `5A` are `5`, `5`, `5a`. */
function numberKey(number: string): string {
  return number
    .normalize('NFKC')
    .trim()
    .toLowerCase()
    .replace(/^0+(?=\d)/, '');
}

/** The id of the consulted version's article with this printed number, if there is one. */
export function articleIdByNumber(draft: DraftInfo, number: string): string | undefined {
  const key = numberKey(number);
  return draft.articles.find((a) => numberKey(a.number) === key)?.id;
}

/**
 * The input with its cited article as an id, or the violation naming `articleNumber`. A comment
 * naming both an id and a number keeps the id (the edge that sent both knew better).
 */
export function resolveArticle(
  input: FeedbackInput,
  draft: DraftInfo | null,
  prefix = '',
): { input: FeedbackInput; violation?: FieldViolation } {
  const number = input.articleNumber?.trim() ?? '';
  if (input.articleId || number === '' || !draft) return { input };
  const articleId = articleIdByNumber(draft, number);
  if (articleId) return { input: { ...input, articleId } };
  return {
    input,
    violation: {
      field: prefix ? `${prefix}.articleNumber` : 'articleNumber',
      description: `is not an article of the version in consultation (it has ${
        draft.articles.map((a) => a.number).join(', ') || 'no articles to cite'
      })`,
    },
  };
}

/** The draft a code names, or the violation a person can act on. */
export function draftByCode<T extends DraftInfo>(found: T | null, code: string, field: string): T {
  if (found) return found;
  throw new InvalidArgumentError([
    { field, description: `is not the code of a draft PCN knows (${code.slice(0, 64)})` },
  ]);
}
