import type { CallerIdentity } from '@pcn/platform';
import { z } from 'zod';
import { canRead } from './draft-access.js';
import type { DraftDeps } from './draft-deps.js';
import { parseDraftInput } from './draft-input.js';
import { servedDraft, type ServedDraft } from './readable-text.js';

const idsSchema = z.array(z.unknown()).max(500, 'at most 500 per call');

/** Drafts the caller may read, in the order asked; missing or hidden ones are left out. */
export function createGetDrafts(deps: Pick<DraftDeps, 'repo'>) {
  return async function getDrafts(
    caller: CallerIdentity | undefined,
    ids: readonly string[],
  ): Promise<ServedDraft[]> {
    parseDraftInput(idsSchema, ids, 'ids');
    const found = await deps.repo.getDrafts([...new Set(ids)]);
    const byId = new Map(found.filter((d) => canRead(caller, d)).map((d) => [d.id, d]));
    return ids.flatMap((id) => {
      const draft = byId.get(id);
      return draft ? [servedDraft(caller, draft)] : [];
    });
  };
}
