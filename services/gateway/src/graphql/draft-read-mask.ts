/**
 * The Draft fields (proto read-mask paths, AIP-157) each GraphQL field of `Draft` reads. A list asks
 * the draft service for these only, so a page that shows three fields is not built, encoded and
 * decoded whole. `draft-read-mask.unit.spec.ts` checks that every field of the schema's `Draft` is
 * here: a field added to the schema without its paths would otherwise read defaults.
 */
export const DRAFT_READ_PATHS: Readonly<Record<string, readonly string[]>> = {
  __typename: [],
  id: ['id'],
  version: ['version'],
  code: ['code'],
  documentType: ['document_type'],
  agency: ['agency_id'],
  agencyId: ['agency_id'],
  status: ['status'],
  language: [],
  title: ['content.title'],
  summary: ['content.summary'],
  chapters: ['content.chapters'],
  titles: ['content.title'],
  translations: ['translations'],
  contentVersion: ['content_version'],
  policyAreas: ['policy_areas'],
  targetUnits: ['target'],
  ethnicGroups: ['target'],
  audienceGroups: ['target'],
  spokesperson: ['spokesperson_id'],
  publicDisclosure: ['public_disclosure'],
  attachments: ['attachments'],
  consultation: ['consultation'],
  pastConsultations: ['past_consultations'],
  promulgation: ['promulgation'],
  amendedBy: ['amended_by_draft_id'],
  repealedBy: ['repealed_by_draft_id'],
  createdAt: ['created_at'],
  updatedAt: ['updated_at'],
};

/** Every view negotiates its language from these, and loaders key on the id. */
const ALWAYS = ['id', 'readable_languages'];

/**
 * The read mask for the selected `Draft` fields: the paths they read, or undefined (the whole
 * draft) when one of them is not known here.
 */
export function draftReadMask(selected: Iterable<string>): string[] | undefined {
  const paths = new Set(ALWAYS);
  for (const field of selected) {
    const needs = DRAFT_READ_PATHS[field];
    if (!needs || !Object.hasOwn(DRAFT_READ_PATHS, field)) return undefined;
    for (const path of needs) paths.add(path);
  }
  return [...paths];
}
