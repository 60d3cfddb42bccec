import { canonicalLanguage, InvalidArgumentError } from '@pcn/platform';
import type { Channel, Template } from '../notification.model.js';
import { pickTemplate, templateId } from './template-render.js';

export interface MissingTranslation {
  eventType: string;
  channel: Channel;
  /** The language asked for (canonical), which has no template of its own. */
  language: string;
  /** What recipients in that language get instead (`hmn` for `hmn-Latn`, else `vi`), or null. */
  fallbackLanguage: string | null;
}

/**
 * For every event type × channel that has a template in some language, the requested languages
 * that lack one, and what their readers receive meanwhile: the admin UI's translation to-do list.
 * Sorted by event type, channel and language, so the list is stable between calls.
 */
export function missingTranslations(
  templates: readonly Template[],
  languages: readonly string[],
): MissingTranslation[] {
  const invalid = languages.filter((l) => canonicalLanguage(l) === undefined);
  if (invalid.length > 0) {
    throw new InvalidArgumentError(
      invalid.map((l) => ({
        field: 'languages',
        description: `"${l}" is not a BCP 47 language tag`,
      })),
    );
  }
  const wanted = [...new Set(languages.map((l) => canonicalLanguage(l)!))].sort();
  const byId = new Map(templates.map((t) => [templateId(t.eventType, t.channel, t.language), t]));
  const pairs = new Map<string, { eventType: string; channel: Channel }>();
  for (const t of templates) {
    pairs.set(`${t.eventType}|${t.channel}`, { eventType: t.eventType, channel: t.channel });
  }

  const out: MissingTranslation[] = [];
  for (const key of [...pairs.keys()].sort()) {
    const { eventType, channel } = pairs.get(key)!;
    for (const language of wanted) {
      if (byId.has(templateId(eventType, channel, language))) continue;
      const picked = pickTemplate(byId, eventType, channel, language);
      out.push({ eventType, channel, language, fallbackLanguage: picked?.language ?? null });
    }
  }
  return out;
}
