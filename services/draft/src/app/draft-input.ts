import { InvalidArgumentError, knownLanguage, type FieldViolation } from '@pcn/platform';
import type {
  Attachment,
  Chapter,
  DraftContent,
  Localized,
  TargetAudience,
} from './draft.model.js';

/** Limits on what one draft may hold; a request over them is refused, field by field. */
export const LIMITS = {
  title: 500,
  summary: 5000,
  heading: 500,
  clause: 20_000,
  chapters: 200,
  articles: 2000,
  clausesPerArticle: 200,
  languages: 20,
  tags: 50,
  units: 5000,
  attachments: 50,
} as const;

const ID = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/;
const TAG = /^[a-z0-9][a-z0-9_-]{0,63}$/;
const CODE = /^[\p{L}\p{N}][\p{L}\p{N}_./-]{0,63}$/u;
// Control characters other than tab and newline have no place in legal text.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/; // eslint-disable-line no-control-regex

export { canonicalLanguage } from '@pcn/platform';

/** What a write is told about a tag `knownLanguage` refuses. */
export const UNKNOWN_LANGUAGE =
  'is not a language PCN can hold text in: a BCP 47 tag such as vi, hmn or pcc';

/** Collects violations with their field paths, then throws them all at once. */
export class Checker {
  readonly violations: FieldViolation[] = [];

  fail(field: string, description: string): void {
    if (this.violations.length < 100) this.violations.push({ field, description });
  }

  text(field: string, value: unknown, max: number, required: boolean): string {
    if (value === undefined || value === null || value === '') {
      if (required) this.fail(field, 'is required');
      return '';
    }
    if (typeof value !== 'string') {
      this.fail(field, 'must be text');
      return '';
    }
    if (value.length > max)
      this.fail(field, `must be at most ${max} characters (got ${value.length})`);
    if (CONTROL.test(value)) this.fail(field, 'must not contain control characters');
    return value.normalize('NFC');
  }

  id(field: string, value: unknown): string {
    if (typeof value !== 'string' || !ID.test(value))
      this.fail(field, 'must be an id: letters, digits, _ . : - (at most 64)');
    return typeof value === 'string' ? value : '';
  }

  pattern(field: string, value: unknown, re: RegExp, description: string): string {
    if (typeof value !== 'string' || !re.test(value)) this.fail(field, description);
    return typeof value === 'string' ? value : '';
  }

  list<T>(
    field: string,
    value: unknown,
    max: number,
    each: (item: unknown, path: string) => T,
  ): T[] {
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) {
      this.fail(field, 'must be a list');
      return [];
    }
    if (value.length > max) {
      this.fail(field, `must have at most ${max} items (got ${value.length})`);
      return [];
    }
    return value.map((item, i) => each(item, `${field}[${i}]`));
  }

  /** Text per language. `vi` must be present when `requireVi`; every tag must be a known language. */
  localized(field: string, value: unknown, max: number, requireVi: boolean): Localized {
    if (value === undefined || value === null) {
      if (requireVi) this.fail(`${field}.vi`, 'is required');
      return {};
    }
    if (typeof value !== 'object' || Array.isArray(value)) {
      this.fail(field, 'must map language tags to text');
      return {};
    }
    const out: Localized = {};
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length > LIMITS.languages)
      this.fail(field, `must have at most ${LIMITS.languages} languages`);
    for (const [tag, text] of entries.slice(0, LIMITS.languages)) {
      const lang = knownLanguage(tag);
      if (!lang) {
        this.fail(`${field}.${tag.slice(0, 40)}`, UNKNOWN_LANGUAGE);
        continue;
      }
      const checked = this.text(`${field}.${lang}`, text, max, false);
      if (checked) out[lang] = checked;
    }
    if (requireVi && !out.vi) this.fail(`${field}.vi`, 'is required: Vietnamese is always present');
    return out;
  }

  throwIfAny(): void {
    if (this.violations.length > 0) throw new InvalidArgumentError(this.violations);
  }
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

/**
 * Checks a draft's content: title and summary per language, and the body of chapters, articles and
 * clauses with ids unique across the body. `vi` is required throughout.
 */
