import type { UserRecord } from './identity.collections.js';

/** The domain of addresses that can never receive mail (RFC 2606), for erased accounts. */
export const ERASED_EMAIL_DOMAIN = 'erased.invalid';

/**
 * An account without its holder's personal data: the id, roles and organization stay, so the
 * records that name the user (drafts, answers, audit) still resolve; the email becomes a unique
 * address nobody can sign in with, the name a placeholder, and the account is disabled with its
 * sessions revoked. The password hash goes too (a random one replaces it). No I/O.
 */
export function anonymisedUser<T extends UserRecord>(user: T, at: string, unusableHash: string): T {
  return {
    ...user,
    email: `erased-${user.id}@${ERASED_EMAIL_DOMAIN}`.toLowerCase(),
    displayName: 'Erased user',
    passwordHash: unusableHash,
    disabled: true,
    credentialsVersion: user.credentialsVersion + 1,
    updatedAt: at,
  };
}

/** Whether an account was erased already (a second erasure changes nothing). */
export function isErased(user: UserRecord): boolean {
  return user.email.endsWith(`@${ERASED_EMAIL_DOMAIN}`);
}
