/**
 * Lower case without Vietnamese diacritics (NFKC, NFD, marks removed, đ → d), so that `ĐIỀU`,
 * `Dieu` and a full-width `ｄｉｅｕ` all read `dieu`. `Ð` (U+00D0, the Icelandic eth some
 * phones and fonts put in place of `Đ`) folds to `d` as well. For matching keywords and column
 * names only: comment text is never folded.
 */
export function foldKeyword(text: string): string {
  return text
    .normalize('NFKC')
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/[đĐðÐ]/g, 'd')
    .toLowerCase();
}

/**
 * Invisible characters that keyboards and copy-paste leave in text (zero-width space, word
 * joiner, byte-order mark, soft hyphen): they would split or glue words without being seen.
 */
export const INVISIBLE = /[\u00AD\u200B\u2060\uFEFF]/g;

/** Control characters other than tab and newline, which have no place in a comment. */
// eslint-disable-next-line no-control-regex
export const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;

/** The most characters a comment's text may hold (issue #10: at most 10,000, stored NFC). */
export const MAX_FEEDBACK_TEXT = 10_000;

/**
 * A comment's text as it will be stored: NFC, line breaks as `\n`, invisible characters removed,
 * trimmed. Tone placement (`hoà`/`hòa`) and case are kept: that is the duplicate detector's
 * business, not the intake's.
 */
export function commentText(raw: string): string {
  return raw.replace(/\r\n?/g, '\n').replace(INVISIBLE, '').normalize('NFC').trim();
}
