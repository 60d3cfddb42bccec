import type { FieldViolation } from '@pcn/platform';

/** Lower case without Vietnamese diacritics (NFD, marks removed, đ → d), so `giá` matches `gia`. */
export function foldTitle(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase();
}

function splitWords(text: string): string[] {
  return foldTitle(text)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0);
}

/**
 * Words of a title for the search index: folded, split on anything that is not a letter or digit,
 * duplicates removed. Words longer than 64 characters are left out of the index.
 */
export function searchWords(text: string, limit = 200): string[] {
  const words = splitWords(text).filter((w) => w.length <= 64);
  return [...new Set(words)].slice(0, limit);
}

/** Bounds on a title search, so that one query costs one indexed lookup per word. */
export const TITLE_QUERY_LIMITS = { length: 200, words: 4, wordLength: 40 } as const;

/**
 * The words of a title search, or what is wrong with it: a query must hold at least one letter or
 * digit (punctuation alone would match everything), and at most `TITLE_QUERY_LIMITS.words` words
 * of at most `wordLength` characters each.
 */
export function titleQueryWords(
  field: string,
  query: string,
): { words: string[]; violations: FieldViolation[] } {
  const { length, words: maxWords, wordLength } = TITLE_QUERY_LIMITS;
  if (query.length > length)
    return {
      words: [],
      violations: [{ field, description: `must be at most ${length} characters` }],
    };
  const words = [...new Set(splitWords(query))];
  const violations: FieldViolation[] = [];
  if (words.length === 0)
    violations.push({ field, description: 'must contain at least one letter or digit' });
  if (words.length > maxWords)
    violations.push({
      field,
      description: `must have at most ${maxWords} words (got ${words.length})`,
    });
  const long = words.find((w) => w.length > wordLength);
  if (long)
    violations.push({
      field,
      description: `words must be at most ${wordLength} characters (one has ${long.length})`,
    });
  return { words: violations.length > 0 ? [] : words, violations };
}
