/**
 * Words of a title for search: lower case, without Vietnamese diacritics (so `giá` matches `gia`),
 * split on anything that is not a letter or digit. Duplicates removed.
 */
export function searchWords(text: string, limit = 200): string[] {
  const plain = text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase();
  const words = plain.split(/[^\p{L}\p{N}]+/u).filter((w) => w.length > 0 && w.length <= 64);
  return [...new Set(words)].slice(0, limit);
}
