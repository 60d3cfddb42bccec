// What tests outside the feedback service (packages/e2e) use of it. A test-only entry
// (`@pcn/feedback-service/testing`, resolved to this source by the `@pcn/source` condition),
// never part of the build in dist/.
export { feedbackEnv, loadFeedbackConfig } from '../config.js';
export { startFeedbackService, type FeedbackService } from '../feedback-service.js';
