import type { Clock } from '@pcn/platform';
import { statusProblems, type StatusThresholds } from './status-verdict.js';
import type { BusInspector, ReplicaCounter, ServiceProbe, StatusReport } from './status.ports.js';

/**
 * Asks every service and the bus at once; one that does not answer is reported, never fatal, so
 * the report shows everything that can be known.
 */
export function createCollectStatus(deps: {
  services: readonly string[];
  probe: ServiceProbe;
  bus: BusInspector;
  /** Absent when no NATS monitoring URL is known: replicas are then not reported. */
  replicas?: ReplicaCounter;
  clock: Clock;
}) {
  return async function collectStatus(thresholds: StatusThresholds): Promise<StatusReport> {
    const [services, bus, counted] = await Promise.all([
      Promise.all(deps.services.map((s) => deps.probe.probe(s))),
      deps.bus.inspect(),
      deps.replicas?.count(deps.services),
    ]);
    if (counted && 'replicas' in counted)
      for (const s of services) s.replicas = counted.replicas.get(s.service);
    const problems = statusProblems(services, bus, thresholds);
    if (counted && 'error' in counted) problems.push(`NATS monitoring: ${counted.error}`);
    return {
      at: deps.clock.now().toISOString(),
      services,
      bus,
      problems,
      healthy: problems.length === 0,
    };
  };
}
