import type { BusReport, ServiceReport } from './status.ports.js';

export interface StatusThresholds {
  /** A consumer with more pending plus ack-pending messages than this is a problem. */
  maxLag?: number;
  /** A service with more unpublished outbox rows than this is a problem. */
  maxOutbox?: number;
  /** Dead letters waiting count as a problem (off by default: they are reported either way). */
  failOnDeadLetters?: boolean;
}

/** The problems a report shows, each one line naming what to look at. No I/O. */
export function statusProblems(
  services: readonly ServiceReport[],
  bus: BusReport,
  thresholds: StatusThresholds,
): string[] {
  const problems: string[] = [];
  for (const s of services) {
    if (s.health === 'UNREACHABLE')
      problems.push(`${s.service}: unreachable at ${s.address}${s.error ? ` (${s.error})` : ''}`);
    else if (s.health !== 'SERVING') problems.push(`${s.service}: ${s.health}`);
    if (
      thresholds.maxOutbox !== undefined &&
      s.outbox !== undefined &&
      s.outbox.pending > thresholds.maxOutbox
    )
      problems.push(
        `${s.service}: outbox backlog ${s.outbox.pending} is over ${thresholds.maxOutbox}`,
      );
  }
  if (!bus.reachable) problems.push(`NATS: unreachable${bus.error ? ` (${bus.error})` : ''}`);
  if (thresholds.maxLag !== undefined)
    for (const c of bus.streams.flatMap((s) => s.consumers)) {
      const lag = c.pending + c.ackPending;
      if (lag > thresholds.maxLag)
        problems.push(`consumer ${c.name} on ${c.stream}: lag ${lag} is over ${thresholds.maxLag}`);
    }
  if (thresholds.failOnDeadLetters && bus.deadLetters > 0)
    problems.push(`${bus.deadLetters} dead letter(s) waiting (pcn-admin dead-letters list)`);
  return problems;
}
