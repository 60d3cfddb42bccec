import { type draft as pb } from '@pcn/contracts';
import { InvalidArgumentError, type FieldViolation } from '@pcn/platform';
import type {
  DraftContentInput,
  LocalizedTextInput,
  SetTranslationInput,
} from './generated/resolvers-types.js';

/**
 * GraphQL's lists of `{lang, text}` become the maps the draft service takes. A language given
 * twice is refused, and so is `__proto__`, which a map could not hold; everything else (tags,
 * sizes, ids) the draft service checks, field by field.
 */
export function contentToPb(input: DraftContentInput, path = 'input.content'): pb.DraftContent {
  const violations: FieldViolation[] = [];
  const map = (
    list: LocalizedTextInput[] | null | undefined,
    at: string,
  ): Record<string, string> => {
    const out: Record<string, string> = {};
    for (const { lang, text } of list ?? []) {
      // `out.__proto__ = text` would set nothing: the text would vanish without a word.
      if (lang === '__proto__') {
        violations.push({ field: `${at}.lang`, description: 'is not a language tag' });
        continue;
      }
      if (Object.hasOwn(out, lang))
        violations.push({ field: `${at}.${lang}`, description: 'is given twice' });
      out[lang] = text;
    }
    return out;
  };
  const content: pb.DraftContent = {
    title: map(input.title, `${path}.title`),
    summary: map(input.summary, `${path}.summary`),
    chapters: (input.chapters ?? []).map((ch, i) => ({
      id: ch.id,
      number: ch.number,
      title: map(ch.title, `${path}.chapters[${i}].title`),
      articles: (ch.articles ?? []).map((a, j) => ({
        id: a.id,
        number: a.number,
        title: map(a.title, `${path}.chapters[${i}].articles[${j}].title`),
        clauses: (a.clauses ?? []).map((c, k) => ({
          id: c.id,
          number: c.number,
          text: map(c.text, `${path}.chapters[${i}].articles[${j}].clauses[${k}].text`),
        })),
      })),
    })),
  };
  if (violations.length > 0) throw new InvalidArgumentError(violations);
  return content;
}

/**
 * One language's texts by id (`setTranslation`) laid over the draft's structure, as the draft
 * service expects them: the same ids, with only that language filled in.
 */
export function translationToPb(
  structure: pb.DraftContent | undefined,
  lang: string,
  input: Pick<SetTranslationInput, 'title' | 'summary' | 'texts'>,
): pb.DraftContent {
  const texts = new Map<string, string>();
  const known = new Set<string>();
  for (const ch of structure?.chapters ?? []) {
    known.add(ch.id);
    for (const a of ch.articles) {
      known.add(a.id);
      for (const c of a.clauses) known.add(c.id);
    }
  }
  const violations: FieldViolation[] = [];
  (input.texts ?? []).forEach((t, i) => {
    if (!known.has(t.id))
      violations.push({
        field: `input.texts[${i}].id`,
        description: `no chapter, article or clause ${t.id.slice(0, 64)}`,
      });
    if (texts.has(t.id))
      violations.push({ field: `input.texts[${i}].id`, description: 'is given twice' });
    texts.set(t.id, t.text);
  });
  if (violations.length > 0) throw new InvalidArgumentError(violations);
  const one = (id: string): Record<string, string> => {
    const t = texts.get(id);
    return t === undefined ? {} : { [lang]: t };
  };
  return {
    title: input.title ? { [lang]: input.title } : {},
    summary: input.summary ? { [lang]: input.summary } : {},
    chapters: (structure?.chapters ?? []).map((ch) => ({
      id: ch.id,
      number: ch.number,
      title: one(ch.id),
      articles: ch.articles.map((a) => ({
        id: a.id,
        number: a.number,
        title: one(a.id),
        clauses: a.clauses.map((c) => ({ id: c.id, number: c.number, text: one(c.id) })),
      })),
    })),
  };
}
