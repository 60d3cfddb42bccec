import { canonicalLanguage } from '@pcn/platform';
import type { Channel, Template } from '../notification.model.js';
import { languageFallbacks } from './language-fallback.js';
import { templateId, type PickedTemplate, type TemplateSource } from './template-render.js';
import type { CompiledTemplate } from './template-syntax.js';

function hasText(text: Readonly<Record<string, string>>, language: string): boolean {
  return Object.hasOwn(text, language) && text[language] !== '';
}

/** Variable names a template reads, in its subject or body, conditions included. */
export function usedVariables(compiled: CompiledTemplate): Set<string> {
  return new Set([...compiled.subject.uses, ...compiled.body.uses].map((u) => u.path));
}

/**
 * The template a recipient gets, and so the one language of the whole message. Each language of
 * the recipient's fallback chain (`hmn-Latn` → `hmn` → `vi`) is tried in turn; it is taken when a
 * template exists in it and every text-per-language value that template inserts (`title`, …) exists
 * in that same language too. Otherwise the message falls back as a whole: a Hmong reader of a draft
 * that has no Hmong title gets the Vietnamese message with the Vietnamese title, never a Hmong
 * sentence around a Vietnamese title, nor a Vietnamese one around a Hmong title.
 *
 * When no language satisfies both (a draft without a Vietnamese title), the last template found,
 * Vietnamese, is used and its texts fall back as `localize` does. Null when there is no template.
 */
export function pickMessageTemplate(
  templates: TemplateSource,
  compile: (template: Template) => CompiledTemplate,
  eventType: string,
  channel: Channel,
  recipientLanguage: string,
  texts: ReadonlyMap<string, Readonly<Record<string, string>>>,
  /** The languages to try, best first; default the recipient's fallback chain. */
  candidates: readonly string[] = languageFallbacks(recipientLanguage),
): PickedTemplate | null {
  const find =
    typeof templates === 'function'
      ? templates
      : (e: string, c: Channel, l: string) => templates.get(templateId(e, c, l));
  const asked = canonicalLanguage(recipientLanguage);
  let last: PickedTemplate | null = null;
  for (const candidate of candidates) {
    const template = find(eventType, channel, candidate);
    if (!template) continue;
    last = { template, language: candidate, fallback: candidate !== asked };
    const missing = [...usedVariables(compile(template))].some((name) => {
      const text = texts.get(name);
      return text !== undefined && !hasText(text, candidate);
    });
    if (!missing) return last;
  }
  return last;
}
