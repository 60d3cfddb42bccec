import type { CallerIdentity } from '@pcn/platform';
import type { ErasureReport, ErasureSubject } from '@pcn/service-kit';
import type { createEraseSubscriber } from './erase-subscriber.usecase.js';
import { erasureLookup } from './erasure-keys.js';
import type { NotificationRepository } from './notification.ports.js';

/** Operators act as network admins here (OpsService checked OPERATOR_SECRET). */
const OPERATOR: CallerIdentity = { kind: 'service', id: 'pcn-admin', roles: ['network_admin'] };

/**
 * Law 91/2025 erasure for `pcn-admin erase`: every subscriber holding the person's contact (or
 * owned by the user) is erased through the right-to-erasure use case, which opts it out, suppresses
 * its pending deliveries and deletes it with its verification codes.
 */
export function createErasePersonalData(deps: {
  repo: Pick<NotificationRepository, 'subscribersByContact' | 'subscribersByUser'>;
  eraseSubscriber: ReturnType<typeof createEraseSubscriber>;
}) {
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
    if (!dryRun) for (const id of ids) await deps.eraseSubscriber(id, OPERATOR);
    return {
      erased: [{ kind: 'subscribers', count: ids.length }],
      note: 'subscribers deleted with their codes; pending deliveries suppressed; the delivery log keeps only ids',
    };
  };
}
