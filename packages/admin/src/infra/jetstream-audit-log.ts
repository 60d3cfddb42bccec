import { JetStreamApiError, type JetStreamManager } from '@nats-io/jetstream';
import type { BusNames } from '@pcn/events';
import type { AuditEntry } from '../app/dead-letters.ports.js';
import type { ErasureAuditEntry } from '../app/erasure.ports.js';
import type { UserAuditEntry } from '../app/user-audit.js';

/** One record of the audit stream, of any kind, with its sequence. */
export type AuditRecord = (AuditEntry | ErasureAuditEntry | UserAuditEntry) & { seq: number };

/** The newest audit records, newest first; an empty list when the stream does not exist yet. */
export async function readAuditLog(
  jsm: JetStreamManager,
  names: BusNames,
  limit: number,
): Promise<AuditRecord[]> {
  let state;
  try {
    ({ state } = await jsm.streams.info(names.auditStream));
  } catch (err) {
    if (err instanceof JetStreamApiError && err.status === 404) return [];
    throw err;
  }
  const out: AuditRecord[] = [];
  for (let seq = state.last_seq; seq >= state.first_seq && seq > 0 && out.length < limit; seq--) {
    const msg = await jsm.streams.getMessage(names.auditStream, { seq }).catch(() => null);
    if (msg) out.push({ ...msg.json<AuditEntry | ErasureAuditEntry | UserAuditEntry>(), seq });
  }
  return out;
}
