import type { EventFactory } from '@pcn/events';
import type { Clock } from '@pcn/platform';
import type { FeedbackRepository } from './feedback.ports.js';

/** What the feedback use cases are built from; each takes only the part it uses. */
export interface FeedbackDeps {
  repo: FeedbackRepository;
  events: EventFactory;
  clock: Clock;
  newId: () => string;
  newReceiptCode: () => string;
  /** Grace after the close for paper and village-session comments received before it. */
  graceMs: number;
  /** A group of at least this many comments is a campaign (default: the duplicate rules'). */
  campaignMinSize?: number;
}

/** Most items one page of a list holds. */
export const MAX_PAGE = 100;
