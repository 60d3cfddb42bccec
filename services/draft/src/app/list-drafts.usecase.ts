import type { CallerIdentity } from '@pcn/platform';
import { z } from 'zod';
import { MAX_PAGE, type DraftDeps } from './draft-deps.js';
import {
  emptyAsAbsent,
  idSchema,
  languageTagSchema,
  LIMITS,
  listOf,
  parseDraftInput,
} from './draft-input.js';
import type { DraftStatus } from './draft.model.js';
import type { DraftQuery, DraftSort, Page } from './draft.ports.js';
import { servedDraft, type ServedDraft } from './readable-text.js';
import { titleQueryWords } from './title-words.js';

export interface ListDraftsInput {
  statuses?: readonly DraftStatus[];
  agencyId?: string;
  unitIds?: readonly string[];
  language?: string;
  documentType?: string;
  titleQuery?: string;
  sort?: DraftSort;
  descending?: boolean;
  pageSize?: number;
  after?: string | null;
  /** Count every match (default true); a list that shows no total skips the count. */
  withTotal?: boolean;
  /** Give each item's cursor (default true); `nextCursor` is always given. */
  withCursors?: boolean;
  /** `summary` leaves the body (chapters) out; default `full`. */
  view?: 'full' | 'summary';
}

const PAGE_SIZE = `must be 1-${MAX_PAGE}`;

/** The filters that are checked, in the order violations are reported; '' is no filter. */
const listDraftsSchema = z.object({
  pageSize: z
    .number({ error: PAGE_SIZE })
    .refine((size) => Number.isInteger(size) && size >= 1 && size <= MAX_PAGE, PAGE_SIZE)
    .default(20),
  // A filter, not a language to serve in: an unknown one would silently match nothing.
  language: emptyAsAbsent(languageTagSchema()),
  agencyId: emptyAsAbsent(idSchema),
  unitIds: listOf(idSchema, LIMITS.units),
  titleQuery: emptyAsAbsent(
    z.string().transform((query, ctx) => {
      const { words, violations } = titleQueryWords('titleQuery', query);
      for (const v of violations) ctx.addIssue({ code: 'custom', message: v.description });
      return words;
    }),
  ),
});

/** A page of the drafts the caller may read that match the filters. */
export function createListDrafts(deps: Pick<DraftDeps, 'repo'>) {
  return async function listDrafts(
    caller: CallerIdentity | undefined,
    input: ListDraftsInput,
  ): Promise<Page<ServedDraft>> {
    const checked = parseDraftInput(listDraftsSchema, input);
    const isAdmin = caller?.roles.includes('network_admin') ?? false;
    const editorOf = caller?.roles.includes('agency_editor') ? caller.organizationId : undefined;
    const query: DraftQuery = {
      statuses: input.statuses ?? [],
      agencyId: input.agencyId,
      unitIds: checked.unitIds,
      language: checked.language,
      documentType: input.documentType,
      titleWords: checked.titleQuery ?? [],
      sort: input.sort ?? 'updatedAt',
      descending: input.descending ?? true,
      pageSize: checked.pageSize,
      after: input.after ?? null,
      visibility: { publicOnly: !isAdmin, agencyId: editorOf },
      withTotal: input.withTotal ?? true,
      withCursors: input.withCursors ?? true,
      view: input.view ?? 'full',
    };
    const page = await deps.repo.listDrafts(query);
    return { ...page, items: page.items.map((d) => servedDraft(caller, d)) };
  };
}
