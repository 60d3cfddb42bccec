import type { EventFactory } from '@pcn/events';
import type { Clock } from '@pcn/platform';
import type { FeedbackRepository } from './feedback.ports.js';
import type { IntakeCaps } from './intake-caps.js';

/** What the feedback use cases are built from; each takes only the part it uses. */
export interface FeedbackDeps {
  repo: FeedbackRepository;
  events: EventFactory;
  clock: Clock;
  newId: () => string;
  newReceiptCode: () => string;
  /** Grace after the close for paper and village-session comments received before it. */
  graceMs: number;
  /** Caps on anonymous comments per contact and per client address (intake-caps.ts). */
  intakeCaps: IntakeCaps;
  /** Keys the caps' stored hashes, so a contact or an address cannot be read back. */
  capSecret: string;
  /** A group of at least this many comments is a campaign (default: the duplicate rules'). */
  campaignMinSize?: number;
}

/** Most items one page of a list holds. */
export const MAX_PAGE = 100;
