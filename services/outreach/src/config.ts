import { loadConfig } from '@pcn/platform';
import { backendEnv } from '@pcn/service-kit';

/** The outreach service's environment: the backend variables, gRPC on 50052 by default. */
export const outreachEnv = backendEnv(50052);

export function loadOutreachConfig(environment: NodeJS.ProcessEnv = process.env) {
  return loadConfig(outreachEnv, environment);
}
