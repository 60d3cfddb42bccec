import type { ErasureSubject } from '@pcn/platform';

/** One service's answer to an erasure, or why there is none. */
export interface ServiceErasure {
  service: string;
  /**
   * `refused`: the service will not erase this person as things stand (the gateway's last network
   * admin); `skipped`: not asked, because the gateway refused.
   */
  outcome: 'done' | 'failed' | 'unreachable' | 'refused' | 'skipped';
  erased: { kind: string; count: number }[];
  /** What the service keeps, and why; or the failure. Never personal data. */
  note: string;
  /** The JetStream messages that held the person's data, erased (or, in a dry run, found). */
  streamMessages: { stream: string; seq: number; subject: string }[];
}

/** A service that can erase a person's data (a backend's OpsService, the gateway's operator API). */
export interface ErasureTarget {
  service: string;
  erase(subject: ErasureSubject, dryRun: boolean): Promise<ServiceErasure>;
}

/** The audit record of an erasure: a keyed hash of the subject, never the subject itself. */
export interface ErasureAuditEntry {
  action: 'personal-data-erased';
  at: string;
  operator: string;
  erasureId: string;
  subjectKind: ErasureSubject['kind'];
  /** HMAC-SHA256 of the normalised subject under OPERATOR_SECRET: the same person gives the same hash. */
  subjectHash: string;
  services: {
    service: string;
    outcome: ServiceErasure['outcome'];
    erased: Record<string, number>;
    /** `<stream>:<sequence>` of each stream message erased. */
    streamMessages: string[];
  }[];
}
