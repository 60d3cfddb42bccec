// The article's change between the version put to consultation and the revised one (issue #10
// §6): its kind, and for a changed article a word-level diff, as the agency shows it beside the
// comments that caused it.
import { diffWords } from 'diff';
import type { ArticleChangeKind, TextDiffPart } from './synthesis-report.model.js';

/**
 * Edits (words inserted plus removed) a diff may take before the article is shown replaced whole:
 * the diff costs about (text length × edits), and an article rewritten from top to bottom reads
 * better as its new text anyway.
 */
export const MAX_DIFF_EDITS = 2_000;

export function articleChangeKind(
  revised: boolean,
  consultedText: string | null,
  revisedText: string | null,
  declared?: Exclude<ArticleChangeKind, 'not_revised'>,
): ArticleChangeKind {
  if (!revised) return 'not_revised';
  if (declared) return declared;
  if (consultedText === null && revisedText !== null) return 'added';
  if (consultedText !== null && revisedText === null) return 'removed';
  const a = (consultedText ?? '').normalize('NFC').trim();
  const b = (revisedText ?? '').normalize('NFC').trim();
  return a === b ? 'unchanged' : 'changed';
}

/**
 * A word-level diff (jsdiff): joining `equal` and `delete` parts gives the consulted text, `equal`
 * and `insert` the revised one. Null when the texts differ by more than `maxEdits` words.
 */
export function articleTextDiff(
  consultedText: string,
  revisedText: string,
  maxEdits = MAX_DIFF_EDITS,
): TextDiffPart[] | null {
  const changes = diffWords(consultedText.normalize('NFC'), revisedText.normalize('NFC'), {
    maxEditLength: maxEdits,
  });
  if (!changes) return null;
  return changes.map((c) => ({
    op: c.added ? 'insert' : c.removed ? 'delete' : 'equal',
    text: c.value,
  }));
}
