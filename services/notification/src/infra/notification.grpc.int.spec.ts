import { notification as pb } from '@pcn/contracts';
import {
  callUnary,
  createGrpcClient,
  InvalidArgumentError,
  runInContext,
  type CallerIdentity,
} from '@pcn/platform';
import { tempDir, uniquePrefix, type TempDir } from '@pcn/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNotificationService, type NotificationService } from '../notification-service.js';
import { testNotificationConfig } from '../testing/notification-config.js';
import { startSmtpSink, type SmtpSink } from '../testing/smtp-sink.js';

// The gRPC adapter over a real server: enums in, the service's values inside, enums out.

const admin: CallerIdentity = { kind: 'user', id: 'admin-1', roles: ['network_admin'] };
const gateway: CallerIdentity = { kind: 'service', id: 'gateway', roles: [] };

let dir: TempDir;
let smtp: SmtpSink;
let svc: NotificationService;
let client: pb.NotificationServiceClient;

beforeAll(async () => {
  dir = await tempDir();
  smtp = await startSmtpSink();
  svc = await startNotificationService(
    testNotificationConfig({
      busPrefix: uniquePrefix('ntfgrpc'),
      sqliteFile: dir.file('notification.db'),
      linkSecret: 'link-secret-for-tests-0123456789abcdef',
      smtp,
    }),
    { handleSignals: false },
  );
  await svc.notifications.putUnits([{ id: 'lc', path: ['lc'] }], admin);
  client = createGrpcClient(pb.NotificationServiceClient, `127.0.0.1:${svc.port}`, {
    audience: 'notification',
  });
}, 30_000);

afterAll(async () => {
  client?.close();
  await svc?.host.lifecycle.shutdown('test done');
  await smtp?.close();
  await dir?.remove();
});

function as<T>(caller: CallerIdentity | undefined, fn: () => Promise<T>): Promise<T> {
  return runInContext(caller ? { correlationId: 'test', caller } : { correlationId: 'test' }, fn);
}

const subscribeRequest = (over: Partial<pb.SubscribeRequest> = {}): pb.SubscribeRequest => ({
  kind: pb.SubscriberKind.SUBSCRIBER_KIND_PRESS,
  language: 'vi',
  contacts: [{ channel: pb.Channel.CHANNEL_EMAIL, address: 'Grpc.Enum@Example.vn', secret: '' }],
  unitIds: ['lc'],
  topics: [
    {
      kind: pb.TopicKind.TOPIC_KIND_POLICY_AREA,
      value: 'land',
      channels: [pb.Channel.CHANNEL_EMAIL],
    },
  ],
  defaultChannels: [pb.Channel.CHANNEL_EMAIL],
  digest: pb.DigestMode.DIGEST_MODE_DAILY,
  quietHours: undefined,
  consent: { given: true, method: 'api', textVersion: 'consent-2026-01' },
  clientAddress: '',
  ...over,
});

async function refusal(call: Promise<unknown>) {
  const err = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(InvalidArgumentError);
  return (err as InvalidArgumentError).violations;
}

describe('notification gRPC enums', () => {
  it('takes enums in and answers with enums', async () => {
    const res = await as(undefined, () =>
      callUnary(client.subscribe.bind(client), subscribeRequest()),
    );
    expect(res.verifications.map((v) => v.channel)).toEqual([pb.Channel.CHANNEL_EMAIL]);
    const { subscriber } = await as(admin, () =>
      callUnary(client.getSubscriber.bind(client), { id: res.subscriberId }),
    );
    expect(subscriber).toMatchObject({
      kind: pb.SubscriberKind.SUBSCRIBER_KIND_PRESS,
      status: pb.SubscriberStatus.SUBSCRIBER_STATUS_PENDING,
      contacts: [expect.objectContaining({ channel: pb.Channel.CHANNEL_EMAIL })],
      topics: [
        {
          kind: pb.TopicKind.TOPIC_KIND_POLICY_AREA,
          value: 'land',
          channels: [pb.Channel.CHANNEL_EMAIL],
        },
      ],
      defaultChannels: [pb.Channel.CHANNEL_EMAIL],
      digest: pb.DigestMode.DIGEST_MODE_DAILY,
      consents: [expect.objectContaining({ channel: pb.Channel.CHANNEL_EMAIL })],
    });
    // Unspecified filters mean "any"; the verification is in the delivery log, as enums.
    const log = await as(admin, () =>
      callUnary(client.listDeliveries.bind(client), {
        sourceEventId: '',
        subscriberId: res.subscriberId,
        channel: pb.Channel.CHANNEL_UNSPECIFIED,
        state: pb.DeliveryState.DELIVERY_STATE_UNSPECIFIED,
        first: 10,
        after: '',
      }),
    );
    expect(log.deliveries).toEqual([
      expect.objectContaining({
        kind: pb.DeliveryKind.DELIVERY_KIND_VERIFICATION,
        channel: pb.Channel.CHANNEL_EMAIL,
      }),
    ]);
    expect(log.deliveries[0]?.state).not.toBe(pb.DeliveryState.DELIVERY_STATE_UNSPECIFIED);
  });

  it('refuses an unspecified required enum, naming the field', async () => {
    const violations = await refusal(
      as(undefined, () =>
        callUnary(
          client.subscribe.bind(client),
          subscribeRequest({ kind: pb.SubscriberKind.SUBSCRIBER_KIND_UNSPECIFIED }),
        ),
      ),
    );
    expect(violations).toEqual([{ field: 'kind', description: 'is required' }]);
  });

  it('refuses an enum number it does not know, naming the field', async () => {
    const violations = await refusal(
      as(undefined, () =>
        callUnary(
          client.subscribe.bind(client),
          subscribeRequest({
            topics: [
              { kind: pb.TopicKind.TOPIC_KIND_DRAFT, value: 'd-1', channels: [77 as pb.Channel] },
            ],
          }),
        ),
      ),
    );
    expect(violations).toEqual([
      {
        field: 'topics[0].channels[0]',
        description: 'is not one of email, sms, zalo, webhook, in_app',
      },
    ]);
    expect(
      await refusal(
        as(admin, () =>
          callUnary(client.listDeliveries.bind(client), {
            sourceEventId: '',
            subscriberId: '',
            channel: pb.Channel.CHANNEL_UNSPECIFIED,
            state: 42 as pb.DeliveryState,
            first: 10,
            after: '',
          }),
        ),
      ),
    ).toEqual([expect.objectContaining({ field: 'state' })]);
  });

  it('refuses a provider report without a status', async () => {
    const violations = await refusal(
      as(gateway, () =>
        callUnary(client.reportDeliveryStatus.bind(client), {
          channel: pb.Channel.CHANNEL_SMS,
          providerMessageId: 'm-1',
          status: pb.ProviderDeliveryStatus.PROVIDER_DELIVERY_STATUS_UNSPECIFIED,
        }),
      ),
    );
    expect(violations).toEqual([{ field: 'status', description: 'is required' }]);
  });
});
