import { knownLanguage, MAX_VIOLATIONS, parseInput, refuseLongerThan } from '@pcn/platform';
import { z } from 'zod';
import type { Attachment, Localized } from './draft.model.js';

/**
 * What the draft service accepts: its limits and the zod schemas its commands are built from.
 * Field paths and messages are what clients see (`content.title.vi: is required`), so keep them.
 */

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

/** `parseInput` keeping at most `MAX_VIOLATIONS`, so a hostile document cannot make it huge. */
export function parseDraftInput<S extends z.ZodType>(schema: S, value: unknown, prefix = '') {
  return parseInput(schema, value, { prefix, maxViolations: MAX_VIOLATIONS });
}

function isAbsent(value: unknown): boolean {
  return value === undefined || value === null;
}

/**
 * Text of at most `max` characters without control characters; its NFC form is added later.
 * Lengths are checked by refinements, which zod skips for a value of the wrong type (its
 * length checks would also measure an array given for text).
 */
function checkedText(max: number, required: boolean) {
  let text = z.string({
    error: (issue) => (required && isAbsent(issue.input) ? 'is required' : 'must be text'),
  });
  if (required) text = text.refine((value) => value !== '', { error: 'is required', abort: true });
  return text
    .superRefine((value, ctx) => {
      if (value.length > max)
        ctx.addIssue({
          code: 'custom',
          message: `must be at most ${max} characters (got ${value.length})`,
        });
    })
    .refine((value) => !CONTROL.test(value), 'must not contain control characters');
}

const nfc = (text: string) => text.normalize('NFC');

/** Text that must be given, in NFC. */
export function requiredText(max: number) {
  return checkedText(max, true).transform(nfc);
}

/** Text that may be left out (absent, null or empty all read as ''), in NFC. */
export function optionalText(max: number) {
  return checkedText(max, false)
    .transform(nfc)
    .nullish()
    .transform((text) => text ?? '');
}

function patterned(pattern: RegExp, description: string) {
  return z.string({ error: description }).regex(pattern, description);
}

const ID_MESSAGE = 'must be an id: letters, digits, _ . : - (at most 64)';
export const idSchema = patterned(ID, ID_MESSAGE);
const tagSchema = patterned(TAG, 'must be a tag: a-z 0-9 _ -');
export const draftCodeSchema = patterned(CODE, 'letters, digits, _ . / - (at most 64)');

/** An id that may be left out: absent, null and '' all mean none. */
export const optionalIdSchema = z.preprocess(
  (value) => (value === '' ? null : value),
  idSchema.nullish(),
);

/** One of the document types the rules name. */
export function documentTypeSchema(types: readonly string[]) {
  const description = `must be one of ${types.join(', ')}`;
  return z.string({ error: description }).refine((type) => types.includes(type), description);
}

/**
 * A language tag PCN can hold text in (`knownLanguage`), in canonical form; `describe` words the
 * refusal of another.
 */
export function languageTagSchema(describe: (tag: string) => string = () => UNKNOWN_LANGUAGE) {
  return z.string({ error: UNKNOWN_LANGUAGE }).transform((tag, ctx) => {
    const language = knownLanguage(tag);
    if (language) return language;
    ctx.addIssue({ code: 'custom', message: describe(tag) });
    return z.NEVER;
  });
}

/** '' means "not given", as an empty proto3 string does. */
export function emptyAsAbsent<S extends z.ZodType>(schema: S) {
  return z.preprocess((value) => (value === '' ? undefined : value), schema.optional());
}

/**
 * A list of at most `max` items (absent or null: none). A longer list is refused as a whole,
 * without checking its items.
 *
 * Items are read one by one until they have given `MAX_VIOLATIONS` violations: no later one could
 * be shown, and reading on would let one hostile document (400,000 empty articles fit in a gRPC
 * message) cost seconds and gigabytes of violations.
 */
export function listOf<S extends z.ZodType>(item: S, max: number) {
  return z
    .array(z.unknown(), { error: 'must be a list' })
    .superRefine(refuseLongerThan(max))
    .nullish()
    .transform((list, ctx) => {
      const items: z.output<S>[] = [];
      let violations = 0;
      for (const [index, value] of (list ?? []).entries()) {
        const checked = item.safeParse(value);
        if (checked.success) {
          items.push(checked.data);
          continue;
        }
        for (const issue of checked.error.issues)
          ctx.addIssue({ code: 'custom', path: [index, ...issue.path], message: issue.message });
        violations += checked.error.issues.length;
        if (violations >= MAX_VIOLATIONS) break;
      }
      return items;
    });
}

/** A list as `listOf`, without repeats. */
export function uniqueListOf<S extends z.ZodType>(item: S, max: number) {
  return listOf(item, max).transform((list) => [...new Set(list)]);
}

/**
 * Anything that is not an object reads as an empty one, so that what is missing is reported
 * field by field (`content.title.vi: is required`) rather than as one wrong type.
 */
export const looseObject = z.record(z.string(), z.unknown()).catch(() => ({}));

/** `looseObject`, then `shape`: unknown keys are dropped. */
export function objectOrEmpty<S extends z.ZodRawShape>(shape: S) {
  return looseObject.pipe(z.object(shape));
}

