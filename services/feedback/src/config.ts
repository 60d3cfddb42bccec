import { loadConfig } from '@pcn/platform';
import { backendEnv } from '@pcn/service-kit';
import { z } from 'zod';
import { DEFAULT_PAPER_GRACE_DAYS } from './app/consultation-window.js';
import { duplicateEnv } from './app/duplicates/duplicate-rules.js';

/** The feedback service's environment: the backend variables, gRPC on 50053 by default, its rules. */
export const feedbackEnv = {
  ...backendEnv(50053),
  FEEDBACK_PAPER_GRACE_DAYS: z.coerce
    .number()
    .min(0)
    .max(365)
    .default(DEFAULT_PAPER_GRACE_DAYS)
    .describe(
      `days after a consultation closes during which paper forms and village-session comments received before the close are still taken (default ${DEFAULT_PAPER_GRACE_DAYS}; fractions allowed)`,
    ),
  ...duplicateEnv,
};

export function loadFeedbackConfig(environment: NodeJS.ProcessEnv = process.env) {
  return loadConfig(feedbackEnv, environment);
}

export type FeedbackConfig = ReturnType<typeof loadFeedbackConfig>;
