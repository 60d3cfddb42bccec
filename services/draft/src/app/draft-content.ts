import type { DraftContent, Localized, TranslationStatus } from './draft.model.js';

/** Every language the content has text in. */
export function contentLanguages(content: DraftContent): Set<string> {
  const langs = new Set<string>([...Object.keys(content.title), ...Object.keys(content.summary)]);
  for (const ch of content.chapters) {
    Object.keys(ch.title).forEach((l) => langs.add(l));
    for (const a of ch.articles) {
      Object.keys(a.title).forEach((l) => langs.add(l));
      for (const cl of a.clauses) Object.keys(cl.text).forEach((l) => langs.add(l));
    }
  }
  return langs;
}

/** Approved translations go back to draft when the Vietnamese original changes under them. */
export function staleTranslations(
  translations: Record<string, TranslationStatus>,
): Record<string, TranslationStatus> {
  return Object.fromEntries(
    Object.entries(translations).map(([l, s]) => [l, l !== 'vi' && s === 'approved' ? 'draft' : s]),
  );
}

/** The translation state of each language `content` has text in: new ones start as drafts. */
export function translationsFor(
  content: DraftContent,
  previous: Record<string, TranslationStatus> = {},
): Record<string, TranslationStatus> {
  const out: Record<string, TranslationStatus> = { vi: 'approved' };
  for (const lang of contentLanguages(content))
    if (lang !== 'vi') out[lang] = previous[lang] ?? 'draft';
  return out;
}

/** The content's texts in one language only, to compare two contents in that language. */
export function textsIn(content: DraftContent, lang: string) {
  const one = (l: Localized) => l[lang] ?? null;
  return {
    title: one(content.title),
    summary: one(content.summary),
    chapters: content.chapters.map((ch) => ({
      id: ch.id,
      t: one(ch.title),
      a: ch.articles.map((a) => ({
        id: a.id,
        t: one(a.title),
        c: a.clauses.map((cl) => [cl.id, one(cl.text)]),
      })),
    })),
  };
}

/**
 * Rebuilds the content with each text map through `fn`, which is told the part it belongs to:
 * `title`, `summary`, `chapter <id>`, `article <id>` or `clause <id>`.
 */
export function mapTexts(
  content: DraftContent,
  fn: (l: Localized, path: string) => Localized,
): DraftContent {
  return {
    title: fn(content.title, 'title'),
    summary: fn(content.summary, 'summary'),
    chapters: content.chapters.map((ch) => ({
      ...ch,
      title: fn(ch.title, `chapter ${ch.id}`),
      articles: ch.articles.map((a) => ({
        ...a,
        title: fn(a.title, `article ${a.id}`),
        clauses: a.clauses.map((cl) => ({ ...cl, text: fn(cl.text, `clause ${cl.id}`) })),
      })),
    })),
  };
}

/** The content without any text in `lang`. */
export function withoutLanguage(content: DraftContent, lang: string): DraftContent {
  return mapTexts(content, (l) =>
    Object.fromEntries(Object.entries(l).filter(([k]) => k !== lang)),
  );
}

/** Parts with Vietnamese text but none in `lang`. */
export function untranslated(content: DraftContent, lang: string): string[] {
  const gaps: string[] = [];
  mapTexts(content, (l, path) => {
    if (l.vi && !l[lang]) gaps.push(path);
    return l;
  });
  return gaps;
}
