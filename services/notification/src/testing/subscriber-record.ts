import type { SubscriberRecord } from '../app/notification.ports.js';

/** An active citizen following province 79 by e-mail, as stored; `overrides` change any field. */
export function subscriberRecord(
  id: string,
  overrides: Partial<SubscriberRecord> = {},
): SubscriberRecord {
  const at = '2026-03-01T08:00:00.000Z';
  return {
    id,
    kind: 'citizen',
    userId: null,
    status: 'active',
    language: 'vi',
    contacts: [{ channel: 'email', address: `${id}@example.vn`, verifiedAt: at, optedOutAt: null }],
    unitIds: ['79'],
    unitScope: ['79'],
    topics: [],
    defaultChannels: ['email'],
    digest: 'immediate',
    quietHours: null,
    consents: [],
    createdAt: at,
    updatedAt: at,
    topicDraftIds: [],
    contactKeys: [],
    ...overrides,
  };
}
