import type { EventEnvelope } from '@pcn/events';
import type { Channel, Delivery, EventAudience } from '../app/notification.model.js';

export type { SubscriberRecord } from '../app/notification.usecases.js';

export type DeliveryRecord = Delivery;

/** An event being fanned out, and how far it got: the fan-out resumes from here after a crash. */
export interface FanoutRecord {
  id: string;
  event: EventEnvelope;
  audience: EventAudience;
  /** The target units and all their ancestors, read from the unit tree when the event arrived. */
  ancestors: string[];
  status: 'running' | 'done';
  /** Index of the audience pass in progress, and the cursor within it. */
  pass: number;
  after: string | null;
  counts: { subscribers: number; deliveries: number; digest: number };
  createdAt: string;
  completedAt: string | null;
}

/** Planned deliveries in a work queue, until recorded: `SendWork` of an event, with a due time. */
export interface PlannedWorkRecord {
  /** The work item's id (`work:fanout:<channel>:<eventId>:<first subscriber>:<count>`). */
  id: string;
  eventId: string;
  channel: Channel;
  subscriberIds: string[];
  createdAt: string;
  /** When the due scheduler queues the work again, unless a worker recorded it all by then. */
  redriveAt: string;
}

export interface DigestEntry {
  /** `<bundle>:<eventId>`. */
  id: string;
  /** `<day>:<subscriberId>:<channel>`: one digest message per bundle. */
  bundle: string;
  day: string;
  subscriberId: string;
  channel: Channel;
  eventId: string;
  eventType: string;
  createdAt: string;
}

export interface UnitRecord {
  id: string;
  path: string[];
}

export interface AlertRecord {
  id: string;
  kind: 'webhook_disabled';
  subscriberId: string;
  channel: Channel;
  message: string;
  createdAt: string;
}

/**
 * A work item on a channel's queue: recorded deliveries to attempt (retries, deferred, digests,
 * verifications), or an event's planned deliveries to subscribers, recorded when attempted.
 */
export type SendWork = { deliveryIds: string[] } | { eventId: string; subscriberIds: string[] };
