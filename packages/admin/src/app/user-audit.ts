import { randomUUID } from 'node:crypto';
import type { Clock, Logger } from '@pcn/platform';
import type { AuditTrail } from './dead-letters.ports.js';

export type UserAuditAction =
  'user-disabled' | 'user-enabled' | 'user-password-reset' | 'user-roles-set';

/** An account as the audit keeps it: what it may do, never its email or name (personal data). */
export interface AuditedAccount {
  roles: string[];
  organizationId: string | null;
  unitIds: string[];
  disabled: boolean;
}

/** An operator's change to an account, as kept in the audit stream (five years). */
export interface UserAuditEntry {
  action: UserAuditAction;
  at: string;
  /** Who ran the command: PCN_OPERATOR, else the OS account. */
  operator: string;
  /** One per change, so that the same change made twice is recorded twice. */
  auditId: string;
  /** The account's id: its email is personal data and stays out of the record. */
  userId: string;
  before: AuditedAccount;
  after: AuditedAccount;
  /** `user-password-reset`: whether a sign-in lockout (failed attempts) was lifted with it. */
  signInUnblocked?: boolean;
}

export interface ChangedAccount {
  user: AuditedAccount & { id: string };
  previous: AuditedAccount;
  changed: boolean;
  signInUnblocked?: boolean;
}

/**
 * Makes a change to an account through the gateway, then records it in the audit stream. The bus
 * is connected before the change (the caller's `audit`), so an unreachable NATS refuses the
 * command first; a change that made no difference (disabling a disabled account) is not
 * recorded. If the record fails after the change, the error says that the change was made.
 */
export function createAuditedUserChange(deps: {
  audit: AuditTrail;
  clock: Clock;
  operator: string;
  logger: Logger;
}) {
  return async function change<R extends ChangedAccount>(
    action: UserAuditAction,
    run: () => Promise<R>,
  ): Promise<R & { auditSeq?: number }> {
    const result = await run();
    if (!result.changed) return result;
    const entry: UserAuditEntry = {
      action,
      at: deps.clock.now().toISOString(),
      operator: deps.operator,
      auditId: randomUUID(),
      userId: result.user.id,
      before: audited(result.previous),
      after: audited(result.user),
      ...(result.signInUnblocked !== undefined ? { signInUnblocked: result.signInUnblocked } : {}),
    };
    let auditSeq: number;
    try {
      auditSeq = await deps.audit.record(entry);
    } catch (err) {
      throw new Error(
        `${action} of user ${result.user.id} was made, but recording it in the audit stream failed (${err instanceof Error ? err.message : String(err)}); record it by hand`,
      );
    }
    deps.logger.info({ action, userId: result.user.id, auditSeq }, 'user changed');
    return { ...result, auditSeq };
  };
}

function audited(a: AuditedAccount): AuditedAccount {
  return {
    roles: [...a.roles],
    organizationId: a.organizationId,
    unitIds: [...a.unitIds],
    disabled: a.disabled,
  };
}
