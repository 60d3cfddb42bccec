import { FailedPreconditionError, type CallerIdentity } from '@pcn/platform';
import { z } from 'zod';
import { untranslated, withoutLanguage } from './draft-content.js';
import { languageTagSchema, parseDraftInput } from './draft-input.js';
import { assertAllowed } from './draft-lifecycle.js';
import { TRANSLATION_STATUSES, type TranslationStatus } from './draft.model.js';
import { writeDraft, type DraftRef, type WriteDeps } from './draft-writer.js';
import { mergeLanguage } from './merge-language.js';
import type { ServedDraft } from './readable-text.js';

export interface SetTranslationInput extends DraftRef {
  language: string;
  content: unknown;
  status: TranslationStatus;
}

const setTranslationSchema = z.object({
  language: languageTagSchema().refine(
    (language) => language !== 'vi',
    'vi is the original; change it with updateDraft',
  ),
  status: z.enum(TRANSLATION_STATUSES, { error: 'must be missing, draft or approved' }),
});

/**
 * Sets one language's texts and its state: `missing` removes the language, `approved` only when
 * every part with Vietnamese text has text in it too. A new version either way.
 */
export function createSetTranslation(deps: Omit<WriteDeps, 'rules'>) {
  return function setTranslation(
    caller: CallerIdentity | undefined,
    input: SetTranslationInput,
  ): Promise<ServedDraft> {
    return writeDraft(deps, caller, input, 'setTranslation', (draft) => {
      assertAllowed('setTranslation', draft);
      const { language: lang, status } = parseDraftInput(setTranslationSchema, input);
      const content =
        status === 'missing'
          ? withoutLanguage(draft.content, lang)
          : mergeLanguage(draft.content, lang, input.content);
      if (status === 'approved') {
        const gaps = untranslated(content, lang);
        if (gaps.length > 0)
          throw new FailedPreconditionError(
            `A translation is approved only when complete; ${lang} lacks ${gaps.slice(0, 5).join(', ')}${gaps.length > 5 ? ` and ${gaps.length - 5} more` : ''}`,
            'TRANSLATION_INCOMPLETE',
          );
      }
      const translations = { ...draft.translations };
      if (status === 'missing') delete translations[lang];
      else translations[lang] = status;
      return {
        transition: { draft: { ...draft, content, translations }, events: ['DraftUpdated'] },
        changes: [`translations.${lang}`],
        contentChanged: { note: `translation ${lang}: ${status}` },
        extras: { changedFields: [`translations.${lang}`] },
      };
    });
  };
}
