import { FailedPreconditionError } from '@pcn/platform';
import { RECORDED_CHANNELS, type Channel, type DraftInfo } from './feedback.model.js';

/** Default grace after the close for paper forms and village sessions received before it. */
export const DEFAULT_PAPER_GRACE_DAYS = 14;

/**
 * When a comment is taken in: while the consultation is open (from `opensAt` until `closesAt`, or
 * the agency's early close). Paper forms and village-session comments received before the close
 * keep their received date and are still accepted for `graceMs` after it, since they travel by
 * hand from the communes. Throws FailedPreconditionError whose reason names the rule.
 */
export function assertWithinWindow(
  draft: Pick<DraftInfo, 'id' | 'status' | 'window' | 'closedAt' | 'synthesisPublishedAt'>,
  channel: Channel,
  receivedAt: Date,
  now: Date,
  graceMs: number,
): void {
  const window = draft.window;
  if (draft.status === 'known' || !window)
    throw new FailedPreconditionError(
      `Draft ${draft.id} is not open for comments: its consultation has not opened`,
      'CONSULTATION_NOT_OPEN',
    );
  const opens = Date.parse(window.opensAt);
  const scheduledClose = Date.parse(window.closesAt);
  const closes =
    draft.status === 'closed' && draft.closedAt
      ? Math.min(scheduledClose, Date.parse(draft.closedAt))
      : scheduledClose;
  if (receivedAt.getTime() < opens)
    throw new FailedPreconditionError(
      `The consultation on draft ${draft.id} opens at ${window.opensAt}; comments are taken from then`,
      'CONSULTATION_NOT_OPEN',
    );
  const open = draft.status === 'open' && now.getTime() < closes;
  if (open) return;
  if (!RECORDED_CHANNELS.includes(channel))
    throw new FailedPreconditionError(
      `The consultation on draft ${draft.id} closed at ${new Date(closes).toISOString()}; comments are no longer taken`,
      'CONSULTATION_CLOSED',
    );
  if (receivedAt.getTime() >= closes)
    throw new FailedPreconditionError(
      `A ${channel} comment is taken after the close only if it was received before it (${new Date(closes).toISOString()})`,
      'RECEIVED_AFTER_CLOSE',
    );
  // A report published after this round's close is final: a late form would be missing from it.
  const published = draft.synthesisPublishedAt ? Date.parse(draft.synthesisPublishedAt) : NaN;
  if (published >= closes)
    throw new FailedPreconditionError(
      `The synthesis report of draft ${draft.id} was published at ${draft.synthesisPublishedAt}; ${channel} comments received before the close can no longer be added to it`,
      'SYNTHESIS_ALREADY_PUBLISHED',
    );
  if (now.getTime() > closes + graceMs)
    throw new FailedPreconditionError(
      `The grace period for ${channel} comments on draft ${draft.id} ended ${Math.round(graceMs / 86_400_000)} days after the close`,
      'GRACE_PERIOD_OVER',
    );
}
