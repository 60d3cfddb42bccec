/**
 * The canonical form of a BCP 47 language tag (`HMN` → `hmn`, `vi-vn` → `vi-VN`), or undefined
 * when the tag is not well-formed. Tags are validated, not looked up in a fixed list: a new
 * minority-language tag works without a code change.
 */
export function canonicalLanguage(tag: string): string | undefined {
  if (typeof tag !== 'string' || tag.length === 0 || tag.length > 35) return undefined;
  // Intl is slow and a network uses a few dozen tags: remember them (bounded).
  const known = canonical.get(tag);
  if (known !== undefined) return known ?? undefined;
  let result: string | null;
  try {
    result = Intl.getCanonicalLocales(tag)[0] ?? null;
  } catch {
    result = null;
  }
  if (canonical.size >= 1000) canonical.clear();
  canonical.set(tag, result);
  return result ?? undefined;
}

const canonical = new Map<string, string | null>();
