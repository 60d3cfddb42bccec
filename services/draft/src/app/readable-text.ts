import { hasRole, knownLanguage, type CallerIdentity } from '@pcn/platform';
import type {
  Draft,
  DraftContent,
  DraftVersion,
  Localized,
  TranslationStatus,
} from './draft.model.js';
import type { StoredDraft } from './draft.ports.js';
import { articleText } from './article-diff.js';

/**
 * The one rule for which texts a caller may be served. Vietnamese and approved translations are
 * published: anyone who may read the draft may read them. Translations still in draft are read by
 * those who write them, the drafting agency's editors, and by network admins; everyone else is
 * served the published languages only. Every path that serves text (drafts, lists, versions,
 * diffs, events, title search) goes through here.
 */

/** `vi` and every approved translation. */
export function publishedLanguages(translations: Readonly<Record<string, TranslationStatus>>) {
  const approved = Object.entries(translations)
    .filter(([lang, status]) => status === 'approved' && lang !== 'vi')
    .map(([lang]) => lang);
  return ['vi', ...approved];
}

/** Whether the caller may read translations that are not approved yet. */
export function mayReadUnapproved(caller: CallerIdentity | undefined, agencyId: string): boolean {
  if (hasRole(caller, 'network_admin')) return true;
  return hasRole(caller, 'agency_editor') && caller?.organizationId === agencyId;
}

/** The languages `caller` may be served from a draft or version with these translations. */
export function readableLanguagesFor(
  caller: CallerIdentity | undefined,
  agencyId: string,
  translations: Readonly<Record<string, TranslationStatus>>,
): string[] {
  if (!mayReadUnapproved(caller, agencyId)) return publishedLanguages(translations);
  const others = Object.entries(translations)
    .filter(([lang, status]) => status !== 'missing' && lang !== 'vi')
    .map(([lang]) => lang);
  return ['vi', ...others];
}

function keep(text: Localized, languages: ReadonlySet<string>): Localized {
  const out: Localized = {};
  for (const [lang, value] of Object.entries(text)) if (languages.has(lang)) out[lang] = value;
  return out;
}

/** The content with texts in `languages` only. */
export function contentIn(content: DraftContent, languages: readonly string[]): DraftContent {
  const set = new Set(languages);
  return {
    title: keep(content.title, set),
    summary: keep(content.summary, set),
    chapters: content.chapters.map((ch) => ({
      ...ch,
      title: keep(ch.title, set),
      articles: ch.articles.map((a) => ({
        ...a,
        title: keep(a.title, set),
        clauses: a.clauses.map((cl) => ({ ...cl, text: keep(cl.text, set) })),
      })),
    })),
  };
}

/** A draft as served to one caller: texts it may read only, and which languages those are. */
export type Served<T> = T & { readableLanguages: string[] };

/** A stored draft as one caller is served it. */
export type ServedDraft = Served<StoredDraft>;

export function servedDraft<D extends Draft>(caller: CallerIdentity | undefined, draft: D) {
  const readableLanguages = readableLanguagesFor(caller, draft.agencyId, draft.translations);
  return {
    ...draft,
    content: contentIn(draft.content, readableLanguages),
    readableLanguages,
  } satisfies Served<D>;
}

export function servedVersion(
  caller: CallerIdentity | undefined,
  agencyId: string,
  version: DraftVersion,
): Served<DraftVersion> {
  const readableLanguages = readableLanguagesFor(caller, agencyId, version.translations);
  return {
    ...version,
    content: contentIn(version.content, readableLanguages),
    readableLanguages,
  };
}

/**
 * The language to compare two versions in: the first preferred one the caller may read in both,
 * else `vi`. Unknown tags are skipped, so a made-up tag falls back rather than comparing nothing.
 */
export function diffLanguage(
  preferred: readonly string[],
  from: Served<DraftVersion>,
  to: Served<DraftVersion>,
): string {
  for (const tag of preferred) {
    const lang = knownLanguage(tag);
    if (lang && from.readableLanguages.includes(lang) && to.readableLanguages.includes(lang))
      return lang;
  }
  return 'vi';
}

/**
 * The articles of the draft's current content as events carry them: ids, numbers, headings in the
 * published languages only, and clause ids, so consumers (feedback) can check what a comment
 * points at without calling back.
 */
export function publishedArticles(
  draft: Pick<Draft, 'content' | 'translations'>,
  texts?: ArticleTexts,
) {
  const languages = new Set(publishedLanguages(draft.translations));
  let budget = texts?.budgetBytes ?? 0;
  return draft.content.chapters.flatMap((chapter) =>
    chapter.articles.map((a) => {
      const out: {
        id: string;
        number: string;
        heading: Localized;
        clauseIds: string[];
        text?: string;
      } = {
        id: a.id,
        number: a.number,
        heading: keep(a.title, languages),
        clauseIds: a.clauses.map((c) => c.id),
      };
      if (texts && (!texts.only || texts.only.has(a.id))) {
        const text = articleText(a, 'vi');
        const bytes = Buffer.byteLength(text);
        // In reading order while the budget lasts; an article past it travels without its text.
        if (bytes <= budget) {
          out.text = text;
          budget -= bytes;
        }
      }
      return out;
    }),
  );
}

/**
 * Which articles carry their Vietnamese text in an event (for the feedback service's synthesis
 * report), and how many bytes of text one event may hold: events are bounded (MAX_EVENT_BYTES).
 */
export interface ArticleTexts {
  budgetBytes: number;
  only?: ReadonlySet<string>;
}

/** The title in the published languages only: what events and the search index carry. */
export function publishedTitle(draft: Pick<Draft, 'content' | 'translations'>): Localized {
  return keep(draft.content.title, new Set(publishedLanguages(draft.translations)));
}
