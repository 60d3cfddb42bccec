import { canonicalLanguage, escapeHtml } from '@pcn/platform';
import type { Channel, Template } from '../notification.model.js';
import { languageFallbacks } from './language-fallback.js';
import {
  evaluate,
  type CompiledTemplate,
  type RenderedPiece,
  type TemplateVariables,
} from './template-syntax.js';

export interface RenderedMessage {
  /** One line: line breaks in substituted values are folded into spaces. */
  subject: string;
  /** Plain text, values as they are. */
  text: string;
  /** Email only: the same message as an HTML fragment, everything escaped. */
  html?: string;
}

const LINK = /^https?:\/\/[^\s<>"']+$/;

/**
 * Bodies are plain text; the HTML part escapes all of it (template text too, so no markup can be
 * smuggled in by either an editor or an event), turns blank-line-separated blocks into paragraphs
 * and values that are a whole http(s) URL into links.
 */
function toHtml(pieces: readonly RenderedPiece[]): string {
  const escaped = pieces
    .map((piece) => {
      const text = escapeHtml(piece.text);
      return !piece.literal && LINK.test(piece.text) ? `<a href="${text}">${text}</a>` : text;
    })
    .join('')
    .replace(/\r\n?/g, '\n');
  return escaped
    .split(/\n[ \t]*\n\s*/)
    .map((block) => block.trim())
    .filter((block) => block !== '')
    .map((block) => `<p>${block.replace(/[ \t]*\n[ \t]*/g, '<br>\n')}</p>`)
    .join('\n');
}

function joinText(pieces: readonly RenderedPiece[]): string {
  return pieces
    .map((p) => p.text)
    .join('')
    .replace(/\r\n?/g, '\n')
    .trim();
}

export function renderTemplate(
  compiled: CompiledTemplate,
  variables: TemplateVariables,
  channel: Channel,
): RenderedMessage {
  // Folded so a value with a line break cannot add a mail header or split an SMS title.
  const subject = joinText(evaluate(compiled.subject.nodes, variables)).replace(/\s+/g, ' ');
  const body = evaluate(compiled.body.nodes, variables);
  const text = joinText(body);
  if (channel === 'email') return { subject, text, html: toHtml(body) };
  return { subject, text };
}

/** `<eventType>|<channel>|<language>`, the id and lookup key of a template. */
export function templateId(eventType: string, channel: Channel, language: string): string {
  return `${eventType}|${channel}|${language}`;
}

/** Templates keyed by `templateId`, or a function that finds one (for example over a store page). */
export type TemplateSource =
  | ReadonlyMap<string, Template>
  | ((eventType: string, channel: Channel, language: string) => Template | null | undefined);

export interface PickedTemplate {
  template: Template;
  /** The language of the template used. */
  language: string;
  /** Whether it differs from the one asked for. */
  fallback: boolean;
}

/**
 * The template for a recipient: their exact language, else its base (`hmn-Latn` → `hmn`), else
 * Vietnamese; null when not even Vietnamese exists.
 */
export function pickTemplate(
  templates: TemplateSource,
  eventType: string,
  channel: Channel,
  language: string,
): PickedTemplate | null {
  const find =
    typeof templates === 'function'
      ? templates
      : (e: string, c: Channel, l: string) => templates.get(templateId(e, c, l));
  const asked = canonicalLanguage(language);
  for (const candidate of languageFallbacks(language)) {
    const template = find(eventType, channel, candidate);
    if (template) return { template, language: candidate, fallback: candidate !== asked };
  }
  return null;
}
