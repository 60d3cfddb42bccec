import { notification as pb } from '@pcn/contracts';
import { InvalidArgumentError, type CallerIdentity, type GrpcServer } from '@pcn/platform';
import type { Channel, Delivery, InboxItem, Template } from '../app/notification.model.js';
import type { Stored } from '@pcn/storage';
import type { SubscriberRecord } from '../app/notification.ports.js';
import type { NotificationUseCases } from '../app/notification.usecases.js';
import type { TemplateUseCases } from '../app/template.usecases.js';
import {
  ALERT_KIND,
  CHANNEL,
  DELIVERY_KIND,
  DELIVERY_STATE,
  DIGEST_MODE,
  PROVIDER_DELIVERY_STATUS,
  SUBSCRIBER_KIND,
  SUBSCRIBER_STATUS,
  TOPIC_KIND,
} from './notification.pb-enums.js';

const date = (iso: string | null | undefined): Date | undefined =>
  iso ? new Date(iso) : undefined;

export function subscriberToPb(s: Stored<SubscriberRecord>): pb.Subscriber {
  return {
    id: s.id,
    version: s.version,
    kind: SUBSCRIBER_KIND.toPb(s.kind),
    userId: s.userId ?? '',
    status: SUBSCRIBER_STATUS.toPb(s.status),
    language: s.language,
    contacts: s.contacts.map((c) => ({
      channel: CHANNEL.toPb(c.channel),
      address: c.address,
      verifiedAt: date(c.verifiedAt),
      optedOutAt: date(c.optedOutAt),
      disabledAt: date(c.disabledAt),
    })),
    unitIds: s.unitIds,
    topics: s.topics.map((t) => ({
      kind: TOPIC_KIND.toPb(t.kind),
      value: t.value,
      channels: t.channels.map((c) => CHANNEL.toPb(c)),
    })),
    defaultChannels: s.defaultChannels.map((c) => CHANNEL.toPb(c)),
    digest: DIGEST_MODE.toPb(s.digest),
    quietHours: s.quietHours ?? undefined,
    consents: s.consents.map((c) => ({
      purpose: c.purpose,
      channel: CHANNEL.toPb(c.channel),
      method: c.method,
      textVersion: c.textVersion,
      givenAt: date(c.givenAt),
      verifiedAt: date(c.verifiedAt),
      withdrawnAt: date(c.withdrawnAt),
    })),
    createdAt: date(s.createdAt),
    updatedAt: date(s.updatedAt),
  };
}

function inboxToPb(i: InboxItem): pb.InboxItem {
  return {
    id: i.id,
    eventType: i.eventType,
    draftId: i.draftId ?? '',
    title: i.title,
    body: i.body,
    createdAt: date(i.createdAt),
    readAt: date(i.readAt),
  };
}

function deliveryToPb(d: Delivery): pb.Delivery {
  return {
    id: d.id,
    kind: DELIVERY_KIND.toPb(d.kind),
    sourceEventId: d.sourceEventId,
    eventType: d.eventType,
    subscriberId: d.subscriberId,
    channel: CHANNEL.toPb(d.channel),
    language: d.language,
    state: DELIVERY_STATE.toPb(d.state),
    attempts: d.attempts,
    notBefore: date(d.retryAt),
    reason: d.reason ?? '',
    providerMessageId: d.providerMessageId ?? '',
    createdAt: date(d.createdAt),
    updatedAt: date(d.updatedAt),
  };
}

function templateToPb(t: Template): pb.Template {
  return { ...t, channel: CHANNEL.toPb(t.channel), updatedAt: date(t.updatedAt) };
}

/** A topic as the use cases read it; a topic without channels takes the defaults. */
function topicIn(t: pb.TopicInput, path: string) {
  return {
    kind: TOPIC_KIND.fromPb(t.kind, `${path}.kind`),
    value: t.value,
    ...(t.channels.length > 0
      ? { channels: CHANNEL.listFromPb(t.channels, `${path}.channels`) }
      : {}),
  };
}

/** A verification as the proto carries it. */
function verificationToPb(v: { channel: Channel; method: string; expiresAt: string }) {
  return { channel: CHANNEL.toPb(v.channel), method: v.method, expiresAt: date(v.expiresAt) };
}

/** Unset proto3 messages and empty strings mean "not given". */
/** An inbound text's channel: SMS when unset (callers from before Zalo texts came here). */
function inboundChannel(channel: pb.Channel): 'sms' | 'zalo' {
  if (channel === pb.Channel.CHANNEL_UNSPECIFIED || channel === pb.Channel.CHANNEL_SMS)
    return 'sms';
  if (channel === pb.Channel.CHANNEL_ZALO) return 'zalo';
  throw new InvalidArgumentError([
    { field: 'channel', description: 'inbound texts come by SMS or Zalo' },
  ]);
}

function quietHoursIn(q: pb.QuietHours | undefined) {
  return q ? { start: q.start, end: q.end, timeZone: q.timeZone || undefined } : null;
}

