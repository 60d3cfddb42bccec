import { loadConfig } from '@pcn/platform';
import { backendEnv } from '@pcn/service-kit';

/** The draft service's environment: the backend variables, gRPC on 50051 by default. */
export const draftEnv = backendEnv(50051);

export function loadDraftConfig(environment: NodeJS.ProcessEnv = process.env) {
  return loadConfig(draftEnv, environment);
}
