import type { Bus, BusNames, EventEnvelope, EventFactory } from '@pcn/events';
import { PermanentEventError, publishDeadLetter, toOutboxMessage } from '@pcn/events';
import {
  AlreadyExistsError,
  ConflictError,
  currentTraceparent,
  withSpan,
  type Clock,
  type Logger,
} from '@pcn/platform';
import type { Store, Stored } from '@pcn/storage';
import { z } from 'zod';
import {
  afterFailure,
  decideSend,
  deliveryId,
  newDelivery,
  type DeliveryRules,
  type SendDecision,
} from '../app/delivery-policy.js';
import { contactKey, contactLookupKeys } from '../app/contact-keys.js';
import { forgetAddress, replyContact, type ReplyRecord, type ReplyTo } from '../app/reply-plan.js';
import { decideReply, replyOptOutId } from '../app/reply-policy.js';
import { deliveredEvent, failedEvent } from '../app/delivery-events.js';
import { afterWebhookAttempt, webhookHealthChanges } from '../app/webhook-health.js';
import type { Channel, ContactPoint, InboxItem } from '../app/notification.model.js';
import type { ChannelAdapter, OutboundMessage, SendResult } from './channels/channel.js';
import { plannedWorkId } from '../app/fanout-plan.js';
import {
  alertsCollection,
  deliveriesCollection,
  draftsCollection,
  fanoutsCollection,
  repliesCollection,
  replyOptOutsCollection,
  inboxCollection,
  plannedWorkCollection,
  subscribersCollection,
} from './notification.collections.js';
import type {
  AlertRecord,
  DeliveryRecord,
  DraftRecord,
  FanoutRecord,
  ReplyOptOutRecord,
  PlannedWorkRecord,
  SendWork,
  SubscriberRecord,
} from '../app/notification.ports.js';
import type { DeliveryMetrics } from './delivery-metrics.js';
import { storeOutage, whileStoreUnavailable, type StoreOutage } from '@pcn/service-kit';

/** Builds the message for one delivery from its template; throws `ComposeError` when it cannot. */
export interface MessageComposer {
  compose(input: {
    delivery: DeliveryRecord;
    subscriber: SubscriberRecord;
    contact: ContactPoint;
    /** The event told about; for digests, every bundled event. */
    events: EventEnvelope[];
  }): Promise<OutboundMessage>;
}

/** Builds the receipt or answer to a comment's submitter, in their language or one fallback whole. */
export interface ReplyComposer {
  composeReply(input: {
    delivery: DeliveryRecord;
    reply: ReplyRecord;
    contact: ContactPoint;
    /** The service's copy of the draft; null while it has not heard of it. */
    draft: DraftRecord | null;
  }): Promise<OutboundMessage>;
}

/** A delivery that can never be composed (no template in any fallback language, bad data). */
export class ComposeError extends Error {
  override name = 'ComposeError';
}

type StoredDelivery = Stored<DeliveryRecord>;

/** What a reply's attempt needs besides its delivery. */
interface ReplyContext {
  reply: ReplyRecord | null;
  draft: DraftRecord | null;
  optedOut: boolean;
}

/** A delivery ready to go: its message and where to. */
interface Prepared {
  message: OutboundMessage;
  contact: ContactPoint;
  draftId: string | null;
}

/** The outcome of a decision not to send now. */
function held(
  delivery: StoredDelivery,
  decision: Exclude<SendDecision, { action: 'send' }>,
): Outcome {
  return decision.action === 'suppress'
    ? { delivery, state: 'suppressed', reason: decision.reason }
    : { delivery, state: 'deferred', retryAt: decision.until, reason: 'quiet_hours' };
}

type Outcome =
  | {
      delivery: StoredDelivery;
      state: 'sent' | 'delivered';
      providerMessageId: string | null;
      inbox?: InboxItem;
    }
  | { delivery: StoredDelivery; state: 'suppressed'; reason: string }
  | { delivery: StoredDelivery; state: 'deferred'; retryAt: Date; reason: string }
  | { delivery: StoredDelivery; state: 'retry'; retryAt: Date; reason: string }
  | { delivery: StoredDelivery; state: 'failed'; reason: string };

