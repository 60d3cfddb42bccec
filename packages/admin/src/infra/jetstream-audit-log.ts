import { JetStreamApiError, type JetStreamManager } from '@nats-io/jetstream';
import type { BusNames } from '@pcn/events';
import type { AuditEntry } from '../app/dead-letters.ports.js';

/** The newest audit records, newest first; an empty list when the stream does not exist yet. */
export async function readAuditLog(
  jsm: JetStreamManager,
  names: BusNames,
  limit: number,
): Promise<(AuditEntry & { seq: number })[]> {
  let state;
  try {
    ({ state } = await jsm.streams.info(names.auditStream));
  } catch (err) {
    if (err instanceof JetStreamApiError && err.status === 404) return [];
    throw err;
  }
  const out: (AuditEntry & { seq: number })[] = [];
  for (let seq = state.last_seq; seq >= state.first_seq && seq > 0 && out.length < limit; seq--) {
    const msg = await jsm.streams.getMessage(names.auditStream, { seq }).catch(() => null);
    if (msg) out.push({ ...msg.json<AuditEntry>(), seq });
  }
  return out;
}
