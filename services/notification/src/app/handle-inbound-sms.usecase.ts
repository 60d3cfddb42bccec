import type { CallerIdentity, Clock } from '@pcn/platform';
import { contactKey } from './contact-keys.js';
import type { NotificationRepository } from './notification.ports.js';
import { optOut, type OptOutDeps } from './opt-out.js';
import { normaliseVietnamesePhone } from './phone-number.js';
import { replyOptOutId } from './reply-policy.js';
import { assertProviderRelay } from './subscriber-access.js';

export interface HandleInboundSmsDeps extends OptOutDeps {
  repo: OptOutDeps['repo'] & Pick<NotificationRepository, 'subscribersByContact'>;
  clock: Clock;
  /** Keys the list of numbers that refused replies to comments. */
  linkSecret: string;
}

/** The whole message, so that a reply such as "Dung roi" ("that's right") is not a STOP. */
const STOP_WORDS = /^\s*(stop|huy|hủy|tu\s*choi|từ\s*chối|dừng|unsubscribe)[\s.!]*$/i;

/**
 * `STOP` (or HUY, TU CHOI...) from a phone opts every subscription of that number out of SMS, and
 * the number out of replies to comments it sent (a receipt, an answer), subscribed or not.
 */
export function createHandleInboundSms(deps: HandleInboundSmsDeps) {
  const { repo, clock } = deps;

  return async function handleInboundSms(
    input: { from: string; text: string },
    caller: CallerIdentity | undefined,
  ) {
    assertProviderRelay(caller);
    if (!STOP_WORDS.test(input.text ?? '')) return { action: 'ignored' };
    const phone = normaliseVietnamesePhone(input.from ?? '');
    if (!phone.ok) return { action: 'ignored' };
    const now = clock.now();
    const key = contactKey({ channel: 'sms', address: phone.e164 });
    await repo.write((w) =>
      w.putReplyOptOut({
        id: replyOptOutId(deps.linkSecret, key),
        channel: 'sms',
        via: 'sms_stop',
        createdAt: now.toISOString(),
      }),
    );
    for (const s of await repo.subscribersByContact([key])) {
      if (s.contacts.find((c) => c.channel === 'sms')?.optedOutAt) continue;
      await optOut(deps, s.id, 'sms', 'sms_stop', now);
    }
    return { action: 'stop' };
  };
}
