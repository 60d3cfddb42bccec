/** The placeholders a portal URL template may hold. */
const PLACEHOLDER = /\{(draftId|code)\}/g;

/** Whether a portal URL template names a draft (by id or code) and makes an http(s) URL. */
export function isDraftUrlTemplate(template: string): boolean {
  if (!/\{(draftId|code)\}/.test(template)) return false;
  if (/[{}]/.test(template.replace(PLACEHOLDER, ''))) return false;
  const sample = template.replace(PLACEHOLDER, 'x');
  return URL.canParse(sample) && ['http:', 'https:'].includes(new URL(sample).protocol);
}

/**
 * Where a message sends its reader for a draft: the province's portal, by `template`
 * (`https://portal.example.vn/du-thao/{code}`), or else the gateway's own draft page
 * (`<base>/drafts/<id>`), which exists. A template naming `{code}` falls back to the gateway's
 * page when the code is not known, rather than making a broken link.
 */
export function draftLink(
  template: string | undefined,
  base: string,
  draft: { id: string; code?: string | null | undefined },
): string {
  const own = `${base}/drafts/${encodeURIComponent(draft.id)}`;
  if (!template) return own;
  const values: Record<string, string | null | undefined> = { draftId: draft.id, code: draft.code };
  let missing = false;
  const url = template.replace(PLACEHOLDER, (_, name: string) => {
    const value = values[name];
    if (!value) missing = true;
    return encodeURIComponent(value ?? '');
  });
  return missing ? own : url;
}
