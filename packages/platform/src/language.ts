/**
 * The canonical form of a BCP 47 language tag (`HMN` → `hmn`, `vi-vn` → `vi-VN`), or undefined
 * when the tag is not well-formed. Tags are validated, not looked up in a fixed list: a new
 * minority-language tag works without a code change.
 */
export function canonicalLanguage(tag: string): string | undefined {
  if (typeof tag !== 'string' || tag.length === 0 || tag.length > 35) return undefined;
  try {
    return Intl.getCanonicalLocales(tag)[0];
  } catch {
    return undefined;
  }
}
