// What tests outside the outreach service (packages/deploy-checks) use of it. A test-only entry
// (`@pcn/outreach-service/testing`, resolved to this source by the `@pcn/source` condition), never
// part of the build in dist/.
export { loadOutreachConfig, outreachEnv } from '../config.js';
