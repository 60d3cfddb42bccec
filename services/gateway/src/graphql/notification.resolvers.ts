import { notification as pb } from '@pcn/contracts';
import {
  assertNetworkAdmin,
  assertSignedIn,
  hasRole,
  InvalidArgumentError,
  NotFoundError,
  type CallerIdentity,
  type FieldViolation,
} from '@pcn/platform';
import type { GatewayContext } from './context.js';
import { upper } from './enums.js';
import { badInput, fieldsUnder } from './errors.js';
import type {
  Delivery,
  DeliveryState,
  InboxItem,
  NotificationTemplate,
  PendingVerification,
  QuietHoursInput,
  Resolvers,
  Subscriber,
  TopicInput,
} from './generated/resolvers-types.js';
import { liveStream } from './live.js';
import {
  ALERT_KIND,
  CHANNEL,
  DELIVERY_KIND,
  DELIVERY_STATE,
  DIGEST_MODE,
  SUBSCRIBER_KIND,
  SUBSCRIBER_STATUS,
  TOPIC_KIND,
} from './notification-enums.js';
import { knownUnits } from './units.js';

/**
 * Notifications through the gateway. Every call goes to the notification service as the caller
 * (signed identity in metadata), which checks access again; the gateway checks role and scope
 * first, so a refused call never reaches it. Contact data is only in answers the service gives to
 * the subscriber itself or to a network admin, and never goes to the log.
 */

const MAX_PAGE = 200;
/** Link tokens are at most 512 characters; codes are a few digits. */
const MAX_TOKEN = 512;
const MAX_CODE = 16;
const MAX_ID = 128;
const MAX_UNITS = 50;
const DELIVERY_STATES = [
  'queued',
  'sent',
  'delivered',
  'failed',
  'deferred',
  'suppressed',
] as const satisfies readonly Lowercase<DeliveryState>[];

function pageSize(first: number | null | undefined, field = 'first'): number {
  const n = first ?? 50;
  if (!Number.isInteger(n) || n < 1 || n > MAX_PAGE) throw badInput(field, `must be 1-${MAX_PAGE}`);
  return n;
}

function pageInfo(nextCursor: string) {
  return { hasNextPage: nextCursor !== '', endCursor: nextCursor || null };
}

function bounded(value: string, max: number, field: string): string {
  if (value.length > max) throw badInput(field, `must be at most ${max} characters`);
  return value;
}

const api = (ctx: GatewayContext) => ctx.notifications;

// ---------------------------------------------------------------------------------------------
// Views: service messages as GraphQL objects.

/** What the resolvers of `Subscriber` receive: all but its units, which they look up. */
type SubscriberView = Omit<Subscriber, 'units'>;

function subscriberView(s: pb.Subscriber): SubscriberView {
  return {
    id: s.id,
    version: s.version,
    kind: SUBSCRIBER_KIND.fromPb(s.kind),
    status: SUBSCRIBER_STATUS.fromPb(s.status),
    language: s.language,
    contacts: s.contacts.map((c) => ({
      channel: CHANNEL.fromPb(c.channel),
      address: c.address,
      verified: Boolean(c.verifiedAt),
      verifiedAt: c.verifiedAt ?? null,
      optedOutAt: c.optedOutAt ?? null,
      disabledAt: c.disabledAt ?? null,
    })),
    unitIds: s.unitIds,
    topics: s.topics.map((t) => ({
      kind: TOPIC_KIND.fromPb(t.kind),
      value: t.value,
      channels: t.channels.map((c) => CHANNEL.fromPb(c)),
    })),
    defaultChannels: s.defaultChannels.map((c) => CHANNEL.fromPb(c)),
    digest: DIGEST_MODE.optionalFromPb(s.digest) ?? 'IMMEDIATE',
    quietHours: s.quietHours?.start ? s.quietHours : null,
    consents: s.consents.map((c) => ({
      purpose: c.purpose,
      channel: CHANNEL.fromPb(c.channel),
      method: c.method,
      textVersion: c.textVersion,
      givenAt: c.givenAt ?? null,
      verifiedAt: c.verifiedAt ?? null,
      withdrawnAt: c.withdrawnAt ?? null,
    })),
    createdAt: s.createdAt ?? null,
    updatedAt: s.updatedAt ?? null,
  };
}

