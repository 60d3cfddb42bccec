import { loadConfig } from '@pcn/platform';
import { backendEnv } from '@pcn/service-kit';

/** The notification service's environment: the backend variables, gRPC on 50054 by default. */
export const notificationEnv = backendEnv(50054);

export function loadNotificationConfig(environment: NodeJS.ProcessEnv = process.env) {
  return loadConfig(notificationEnv, environment);
}
