import { commonEnv, env, loadConfig, storeEnv } from '@pcn/platform';

/** The gateway's environment. Backend addresses default to the ports `npm start` uses. */
export const gatewayEnv = {
  ...commonEnv,
  ...storeEnv,
  HTTP_HOST: env.string('interface to serve HTTP on, for example 127.0.0.1').default('127.0.0.1'),
  HTTP_PORT: env.port(4000),
  MAX_REQUEST_BYTES: env.int(
    1024 * 1024,
    1024,
    50 * 1024 * 1024,
    'largest accepted request body in bytes',
  ),
  DRAFT_GRPC_ADDRESS: env.string('host:port of the draft service').default('127.0.0.1:50051'),
  OUTREACH_GRPC_ADDRESS: env.string('host:port of the outreach service').default('127.0.0.1:50052'),
  FEEDBACK_GRPC_ADDRESS: env.string('host:port of the feedback service').default('127.0.0.1:50053'),
  NOTIFICATION_GRPC_ADDRESS: env
    .string('host:port of the notification service')
    .default('127.0.0.1:50054'),
};

export function loadGatewayConfig(environment: NodeJS.ProcessEnv = process.env) {
  return loadConfig(gatewayEnv, environment);
}

export type GatewayConfig = ReturnType<typeof loadGatewayConfig>;
