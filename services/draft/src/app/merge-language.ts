import { z } from 'zod';
import { mapTexts } from './draft-content.js';
import { LIMITS, looseObject, optionalText, parseDraftInput } from './draft-input.js';
import type { DraftContent } from './draft.model.js';

/** A list read leniently: anything else is none, and items past `max` are not read. */
function leadingItems<S extends z.ZodType>(item: S, max: number) {
  return z
    .array(z.unknown())
    .catch(() => [])
    .transform((list) => list.slice(0, max))
    .pipe(z.array(item));
}

/**
 * One language's texts, as a translator sends them: the draft's own structure with only `lang`
 * filled. Every id must be one of the draft's (`known`); texts are checked as the original's are.
 * Violations name the part (`content.chapters[0].title`), not the language.
 */
function translationSchema(lang: string, known: ReadonlySet<string>) {
  const textOf = (max: number) =>
    looseObject.transform((texts) => texts[lang]).pipe(optionalText(max));
  const knownId = (part: string) =>
    z
      .unknown()
      .transform(String)
      .superRefine((id, ctx) => {
        if (!known.has(id))
          ctx.addIssue({ code: 'custom', message: `no ${part} ${id.slice(0, 64)} in this draft` });
      });
  const clause = looseObject.pipe(z.object({ id: knownId('clause'), text: textOf(LIMITS.clause) }));
  const article = looseObject.pipe(
    z.object({
      id: knownId('article'),
      title: textOf(LIMITS.heading),
      clauses: leadingItems(clause, LIMITS.clausesPerArticle),
    }),
  );
  const chapter = looseObject.pipe(
    z.object({
      id: knownId('chapter'),
      title: textOf(LIMITS.heading),
      articles: leadingItems(article, LIMITS.articles),
    }),
  );
  return looseObject.pipe(
    z.object({
      title: textOf(LIMITS.title),
      summary: textOf(LIMITS.summary),
      chapters: leadingItems(chapter, LIMITS.chapters),
    }),
  );
}

function idsOf(content: DraftContent): Set<string> {
  const ids = new Set<string>();
  for (const ch of content.chapters) {
    ids.add(ch.id);
    for (const a of ch.articles) {
      ids.add(a.id);
      for (const cl of a.clauses) ids.add(cl.id);
    }
  }
  return ids;
}

/**
 * Puts one language's texts from `raw` (same ids as the draft) into the draft's content. Unknown
 * ids are refused; texts not given keep what the language had.
 */
export function mergeLanguage(content: DraftContent, lang: string, raw: unknown): DraftContent {
  const given = parseDraftInput(translationSchema(lang, idsOf(content)), raw, 'content');
  // Keyed as `mapTexts` names the parts; a part given twice keeps its last text.
  const texts = new Map<string, string>();
  const put = (part: string, text: string) => {
    if (text) texts.set(part, text);
  };
  put('title', given.title);
  put('summary', given.summary);
  for (const ch of given.chapters) {
    put(`chapter ${ch.id}`, ch.title);
    for (const a of ch.articles) {
      put(`article ${a.id}`, a.title);
      for (const cl of a.clauses) put(`clause ${cl.id}`, cl.text);
    }
  }
  return mapTexts(content, (l, part) => {
    const text = texts.get(part);
    return text === undefined ? l : { ...l, [lang]: text };
  });
}
