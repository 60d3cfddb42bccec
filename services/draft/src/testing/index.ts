// What tests outside the draft service (packages/e2e) use of it. A test-only entry
// (`@pcn/draft-service/testing`, resolved to this source by the `@pcn/source` condition), never
// part of the build in dist/.
export { draftEnv, loadDraftConfig } from '../config.js';
export { startDraftService, type DraftService } from '../draft-service.js';
