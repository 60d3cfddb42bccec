import {
  assertNetworkAdmin,
  InvalidArgumentError,
  NotFoundError,
  type CallerIdentity,
  type Clock,
} from '@pcn/platform';
import { segmentSms } from './sms-segments.js';
import type { Template } from './notification.model.js';
import type { TemplateStore } from './notification.ports.js';
import { missingTranslations } from './templates/missing-translations.js';
import { pickTemplate, templateId } from './templates/template-render.js';
import {
  previewTemplate,
  validateTemplateInput,
  type TemplateInput,
} from './templates/template-rules.js';

export type TemplateUseCases = ReturnType<typeof createTemplateUseCases>;

/** Template management for network admins: list, save (checked), delete, preview, missing translations. */
export function createTemplateUseCases(deps: { store: TemplateStore; clock: Clock }) {
  const { store, clock } = deps;
  return {
    async list(
      filter: { eventType?: string; channel?: string; language?: string },
      caller: CallerIdentity | undefined,
    ) {
      assertNetworkAdmin(caller);
      return (await store.all()).filter(
        (t) =>
          (!filter.eventType || t.eventType === filter.eventType) &&
          (!filter.channel || t.channel === filter.channel) &&
          (!filter.language || t.language === filter.language),
      );
    },

    async save(input: TemplateInput, caller: CallerIdentity | undefined): Promise<Template> {
      const admin = assertNetworkAdmin(caller);
      const fields = validateTemplateInput(input);
      const template: Template = {
        ...fields,
        id: templateId(fields.eventType, fields.channel, fields.language),
        updatedAt: clock.now().toISOString(),
        updatedBy: admin.id,
      };
      await store.put(template);
      return template;
    },

    async remove(
      input: { eventType: string; channel: string; language: string },
      caller: CallerIdentity | undefined,
    ) {
      assertNetworkAdmin(caller);
      const id = `${input.eventType}|${input.channel}|${input.language}`;
      if (input.language === 'vi')
        throw new InvalidArgumentError([
          {
            field: 'language',
            description: "the vi template is every language's fallback: replace it instead",
          },
        ]);
      if (!(await store.delete(id))) throw new NotFoundError('template', id);
      return true;
    },

    /** Renders unsaved text, or the stored template a recipient of `language` would get. */
    async preview(input: TemplateInput, caller: CallerIdentity | undefined) {
      assertNetworkAdmin(caller);
      let source: TemplateInput & { language: string } = input;
      let language = input.language;
      if (!input.body) {
        const byId = new Map((await store.all()).map((t) => [t.id, t]));
        const picked = pickTemplate(
          byId,
          input.eventType,
          input.channel as Template['channel'],
          input.language,
        );
        if (!picked)
          throw new NotFoundError(
            'template',
            `${input.eventType}|${input.channel}|${input.language}`,
          );
        source = picked.template;
        language = picked.language;
      }
      const fields = validateTemplateInput({ ...source, language });
      const rendered = previewTemplate(fields);
      const sms = segmentSms(rendered.text);
      return { ...rendered, language, smsSegments: sms.segments, smsEncoding: sms.encoding };
    },

    async missing(languages: readonly string[], caller: CallerIdentity | undefined) {
      assertNetworkAdmin(caller);
      if (languages.length === 0 || languages.length > 50)
        throw new InvalidArgumentError([
          { field: 'languages', description: 'list 1-50 language tags' },
        ]);
      return missingTranslations(await store.all(), languages);
    },
  };
}