/**
 * Text per language: every tag must be a known language and is kept in canonical form; `vi` must
 * be present when `requireVi`. At most `LIMITS.languages` tags are read.
 */
export function localizedSchema(max: number, requireVi: boolean) {
  const text = optionalText(max);
  return z
    .record(z.string(), z.unknown(), { error: 'must map language tags to text' })
    .nullish()
    .transform((texts, ctx) => {
      if (!texts) {
        if (requireVi) ctx.addIssue({ code: 'custom', path: ['vi'], message: 'is required' });
        return {};
      }
      const entries = Object.entries(texts);
      if (entries.length > LIMITS.languages)
        ctx.addIssue({
          code: 'custom',
          message: `must have at most ${LIMITS.languages} languages`,
        });
      const out: Localized = {};
      for (const [tag, value] of entries.slice(0, LIMITS.languages)) {
        const language = knownLanguage(tag);
        if (!language) {
          ctx.addIssue({ code: 'custom', path: [tag.slice(0, 40)], message: UNKNOWN_LANGUAGE });
          continue;
        }
        const checked = text.safeParse(value);
        if (checked.success) {
          if (checked.data) out[language] = checked.data;
          continue;
        }
        for (const issue of checked.error.issues)
          ctx.addIssue({ code: 'custom', path: [language, ...issue.path], message: issue.message });
        // Text that is there but bad still counts as given: one violation, not "vi is required" too.
        if (typeof value === 'string' && value !== '') out[language] = value;
      }
      if (requireVi && !out.vi)
        ctx.addIssue({
          code: 'custom',
          path: ['vi'],
          message: 'is required: Vietnamese is always present',
        });
      return out;
    });
}

/**
 * A draft's content: title and summary per language, and the body of chapters, articles and
 * clauses with ids unique across the body. `vi` is required throughout.
 */
function buildDraftContentSchema() {
  // The ids and the article count of the content being read. zod parses synchronously, so one
  // parse runs at a time: the first step of each empties them.
  const seen = new Set<string>();
  let articleCount = 0;
  // Every id is counted, a bad one too (a missing one as ''), so each repeat is reported at once.
  const uniqueId = z
    .unknown()
    .refine((id) => typeof id === 'string' && ID.test(id), ID_MESSAGE)
    .superRefine((raw, ctx) => {
      const id = typeof raw === 'string' ? raw : '';
      if (seen.has(id)) ctx.addIssue({ code: 'custom', message: `duplicates id ${id}` });
      seen.add(id);
    })
    .transform(String);
  const number = requiredText(16);
  const heading = localizedSchema(LIMITS.heading, true);
  const clause = objectOrEmpty({
    id: uniqueId,
    number,
    text: localizedSchema(LIMITS.clause, true),
  });
  const article = looseObject
    .transform((raw) => {
      // Counted before its own checks, so that the total holds even when an article is bad.
      articleCount += 1;
      return raw;
    })
    .pipe(
      z.object({
        id: uniqueId,
        number,
        title: heading,
        clauses: listOf(clause, LIMITS.clausesPerArticle),
      }),
    );
  const chapter = objectOrEmpty({
    id: uniqueId,
    number,
    title: heading,
    articles: listOf(article, LIMITS.articles),
  });
  return looseObject
    .transform((raw) => {
      seen.clear();
      articleCount = 0;
      return raw;
    })
    .pipe(
      z.object({
        title: localizedSchema(LIMITS.title, true),
        summary: localizedSchema(LIMITS.summary, false),
        chapters: listOf(chapter, LIMITS.chapters),
      }),
    )
    .refine(() => articleCount <= LIMITS.articles, {
      path: ['chapters'],
      message: `must hold at most ${LIMITS.articles} articles`,
      // Also when other fields are bad, so that every violation is named at once.
      when: () => true,
    });
}

export const draftContentSchema = buildDraftContentSchema();

export const targetSchema = objectOrEmpty({
  unitIds: uniqueListOf(idSchema, LIMITS.units),
  ethnicGroups: uniqueListOf(tagSchema, LIMITS.tags),
  audienceGroups: uniqueListOf(tagSchema, LIMITS.tags),
});

export const tagsSchema = uniqueListOf(tagSchema, LIMITS.tags);

const SIZE = 'must be a whole number of bytes up to 2 GiB';

// Fields in the order they are reported; the transform gives the stored order.
const attachmentSchema = objectOrEmpty({
  sizeBytes: z
    .number({ error: SIZE })
    .refine((size) => Number.isSafeInteger(size) && size >= 0 && size <= 2 ** 31, SIZE),
  url: checkedText(2048, true)
    .regex(/^https:\/\/[^\s]+$/, 'must be an https:// URL')
    .transform(nfc),
  name: requiredText(255),
  mediaType: patterned(
    /^[\w.+-]{1,64}\/[\w.+-]{1,128}$/,
    'must be a media type such as application/pdf',
  ),
  sha256: patterned(/^[a-f0-9]{64}$/, 'must be 64 lowercase hex digits'),
}).transform(({ name, mediaType, sizeBytes, sha256, url }): Attachment => ({
  name,
  mediaType,
  sizeBytes,
  sha256,
  url,
}));

export const attachmentsSchema = listOf(attachmentSchema, LIMITS.attachments);
