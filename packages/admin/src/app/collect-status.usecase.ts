import type { Clock } from '@pcn/platform';
import { statusProblems, type StatusThresholds } from './status-verdict.js';
import type { BusInspector, ServiceProbe, StatusReport } from './status.ports.js';

/**
 * Asks every service and the bus at once; one that does not answer is reported, never fatal, so
 * the report shows everything that can be known.
 */
export function createCollectStatus(deps: {
  services: readonly string[];
  probe: ServiceProbe;
  bus: BusInspector;
  clock: Clock;
}) {
  return async function collectStatus(thresholds: StatusThresholds): Promise<StatusReport> {
    const [services, bus] = await Promise.all([
      Promise.all(deps.services.map((s) => deps.probe.probe(s))),
      deps.bus.inspect(),
    ]);
    const problems = statusProblems(services, bus, thresholds);
    return {
      at: deps.clock.now().toISOString(),
      services,
      bus,
      problems,
      healthy: problems.length === 0,
    };
  };
}
