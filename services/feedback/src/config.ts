import { loadConfig } from '@pcn/platform';
import { backendEnv } from '@pcn/service-kit';

/** The feedback service's environment: the backend variables, gRPC on 50053 by default. */
export const feedbackEnv = backendEnv(50053);

export function loadFeedbackConfig(environment: NodeJS.ProcessEnv = process.env) {
  return loadConfig(feedbackEnv, environment);
}
