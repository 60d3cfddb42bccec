import escapeHtmlText from 'escape-html';

/**
 * Text made safe to place in HTML, in an element or a quoted attribute (`&`, `<`, `>`, `"` and `'`
 * escaped). The one escaping helper for every page and email PCN builds.
 */
export function escapeHtml(text: string): string {
  return escapeHtmlText(text);
}
