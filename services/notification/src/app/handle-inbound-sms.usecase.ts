import { isStopText, type CallerIdentity, type Clock } from '@pcn/platform';
import { contactKey } from './contact-keys.js';
import type { NotificationRepository } from './notification.ports.js';
import { optOut, type OptOutDeps } from './opt-out.js';
import { normaliseAddress } from './contact-addresses.js';
import { replyOptOutId } from './reply-policy.js';
import { assertProviderRelay } from './subscriber-access.js';

export interface HandleInboundSmsDeps extends OptOutDeps {
  repo: OptOutDeps['repo'] & Pick<NotificationRepository, 'subscribersByContact'>;
  clock: Clock;
  /** Keys the list of numbers that refused replies to comments. */
  linkSecret: string;
}

/** A sender as contacts store it: E.164 for a phone, the Zalo user id as Zalo sends it. */
function addressOf(channel: 'sms' | 'zalo', from: string): string | null {
  const normalised = normaliseAddress(channel, from, false);
  return normalised.ok ? normalised.address : null;
}

/**
 * `STOP` (or HUY, TU CHOI...) from a phone opts every subscription of that number out of SMS, and
 * the number out of replies to comments it sent (a receipt, an answer), subscribed or not. The
 * same from a Zalo user to the Official Account does it for that Zalo id on Zalo.
 */
export function createHandleInboundSms(deps: HandleInboundSmsDeps) {
  const { repo, clock } = deps;

  return async function handleInboundSms(
    input: { from: string; text: string; channel?: 'sms' | 'zalo' },
    caller: CallerIdentity | undefined,
  ) {
    assertProviderRelay(caller);
    if (!isStopText(input.text ?? '')) return { action: 'ignored' };
    const channel = input.channel ?? 'sms';
    const address = addressOf(channel, input.from ?? '');
    if (address === null) return { action: 'ignored' };
    const via = channel === 'sms' ? 'sms_stop' : 'zalo_stop';
    const now = clock.now();
    const key = contactKey({ channel, address });
    await repo.write((w) =>
      w.putReplyOptOut({
        id: replyOptOutId(deps.linkSecret, key),
        channel,
        via,
        createdAt: now.toISOString(),
      }),
    );
    for (const s of await repo.subscribersByContact([key])) {
      if (s.contacts.find((c) => c.channel === channel)?.optedOutAt) continue;
      await optOut(deps, s.id, channel, via, now);
    }
    return { action: 'stop' };
  };
}
