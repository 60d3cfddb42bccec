import {
  hasRole,
  InvalidArgumentError,
  NotFoundError,
  type CallerIdentity,
  type Clock,
} from '@pcn/platform';
import { linkPayload } from './link-payload.js';
import { isChannel, type Channel } from './notification.model.js';
import { optOut, type OptOutDeps } from './opt-out.js';
import { assertOwnerOrAdmin } from './subscriber-access.js';

export interface UnsubscribeDeps extends OptOutDeps {
  clock: Clock;
  linkSecret: string;
}

/** By a signed link token (public), or signed in for one's own subscription (or an admin). */
export function createUnsubscribe(deps: UnsubscribeDeps) {
  const { repo, clock } = deps;

  return async function unsubscribe(
    input: { token?: string; subscriberId?: string; channel?: string },
    caller: CallerIdentity | undefined,
  ) {
    const now = clock.now();
    let subscriberId: string;
    let channel: Channel | null;
    let via: 'link' | 'admin' | 'self_service';
    if (input.token) {
      const link = linkPayload(deps.linkSecret, input.token, 'unsubscribe', now);
      subscriberId = link.subscriberId;
      channel = link.channel;
      via = 'link';
    } else {
      subscriberId = input.subscriberId ?? '';
      if (input.channel && !isChannel(input.channel))
        throw new InvalidArgumentError([{ field: 'channel', description: 'is not a channel' }]);
      channel = input.channel ? (input.channel as Channel) : null;
      via = hasRole(caller, 'network_admin') ? 'admin' : 'self_service';
    }
    const subscriber = await repo.getSubscriber(subscriberId);
    if (!subscriber) {
      // An erased subscriber's old link: nothing left to stop.
      if (via === 'link') return { subscriberId, channel };
      throw new NotFoundError('subscriber', subscriberId);
    }
    if (via !== 'link') assertOwnerOrAdmin(caller, subscriber);
    await optOut(deps, subscriber.id, channel, via, now);
    return { subscriberId, channel };
  };
}
