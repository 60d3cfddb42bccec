import { InvalidArgumentError, parseInput } from '@pcn/platform';
import type { Store } from '@pcn/storage';
import { z } from 'zod';
import { usersCollection, type UserRecord } from './identity.collections.js';
import { recordIdSchema, userRoleSchema } from './identity-input.js';
import { toUserAccount, type UserAccount } from './user-account.js';

export const DEFAULT_USERS_PAGE = 100;
export const MAX_USERS_PAGE = 500;
const MAX_PAGE_TOKEN = 4096;

export interface ListUsersQuery {
  /** Empty: every role. */
  role: string;
  /** Empty: every organization. */
  organizationId: string;
  /** 0: the default (100). */
  pageSize: number;
  /** Empty: the first page. */
  pageToken: string;
}

/** Empty means "any": checked as the inner schema otherwise, so the refusal says what is wanted. */
const emptyOr = <S extends z.ZodType>(schema: S) =>
  z.preprocess((v) => (v === '' ? undefined : v), schema.optional());

const querySchema = z.object({
  role: emptyOr(userRoleSchema),
  organizationId: emptyOr(recordIdSchema),
  pageSize: z
    .number()
    .int()
    .min(0, 'must be 0 (the default) or more')
    .max(MAX_USERS_PAGE, `must be at most ${MAX_USERS_PAGE}`),
  pageToken: z
    .string()
    .max(MAX_PAGE_TOKEN, `must be at most ${MAX_PAGE_TOKEN} characters`)
    .regex(/^[A-Za-z0-9_-]*$/, 'must be the next_page_token of a previous answer'),
});

/**
 * The directory's accounts for operators, oldest first (ids are time-ordered), page by page, by
 * role and organization. Never a password hash; the emails are for the operator's eyes only.
 */
export function createListUsers(deps: { store: Store }) {
  const users = deps.store.collection<UserRecord>(usersCollection);
  return async function listUsers(
    query: ListUsersQuery,
  ): Promise<{ users: UserAccount[]; nextPageToken: string }> {
    const q = parseInput(querySchema, query);
    const filter: Record<string, string> = {};
    if (q.role !== undefined) filter['roles'] = q.role;
    if (q.organizationId !== undefined) filter['organization_id'] = q.organizationId;
    let page;
    try {
      page = await users.find({
        filter: filter,
        sort: [{ field: 'id', direction: 'asc' }],
        limit: q.pageSize === 0 ? DEFAULT_USERS_PAGE : q.pageSize,
        after: q.pageToken === '' ? null : q.pageToken,
      });
    } catch (err) {
      // The store names its cursor `after`; the caller knows it as the page token.
      if (err instanceof InvalidArgumentError && err.violations.some((v) => v.field === 'after'))
        throw new InvalidArgumentError([
          {
            field: 'pageToken',
            description: 'is not a next_page_token of this query; start again without it',
          },
        ]);
      throw err;
    }
    return { users: page.items.map(toUserAccount), nextPageToken: page.nextCursor ?? '' };
  };
}
