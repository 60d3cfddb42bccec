// What tests outside the gateway (packages/e2e) use of it. A test-only entry (`@pcn/gateway/testing`,
// resolved to this source by the `@pcn/source` condition), never part of the build in dist/.
export * from './gateway-harness.js';
export * from './graphql-client.js';
export { gatewayEnv, loadGatewayConfig } from '../config.js';
export { startGateway, type Gateway } from '../gateway.js';
export { HOOK_SECRET_HEADER } from '../http/notification-routes.js';
export { DEMO_PARTNER_API_KEY, DEMO_PASSWORD, DEMO_UNITS } from '../identity/demo-data.js';
export { identityCollections, unitsCollection } from '../identity/identity.collections.js';
export type { UnitRecord } from '../identity/identity.collections.js';
export { createIdentityService } from '../identity/identity.service.js';
