import type { CallerIdentity } from '@pcn/platform';
import { z } from 'zod';
import { DiffBudget, diffContent } from './article-diff.js';
import { staleTranslations, translationsFor } from './draft-content.js';
import { draftContentSchema, optionalText, parseDraftInput } from './draft-input.js';
import { assertAllowed, markRevised } from './draft-lifecycle.js';
import { writeDraft, type DraftRef, type WriteDeps } from './draft-writer.js';
import type { ServedDraft } from './readable-text.js';

export interface ReviseDraftInput extends DraftRef {
  content: unknown;
  note?: string;
}

const reviseDraftSchema = z.object({ content: draftContentSchema, note: optionalText(1000) });

/**
 * After consultation, the agency puts in revised content: a new version, with approved
 * translations back to draft and `DraftRevised` naming the articles that changed.
 */
export function createReviseDraft(deps: WriteDeps) {
  const { rules, clock } = deps;

  return function reviseDraft(
    caller: CallerIdentity | undefined,
    input: ReviseDraftInput,
  ): Promise<ServedDraft> {
    return writeDraft(deps, caller, input, 'revise', (draft) => {
      assertAllowed('revise', draft);
      const { content, note } = parseDraftInput(reviseDraftSchema, input);
      const revised = markRevised(
        {
          ...draft,
          content,
          translations: translationsFor(content, staleTranslations(draft.translations)),
        },
        rules,
        clock.now(),
      );
      // Only which articles changed: no word diffs, so a budget of nothing.
      const changedArticleIds = diffContent(draft.content, content, 'vi', new DiffBudget(0)).map(
        (ch) => ch.articleId,
      );
      return {
        transition: revised,
        changes: ['status', 'content'],
        contentChanged: { note: note || 'revised after consultation' },
        extras: { previousVersion: draft.contentVersion, changedArticleIds },
      };
    });
  };
}
