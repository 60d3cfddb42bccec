import type { CallerIdentity } from '@pcn/platform';
import { DiffBudget, diffContent, type ArticleChange } from './article-diff.js';
import type { DraftDeps } from './draft-deps.js';
import { createGetVersion } from './get-version.usecase.js';
import { diffLanguage } from './readable-text.js';

const DEFAULT_DIFF_CELLS = 2_000_000;

export interface DiffVersionsInput {
  draftId: string;
  fromVersion: number;
  toVersion: number;
  /** Preferred languages, first first. */
  languages?: string[];
}

/**
 * Article-level differences between two versions, in the first preferred language the caller may
 * read in both (else vi), which the answer names. Unknown tags fall back, as every read does.
 */
export function createDiffVersions(deps: Pick<DraftDeps, 'repo' | 'diffCellBudget'>) {
  const getVersion = createGetVersion(deps);

  return async function diffVersions(
    caller: CallerIdentity | undefined,
    input: DiffVersionsInput,
  ): Promise<{ language: string; changes: ArticleChange[] }> {
    const from = await getVersion(caller, input.draftId, input.fromVersion);
    const to = await getVersion(caller, input.draftId, input.toVersion);
    const language = diffLanguage(input.languages ?? [], from, to);
    const budget = new DiffBudget(deps.diffCellBudget ?? DEFAULT_DIFF_CELLS);
    return { language, changes: diffContent(from.content, to.content, language, budget) };
  };
}
