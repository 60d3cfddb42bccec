import { canonicalLanguage } from '@pcn/platform';

/** Vietnamese: every draft has it, so it is the last resort for templates and localized text. */
export const FALLBACK_LANGUAGE = 'vi';

/**
 * The languages to try, best first, for a recipient's language: the tag itself, then ever shorter
 * prefixes (`hmn-Latn-VN` → `hmn-Latn` → `hmn`), then Vietnamese. Tags are canonicalised; a
 * malformed tag falls straight to Vietnamese.
 */
export function languageFallbacks(language: string): string[] {
  const canonical = canonicalLanguage(language);
  const out: string[] = [];
  if (canonical) {
    const subtags = canonical.split('-');
    for (let n = subtags.length; n >= 1; n--) {
      // A prefix may not end on a singleton (`x`, `u`): it only introduces what follows it.
      if (subtags[n - 1]!.length === 1) continue;
      out.push(subtags.slice(0, n).join('-'));
    }
  }
  if (!out.includes(FALLBACK_LANGUAGE)) out.push(FALLBACK_LANGUAGE);
  return out;
}

/** Text in the best available language, or `''` when there is none in the fallback chain. */
export function localize(text: Readonly<Record<string, string>>, language: string): string {
  for (const candidate of languageFallbacks(language)) {
    const value = Object.hasOwn(text, candidate) ? text[candidate] : undefined;
    if (typeof value === 'string' && value !== '') return value;
  }
  return '';
}