export function inboxItemView(i: pb.InboxItem): InboxItem {
  return {
    id: i.id,
    type: i.eventType.slice(i.eventType.lastIndexOf('.') + 1),
    eventType: i.eventType,
    draftId: i.draftId || null,
    title: i.title,
    body: i.body,
    createdAt: i.createdAt ?? null,
    readAt: i.readAt ?? null,
    read: Boolean(i.readAt),
  };
}

function deliveryView(d: pb.Delivery): Delivery {
  return {
    id: d.id,
    kind: DELIVERY_KIND.fromPb(d.kind),
    sourceEventId: d.sourceEventId,
    eventType: d.eventType,
    subscriberId: d.subscriberId,
    channel: CHANNEL.fromPb(d.channel),
    language: d.language || null,
    state: DELIVERY_STATE.fromPb(d.state),
    attempts: d.attempts,
    notBefore: d.notBefore ?? null,
    reason: d.reason || null,
    providerMessageId: d.providerMessageId || null,
    createdAt: d.createdAt ?? null,
    updatedAt: d.updatedAt ?? null,
  };
}

function pendingVerificationView(v: pb.PendingVerification): PendingVerification {
  return { channel: CHANNEL.fromPb(v.channel), method: v.method, expiresAt: v.expiresAt ?? null };
}

function templateView(t: pb.Template): NotificationTemplate {
  return { ...t, channel: CHANNEL.fromPb(t.channel), updatedAt: t.updatedAt ?? null };
}

// ---------------------------------------------------------------------------------------------
// Input checks the gateway can make itself.

const topicsIn = (topics: readonly TopicInput[]): pb.TopicInput[] =>
  topics.map((t) => ({
    kind: TOPIC_KIND.toPb(t.kind),
    value: t.value,
    channels: (t.channels ?? []).map((c) => CHANNEL.toPb(c)),
  }));

const quietHoursIn = (q: QuietHoursInput): pb.QuietHours => ({
  start: q.start,
  end: q.end,
  timeZone: q.timeZone ?? '',
});

/** The gateway owns the directory: a unit it does not know is refused here, named by its path. */
async function assertUnitsKnown(
  ctx: GatewayContext,
  ids: readonly string[],
  path: string,
): Promise<void> {
  // An over-long list or a malformed id is the service's to describe, with the same path.
  if (ids.length > MAX_UNITS || ids.some((id) => id.length > MAX_ID)) return;
  const found = await Promise.all(ids.map((id) => ctx.identity.unit(id)));
  const violations: FieldViolation[] = [];
  ids.forEach((_, i) => {
    if (!found[i])
      violations.push({
        field: `${path}[${i}]`,
        description: 'is not a known administrative unit',
      });
  });
  if (violations.length > 0) throw new InvalidArgumentError(violations);
}

/**
 * A subscriber the caller may act on: its own (signed in as its user) or any, for a network admin.
 * Read as the caller, so the service applies its own rule too; anything else is "not found".
 */
async function ownSubscriber(
  ctx: GatewayContext,
  id: string,
  field: string,
): Promise<pb.Subscriber> {
  const caller = assertSignedIn(ctx.caller);
  if (!id) throw badInput(field, 'is required');
  bounded(id, MAX_ID, field);
  const { call, client } = api(ctx);
  const { subscriber } = await call(client.getSubscriber.bind(client), { id });
  if (!subscriber || !mayManage(caller, subscriber)) throw new NotFoundError('subscriber', id);
  return subscriber;
}

