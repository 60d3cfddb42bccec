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
 *
 * The gateway is asked first, alone: it is the one service that refuses a person as things stand
 * (the last enabled network admin, FAILED_PRECONDITION), and a refusal must leave every service
 * untouched rather than erase the person's comments and subscriptions but keep the account. The
 * backends never refuse a valid subject, so they are asked only once the gateway has answered,
 * and then all at once. A gateway that failed or could not be reached does not stop them: it did
 * not refuse, and a re-run finishes its part.
 */
export function createErasePersonalData(deps: {
  /** The gateway's accounts: asked first; its refusal stops the erasure. */
  gateway: ErasureTarget;
  /** The backends. */
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
  ): Promise<{
    services: ServiceErasure[];
    subjectHash: string;
    /** The gateway refused: no service was asked to erase, and nothing was recorded. */
    refused: boolean;
    auditSeq?: number;
  }> {
    const hash = subjectHash(subject, deps.hashKey);
    const gateway = await deps.gateway.erase(subject, dryRun);
    if (gateway.outcome === 'refused')
      return {
        services: [
          ...deps.targets.map((t): ServiceErasure => ({
            service: t.service,
            outcome: 'skipped',
            erased: [],
            note: 'not asked: the gateway refused the erasure',
            streamMessages: [],
          })),
          gateway,
        ],
        subjectHash: hash,
        refused: true,
      };
    const services = [
      ...(await Promise.all(deps.targets.map((t) => t.erase(subject, dryRun)))),
      gateway,
    ];
    if (dryRun) return { services, subjectHash: hash, refused: false };
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
    return { services, subjectHash: hash, refused: false, auditSeq };
  };
}
