import { ROLES } from '@pcn/platform';
import { z } from 'zod';
import { ORGANIZATION_KINDS, UNIT_LEVELS } from './identity.contract.js';

/**
 * What the identity module accepts from its callers: the limits, the zod schemas of every input,
 * and how emails are compared. Checked before any work; failures become field violations through
 * `parseInput` from `@pcn/platform`.
 */

export const MAX_EMAIL_LENGTH = 254;
/** Shortest password an account may have (the demo password too). */
export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 1024;
export const MAX_AUTHORIZATION_LENGTH = 8192;
export const MAX_NAME_LENGTH = 200;
export const MAX_ID_LENGTH = 128;
const MAX_UNITS_PER_USER = 100;

/** How emails are compared and stored: trimmed, NFC, lower case. */
export function normaliseEmail(email: string): string {
  return email.trim().normalize('NFC').toLowerCase();
}

/** Whether `id` could name a record; lookups by an impossible id answer "none" without a read. */
export function isPossibleId(id: unknown): id is string {
  return typeof id === 'string' && id.length > 0 && id.length <= MAX_ID_LENGTH;
}

export const idSchema = z.string().min(1).max(MAX_ID_LENGTH);

/** Ids as they appear in links and events: no spaces, no control or look-alike characters. */
export const RECORD_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]*$/;
/** The id of a record an account refers to (its organization, its units, the account itself). */
export const recordIdSchema = z
  .string({ error: 'must be a string' })
  .min(1, 'is required')
  .max(MAX_ID_LENGTH, `must be at most ${MAX_ID_LENGTH} characters`)
  .regex(
    RECORD_ID_PATTERN,
    'must be letters, digits, ".", "_", ":" or "-", starting with a letter or digit',
  );
export const emailSchema = z.email().max(MAX_EMAIL_LENGTH);
export const nameSchema = z.string().trim().min(1).max(MAX_NAME_LENGTH);
const passwordSchema = z.string().min(MIN_PASSWORD_LENGTH).max(MAX_PASSWORD_LENGTH);

/** Sign-in says only what is missing or too long: it never tells whether an account exists. */
export const signInSchema = z.object({
  email: z
    .string({ error: 'is required' })
    .refine((email) => email.trim().length > 0, { message: 'is required', abort: true })
    .max(MAX_EMAIL_LENGTH, `must be at most ${MAX_EMAIL_LENGTH} characters`),
  password: z
    .string({ error: 'is required' })
    .min(1, { message: 'is required', abort: true })
    .max(MAX_PASSWORD_LENGTH, `must be at most ${MAX_PASSWORD_LENGTH} characters`),
});

export const userRoleSchema = z
  .enum(ROLES, { error: `must be one of ${ROLES.filter((r) => r !== 'public').join(', ')}` })
  .refine((role) => role !== 'public', { message: '"public" is implicit and cannot be granted' });
export const userRolesSchema = z
  .array(userRoleSchema)
  .min(1, 'at least one role')
  .max(ROLES.length, `at most ${ROLES.length} roles`)
  .transform((roles) => [...new Set(roles)]);
export const unitIdsSchema = z
  .array(recordIdSchema)
  .max(MAX_UNITS_PER_USER, `must name at most ${MAX_UNITS_PER_USER} units`)
  .transform((ids) => [...new Set(ids)]);

export const newUserSchema = z.object({
  email: emailSchema,
  password: passwordSchema,
  displayName: nameSchema,
  roles: userRolesSchema,
  organizationId: recordIdSchema.nullable().default(null),
  unitIds: unitIdsSchema.default([]),
  demo: z.boolean().default(false),
});

export const userUpdateSchema = z.object({
  displayName: nameSchema.optional(),
  roles: userRolesSchema.optional(),
  organizationId: recordIdSchema.nullable().optional(),
  unitIds: unitIdsSchema.optional(),
  disabled: z.boolean().optional(),
  password: passwordSchema.optional(),
});

export const newApiClientSchema = z.object({
  name: nameSchema,
  organizationId: idSchema,
  roles: z
    .array(
      z.enum(ROLES).refine((role) => role !== 'public' && role !== 'network_admin', {
        message: 'API clients cannot hold "public" (implicit) or "network_admin"',
      }),
    )
    .min(1)
    .max(ROLES.length)
    .transform((roles) => [...new Set(roles)]),
});

export const unitFilterSchema = z
  .object({
    parentId: idSchema.nullable().optional(),
    level: z.enum(UNIT_LEVELS).optional(),
    includeInactive: z.boolean().optional(),
  })
  .optional();

export const organizationFilterSchema = z
  .object({ kind: z.enum(ORGANIZATION_KINDS).optional() })
  .optional();

export const spokespersonFilterSchema = z
  .object({ organizationId: idSchema.optional() })
  .optional();

/** The claims the gateway relies on; everything else in the token is informational. */
export const tokenClaimsSchema = z.object({
  sub: z.string().min(1).max(MAX_ID_LENGTH),
  cv: z.number().int().min(0),
});
