import { randomUUID } from 'node:crypto';
import type { Clock, ErasureSubject, Logger } from '@pcn/platform';
import type { AuditTrail } from './dead-letters.ports.js';
import type { ErasureAuditEntry, ErasureTarget, ServiceErasure } from './erasure.ports.js';
import { subjectHash } from './erasure-request.js';

/**
 * `pcn-admin erase`: asks every service holding personal data to erase the person's, at once, and
 * records the erasure in the audit stream under a keyed hash of the subject. A dry run changes
 * nothing and records nothing. A service that fails is reported; the others are not undone, and
 * running the command again finishes the job (each service's erasure is idempotent).
 */
export function createErasePersonalData(deps: {
  targets: readonly ErasureTarget[];
  audit: AuditTrail;
  clock: Clock;
  operator: string;
  hashKey: string;
  logger: Logger;
}) {
  return async function erasePersonalData(
    subject: ErasureSubject,
    dryRun: boolean,
  ): Promise<{ services: ServiceErasure[]; subjectHash: string; auditSeq?: number }> {
    const services = await Promise.all(deps.targets.map((t) => t.erase(subject, dryRun)));
    const hash = subjectHash(subject, deps.hashKey);
    if (dryRun) return { services, subjectHash: hash };
    const entry: ErasureAuditEntry = {
      action: 'personal-data-erased',
      at: deps.clock.now().toISOString(),
      operator: deps.operator,
      erasureId: randomUUID(),
      subjectKind: subject.kind,
      subjectHash: hash,
      services: services.map((s) => ({
        service: s.service,
        outcome: s.outcome,
        erased: Object.fromEntries(s.erased.map((e) => [e.kind, e.count])),
        streamMessages: s.streamMessages.map((m) => `${m.stream}:${m.seq}`),
      })),
    };
    const auditSeq = await deps.audit.record(entry);
    deps.logger.info(
      { erasureId: entry.erasureId, subjectKind: subject.kind, auditSeq },
      'personal data erased',
    );
    return { services, subjectHash: hash, auditSeq };
  };
}
