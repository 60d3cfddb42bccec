// Composition root of the feedback service: comments from every channel, moderation and answers.
import { exitOnBootFailure } from '@pcn/platform';
import { loadFeedbackConfig } from './config.js';
import { startFeedbackService } from './feedback-service.js';

async function main(): Promise<void> {
  await startFeedbackService(loadFeedbackConfig());
}

main().catch(exitOnBootFailure);
