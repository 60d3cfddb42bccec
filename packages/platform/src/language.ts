/**
 * The canonical form of a BCP 47 language tag (`HMN` → `hmn`, `vi-vn` → `vi-VN`), or undefined
 * when the tag is not well-formed. Well-formed is not the same as known: see `knownLanguage`.
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

/**
 * Languages of Viet Nam's peoples that ICU has no name for (ISO 639-3), so that `knownLanguage`
 * accepts them: Giáy, Dao (Iu Mien, Kim Mun), Hmong varieties, Tày, Nùng, Thái, Mường, Sán Chay,
 * Gia Rai, Ê Đê, Ba Na, Xơ Đăng, Cơ Ho, Chăm, Hrê, Mnông, Ra Glai, Bru-Vân Kiều, Cơ Tu, Khơ Mú,
 * Tà Ôi, La Chí, Kháng, La Hủ, Hà Nhì, Lự, Pà Thẻn, Cống, Lô Lô, Phù Lá. Add a code here when a
 * new community is served; ICU already knows `vi`, `hmn`, `km`, `lo`, `zh` and the like.
 */
export const VIETNAM_LANGUAGES: ReadonlySet<string> = new Set([
  'pcc', 'ium', 'mji', 'mww', 'hnj', 'hmv', 'hea', 'tyz', 'nut', 'blt', 'twh', 'tyr', 'mtq',
  'mlc', 'jra', 'rad', 'bdq', 'sed', 'kpm', 'cja', 'cjm', 'hre', 'cmo', 'mng', 'rog', 'bru',
  'kuf', 'kjg', 'tth', 'lbt', 'kjm', 'lhu', 'hni', 'khb', 'pha', 'cnc', 'ywq', 'phh',
]); // prettier-ignore

const languageNames = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'none' });
const scriptNames = new Intl.DisplayNames(['en'], { type: 'script', fallback: 'none' });
const knownCache = new Map<string, string | null>();

/**
 * The canonical tag when it names a language PCN can hold text in, else undefined. A tag is known
 * when it is well-formed, has only a language, an optional script and an optional region (no
 * variants, extensions or private use), the language is one ICU names or one of
 * `VIETNAM_LANGUAGES`, and the script is a real one (`Zzzz` means "unknown"). So `zz-ZZZZ-invalid`
 * is refused while `hmn`, `pcc` and `vi-VN` pass. Callers that serve text fall back to another
 * language and report which; callers that store a preference answer BAD_USER_INPUT.
 */
export function knownLanguage(tag: string): string | undefined {
  const cached = knownCache.get(tag);
  if (cached !== undefined) return cached ?? undefined;
  const canonicalTag = canonicalLanguage(tag);
  let result: string | null = null;
  if (canonicalTag !== undefined) {
    const locale = new Intl.Locale(canonicalTag);
    const bare = [locale.language, locale.script, locale.region].filter(Boolean).join('-');
    const languageKnown =
      VIETNAM_LANGUAGES.has(locale.language) || languageNames.of(locale.language) !== undefined;
    const scriptKnown =
      locale.script === undefined ||
      (locale.script !== 'Zzzz' && scriptNames.of(locale.script) !== undefined);
    if (bare === canonicalTag && languageKnown && scriptKnown) result = canonicalTag;
  }
  if (knownCache.size >= 1000) knownCache.clear();
  knownCache.set(tag, result);
  return result ?? undefined;
}