function mayManage(caller: CallerIdentity, s: pb.Subscriber): boolean {
  return (
    hasRole(caller, 'network_admin') ||
    (caller.kind === 'user' && s.userId !== '' && s.userId === caller.id)
  );
}

/**
 * The caller's subscriber ids, for routing live in-app notifications: read when the stream starts
 * and again when an event names a subscriber not seen yet (a subscription made meanwhile). Ids
 * found to be someone else's are remembered, so each costs one look-up per stream at most.
 */
class OwnSubscribers {
  readonly #ctx: GatewayContext;
  #mine = new Set<string>();
  readonly #others = new Set<string>();

  constructor(ctx: GatewayContext) {
    this.#ctx = ctx;
  }

  async load(): Promise<void> {
    const { call, client } = api(this.#ctx);
    const { subscribers } = await call(client.listMySubscriptions.bind(client), {});
    this.#mine = new Set(subscribers.map((s) => s.id));
  }

  async has(id: string): Promise<boolean> {
    if (this.#mine.has(id)) return true;
    if (this.#others.has(id)) return false;
    await this.load();
    if (this.#mine.has(id)) return true;
    if (this.#others.size >= 10_000) this.#others.clear();
    this.#others.add(id);
    return false;
  }
}

// ---------------------------------------------------------------------------------------------

export const notificationResolvers = {
  Query: {
    async mySubscriptions(_, __, ctx) {
      assertSignedIn(ctx.caller);
      const { call, client } = api(ctx);
      const { subscribers } = await call(client.listMySubscriptions.bind(client), {});
      return subscribers.map(subscriberView);
    },

    async myNotifications(_, args, ctx) {
      assertSignedIn(ctx.caller);
      const first = pageSize(args.first ?? 20);
      const { call, client } = api(ctx);
      const res = await call(client.listInbox.bind(client), {
        first,
        after: bounded(args.after ?? '', MAX_TOKEN, 'after'),
        unreadOnly: args.unreadOnly ?? false,
      });
      return {
        items: res.items.map(inboxItemView),
        pageInfo: pageInfo(res.nextCursor),
        unreadCount: res.unreadCount,
      };
    },

    async deliveries(_, args, ctx) {
      assertNetworkAdmin(ctx.caller);
      const f = args.filter ?? {};
      const { call, client } = api(ctx);
      const res = await call(client.listDeliveries.bind(client), {
        sourceEventId: bounded(f.sourceEventId ?? '', MAX_ID * 3, 'filter.sourceEventId'),
        subscriberId: bounded(f.subscriberId ?? '', MAX_ID, 'filter.subscriberId'),
        channel: f.channel ? CHANNEL.toPb(f.channel) : pb.Channel.CHANNEL_UNSPECIFIED,
        state: f.state ? DELIVERY_STATE.toPb(f.state) : pb.DeliveryState.DELIVERY_STATE_UNSPECIFIED,
        first: pageSize(args.first),
        after: bounded(args.after ?? '', MAX_TOKEN, 'after'),
      });
      return {
        items: res.deliveries.map(deliveryView),
        pageInfo: pageInfo(res.nextCursor),
        // Every state, in this order; the service leaves out those it has none of.
        counts: DELIVERY_STATES.map((state) => ({
          state: upper(state),
          count: res.counts[state] ?? 0,
        })),
      };
    },

    async notificationTemplates(_, args, ctx) {
      assertNetworkAdmin(ctx.caller);
      const f = args.filter ?? {};
      const { call, client } = api(ctx);
      const { templates } = await call(client.listTemplates.bind(client), {
        eventType: bounded(f.eventType ?? '', MAX_ID, 'filter.eventType'),
        channel: f.channel ? CHANNEL.toPb(f.channel) : pb.Channel.CHANNEL_UNSPECIFIED,
        language: bounded(f.language ?? '', 35, 'filter.language'),
      });
      return templates.map(templateView);
    },

    async previewNotificationTemplate(_, { input }, ctx) {
      assertNetworkAdmin(ctx.caller);
      const { call, client } = api(ctx);
      const res = await fieldsUnder(
        'input',
        call(client.previewTemplate.bind(client), {
          eventType: input.eventType,
          channel: CHANNEL.toPb(input.channel),
          language: input.language,
          subject: input.subject ?? '',
          body: input.body ?? '',
        }),
      );
      return { ...res, html: res.html || null };
    },

    async missingTranslations(_, args, ctx) {
      assertNetworkAdmin(ctx.caller);
      const { call, client } = api(ctx);
      const { missing } = await call(client.missingTranslations.bind(client), {
        languages: args.languages,
      });
      return missing.map((m) => ({
        eventType: m.eventType,
        channel: CHANNEL.fromPb(m.channel),
        language: m.language,
        fallbackLanguage: m.fallbackLanguage || null,
      }));
    },

    async subscribers(_, args, ctx) {
      assertNetworkAdmin(ctx.caller);
      const f = args.filter ?? {};
      const { call, client } = api(ctx);
      const res = await call(client.listSubscribers.bind(client), {
        status: f.status
          ? SUBSCRIBER_STATUS.toPb(f.status)
          : pb.SubscriberStatus.SUBSCRIBER_STATUS_UNSPECIFIED,
        unitId: bounded(f.unitId ?? '', MAX_ID, 'filter.unitId'),
        first: pageSize(args.first),
        after: bounded(args.after ?? '', MAX_TOKEN, 'after'),
      });
      return { items: res.subscribers.map(subscriberView), pageInfo: pageInfo(res.nextCursor) };
    },

    async subscriber(_, args, ctx) {
      try {
        return subscriberView(await ownSubscriber(ctx, args.id, 'id'));
      } catch (err) {
        if (err instanceof NotFoundError) return null;
        throw err;
      }
    },

    async notificationAlerts(_, args, ctx) {
      assertNetworkAdmin(ctx.caller);
      const { call, client } = api(ctx);
      const { alerts } = await call(client.listAlerts.bind(client), {
        first: pageSize(args.first),
      });
      return alerts.map((a) => ({
        id: a.id,
        kind: ALERT_KIND.fromPb(a.kind),
        subscriberId: a.subscriberId || null,
        channel: CHANNEL.optionalFromPb(a.channel),
        message: a.message,
        createdAt: a.createdAt ?? null,
      }));
    },
  },

  Mutation: {
    async subscribe(_, { input }, ctx) {
      // Public: anyone may subscribe. A signed-in user also gets the in-app channel: the service
      // reads the caller from the signed metadata, never from the input.
      await assertUnitsKnown(ctx, input.unitIds ?? [], 'input.unitIds');
      const { call, client } = api(ctx);
      const res = await fieldsUnder(
        'input',
        call(client.subscribe.bind(client), {
          kind: SUBSCRIBER_KIND.toPb(input.kind ?? 'CITIZEN'),
          language: input.language,
          contacts: (input.contacts ?? []).map((c) => ({
            channel: CHANNEL.toPb(c.channel),
            address: c.address,
            secret: c.secret ?? '',
          })),
          unitIds: input.unitIds ?? [],
          topics: topicsIn(input.topics ?? []),
          defaultChannels: (input.defaultChannels ?? []).map((c) => CHANNEL.toPb(c)),
          digest: DIGEST_MODE.toPb(input.digest ?? 'IMMEDIATE'),
          quietHours: input.quietHours ? quietHoursIn(input.quietHours) : undefined,
          consent: {
            given: input.consent.given,
            method: input.consent.method ?? (ctx.caller.kind === 'api-client' ? 'api' : 'web_form'),
            textVersion: input.consent.textVersion,
          },
          // For the service's per-address cap on codes; it keeps only a keyed hash.
          clientAddress: ctx.clientAddress,
        }),
      );
      return {
        subscriberId: res.subscriberId,
        verifications: res.verifications.map(pendingVerificationView),
      };
    },

    async resendVerificationCode(_, { input }, ctx) {
      // Public: whoever holds the subscriber id (it subscribed), within the service's caps.
      if (input.channel === 'IN_APP')
        throw badInput('input.channel', 'in-app needs no code: it comes from signing in');
      const { call, client } = api(ctx);
      const res = await fieldsUnder(
        'input',
        call(client.resendVerificationCode.bind(client), {
          subscriberId: bounded(input.subscriberId, MAX_ID, 'input.subscriberId'),
          channel: CHANNEL.toPb(input.channel),
          clientAddress: ctx.clientAddress,
        }),
      );
      if (!res.verification) throw new Error('notification service answered without a code');
      return {
        subscriberId: res.subscriberId,
        verification: pendingVerificationView(res.verification),
      };
    },

    async confirmSubscription(_, { input }, ctx) {
      // Public: the code or the link proves control of the contact point.
      let request: pb.ConfirmSubscriptionRequest;
      if (input.token) {
        request = {
          subscriberId: '',
          channel: pb.Channel.CHANNEL_UNSPECIFIED,
          code: '',
          token: bounded(input.token, MAX_TOKEN, 'input.token'),
        };
      } else {
        const missing = (['subscriberId', 'channel', 'code'] as const).filter((k) => !input[k]);
        if (missing.length > 0)
          throw new InvalidArgumentError(
            missing.map((k) => ({
              field: `input.${k}`,
              description: 'is required, unless you send the token of a verification link',
            })),
          );
        request = {
          subscriberId: bounded(input.subscriberId ?? '', MAX_ID, 'input.subscriberId'),
          // Checked above: without a token the channel is given.
          channel: input.channel ? CHANNEL.toPb(input.channel) : pb.Channel.CHANNEL_UNSPECIFIED,
          code: bounded(input.code ?? '', MAX_CODE, 'input.code'),
          token: '',
        };
      }
      const { call, client } = api(ctx);
      const res = await fieldsUnder(
        'input',
        call(client.confirmSubscription.bind(client), request),
      );
      return {
        subscriberId: res.subscriberId,
        channel: CHANNEL.fromPb(res.channel),
        status: SUBSCRIBER_STATUS.fromPb(res.status),
      };
    },

    async unsubscribe(_, { input }, ctx) {
      const { call, client } = api(ctx);
      if (input.token) {
        // Public: the signed token is the authority (the link in every message).
        const res = await fieldsUnder(
          'input',
          call(client.unsubscribe.bind(client), {
            token: bounded(input.token, MAX_TOKEN, 'input.token'),
            subscriberId: '',
            channel: pb.Channel.CHANNEL_UNSPECIFIED,
          }),
        );
        return {
          subscriberId: res.subscriberId,
          channel: CHANNEL.optionalFromPb(res.channel),
        };
      }
      assertSignedIn(ctx.caller);
      const subscriber = await ownSubscriber(ctx, input.subscriberId ?? '', 'input.subscriberId');
      const res = await fieldsUnder(
        'input',
        call(client.unsubscribe.bind(client), {
          token: '',
          subscriberId: subscriber.id,
          channel: input.channel ? CHANNEL.toPb(input.channel) : pb.Channel.CHANNEL_UNSPECIFIED,
        }),
      );
      return {
        subscriberId: res.subscriberId,
        channel: CHANNEL.optionalFromPb(res.channel),
      };
    },

    async updateNotificationPreferences(_, { input }, ctx) {
      const subscriber = await ownSubscriber(ctx, input.subscriberId, 'input.subscriberId');
      if (input.unitIds) await assertUnitsKnown(ctx, input.unitIds, 'input.unitIds');
      const { call, client } = api(ctx);
      const res = await fieldsUnder(
        'input',
        call(client.updatePreferences.bind(client), {
          subscriberId: subscriber.id,
          expectedVersion: input.expectedVersion,
          language: input.language ?? undefined,
          unitIds: input.unitIds ?? [],
          replaceUnitIds: Boolean(input.unitIds),
          topics: topicsIn(input.topics ?? []),
          replaceTopics: Boolean(input.topics),
          defaultChannels: (input.defaultChannels ?? []).map((c) => CHANNEL.toPb(c)),
          replaceDefaultChannels: Boolean(input.defaultChannels),
          digest: input.digest ? DIGEST_MODE.toPb(input.digest) : undefined,
          // Given as null: quiet hours are removed; left out: kept.
          quietHours: input.quietHours ? quietHoursIn(input.quietHours) : undefined,
          replaceQuietHours: input.quietHours !== undefined,
        }),
      );
      if (!res.subscriber) throw new Error('notification service answered without a subscriber');
      return subscriberView(res.subscriber);
    },

    async markNotificationsRead(_, args, ctx) {
      assertSignedIn(ctx.caller);
      const ids = args.ids ?? [];
      if (!args.all && (ids.length === 0 || ids.length > MAX_PAGE))
        throw badInput('ids', `list 1-${MAX_PAGE} notifications, or set all`);
      const { call, client } = api(ctx);
      const { marked } = await call(client.markInboxRead.bind(client), {
        ids: args.all ? [] : ids.map((id, i) => bounded(id, MAX_ID * 3, `ids[${i}]`)),
        all: args.all ?? false,
      });
      return { marked };
    },

    async saveNotificationTemplate(_, { input }, ctx) {
      assertNetworkAdmin(ctx.caller);
      const { call, client } = api(ctx);
      const { template } = await fieldsUnder(
        'input',
        call(client.saveTemplate.bind(client), {
          eventType: input.eventType,
          channel: CHANNEL.toPb(input.channel),
          language: input.language,
          subject: input.subject ?? '',
          body: input.body,
        }),
      );
      if (!template) throw new Error('notification service answered without a template');
      return templateView(template);
    },

    async deleteNotificationTemplate(_, args, ctx) {
      assertNetworkAdmin(ctx.caller);
      const { call, client } = api(ctx);
      const { deleted } = await call(client.deleteTemplate.bind(client), {
        eventType: bounded(args.eventType, MAX_ID, 'eventType'),
        channel: CHANNEL.toPb(args.channel),
        language: bounded(args.language, 35, 'language'),
      });
      return deleted;
    },

    async eraseSubscriber(_, args, ctx) {
      const subscriber = await ownSubscriber(ctx, args.id, 'id');
      const { call, client } = api(ctx);
      const { erased } = await call(client.eraseSubscriber.bind(client), { id: subscriber.id });
      return erased;
    },
  },

  Subscription: {
    notificationAdded: {
      async subscribe(_, __, ctx) {
        assertSignedIn(ctx.caller);
        // Listen first, then read whose subscriptions are the caller's: nothing falls between.
        const feed = ctx.notificationHub.subscribe();
        const mine = new OwnSubscribers(ctx);
        try {
          await mine.load();
        } catch (err) {
          await feed.return?.();
          throw err;
        }
        const { call, client } = api(ctx);
        return liveStream(ctx, feed, async (delivered) => {
          // Events name the inbox's owner: other people's items cost nothing to skip.
          if (delivered.recipientUserId !== undefined) {
            if (delivered.recipientUserId !== ctx.caller.id) return [];
          } else if (
            delivered.subscriberId !== undefined &&
            !(await mine.has(delivered.subscriberId))
          )
            return [];
          // The service serves only the caller's own items, whatever the event said.
          const { items } = await call(client.getInboxItems.bind(client), {
            ids: [delivered.deliveryId],
          });
          return items.map((item) => ({ notificationAdded: inboxItemView(item) }));
        });
      },
    },
  },

  Subscriber: {
    units: (s, _, ctx) => knownUnits(ctx, s.unitIds),
  },
} satisfies Resolvers;