export function checkContent(c: Checker, raw: unknown, field = 'content'): DraftContent {
  const input = record(raw);
  const title = c.localized(`${field}.title`, input.title, LIMITS.title, true);
  const summary = c.localized(`${field}.summary`, input.summary, LIMITS.summary, false);
  const seen = new Set<string>();
  const unique = (path: string, id: string) => {
    if (seen.has(id)) c.fail(path, `duplicates id ${id}`);
    seen.add(id);
  };
  let articleCount = 0;
  const chapters: Chapter[] = c.list(
    `${field}.chapters`,
    input.chapters,
    LIMITS.chapters,
    (rawChapter, path) => {
      const ch = record(rawChapter);
      const id = c.id(`${path}.id`, ch.id);
      unique(`${path}.id`, id);
      return {
        id,
        number: c.text(`${path}.number`, ch.number, 16, true),
        title: c.localized(`${path}.title`, ch.title, LIMITS.heading, true),
        articles: c.list(`${path}.articles`, ch.articles, LIMITS.articles, (rawArticle, aPath) => {
          articleCount += 1;
          const a = record(rawArticle);
          const articleId = c.id(`${aPath}.id`, a.id);
          unique(`${aPath}.id`, articleId);
          return {
            id: articleId,
            number: c.text(`${aPath}.number`, a.number, 16, true),
            title: c.localized(`${aPath}.title`, a.title, LIMITS.heading, true),
            clauses: c.list(
              `${aPath}.clauses`,
              a.clauses,
              LIMITS.clausesPerArticle,
              (rawClause, cPath) => {
                const cl = record(rawClause);
                const clauseId = c.id(`${cPath}.id`, cl.id);
                unique(`${cPath}.id`, clauseId);
                return {
                  id: clauseId,
                  number: c.text(`${cPath}.number`, cl.number, 16, true),
                  text: c.localized(`${cPath}.text`, cl.text, LIMITS.clause, true),
                };
              },
            ),
          };
        }),
      };
    },
  );
  if (articleCount > LIMITS.articles)
    c.fail(`${field}.chapters`, `must hold at most ${LIMITS.articles} articles`);
  return { title, summary, chapters };
}

export function checkTarget(c: Checker, raw: unknown, field = 'target'): TargetAudience {
  const t = record(raw);
  return {
    unitIds: [
      ...new Set(c.list(`${field}.unitIds`, t.unitIds, LIMITS.units, (v, p) => c.id(p, v))),
    ],
    ethnicGroups: [
      ...new Set(
        c.list(`${field}.ethnicGroups`, t.ethnicGroups, LIMITS.tags, (v, p) =>
          c.pattern(p, v, TAG, 'must be a tag: a-z 0-9 _ -'),
        ),
      ),
    ],
    audienceGroups: [
      ...new Set(
        c.list(`${field}.audienceGroups`, t.audienceGroups, LIMITS.tags, (v, p) =>
          c.pattern(p, v, TAG, 'must be a tag: a-z 0-9 _ -'),
        ),
      ),
    ],
  };
}

export function checkTags(c: Checker, raw: unknown, field: string): string[] {
  return [
    ...new Set(
      c.list(field, raw, LIMITS.tags, (v, p) => c.pattern(p, v, TAG, 'must be a tag: a-z 0-9 _ -')),
    ),
  ];
}

export function checkAttachments(c: Checker, raw: unknown, field = 'attachments'): Attachment[] {
  return c.list(field, raw, LIMITS.attachments, (item, path) => {
    const a = record(item);
    const size = a.sizeBytes;
    if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0 || size > 2 ** 31)
      c.fail(`${path}.sizeBytes`, 'must be a whole number of bytes up to 2 GiB');
    const url = c.text(`${path}.url`, a.url, 2048, true);
    if (url && !/^https:\/\/[^\s]+$/.test(url)) c.fail(`${path}.url`, 'must be an https:// URL');
    return {
      name: c.text(`${path}.name`, a.name, 255, true),
      mediaType: c.pattern(
        `${path}.mediaType`,
        a.mediaType,
        /^[\w.+-]{1,64}\/[\w.+-]{1,128}$/,
        'must be a media type such as application/pdf',
      ),
      sizeBytes: typeof size === 'number' ? size : 0,
      sha256: c.pattern(
        `${path}.sha256`,
        a.sha256,
        /^[a-f0-9]{64}$/,
        'must be 64 lowercase hex digits',
      ),
      url,
    };
  });
}

export { CODE as DRAFT_CODE_PATTERN };

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
