import { knownLanguage } from '@pcn/platform';

/**
 * The languages a client asked for, best first: the `lang` argument, then `Accept-Language` by
 * q-value, then `vi`. Tags that name no language PCN knows (`zz-ZZZZ-invalid`) are skipped, so
 * the answer falls back to the next one and reports the language it was served in.
 */
export function requestedLanguages(
  lang: string | null | undefined,
  acceptLanguage: string | null,
): string[] {
  const out: string[] = [];
  const add = (tag: string | undefined) => {
    if (!tag) return;
    const known = knownLanguage(tag);
    if (known && !out.includes(known)) out.push(known);
    // `hmn-Latn` also accepts plain `hmn`.
    const base = known?.split('-')[0];
    if (base && !out.includes(base)) out.push(base);
  };
  add(lang ?? undefined);
  if (acceptLanguage) {
    const ranged = acceptLanguage
      .split(',')
      .slice(0, 20)
      .map((part, i) => {
        const [tag = '', ...params] = part.trim().split(';');
        const q = params.map((p) => /^\s*q=([01](?:\.\d{1,3})?)\s*$/.exec(p)?.[1]).find(Boolean);
        return { tag: tag.trim(), q: q === undefined ? 1 : Number(q), i };
      })
      .filter((r) => r.tag && r.tag !== '*' && r.q > 0)
      .sort((a, b) => b.q - a.q || a.i - b.i);
    for (const r of ranged) add(r.tag);
  }
  if (!out.includes('vi')) out.push('vi');
  return out;
}

/** The first requested language the document offers; `vi` is always offered. */
export function negotiate(requested: readonly string[], available: readonly string[]): string {
  return requested.find((l) => available.includes(l)) ?? 'vi';
}
