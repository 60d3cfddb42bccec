import type { CallerIdentity, Clock } from '@pcn/platform';
import type { ErasureReport, ErasureSubject } from '@pcn/service-kit';
import type { createEraseSubscriber } from './erase-subscriber.usecase.js';
import { erasureLookup, replyHeldBy } from './erasure-keys.js';
import type { NotificationRepository } from './notification.ports.js';
import { forgetAddress, type ReplyRecord, type ReplyTo } from './reply-plan.js';

/** Operators act as network admins here (OpsService checked OPERATOR_SECRET). */
const OPERATOR: CallerIdentity = { kind: 'service', id: 'pcn-admin', roles: ['network_admin'] };
const PAGE = 500;

function replyToOf(reply: ReplyRecord): ReplyTo | null {
  return (reply.event.data as { replyTo?: ReplyTo | null }).replyTo ?? null;
}

/**
 * Law 91/2025 erasure for `pcn-admin erase`: every subscriber holding the person's contact (or
 * owned by the user) is erased through the right-to-erasure use case, which opts it out, suppresses
 * its pending deliveries and deletes it with its verification codes. Receipts and answers to the
 * person's comments that still wait to be sent lose their address (as a sent one does), so their
 * deliveries are suppressed; replies are scanned, having no index on an address by design.
 */
export function createErasePersonalData(deps: {
  repo: Pick<
    NotificationRepository,
    'subscribersByContact' | 'subscribersByUser' | 'scanReplies' | 'write'
  >;
  eraseSubscriber: ReturnType<typeof createEraseSubscriber>;
  clock: Clock;
}) {
  async function heldReplies(subject: ErasureSubject): Promise<string[]> {
    const held: string[] = [];
    let after: string | null = null;
    do {
      const page = await deps.repo.scanReplies(PAGE, after);
      for (const r of page.items) if (replyHeldBy(replyToOf(r), subject)) held.push(r.id);
      after = page.nextCursor;
    } while (after !== null);
    return held;
  }

  return async function erasePersonalData(
    subject: ErasureSubject,
    dryRun: boolean,
  ): Promise<ErasureReport> {
    const lookup = erasureLookup(subject);
    const found =
      'userId' in lookup
        ? await deps.repo.subscribersByUser(lookup.userId)
        : lookup.contactKeys.length > 0
          ? await deps.repo.subscribersByContact(lookup.contactKeys)
          : [];
    const ids = [...new Set(found.map((s) => s.id))];
    const replies = await heldReplies(subject);
    if (!dryRun) {
      for (const id of ids) await deps.eraseSubscriber(id, OPERATOR);
      const at = deps.clock.now().toISOString();
      for (const id of replies)
        await deps.repo.write(async (w) => {
          // Read again: the delivery worker may have settled it (and dropped the address) meanwhile.
          const reply = await w.getReply(id);
          if (reply && replyHeldBy(replyToOf(reply), subject))
            await w.updateReply(forgetAddress(reply, at));
        });
    }
    return {
      erased: [
        { kind: 'subscribers', count: ids.length },
        { kind: 'reply addresses', count: replies.length },
      ],
      note: 'subscribers deleted with their codes; pending deliveries suppressed; replies not yet sent lose their address and are not sent; the delivery log keeps only ids',
    };
  };
}
