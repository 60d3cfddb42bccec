import { env, loadConfig } from '@pcn/platform';
import { backendEnv } from '@pcn/service-kit';
import { z } from 'zod';
import { DEFAULT_PAPER_GRACE_DAYS } from './app/consultation-window.js';
import { DEFAULT_INTAKE_CAPS } from './app/intake-caps.js';
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
  FEEDBACK_ANONYMOUS_PER_CONTACT_PER_HOUR: env.int(
    DEFAULT_INTAKE_CAPS.perContact,
    1,
    10_000,
    'comments one contact point (phone, e-mail, Zalo account) may send without signing in, per sliding hour',
  ),
  FEEDBACK_ANONYMOUS_PER_ADDRESS_PER_HOUR: env.int(
    DEFAULT_INTAKE_CAPS.perClient,
    1,
    1_000_000,
    'comments one client address (IPv6: its /64) may send without signing in, per sliding hour',
  ),
  ...duplicateEnv,
};

export function loadFeedbackConfig(environment: NodeJS.ProcessEnv = process.env) {
  return loadConfig(feedbackEnv, environment);
}

export type FeedbackConfig = ReturnType<typeof loadFeedbackConfig>;
