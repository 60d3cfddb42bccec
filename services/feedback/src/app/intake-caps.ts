import {
  capWindowId,
  ResourceExhaustedError,
  retryIn,
  takeSlots,
  type CapWindow,
} from '@pcn/platform';
import type { FeedbackRecord } from './feedback.model.js';

/**
 * Caps on comments from people PCN cannot tell apart: anonymous web comments and texts by SMS,
 * Zalo or e-mail. Each new comment takes one slot per sliding hour from its contact point (as one
 * thing, whatever its spelling: E.164, lower-case e-mail) and one from the client address it came
 * from (IPv6 as its /64); a repeat of a comment already taken (same key) takes nothing. Signed-in
 * users, partner systems and officers are limited at the door instead.
 */
export interface IntakeCaps {
  /** Comments per contact point per hour (default 5). */
  perContact: number;
  /** Comments per client address per hour (default 30). */
  perClient: number;
}

export const DEFAULT_INTAKE_CAPS: Readonly<IntakeCaps> = Object.freeze({
  perContact: 5,
  perClient: 30,
});

export type IntakeCapScope = 'contact' | 'client';

export interface IntakeCapKey {
  id: string;
  scope: IntakeCapScope;
  limit: number;
}

/** The caps a new comment takes from; none for verified or recorded submitters. */
export function intakeCapKeys(
  record: FeedbackRecord,
  clientAddress: string | null,
  caps: IntakeCaps,
  secret: string,
): IntakeCapKey[] {
  if (record.submitter.via !== 'anonymous') return [];
  const keys: IntakeCapKey[] = [];
  const contact = record.submitter.contact;
  if (contact)
    keys.push({
      id: capWindowId(secret, 'feedback-cap', 'contact', `${contact.channel}:${contact.address}`),
      scope: 'contact',
      limit: caps.perContact,
    });
  if (clientAddress)
    keys.push({
      id: capWindowId(secret, 'feedback-cap', 'client', clientAddress),
      scope: 'client',
      limit: caps.perClient,
    });
  return keys;
}

/**
 * Takes one slot from each cap, all or none: the windows to write, or the refusal naming the cap
 * that is full and when to try again (the contact itself is never echoed).
 */
export function takeIntakeCaps(
  keys: readonly IntakeCapKey[],
  stored: ReadonlyMap<string, CapWindow>,
  now: Date,
): CapWindow[] {
  const windows: CapWindow[] = [];
  for (const key of keys) {
    const taken = takeSlots(stored.get(key.id)?.sentAt ?? [], key.limit, now);
    if (!taken.ok) {
      const seconds = Math.max(1, Math.ceil((taken.retryAt.getTime() - now.getTime()) / 1000));
      throw new ResourceExhaustedError(
        key.scope === 'contact'
          ? `This contact point sent ${key.limit} comments in the last hour; try again ${retryIn(seconds)}`
          : `Your network sent ${key.limit} comments without signing in in the last hour; sign in, or try again ${retryIn(seconds)}`,
        key.scope === 'contact'
          ? 'TOO_MANY_COMMENTS_FROM_CONTACT'
          : 'TOO_MANY_COMMENTS_FROM_CLIENT',
        seconds,
      );
    }
    windows.push({ id: key.id, scope: key.scope, ...taken.window });
  }
  return windows;
}