export function registerNotificationGrpc(
  server: GrpcServer,
  notifications: NotificationUseCases,
  templates: TemplateUseCases,
): void {
  const caller = (ctx: { caller?: CallerIdentity }) => ctx.caller;
  const impl: pb.NotificationServiceServer = {
    subscribe: server.unary('Subscribe', async (req: pb.SubscribeRequest, ctx) => {
      const result = await notifications.subscribe(
        {
          kind: SUBSCRIBER_KIND.fromPb(req.kind, 'kind'),
          language: req.language,
          contacts: req.contacts.map((c, i) => ({
            channel: CHANNEL.fromPb(c.channel, `contacts[${i}].channel`),
            address: c.address,
            ...(c.secret ? { secret: c.secret } : {}),
          })),
          unitIds: req.unitIds,
          topics: req.topics.map((t, i) => topicIn(t, `topics[${i}]`)),
          ...(req.defaultChannels.length > 0
            ? { defaultChannels: CHANNEL.listFromPb(req.defaultChannels, 'defaultChannels') }
            : {}),
          ...(req.digest ? { digest: DIGEST_MODE.fromPb(req.digest, 'digest') } : {}),
          quietHours: quietHoursIn(req.quietHours),
          consent: req.consent ?? { given: false, method: '', textVersion: '' },
        },
        caller(ctx),
        { clientAddress: req.clientAddress || null },
      );
      return {
        subscriberId: result.subscriberId,
        verifications: result.verifications.map(verificationToPb),
      };
    }),
    resendVerificationCode: server.unary(
      'ResendVerificationCode',
      async (req: pb.ResendVerificationCodeRequest) => {
        const result = await notifications.resendVerificationCode({
          subscriberId: req.subscriberId,
          channel: CHANNEL.fromPb(req.channel, 'channel'),
          clientAddress: req.clientAddress || null,
        });
        return {
          subscriberId: result.subscriberId,
          verification: verificationToPb(result.verification),
        };
      },
    ),
    confirmSubscription: server.unary(
      'ConfirmSubscription',
      async (req: pb.ConfirmSubscriptionRequest) => {
        const r = await notifications.confirm({
          subscriberId: req.subscriberId,
          // With a link's token the token names the channel.
          channel: CHANNEL.optionalFromPb(req.channel, 'channel') ?? '',
          code: req.code,
          token: req.token || undefined,
        });
        return {
          subscriberId: r.subscriberId,
          channel: CHANNEL.toPb(r.channel),
          status: SUBSCRIBER_STATUS.toPb(r.status),
        };
      },
    ),
    unsubscribe: server.unary('Unsubscribe', async (req: pb.UnsubscribeRequest, ctx) => {
      const r = await notifications.unsubscribe(
        {
          token: req.token || undefined,
          subscriberId: req.subscriberId,
          channel: CHANNEL.optionalFromPb(req.channel, 'channel') ?? '',
        },
        caller(ctx),
      );
      return {
        subscriberId: r.subscriberId,
        channel: r.channel ? CHANNEL.toPb(r.channel) : pb.Channel.CHANNEL_UNSPECIFIED,
      };
    }),
    updatePreferences: server.unary(
      'UpdatePreferences',
      async (req: pb.UpdatePreferencesRequest, ctx) => {
        const update: Record<string, unknown> = {};
        if (req.language !== undefined) update.language = req.language;
        if (req.replaceUnitIds) update.unitIds = req.unitIds;
        if (req.replaceTopics) update.topics = req.topics.map((t, i) => topicIn(t, `topics[${i}]`));
        if (req.replaceDefaultChannels)
          update.defaultChannels = CHANNEL.listFromPb(req.defaultChannels, 'defaultChannels');
        if (req.digest !== undefined) update.digest = DIGEST_MODE.fromPb(req.digest, 'digest');
        if (req.replaceQuietHours) update.quietHours = quietHoursIn(req.quietHours);
        const s = await notifications.updatePreferences(
          { subscriberId: req.subscriberId, expectedVersion: req.expectedVersion, update },
          caller(ctx),
        );
        return { subscriber: subscriberToPb(s) };
      },
    ),
    listMySubscriptions: server.unary('ListMySubscriptions', async (_req, ctx) => ({
      subscribers: (await notifications.mySubscriptions(caller(ctx))).map(subscriberToPb),
    })),
    listInbox: server.unary('ListInbox', async (req: pb.ListInboxRequest, ctx) => {
      const page = await notifications.inbox(
        { first: req.first, after: req.after, unreadOnly: req.unreadOnly },
        caller(ctx),
      );
      return {
        items: page.items.map(inboxToPb),
        nextCursor: page.nextCursor ?? '',
        unreadCount: page.unreadCount,
      };
    }),
    markInboxRead: server.unary('MarkInboxRead', async (req: pb.MarkInboxReadRequest, ctx) => ({
      marked: await notifications.markRead({ ids: req.ids, all: req.all }, caller(ctx)),
    })),
    getInboxItems: server.unary('GetInboxItems', async (req: pb.GetInboxItemsRequest, ctx) => ({
      items: (await notifications.inboxItems(req.ids, caller(ctx))).map(inboxToPb),
    })),
    listDeliveries: server.unary('ListDeliveries', async (req: pb.ListDeliveriesRequest, ctx) => {
      const page = await notifications.deliveries(
        {
          sourceEventId: req.sourceEventId,
          subscriberId: req.subscriberId,
          channel: CHANNEL.optionalFromPb(req.channel, 'channel') ?? '',
          state: DELIVERY_STATE.optionalFromPb(req.state, 'state') ?? '',
          first: req.first,
          after: req.after,
        },
        caller(ctx),
      );
      return {
        deliveries: page.items.map(deliveryToPb),
        nextCursor: page.nextCursor ?? '',
        counts: page.counts,
      };
    }),
    listTemplates: server.unary('ListTemplates', async (req: pb.ListTemplatesRequest, ctx) => ({
      templates: (
        await templates.list(
          { ...req, channel: CHANNEL.optionalFromPb(req.channel, 'channel') ?? '' },
          caller(ctx),
        )
      ).map(templateToPb),
    })),
    saveTemplate: server.unary('SaveTemplate', async (req: pb.SaveTemplateRequest, ctx) => ({
      template: templateToPb(
        await templates.save(
          { ...req, channel: CHANNEL.fromPb(req.channel, 'channel') },
          caller(ctx),
        ),
      ),
    })),
    deleteTemplate: server.unary('DeleteTemplate', async (req: pb.DeleteTemplateRequest, ctx) => ({
      deleted: await templates.remove(
        { ...req, channel: CHANNEL.fromPb(req.channel, 'channel') },
        caller(ctx),
      ),
    })),
    previewTemplate: server.unary(
      'PreviewTemplate',
      async (req: pb.PreviewTemplateRequest, ctx) => {
        const r = await templates.preview(
          { ...req, channel: CHANNEL.fromPb(req.channel, 'channel') },
          caller(ctx),
        );
        return {
          subject: r.subject,
          text: r.text,
          html: r.html ?? '',
          language: r.language,
          smsSegments: r.smsSegments,
          smsEncoding: r.smsEncoding,
        };
      },
    ),
    missingTranslations: server.unary(
      'MissingTranslations',
      async (req: pb.MissingTranslationsRequest, ctx) => ({
        missing: (await templates.missing(req.languages, caller(ctx))).map((m) => ({
          eventType: m.eventType,
          channel: CHANNEL.toPb(m.channel),
          language: m.language,
          fallbackLanguage: m.fallbackLanguage ?? '',
        })),
      }),
    ),
    listSubscribers: server.unary(
      'ListSubscribers',
      async (req: pb.ListSubscribersRequest, ctx) => {
        const page = await notifications.listSubscribers(
          { ...req, status: SUBSCRIBER_STATUS.optionalFromPb(req.status, 'status') ?? '' },
          caller(ctx),
        );
        return { subscribers: page.items.map(subscriberToPb), nextCursor: page.nextCursor ?? '' };
      },
    ),
    getSubscriber: server.unary('GetSubscriber', async (req: pb.GetSubscriberRequest, ctx) => ({
      subscriber: subscriberToPb(await notifications.getSubscriber(req.id, caller(ctx))),
    })),
    eraseSubscriber: server.unary(
      'EraseSubscriber',
      async (req: pb.EraseSubscriberRequest, ctx) => ({
        erased: await notifications.eraseSubscriber(req.id, caller(ctx)),
      }),
    ),
    listAlerts: server.unary('ListAlerts', async (req: pb.ListAlertsRequest, ctx) => ({
      alerts: (await notifications.listAlerts(req.first || 50, caller(ctx))).map((a) => ({
        id: a.id,
        kind: ALERT_KIND.toPb(a.kind),
        subscriberId: a.subscriberId,
        channel: CHANNEL.toPb(a.channel),
        message: a.message,
        createdAt: new Date(a.createdAt),
      })),
    })),
    handleInboundSms: server.unary(
      'HandleInboundSms',
      async (req: pb.HandleInboundSmsRequest, ctx) =>
        notifications.inboundSms(
          { from: req.from, text: req.text, channel: inboundChannel(req.channel) },
          caller(ctx),
        ),
    ),
    reportDeliveryStatus: server.unary(
      'ReportDeliveryStatus',
      async (req: pb.ReportDeliveryStatusRequest, ctx) => ({
        updated: await notifications.deliveryReport(
          {
            channel: CHANNEL.fromPb(req.channel, 'channel'),
            providerMessageId: req.providerMessageId,
            status: PROVIDER_DELIVERY_STATUS.fromPb(req.status, 'status'),
          },
          caller(ctx),
        ),
      }),
    ),
  };
  server.addService(pb.NotificationServiceService, impl);
}
