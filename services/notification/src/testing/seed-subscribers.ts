import { createEventFactory, type EventData, type EventEnvelope } from '@pcn/events';
import { systemClock } from '@pcn/platform';
import type { Store } from '@pcn/storage';
import { contactKey } from '../app/contact-keys.js';
import type { SubscriberRecord } from '../app/notification.ports.js';
import {
  notificationCollections,
  subscribersCollection,
  unitsCollection,
} from '../infra/notification.collections.js';
import type { UnitRecord } from '../app/notification.ports.js';

/** The units seeded subscribers follow: a district of Lao Cai and one of its communes. */
export const SEED_UNITS: UnitRecord[] = [
  { id: 'lc', path: ['lc'] },
  { id: 'lc-bx', path: ['lc', 'lc-bx'] },
  { id: 'lc-bx-ytj', path: ['lc', 'lc-bx', 'lc-bx-ytj'] },
];

/** `+8491` and seven digits: a distinct, valid Vietnamese mobile number per index. */
export function seededPhone(n: number): string {
  return `+8491${String(n).padStart(7, '0')}`;
}

/**
 * Writes `count` active subscribers with a verified SMS contact, following district `lc-bx`,
 * straight into a notification store (for crash tests and benchmarks that need a big audience
 * fast). A third read Hmong, the rest Vietnamese.
 */
export async function seedSmsSubscribers(store: Store, count: number): Promise<void> {
  await store.migrate(notificationCollections);
  await store.collection<UnitRecord>(unitsCollection).insertMany(SEED_UNITS);
  const at = new Date().toISOString();
  const subscribers = store.collection<SubscriberRecord>(subscribersCollection);
  for (let start = 0; start < count; start += 1000) {
    const batch: SubscriberRecord[] = [];
    for (let n = start; n < Math.min(count, start + 1000); n += 1) {
      const address = seededPhone(n);
      batch.push({
        id: `sub-${String(n).padStart(7, '0')}`,
        kind: 'citizen',
        userId: null,
        status: 'active',
        language: n % 3 === 0 ? 'hmn' : 'vi',
        contacts: [{ channel: 'sms', address, verifiedAt: at, optedOutAt: null }],
        unitIds: ['lc-bx'],
        unitScope: ['lc', 'lc-bx'],
        topics: [],
        defaultChannels: ['sms'],
        digest: 'immediate',
        quietHours: null,
        consents: [
          {
            purpose: 'policy_notifications',
            channel: 'sms',
            method: 'web_form',
            textVersion: 'v1',
            givenAt: at,
            verifiedAt: at,
            withdrawnAt: null,
          },
        ],
        createdAt: at,
        updatedAt: at,
        topicDraftIds: [],
        contactKeys: [`sms:${address}`],
      });
    }
    await subscribers.insertMany(batch);
  }
}

/** Where `seedEveryChannelSubscriber`'s subscriber is reached on each channel. */
export interface EveryChannelContacts {
  email: string;
  /** E.164 (`+84…`), for SMS and Zalo. */
  phone: string;
  webhookUrl: string;
  webhookSecret: string;
}

/**
 * Writes one active subscriber following district `lc-bx`, verified and consenting on email, SMS,
 * Zalo and a webhook, so that one event for the district is sent on every provider channel.
 */
export async function seedEveryChannelSubscriber(
  store: Store,
  id: string,
  to: EveryChannelContacts,
): Promise<void> {
  await store.migrate(notificationCollections);
  const units = store.collection<UnitRecord>(unitsCollection);
  for (const unit of SEED_UNITS) if (!(await units.get(unit.id))) await units.insert(unit);
  const at = new Date().toISOString();
  const channels = ['email', 'sms', 'zalo', 'webhook'] as const;
  const contacts = [
    { channel: 'email' as const, address: to.email, verifiedAt: at, optedOutAt: null },
    { channel: 'sms' as const, address: to.phone, verifiedAt: at, optedOutAt: null },
    { channel: 'zalo' as const, address: to.phone, verifiedAt: at, optedOutAt: null },
    {
      channel: 'webhook' as const,
      address: to.webhookUrl,
      verifiedAt: at,
      optedOutAt: null,
      secret: to.webhookSecret,
      failures: 0,
      disabledAt: null,
    },
  ];
  await store.collection<SubscriberRecord>(subscribersCollection).insert({
    id,
    kind: 'citizen',
    userId: null,
    status: 'active',
    language: 'vi',
    contacts,
    unitIds: ['lc-bx'],
    unitScope: ['lc', 'lc-bx'],
    topics: [],
    defaultChannels: [...channels],
    digest: 'immediate',
    quietHours: null,
    consents: channels.map((channel) => ({
      purpose: 'policy_notifications' as const,
      channel,
      method: 'web_form',
      textVersion: 'v1',
      givenAt: at,
      verifiedAt: at,
      withdrawnAt: null,
    })),
    createdAt: at,
    updatedAt: at,
    topicDraftIds: [],
    contactKeys: contacts.map((c) => contactKey(c)),
  });
}

/** A ConsultationOpened for the seeded commune, as the draft service would publish it. */
export function seededConsultationOpened(
  draftId: string,
  overrides: Partial<EventData<'pcn.draft.v1.ConsultationOpened'>> = {},
): EventEnvelope {
  return createEventFactory('draft', systemClock).create(
    'pcn.draft.v1.ConsultationOpened',
    draftId,
    {
      draftId,
      code: `LC-2026-${draftId.toUpperCase()}`,
      documentType: 'provincial_decision',
      agencyId: 'org-stnmt',
      title: { vi: 'Quy định về bảo vệ và phát triển rừng', hmn: 'Txoj cai tiv thaiv hav zoov' },
      languages: ['vi', 'hmn'],
      targetUnitIds: ['lc-bx-ytj'],
      ethnicGroups: ['mong', 'dao'],
      audienceGroups: [],
      policyAreas: ['forestry'],
      publicDisclosure: true,
      version: 1,
      opensAt: new Date().toISOString(),
      closesAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
      ...overrides,
    },
  );
}
