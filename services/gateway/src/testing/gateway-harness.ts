import type { Logger } from '@pcn/platform';
import { inject } from 'vitest';
import { loadGatewayConfig, type GatewayConfig } from '../config.js';
import { startGateway, type Gateway } from '../gateway.js';

/** What every test gateway needs of its own, and any setting a test changes. */
export type GatewayTestEnv = { BUS_PREFIX: string; SQLITE_FILE: string } & Record<string, string>;

/**
 * A gateway's config for a test, on the test's nats-server: not production (production refuses
 * demo data and a missing INTERNAL_SECRET), demo data on, no rate limit to trip over, and every
 * backend on a dead address unless `env` names one.
 */
export function testGatewayConfig(env: GatewayTestEnv): GatewayConfig {
  return loadGatewayConfig({
    NODE_ENV: 'test',
    NATS_URL: inject('natsUrl'),
    HTTP_PORT: '0',
    LOG_LEVEL: process.env.PCN_TEST_LOG_LEVEL ?? 'silent',
    JWT_SECRET: 'test-secret-test-secret-test-secret-42',
    DEMO_DATA: 'true',
    RATE_LIMIT_PER_MINUTE: '100000',
    DRAFT_GRPC_ADDRESS: '127.0.0.1:1',
    OUTREACH_GRPC_ADDRESS: '127.0.0.1:1',
    FEEDBACK_GRPC_ADDRESS: '127.0.0.1:1',
    NOTIFICATION_GRPC_ADDRESS: '127.0.0.1:1',
    ...env,
  });
}

/** A gateway in this process, with `testGatewayConfig(env)`; the test shuts it down. */
export function startTestGateway(
  env: GatewayTestEnv,
  options: { logger?: Logger } = {},
): Promise<Gateway> {
  return startGateway(testGatewayConfig(env), { handleSignals: false, ...options });
}