export interface DeliveryWorkerOptions {
  channel: Channel;
  store: Store;
  names: BusNames;
  js: Bus['js'];
  events: EventFactory;
  clock: Clock;
  logger: Logger;
  rules: DeliveryRules;
  composer: MessageComposer;
  /** Absent for in-app (a store write) and for channels with no provider configured. */
  adapter: ChannelAdapter | null;
  /** Sends in flight at once within one work item. */
  concurrency: number;
  onCommit: () => void;
  /** How often a handler tells NATS it is still working; below the ack wait. Default 5 s. */
  heartbeatMs?: number;
  /** Aborted at shutdown: a handler waiting out a store outage then gives up its item. */
  signal?: AbortSignal;
  /** Shared with the service's other store users; default one of the worker's own. */
  outage?: StoreOutage;
  /**
   * Replies to comments' submitters: their composer, and the secret that keys the list of
   * addresses that refused them (reply-policy.ts). Without it, a reply fails visibly.
   */
  replies?: { composer: ReplyComposer; linkSecret: string };
  /** Where outcomes and disabled webhooks are counted; none by default. */
  metrics?: DeliveryMetrics;
}

const EVENT_CACHE_SIZE = 256;
/** Deliveries whose outcomes are committed together, right after they were sent. */
const COMMIT_CHUNK = 250;

/**
 * Sends the deliveries of one work item on one channel. Each delivery is decided again at send
 * time (opt-out, verification, disabled endpoint, quiet hours), sent with its id as the provider's
 * idempotency key, and its outcome committed with its events (and in-app inbox items) in one
 * transaction.
 *
 * A fan-out's work names an event and subscribers: their deliveries are recorded here, with their
 * outcome, in one write each. A redelivered item skips the ones already recorded, and the unique
 * id `<event>:<subscriber>:<channel>` refuses a second record. Other work (retries, deferred
 * messages, digests, verifications) names recorded deliveries; only `queued` ones without a
 * pending retry are touched.
 */
export class DeliveryWorker {
  readonly #options: DeliveryWorkerOptions;
  readonly #events = new Map<string, EventEnvelope | null>();
  /** Deliveries being handled in this process, with whether their handler succeeded. */
  readonly #inFlight = new Map<string, Promise<boolean>>();

  readonly #outage: StoreOutage;

  constructor(options: DeliveryWorkerOptions) {
    this.#options = options;
    this.#outage =
      options.outage ??
      storeOutage(
        options.store,
        `delivery-${options.channel}`,
        options.logger,
        options.signal,
        'notification-store-probe',
      );
  }

