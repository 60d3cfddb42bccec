import { draft as pb } from '@pcn/contracts';
import type { DraftStatus, TranslationStatus } from './generated/resolvers-types.js';
import { negotiate } from './language.js';

/** A draft as served to one request: the gRPC message plus the language negotiated for it. */
export interface DraftView {
  draft: pb.Draft;
  language: string;
}

// The draft service's enum values as GraphQL's (DRAFT_STATUS_DRAFTING → DRAFTING). GraphQL checks
// the name when it serializes it: UNSPECIFIED and UNRECOGNIZED are not served.
export function statusName(status: pb.DraftStatus): DraftStatus {
  return pb.draftStatusToJSON(status).replace('DRAFT_STATUS_', '') as DraftStatus;
}

export function translationName(status: pb.TranslationStatus): TranslationStatus {
  return pb.translationStatusToJSON(status).replace('TRANSLATION_STATUS_', '') as TranslationStatus;
}

/**
 * The languages the draft service let this caller read (vi and approved translations; for the
 * drafting agency's editors and admins, drafts of translations too). The rule lives there, once;
 * an answer that names none is served in vi only.
 */
export function readableLanguages(draft: Pick<pb.Draft, 'readableLanguages'>): string[] {
  return draft.readableLanguages.length > 0 ? draft.readableLanguages : ['vi'];
}

export function view(draft: pb.Draft, requested: readonly string[]): DraftView {
  return { draft, language: negotiate(requested, readableLanguages(draft)) };
}

/** The text in `lang`, else the Vietnamese original. */
export function text(map: Record<string, string> | undefined, lang: string): string {
  return map?.[lang] ?? map?.vi ?? '';
}

export function chaptersIn(content: pb.DraftContent | undefined, lang: string) {
  return (content?.chapters ?? []).map((ch) => ({
    id: ch.id,
    number: ch.number,
    title: text(ch.title, lang),
    articles: ch.articles.map((a) => ({
      id: a.id,
      number: a.number,
      title: text(a.title, lang),
      clauses: a.clauses.map((c) => ({ id: c.id, number: c.number, text: text(c.text, lang) })),
    })),
  }));
}
