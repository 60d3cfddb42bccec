import { createHash } from 'node:crypto';

/**
 * Folding for duplicate detection: two comments that a reader would call "the same text" fold
 * equal. SMS drops diacritics and NFC alone does not make "hoà" (old tone placement) equal "hòa",
 * so marks go. Only marks on Latin letters go (Vietnamese, Hmong RPA, Ê Đê, Jrai...): in Tai Viet,
 * Thai or Cham script a mark is a vowel, and dropping it would make different words equal.
 * Punctuation, symbols (emoji too), separators, controls and format characters split syllables.
 */
const SEPARATOR = /^[\p{P}\p{S}\p{Z}\p{Cc}\p{Cf}\s]$/u;
const MARK = /^\p{M}$/u;
const LATIN = /^\p{Script=Latin}$/u;
const WHITESPACE = /[\p{Z}\p{Cc}\p{Cf}\s]+/gu;

// ASCII by table: 1 keeps (letters, digits), 0 splits. Grouping runs at intake rate, and a regex
// over the whole text cost three times this loop on Vietnamese comments (mostly ASCII and marks
// once decomposed).
const ASCII_KEEP = new Uint8Array(128);
for (let c = 0; c < 128; c++) ASCII_KEEP[c] = /[a-z0-9]/.test(String.fromCharCode(c)) ? 1 : 0;

/** The folded text: syllables in lower case without Latin marks, one space apart. */
export function foldText(text: string): string {
  // Lower case first: it can add marks ("İ" becomes "i" and a dot above).
  const decomposed = text.normalize('NFD').toLowerCase();
  let out = '';
  let pendingSpace = false;
  let afterLatin = false;
  for (const ch of decomposed) {
    const code = ch.codePointAt(0) as number;
    let keep: boolean;
    if (code < 128) {
      keep = ASCII_KEEP[code] === 1;
      if (keep) afterLatin = code >= 97;
    } else if (code >= 0x300 && code <= 0x36f ? true : MARK.test(ch)) {
      // A mark stays with a non-Latin letter, goes after a Latin one (or a Latin letter's marks).
      if (afterLatin) continue;
      keep = true;
    } else if (code === 0x111) {
      out += pendingSpace && out !== '' ? ' d' : 'd';
      pendingSpace = false;
      afterLatin = true;
      continue;
    } else {
      keep = !SEPARATOR.test(ch);
      if (keep) afterLatin = LATIN.test(ch);
    }
    if (!keep) {
      pendingSpace = true;
      afterLatin = false;
      continue;
    }
    if (pendingSpace && out !== '') out += ' ';
    pendingSpace = false;
    out += ch;
  }
  return out.normalize('NFC');
}

/** The folded syllables (Vietnamese writes one syllable per word); empty for symbols only. */
export function foldedSyllables(folded: string): string[] {
  return folded === '' ? [] : folded.split(' ');
}

/**
 * Version of the exact key: bump it when folding changes, since stored keys then stop matching
 * new comments (a re-index of the draft's keys is the migration).
 */
export const EXACT_KEY_VERSION = 'f1';

/**
 * The exact-duplicate key of a text: SHA-256 (base64url) of the folded text. A cryptographic hash,
 * not xxhash: a key collision would file one person's comment under another's group, and a
 * campaign could aim for one with a fast hash. A text of symbols only ("👍", "???") folds to
 * nothing; it keys on its NFC text with whitespace collapsed, so "👍" and "👎" stay apart.
 */
export function exactKey(text: string, folded = foldText(text)): string {
  const basis =
    folded !== '' ? `t:${folded}` : `s:${text.normalize('NFC').replace(WHITESPACE, ' ').trim()}`;
  return `${EXACT_KEY_VERSION}:${createHash('sha256').update(basis).digest('base64url')}`;
}