  async handle(item: unknown, working: () => void = () => undefined): Promise<void> {
    const work = parseWork(item);
    const { concurrency, clock, channel, store, signal } = this.#options;
    const heartbeatMs = this.#options.heartbeatMs ?? 5000;
    // A store outage is waited out here, holding the item: it is neither a delivery attempt nor a
    // failed work item, so nothing is dead-lettered or given up for it.
    const wait = <T>(op: () => Promise<T>) =>
      whileStoreUnavailable(op, { outage: this.#outage, working, heartbeatMs, signal });
    // Told on a timer, not per message: slow sends must not let the ack wait run out.
    const heartbeat = setInterval(working, heartbeatMs);
    const ids =
      'deliveryIds' in work
        ? work.deliveryIds
        : work.subscriberIds.map((s) => deliveryId(work.eventId, s, channel));
    const { mine, others, release } = this.#claim(ids);
    let ok = false;
    try {
      const due =
        'deliveryIds' in work
          ? await wait(() => this.#recorded(mine))
          : await wait(() =>
              this.#planned(
                work,
                work.subscriberIds.filter((_s, i) => mine.has(ids[i] as string)),
              ),
            );
      const subscribers = await wait(() => this.#subscribers(due.map((d) => d.subscriberId)));
      const replies = await wait(() => this.#replies(due));
      // Until a message is composed (suppressed, deferred), the log names the subscriber's
      // language (a reply's names its submitter's from the start).
      for (const d of due)
        if (d.language === '') d.language = subscribers.get(d.subscriberId)?.language ?? '';
      const now = clock.now();
      const event = (id: string) => wait(() => this.#event(id));
      // Outcomes are committed a chunk at a time, right after its sends: a crash or a redelivery
      // can repeat at most one chunk's sends (which providers de-duplicate by delivery id). A
      // commit that meets a store outage is tried again until it lands, never sent again.
      for (let start = 0; start < due.length; start += COMMIT_CHUNK) {
        const chunk = due.slice(start, start + COMMIT_CHUNK);
        const outcomes: Outcome[] = [];
        let next = 0;
        const run = async (): Promise<void> => {
          while (next < chunk.length) {
            const delivery = chunk[next++] as StoredDelivery;
            outcomes.push(
              await this.#traced(delivery, () =>
                this.#attempt(
                  delivery,
                  subscribers.get(delivery.subscriberId) ?? null,
                  now,
                  event,
                  replies.get(delivery.id),
                ),
              ),
            );
          }
        };
        await Promise.all(Array.from({ length: Math.min(concurrency, chunk.length) }, run));
        const applied = await wait(() => this.#commit(outcomes, now));
        await this.#afterCommit(applied, subscribers, now);
      }
      // Deliveries another copy of this work holds are its to settle; planned work is done once
      // all of them are recorded.
      const settled = await Promise.all(others);
      if (!('deliveryIds' in work) && settled.every(Boolean)) {
        const id = plannedWorkId(channel, work.eventId, work.subscriberIds);
        await wait(() => store.collection<PlannedWorkRecord>(plannedWorkCollection).delete(id));
      }
      ok = true;
    } finally {
      clearInterval(heartbeat);
      release(ok);
    }
  }

  /**
   * Marks deliveries as being handled here. A copy of the same work (redelivered while this
   * process held it through an outage, or queued again by the due scheduler) leaves those to the
   * holder instead of sending them a second time; `others` resolve to whether their holder
   * succeeded.
   */
  #claim(ids: readonly string[]): {
    mine: Set<string>;
    others: Promise<boolean>[];
    release: (ok: boolean) => void;
  } {
    let settle: (ok: boolean) => void = () => undefined;
    const done = new Promise<boolean>((resolve) => (settle = resolve));
    const mine = new Set<string>();
    const others = new Set<Promise<boolean>>();
    for (const id of ids) {
      const holder = this.#inFlight.get(id);
      if (holder) others.add(holder);
      else if (!mine.has(id)) {
        mine.add(id);
        this.#inFlight.set(id, done);
      }
    }
    return {
      mine,
      others: [...others],
      release: (ok) => {
        for (const id of mine) if (this.#inFlight.get(id) === done) this.#inFlight.delete(id);
        settle(ok);
      },
    };
  }

  async #recorded(ids: ReadonlySet<string>): Promise<StoredDelivery[]> {
    if (ids.size === 0) return [];
    const page = await this.#options.store
      .collection<DeliveryRecord>(deliveriesCollection)
      .find({ filter: { id: { $in: [...ids] } }, limit: 1000 });
    return page.items.filter(
      (d) => d.state === 'queued' && d.retryAt === null && d.channel === this.#options.channel,
    );
  }

  /** The planned deliveries (of `subscriberIds`) not yet recorded, as unsaved records (version 0). */
  async #planned(
    work: { eventId: string; subscriberIds: string[] },
    subscriberIds: string[],
  ): Promise<StoredDelivery[]> {
    const { store, channel, clock } = this.#options;
    if (subscriberIds.length === 0) return [];
    const event = await this.#event(work.eventId);
    if (!event) {
      // Nothing can ever be sent for it: no planned-work record keeps it coming back.
      const id = plannedWorkId(channel, work.eventId, work.subscriberIds);
      await store.collection<PlannedWorkRecord>(plannedWorkCollection).delete(id);
      throw new PermanentEventError('work names an event that is not stored');
    }
    const ids = subscriberIds.map((s) => deliveryId(event.id, s, channel));
    const page = await store
      .collection<DeliveryRecord>(deliveriesCollection)
      .find({ filter: { id: { $in: ids } }, limit: 1000 });
    const done = new Set(page.items.map((d) => d.id));
    const at = clock.now().toISOString();
    const out: StoredDelivery[] = [];
    subscriberIds.forEach((subscriberId, i) => {
      const id = ids[i] as string;
      if (done.has(id)) return;
      out.push({
        ...newDelivery(
          {
            id,
            kind: 'event',
            sourceEventId: event.id,
            eventType: event.type,
            subscriberId,
            channel,
          },
          at,
        ),
        version: 0,
      });
    });
    return out;
  }

  async #subscribers(ids: string[]): Promise<Map<string, SubscriberRecord>> {
    const unique = [...new Set(ids)];
    const found = new Map<string, SubscriberRecord>();
    const coll = this.#options.store.collection<SubscriberRecord>(subscribersCollection);
    for (let i = 0; i < unique.length; i += 1000) {
      const page = await coll.find({
        filter: { id: { $in: unique.slice(i, i + 1000) } },
        limit: 1000,
      });
      for (const s of page.items) found.set(s.id, s);
    }
    return found;
  }

  async #event(id: string): Promise<EventEnvelope | null> {
    if (this.#events.has(id)) return this.#events.get(id) ?? null;
    const fanout = await this.#options.store.collection<FanoutRecord>(fanoutsCollection).get(id);
    const event = fanout?.event ?? null;
    if (this.#events.size >= EVENT_CACHE_SIZE) {
      const oldest = this.#events.keys().next().value;
      if (oldest !== undefined) this.#events.delete(oldest);
    }
    this.#events.set(id, event);
    return event;
  }

  /**
   * One delivery attempt in a span of its own (a child of the work item's, so of the event's
   * trace), with its channel and outcome: ids and states only, never the recipient's address.
   */
  #traced(delivery: StoredDelivery, attempt: () => Promise<Outcome>): Promise<Outcome> {
    const { channel } = this.#options;
    return withSpan(
      `notification deliver ${channel}`,
      {
        kind: channel === 'in_app' ? 'internal' : 'client',
        attributes: {
          'pcn.notification.channel': channel,
          'pcn.delivery.id': delivery.id,
          'pcn.delivery.kind': delivery.kind,
          'pcn.delivery.attempt': delivery.attempts + 1,
          'pcn.event.type': delivery.eventType,
        },
      },
      async (_traceparent, span) => {
        const outcome = await attempt();
        span.setAttributes({
          'pcn.delivery.outcome': outcome.state,
          ...('reason' in outcome ? { 'pcn.delivery.reason': outcome.reason } : {}),
        });
        if (outcome.state === 'retry' || outcome.state === 'failed')
          span.fail(`${channel} ${outcome.state}: ${outcome.reason}`);
        return outcome;
      },
    );
  }

