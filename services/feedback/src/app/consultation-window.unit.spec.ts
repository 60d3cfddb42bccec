import { FailedPreconditionError } from '@pcn/platform';
import { describe, expect, it } from 'vitest';
import { assertWithinWindow } from './consultation-window.js';
import type { Channel } from './feedback.model.js';
import { DAY, openDraft } from './feedback.fixtures.js';

const opens = Date.parse('2026-12-01T00:00:00.000Z');
const closes = Date.parse('2026-12-21T00:00:00.000Z');
const grace = 14 * DAY;

function reason(
  draft: ReturnType<typeof openDraft>,
  channel: Channel,
  receivedMs: number,
  nowMs: number,
): string | null {
  try {
    assertWithinWindow(draft, channel, new Date(receivedMs), new Date(nowMs), grace);
    return null;
  } catch (err) {
    if (err instanceof FailedPreconditionError) return err.reason;
    throw err;
  }
}

describe('the consultation window', () => {
  const open = openDraft();

  it('takes comments from opensAt up to (not including) closesAt', () => {
    expect(reason(open, 'web', opens, opens)).toBeNull();
    expect(reason(open, 'web', closes - 1, closes - 1)).toBeNull();
    expect(reason(open, 'web', opens - 1, opens - 1)).toBe('CONSULTATION_NOT_OPEN');
    // The close event may not have arrived yet: the time alone closes it.
    expect(reason(open, 'web', closes, closes)).toBe('CONSULTATION_CLOSED');
  });

  it('refuses a draft whose consultation never opened', () => {
    expect(reason(openDraft({ status: 'known', window: null }), 'web', opens, opens)).toBe(
      'CONSULTATION_NOT_OPEN',
    );
  });

  it('honours an early close by the agency', () => {
    const early = openDraft({ status: 'closed', closedAt: '2026-12-15T00:00:00.000Z' });
    const closedAt = Date.parse('2026-12-15T00:00:00.000Z');
    expect(reason(early, 'web', closedAt - 1, closedAt + 1)).toBe('CONSULTATION_CLOSED');
    expect(reason(early, 'paper', closedAt - 1, closedAt + DAY)).toBeNull();
    expect(reason(early, 'paper', closedAt + 1, closedAt + DAY)).toBe('RECEIVED_AFTER_CLOSE');
  });

  it.each(['paper', 'village_session'] as const)(
    'takes %s comments received before the close within the grace period after it',
    (channel) => {
      const closed = openDraft({ status: 'closed', closedAt: '2026-12-21T00:00:00.000Z' });
      expect(reason(closed, channel, closes - 1, closes + grace)).toBeNull();
      expect(reason(closed, channel, closes - 1, closes + grace + 1)).toBe('GRACE_PERIOD_OVER');
      expect(reason(closed, channel, closes, closes + 1)).toBe('RECEIVED_AFTER_CLOSE');
      expect(reason(closed, channel, opens - 1, closes + 1)).toBe('CONSULTATION_NOT_OPEN');
    },
  );

  it('ends the grace period once the synthesis report of the round is published', () => {
    const closedAt = '2026-12-21T00:00:00.000Z';
    const publishedAt = new Date(closes + DAY).toISOString();
    const published = openDraft({
      status: 'closed',
      closedAt,
      synthesisPublishedAt: publishedAt,
    });
    expect(reason(published, 'paper', closes - 1, closes + 2 * DAY)).toBe(
      'SYNTHESIS_ALREADY_PUBLISHED',
    );
    // A report published after an earlier round does not close a later round's grace period.
    const earlier = openDraft({
      status: 'closed',
      closedAt,
      synthesisPublishedAt: new Date(opens - DAY).toISOString(),
    });
    expect(reason(earlier, 'paper', closes - 1, closes + 2 * DAY)).toBeNull();
  });

  it.each(['web', 'partner', 'sms', 'zalo', 'email'] as const)(
    'gives %s comments no grace',
    (channel) => {
      const closed = openDraft({ status: 'closed', closedAt: '2026-12-21T00:00:00.000Z' });
      expect(reason(closed, channel, closes - 1, closes + 1)).toBe('CONSULTATION_CLOSED');
    },
  );
});
