import { knownLanguage } from '@pcn/platform';
import { z } from 'zod';
import {
  AGE_BANDS,
  CHANNELS,
  CONSENT_METHODS,
  CONTACT_CHANNELS,
  GENDERS,
  HIDE_REASONS,
  STANCES,
  SUBMITTER_KINDS,
} from './feedback.model.js';

/** Longest comment, in Unicode code points after NFC (what a person sees as characters). */
export const MAX_TEXT_CHARS = 10_000;
/** Most comments one import may carry. */
export const MAX_IMPORT_ITEMS = 1000;

/** A comment as it arrives from an edge (gRPC, after enum mapping): empty strings mean "none". */
export interface FeedbackInput {
  draftId: string;
  articleId: string;
  clauseId: string;
  stance: string;
  text: string;
  language: string;
  channel: string;
  submitter: {
    kind: string;
    externalRef: string;
    name: string;
    organizationName: string;
    contact?: { channel: string; address: string };
    onBehalfConsent?: ConsentInput;
  };
  unitId: string;
  demographics?: { ethnicGroup: string; gender: string; ageBand: string; consent?: ConsentInput };
  idempotencyKey: string;
  channelMessageId: string;
  /** The draft's code as people cite it, when `draftId` is empty (see resolve-citations.ts). */
  draftCode?: string;
  /** The article's number as printed, when `articleId` is empty. */
  articleNumber?: string;
  /** The caller's address, from the gateway, for the caps on anonymous comments. */
  clientAddress?: string;
  /** ISO-8601; paper and village sessions only. */
  receivedAt?: string;
}

export interface ConsentInput {
  given: boolean;
  method: string;
  textVersion: string;
  givenAt?: string;
}

const ID = /^[A-Za-z0-9._:-]{1,128}$/;
/** Control characters other than tab and line breaks have no place in a comment. */
const CONTROL = /(?![\t\n\r])\p{Cc}/u;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const optionalId = (what: string) =>
  z
    .string()
    .refine((v) => v === '' || ID.test(v), `must be ${what} (letters, digits, . _ : -)`)
    .transform((v) => (v === '' ? null : v));

const oneOf = <T extends readonly [string, ...string[]]>(values: T, what: string) =>
  z.enum(values, { error: `must be ${what}: ${values.join(', ')}` });

const optionalOneOf = <T extends readonly [string, ...string[]]>(values: T, what: string) =>
  z
    .string()
    .refine(
      (v) => v === '' || (values as readonly string[]).includes(v),
      `must be ${what}: ${values.join(', ')}`,
    )
    .transform((v) => (v === '' ? null : (v as T[number])));

/** A moderation reason where it may be left out (''): null then. */
export const optionalHideReason = optionalOneOf(HIDE_REASONS, 'a reason');

/** A page of a list: its size (default 50) and the cursor of the previous page. */
export function pageSchema(maxPage: number) {
  return {
    pageSize: z
      .number()
      .int()
      .min(1, `must be 1 to ${maxPage}`)
      .max(maxPage, `must be 1 to ${maxPage}`)
      .default(50),
    after: z.string().max(2048).nullable(),
  };
}

const isoTime = z
  .string()
  .refine((v) => /^\d{4}-\d{2}-\d{2}T/.test(v) && !Number.isNaN(Date.parse(v)), {
    message: 'must be an ISO-8601 date-time',
  });

/**
 * A comment's text: stored NFC and trimmed; 1 to 10,000 code points after NFC (so "ộ" counts
 * once whether it came composed or not, and an emoji counts once); no control characters and no
 * lone surrogates. Raw input beyond four times the limit is refused before normalising it.
 */
export const commentText = z
  .string({ error: 'is required' })
  .max(MAX_TEXT_CHARS * 4, `must be at most ${MAX_TEXT_CHARS} characters`)
  .refine((v) => !LONE_SURROGATE.test(v), 'must be well-formed Unicode text')
  .transform((v) => v.normalize('NFC').trim())
  .refine((v) => v.length > 0, 'must not be empty')
  .refine((v) => [...v].length <= MAX_TEXT_CHARS, `must be at most ${MAX_TEXT_CHARS} characters`)
  .refine((v) => !CONTROL.test(v), 'must not contain control characters');

const consentSchema = z.object({
  given: z.boolean(),
  method: optionalOneOf(CONSENT_METHODS, 'a consent method'),
  textVersion: z
    .string()
    .max(64, 'must be at most 64 characters')
    .transform((v) => (v.trim() === '' ? null : v.trim())),
  givenAt: isoTime.optional(),
});

const personName = z
  .string()
  .max(200, 'must be at most 200 characters')
  .refine((v) => !CONTROL.test(v), 'must not contain control characters')
  .transform((v) => (v.normalize('NFC').trim() === '' ? null : v.normalize('NFC').trim()));

export const feedbackInputSchema = z.object({
  draftId: z.string().regex(ID, 'is required: a draft id'),
  articleId: optionalId('an article id'),
  clauseId: optionalId('a clause id'),
  stance: oneOf(STANCES, 'a stance'),
  text: commentText,
  language: z
    .string()
    .max(64, 'must be a BCP 47 language tag')
    .transform((v, ctx) => {
      const tag = knownLanguage(v);
      if (tag) return tag;
      ctx.addIssue({ code: 'custom', message: 'must be a known BCP 47 language tag, such as vi' });
      return z.NEVER;
    }),
  channel: oneOf(CHANNELS, 'a channel'),
  submitter: z.object(
    {
      kind: oneOf(SUBMITTER_KINDS, 'a submitter kind'),
      externalRef: z
        .string()
        .max(128, 'must be at most 128 characters')
        .refine((v) => !CONTROL.test(v), 'must not contain control characters')
        .transform((v) => (v.trim() === '' ? null : v.trim())),
      name: personName,
      organizationName: personName,
      contact: z
        .object({
          channel: oneOf(CONTACT_CHANNELS, 'a contact channel'),
          address: z.string().min(1, 'is required').max(254, 'must be at most 254 characters'),
        })
        .optional(),
      onBehalfConsent: consentSchema.optional(),
    },
    { error: 'is required' },
  ),
  unitId: optionalId('a unit id'),
  demographics: z
    .object({
      ethnicGroup: z
        .string()
        .refine(
          (v) => v === '' || /^[a-z][a-z0-9_-]{0,63}$/.test(v),
          'must be an ethnic group id such as mong or dao',
        )
        .transform((v) => (v === '' ? null : v)),
      gender: optionalOneOf(GENDERS, 'a gender'),
      ageBand: optionalOneOf(AGE_BANDS, 'an age band'),
      consent: consentSchema.optional(),
    })
    .optional(),
  idempotencyKey: z
    .string()
    .refine((v) => v === '' || ID.test(v), 'must be 1-128 letters, digits, . _ : -')
    .transform((v) => (v === '' ? null : v)),
  channelMessageId: z
    .string()
    .refine((v) => v === '' || ID.test(v), 'must be 1-128 letters, digits, . _ : -')
    .transform((v) => (v === '' ? null : v)),
  receivedAt: isoTime.optional(),
});

export type ParsedFeedbackInput = z.output<typeof feedbackInputSchema>;