  async #attempt(
    delivery: StoredDelivery,
    subscriber: SubscriberRecord | null,
    now: Date,
    readEvent: (id: string) => Promise<EventEnvelope | null>,
    reply: ReplyContext | undefined,
  ): Promise<Outcome> {
    const { rules, adapter, channel } = this.#options;
    const prepared = delivery.replyId
      ? await this.#prepareReply(delivery, subscriber, now, reply)
      : await this.#prepare(delivery, subscriber, now, readEvent);
    if ('state' in prepared) return prepared;
    const { message, contact, draftId } = prepared;
    // The log names the language the message is in, which may be a fallback of the recipient's.
    delivery = { ...delivery, language: message.language };
    if (channel === 'in_app') {
      const inbox: InboxItem = {
        id: delivery.id,
        userId: contact.address,
        subscriberId: delivery.subscriberId,
        eventType: delivery.eventType,
        draftId,
        title: message.subject,
        body: message.text,
        createdAt: now.toISOString(),
        readAt: null,
      };
      return { delivery, state: 'delivered', providerMessageId: null, inbox };
    }
    if (!adapter) return { delivery, state: 'failed', reason: `no ${channel} provider configured` };
    const attempts = delivery.attempts + 1;
    const result: SendResult = await adapter.send(message).catch((err: unknown): SendResult => ({
      status: 'retry',
      reason: err instanceof Error ? err.name : 'send failed',
    }));
    if (result.status === 'sent' || result.status === 'delivered')
      return { delivery, state: result.status, providerMessageId: result.providerMessageId };
    const reason = 'reason' in result ? result.reason : 'send failed';
    const next = afterFailure(
      attempts,
      result.status === 'rejected',
      rules,
      now,
      result.status === 'retry' ? result.retryAfterMs : undefined,
    );
    return next.final
      ? { delivery, state: 'failed', reason }
      : { delivery, state: 'retry', retryAt: next.retryAt, reason };
  }

  /** A delivery to a subscriber: decided again now, then composed from its event's template. */
  async #prepare(
    delivery: StoredDelivery,
    subscriber: SubscriberRecord | null,
    now: Date,
    readEvent: (id: string) => Promise<EventEnvelope | null>,
  ): Promise<Prepared | Outcome> {
    const decision = decideSend(delivery, subscriber, now);
    if (decision.action !== 'send') return held(delivery, decision);
    const sub = subscriber as SubscriberRecord;
    const events: EventEnvelope[] = [];
    try {
      for (const id of delivery.eventIds ?? [delivery.sourceEventId]) {
        const event = await readEvent(id);
        if (event) events.push(event);
      }
      if (delivery.kind !== 'verification' && events.length === 0)
        throw new ComposeError('the event is no longer stored');
      const message = await this.#options.composer.compose({
        delivery,
        subscriber: sub,
        contact: decision.contact,
        events,
      });
      return { message, contact: decision.contact, draftId: draftIdOf(events[0]) };
    } catch (err) {
      if (err instanceof ComposeError) return { delivery, state: 'failed', reason: err.message };
      throw err;
    }
  }

  /** A reply to a comment's submitter (see reply-policy.ts): to them, not to a subscriber. */
  async #prepareReply(
    delivery: StoredDelivery,
    partner: SubscriberRecord | null,
    now: Date,
    context: ReplyContext | undefined,
  ): Promise<Prepared | Outcome> {
    const setup = this.#options.replies;
    if (!setup) return { delivery, state: 'failed', reason: 'replies are not set up' };
    if (!context?.reply) return { delivery, state: 'failed', reason: 'the reply is not stored' };
    const { reply, draft, optedOut } = context;
    const decision = decideReply({ delivery, reply, partner, optedOut, now });
    if (decision.action !== 'send') return held(delivery, decision);
    try {
      const message = await setup.composer.composeReply({
        delivery,
        reply,
        contact: decision.contact,
        draft,
      });
      return { message, contact: decision.contact, draftId: reply.draftId };
    } catch (err) {
      if (err instanceof ComposeError) return { delivery, state: 'failed', reason: err.message };
      throw err;
    }
  }

  /**
   * For the replies among `due`: each one's record, the service's copy of its draft, and whether
   * its address refused PCN's messages on its channel (an SMS STOP, a subscription opted out).
   */
  async #replies(due: readonly StoredDelivery[]): Promise<Map<string, ReplyContext>> {
    const out = new Map<string, ReplyContext>();
    const { store, replies: setup } = this.#options;
    if (!setup || !due.some((d) => d.replyId)) return out;
    const { linkSecret } = setup;
    const replies = store.collection<ReplyRecord>(repliesCollection);
    const drafts = store.collection<DraftRecord>(draftsCollection);
    const refusals = store.collection<ReplyOptOutRecord>(replyOptOutsCollection);
    const subscribers = store.collection<SubscriberRecord>(subscribersCollection);
    for (const delivery of due) {
      if (!delivery.replyId) continue;
      const reply = await replies.get(delivery.replyId);
      if (!reply) {
        out.set(delivery.id, { reply: null, draft: null, optedOut: false });
        continue;
      }
      const replyTo = (reply.event.data as { replyTo: ReplyTo | null }).replyTo;
      const contact = replyTo && replyContact(replyTo);
      let optedOut = false;
      if (contact && contact.channel !== 'in_app') {
        const key = contactKey(contact);
        optedOut = (await refusals.get(replyOptOutId(linkSecret, key))) !== null;
        if (!optedOut) {
          const holders = await subscribers.find({
            filter: { contact_keys: { $in: contactLookupKeys(contact) } },
            limit: 100,
          });
          optedOut = holders.items.some((s) =>
            s.contacts.some(
              (c) => c.channel === contact.channel && contactKey(c) === key && c.optedOutAt,
            ),
          );
        }
      }
      out.set(delivery.id, { reply, draft: await drafts.get(reply.draftId), optedOut });
    }
    return out;
  }

  /**
   * Records the outcomes, their events and in-app items in one transaction, and returns the ones
   * applied. A delivery someone else changed meanwhile (an opt-out suppressed it, another replica
   * recorded it) is left as they made it, without failing the others.
   */
  async #commit(outcomes: readonly Outcome[], now: Date, recheck = false): Promise<Outcome[]> {
    const { store, names, events } = this.#options;
    const at = now.toISOString();
    const applied = await store
      .transaction(async (tx) => {
        const stored = tx.collection<DeliveryRecord>(deliveriesCollection);
        const inbox = tx.collection<InboxItem>(inboxCollection);
        // Planned deliveries were found unrecorded just before sending; only when another replica
        // recorded some meanwhile (the insert below clashed) are they looked up again.
        const freshIds = outcomes.filter((o) => o.delivery.version === 0).map((o) => o.delivery.id);
        const recorded = new Set(
          !recheck || freshIds.length === 0
            ? []
            : (await stored.find({ filter: { id: { $in: freshIds } }, limit: 1000 })).items.map(
                (d) => d.id,
              ),
        );
        const fresh: DeliveryRecord[] = [];
        // A planned delivery (version 0) is recorded now, with its outcome; others are updated.
        const write = async (d: StoredDelivery): Promise<boolean> => {
          if (d.version === 0) {
            if (recorded.has(d.id)) return false;
            const { version: _v, ...unsaved } = d;
            fresh.push(unsaved);
            return true;
          }
          try {
            await stored.update(d);
            return true;
          } catch (err) {
            if (err instanceof ConflictError) return false;
            throw err;
          }
        };
        const emitted: EventEnvelope[] = [];
        const done: Outcome[] = [];
        for (const o of outcomes) {
          const d = o.delivery;
          const attempted =
            o.state === 'sent' ||
            o.state === 'delivered' ||
            o.state === 'retry' ||
            o.state === 'failed';
          // Settled or waiting on a time of its own: no longer waiting in a work queue.
          const base = {
            ...d,
            attempts: attempted ? d.attempts + 1 : d.attempts,
            redriveAt: null,
            updatedAt: at,
          };
          let ok: boolean;
          switch (o.state) {
            case 'sent':
            case 'delivered':
              ok = await write({
                ...base,
                state: o.state,
                providerMessageId: o.providerMessageId,
                reason: null,
                retryAt: null,
              });
              if (ok && o.inbox && !(await inbox.get(o.inbox.id))) await inbox.insert(o.inbox);
              if (ok && o.state === 'delivered')
                emitted.push(deliveredEvent(events, d, at, o.inbox?.userId));
              break;
            case 'suppressed':
              ok = await write({
                ...base,
                state: 'suppressed',
                reason: o.reason,
                retryAt: null,
              });
              break;
            case 'deferred':
              ok = await write({
                ...base,
                state: 'deferred',
                reason: o.reason,
                retryAt: o.retryAt.toISOString(),
              });
              break;
            case 'retry':
              ok = await write({
                ...base,
                state: 'queued',
                reason: o.reason,
                retryAt: o.retryAt.toISOString(),
              });
              break;
            case 'failed':
              ok = await write({ ...base, state: 'failed', reason: o.reason, retryAt: null });
              if (ok) emitted.push(failedEvent(events, d, base.attempts, o.reason));
              break;
          }
          if (ok) done.push(o);
        }
        if (fresh.length > 0) await stored.insertMany(fresh);
        if (emitted.length > 0) await tx.enqueue(emitted.map((e) => toOutboxMessage(names, e)));
        // A reply settled for good keeps its record (the once-per-comment guard), not the address.
        const replies = tx.collection<ReplyRecord>(repliesCollection);
        for (const o of done) {
          if (!o.delivery.replyId || o.state === 'deferred' || o.state === 'retry') continue;
          const reply = await replies.get(o.delivery.replyId);
          if (reply && !reply.addressErasedAt) await replies.update(forgetAddress(reply, at));
        }
        return done;
      })
      .catch((err: unknown) => {
        if (err instanceof AlreadyExistsError && !recheck) return null;
        throw err;
      });
    if (applied === null) return this.#commit(outcomes, now, true);
    this.#options.onCommit();
    return applied;
  }

  /** Dead letters for failed deliveries, and webhook endpoint health. */
  async #afterCommit(
    outcomes: readonly Outcome[],
    subscribers: ReadonlyMap<string, SubscriberRecord>,
    now: Date,
  ): Promise<void> {
    const { js, names, logger, channel, metrics } = this.#options;
    const durable = names.durable('notification', `work-${channel}`);
    for (const o of outcomes) metrics?.outcome(o.delivery.channel, o.state);
    for (const o of outcomes) {
      if (o.state !== 'failed') continue;
      const letter = {
        deliveryId: o.delivery.id,
        sourceEventId: o.delivery.sourceEventId,
        subscriberId: o.delivery.subscriberId,
        channel: o.delivery.channel,
        attempts: o.delivery.attempts + 1,
        reason: o.reason,
      };
      await publishDeadLetter(js, names, {
        durable,
        reason: o.reason,
        stream: names.workStream('notification'),
        streamSequence: 0,
        subject: names.workSubject('notification', channel),
        deliveries: letter.attempts,
        data: new TextEncoder().encode(JSON.stringify(letter)),
        msgId: `dl-delivery-${o.delivery.id}`,
        traceparent: currentTraceparent(),
      }).catch((err: unknown) =>
        // The failure is recorded in the delivery log either way.
        logger.error({ err, deliveryId: o.delivery.id }, 'could not dead-letter a failed delivery'),
      );
    }
    if (channel !== 'webhook') return;
    const changes = webhookHealthChanges(
      outcomes.map((o) => ({ subscriberId: o.delivery.subscriberId, state: o.state })),
      (id) => subscribers.get(id)?.contacts.find((c) => c.channel === 'webhook')?.failures ?? 0,
    );
    for (const [subscriberId, ok] of changes) {
      await this.#recordWebhookHealth(subscriberId, ok, now).catch((err: unknown) =>
        logger.error({ err, subscriberId }, 'could not record webhook health'),
      );
    }
  }

  async #recordWebhookHealth(subscriberId: string, ok: boolean, now: Date): Promise<void> {
    const { store, rules, logger } = this.#options;
    for (let tries = 0; tries < 5; tries += 1) {
      let disabled = false;
      try {
        await store.transaction(async (tx) => {
          const subs = tx.collection<SubscriberRecord>(subscribersCollection);
          const sub = await subs.get(subscriberId);
          const after = sub && afterWebhookAttempt(sub, ok, rules.webhookDisableAfter, now);
          if (!sub || !after) return;
          await subs.update({ ...sub, contacts: after.contacts, updatedAt: now.toISOString() });
          if (after.alert) {
            await tx.collection<AlertRecord>(alertsCollection).insert(after.alert);
            disabled = true;
            logger.warn(
              { subscriberId: sub.id, failures: after.failures },
              'webhook endpoint disabled; admins alerted',
            );
          }
        });
        // Counted once committed: a conflicting attempt is run again.
        if (disabled) this.#options.metrics?.webhookDisabled();
        return;
      } catch (err) {
        if (!(err instanceof ConflictError)) throw err;
      }
    }
  }
}

const workIds = z.array(z.string().max(300)).min(1).max(1000);
/** A work item: recorded deliveries, or an event and the subscribers planned for it. */
const sendWork = z.union([
  z.object({ deliveryIds: workIds }),
  z.object({ eventId: z.string(), subscriberIds: workIds }),
]);

function parseWork(item: unknown): SendWork {
  const work = sendWork.safeParse(item);
  if (work.success) return work.data;
  throw new PermanentEventError(
    'malformed work item: needs 1-1000 deliveryIds, or an eventId and subscriberIds',
  );
}

function draftIdOf(event: EventEnvelope | undefined): string | null {
  const id = (event?.data as { draftId?: unknown } | undefined)?.draftId;
  return typeof id === 'string' ? id : null;
}
