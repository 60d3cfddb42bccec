import { notification as pb } from '@pcn/contracts';
import type { CallerIdentity, GrpcServer } from '@pcn/platform';
import type { Delivery, InboxItem, Template } from '../app/notification.model.js';
import type { Stored } from '@pcn/storage';
import type { SubscriberRecord } from '../app/notification.ports.js';
import type { NotificationUseCases } from '../app/notification.usecases.js';
import type { TemplateUseCases } from '../app/template.usecases.js';

const date = (iso: string | null | undefined): Date | undefined =>
  iso ? new Date(iso) : undefined;

export function subscriberToPb(s: Stored<SubscriberRecord>): pb.Subscriber {
  return {
    id: s.id,
    version: s.version,
    kind: s.kind,
    userId: s.userId ?? '',
    status: s.status,
    language: s.language,
    contacts: s.contacts.map((c) => ({
      channel: c.channel,
      address: c.address,
      verifiedAt: date(c.verifiedAt),
      optedOutAt: date(c.optedOutAt),
      disabledAt: date(c.disabledAt),
    })),
    unitIds: s.unitIds,
    topics: s.topics.map((t) => ({ kind: t.kind, value: t.value, channels: t.channels })),
    defaultChannels: s.defaultChannels,
    digest: s.digest,
    quietHours: s.quietHours ?? undefined,
    consents: s.consents.map((c) => ({
      purpose: c.purpose,
      channel: c.channel,
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
    kind: d.kind,
    sourceEventId: d.sourceEventId,
    eventType: d.eventType,
    subscriberId: d.subscriberId,
    channel: d.channel,
    language: d.language,
    state: d.state,
    attempts: d.attempts,
    notBefore: date(d.retryAt),
    reason: d.reason ?? '',
    providerMessageId: d.providerMessageId ?? '',
    createdAt: date(d.createdAt),
    updatedAt: date(d.updatedAt),
  };
}

function templateToPb(t: Template): pb.Template {
  return { ...t, updatedAt: date(t.updatedAt) };
}

/** Unset proto3 messages and empty strings mean "not given". */
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
          kind: req.kind,
          language: req.language,
          contacts: req.contacts.map((c) => ({
            channel: c.channel,
            address: c.address,
            ...(c.secret ? { secret: c.secret } : {}),
          })),
          unitIds: req.unitIds,
          topics: req.topics.map((t) => ({
            kind: t.kind,
            value: t.value,
            ...(t.channels.length > 0 ? { channels: t.channels } : {}),
          })),
          ...(req.defaultChannels.length > 0 ? { defaultChannels: req.defaultChannels } : {}),
          ...(req.digest ? { digest: req.digest } : {}),
          quietHours: quietHoursIn(req.quietHours),
          consent: req.consent ?? { given: false, method: '', textVersion: '' },
        },
        caller(ctx),
        { clientAddress: req.clientAddress || null },
      );
      return {
        subscriberId: result.subscriberId,
        verifications: result.verifications.map((v) => ({ ...v, expiresAt: date(v.expiresAt) })),
      };
    }),
    resendVerificationCode: server.unary(
      'ResendVerificationCode',
      async (req: pb.ResendVerificationCodeRequest) => {
        const result = await notifications.resendVerificationCode({
          subscriberId: req.subscriberId,
          channel: req.channel,
          clientAddress: req.clientAddress || null,
        });
        const v = result.verification;
        return {
          subscriberId: result.subscriberId,
          verification: { ...v, expiresAt: date(v.expiresAt) },
        };
      },
    ),
    confirmSubscription: server.unary(
      'ConfirmSubscription',
      async (req: pb.ConfirmSubscriptionRequest) =>
        notifications.confirm({
          subscriberId: req.subscriberId,
          channel: req.channel,
          code: req.code,
          token: req.token || undefined,
        }),
    ),
    unsubscribe: server.unary('Unsubscribe', async (req: pb.UnsubscribeRequest, ctx) => {
      const r = await notifications.unsubscribe(
        { token: req.token || undefined, subscriberId: req.subscriberId, channel: req.channel },
        caller(ctx),
      );
      return { subscriberId: r.subscriberId, channel: r.channel ?? '' };
    }),
    updatePreferences: server.unary(
      'UpdatePreferences',
      async (req: pb.UpdatePreferencesRequest, ctx) => {
        const update: Record<string, unknown> = {};
        if (req.language !== undefined) update.language = req.language;
        if (req.replaceUnitIds) update.unitIds = req.unitIds;
        if (req.replaceTopics)
          update.topics = req.topics.map((t) => ({
            kind: t.kind,
            value: t.value,
            ...(t.channels.length > 0 ? { channels: t.channels } : {}),
          }));
        if (req.replaceDefaultChannels) update.defaultChannels = req.defaultChannels;
        if (req.digest !== undefined) update.digest = req.digest;
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
          channel: req.channel,
          state: req.state,
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
      templates: (await templates.list(req, caller(ctx))).map(templateToPb),
    })),
    saveTemplate: server.unary('SaveTemplate', async (req: pb.SaveTemplateRequest, ctx) => ({
      template: templateToPb(await templates.save(req, caller(ctx))),
    })),
    deleteTemplate: server.unary('DeleteTemplate', async (req: pb.DeleteTemplateRequest, ctx) => ({
      deleted: await templates.remove(req, caller(ctx)),
    })),
    previewTemplate: server.unary(
      'PreviewTemplate',
      async (req: pb.PreviewTemplateRequest, ctx) => {
        const r = await templates.preview(req, caller(ctx));
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
          channel: m.channel,
          language: m.language,
          fallbackLanguage: m.fallbackLanguage ?? '',
        })),
      }),
    ),
    listSubscribers: server.unary(
      'ListSubscribers',
      async (req: pb.ListSubscribersRequest, ctx) => {
        const page = await notifications.listSubscribers(req, caller(ctx));
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
        ...a,
        createdAt: new Date(a.createdAt),
      })),
    })),
    handleInboundSms: server.unary(
      'HandleInboundSms',
      async (req: pb.HandleInboundSmsRequest, ctx) =>
        notifications.inboundSms({ from: req.from, text: req.text }, caller(ctx)),
    ),
    reportDeliveryStatus: server.unary(
      'ReportDeliveryStatus',
      async (req: pb.ReportDeliveryStatusRequest, ctx) => ({
        updated: await notifications.deliveryReport(req, caller(ctx)),
      }),
    ),
  };
  server.addService(pb.NotificationServiceService, impl);
}
