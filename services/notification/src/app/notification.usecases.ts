import type { EventEnvelope, EventFactory } from '@pcn/events';
import {
  assertNetworkAdmin,
  assertSignedIn,
  ConflictError,
  FailedPreconditionError,
  hasRole,
  InvalidArgumentError,
  NotFoundError,
  PermissionDeniedError,
  type CallerIdentity,
  type Clock,
} from '@pcn/platform';
import { normaliseVietnamesePhone } from './phone-number.js';
import { indexedFields, unitScopeOf } from './audience.js';
import { contactKey, contactLookupKeys } from './contact-keys.js';
import { deliveredEvent, failedEvent } from './delivery-events.js';
import { verifyLinkToken, type LinkPayload } from './link-tokens.js';
import type { Channel, Delivery, InboxItem, Subscriber } from './notification.model.js';
import { isChannel } from './notification.model.js';
import { createResendVerificationCode } from './resend-verification-code.usecase.js';
import { createSubscribe } from './subscribe.usecase.js';
import { parsePreferencesUpdate } from './subscriber-input.js';
import {
  DEFAULT_VERIFICATION_CAPS,
  type CapWindow,
  type VerificationCaps,
} from './verification-caps.js';
import {
  afterVerificationCheck,
  checkVerificationCode,
  checkVerificationLink,
  type Verification,
} from './verification.js';

/** A stored record: the store adds a version. */
export type Versioned<T> = T & { version: number };

export interface SubscriberRecord extends Subscriber {
  topicDraftIds: string[];
  contactKeys: string[];
}

export interface Page<T> {
  items: Versioned<T>[];
  nextCursor: string | null;
}

/** What the use cases need of storage; the infra adapter runs each `write` as one transaction. */
export interface NotificationRepository {
  getSubscriber(id: string): Promise<Versioned<SubscriberRecord> | null>;
  /** Subscribers holding any of these contact keys (see contact-keys.ts). */
  subscribersByContact(keys: readonly string[]): Promise<Versioned<SubscriberRecord>[]>;
  subscribersByUser(userId: string): Promise<Versioned<SubscriberRecord>[]>;
  /** Pending (never verified) subscribers created before `before`, oldest first. */
  unverifiedBefore(before: string, limit: number): Promise<Versioned<SubscriberRecord>[]>;
  listSubscribers(
    filter: { status?: string; unitId?: string; unitIds?: string[] },
    first: number,
    after: string | null,
  ): Promise<Page<SubscriberRecord>>;
  unitPaths(ids: readonly string[]): Promise<Map<string, string[]>>;
  getVerification(id: string): Promise<Versioned<Verification> | null>;
  openVerification(subscriberId: string, channel: Channel): Promise<Versioned<Verification> | null>;
  listInbox(
    userId: string,
    unreadOnly: boolean,
    first: number,
    after: string | null,
  ): Promise<Page<InboxItem>>;
  countUnread(userId: string): Promise<number>;
  getInboxItems(ids: readonly string[]): Promise<Versioned<InboxItem>[]>;
  listDeliveries(
    filter: Record<string, string>,
    first: number,
    after: string | null,
  ): Promise<Page<Delivery>>;
  countDeliveriesByState(filter: Record<string, string>): Promise<Record<string, number>>;
  pendingDeliveriesOf(subscriberId: string): Promise<Versioned<Delivery>[]>;
  deliveryByProviderId(
    channel: Channel,
    providerMessageId: string,
  ): Promise<Versioned<Delivery> | null>;
  /** Deletes cap windows whose newest send left the window before `before`; returns how many. */
  purgeCapWindows(before: string, limit: number): Promise<number>;
  /** Runs `work` atomically; `Writes` are staged and committed together. */
  write<R>(work: (w: Writes) => Promise<R>): Promise<R>;
}

export interface Writes {
  // Reads inside the transaction, for decisions a parallel request must not race: resuming a
  // sign-up, superseding codes, and the caps on codes.
  getSubscriber(id: string): Promise<Versioned<SubscriberRecord> | null>;
  subscribersByContact(keys: readonly string[]): Promise<Versioned<SubscriberRecord>[]>;
  /** Verifications of a subscriber neither used nor superseded. */
  openVerifications(subscriberId: string): Promise<Versioned<Verification>[]>;
  capWindow(id: string): Promise<Versioned<CapWindow> | null>;
  /** Inserts a new window, or updates a stored one at its version. */
  saveCapWindow(w: CapWindow | Versioned<CapWindow>): Promise<void>;
  insertSubscriber(s: SubscriberRecord): Promise<void>;
  updateSubscriber(s: Versioned<SubscriberRecord>): Promise<Versioned<SubscriberRecord>>;
  deleteSubscriber(id: string): Promise<void>;
  insertVerification(v: Verification): Promise<void>;
  updateVerification(v: Versioned<Verification>): Promise<void>;
  deleteVerificationsOf(subscriberId: string): Promise<void>;
  /** Inserts deliveries and puts them on their channel queues. */
  queueDeliveries(d: Delivery[]): Promise<void>;
  updateDelivery(d: Versioned<Delivery>): Promise<void>;
  updateInboxItem(i: Versioned<InboxItem>): Promise<void>;
  /** Stores new and moved units; returns the ids of those that changed. */
  putUnits(units: { id: string; path: string[] }[]): Promise<string[]>;
  record(events: EventEnvelope[]): Promise<void>;
}

export interface NotificationDeps {
  repo: NotificationRepository;
  events: EventFactory;
  clock: Clock;
  newId: () => string;
  allowInsecureWebhooks: boolean;
  linkSecret: string;
  random?: (min: number, max: number) => number;
  /** Caps on verification codes; DEFAULT_VERIFICATION_CAPS when absent. */
  caps?: VerificationCaps;
}

/** The whole message, so that a reply such as "Dung roi" ("that's right") is not a STOP. */
const STOP_WORDS = /^\s*(stop|huy|hủy|tu\s*choi|từ\s*chối|dừng|unsubscribe)[\s.!]*$/i;
const MAX_PAGE = 200;
/** Subscribers that never verified a contact are erased after this (their codes expired long before). */
export const UNVERIFIED_RETENTION_MS = 48 * 3_600_000;

function pageSize(first: number | undefined, fallback = 50): number {
  if (first === undefined || first === 0) return fallback;
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE)
    throw new InvalidArgumentError([{ field: 'first', description: `must be 1-${MAX_PAGE}` }]);
  return first;
}

/** Who may see and change a subscriber: itself (its signed-in owner) and network admins. */
function assertOwnerOrAdmin(caller: CallerIdentity | undefined, s: Subscriber): void {
  if (hasRole(caller, 'network_admin')) return;
  const signedIn = assertSignedIn(caller);
  if (s.userId === null || s.userId !== signedIn.id) throw new NotFoundError('subscriber', s.id);
}

export type NotificationUseCases = ReturnType<typeof createNotificationUseCases>;

/** Subscriptions, consent, verification, opt-out, the inbox and admin views. */
export function createNotificationUseCases(deps: NotificationDeps) {
  const { repo, events, clock } = deps;
  const issueDeps = { ...deps, caps: deps.caps ?? DEFAULT_VERIFICATION_CAPS };

  /**
   * Opts a subscriber out (one channel, or all), withdraws the consent, and emits
   * SubscriberOptedOut. It retries when the subscriber changed meanwhile, so a STOP is never lost
   * to a race. Then, best effort, it suppresses what is already queued or deferred: the worker
   * checks the subscriber again before every send, so anything missed here is suppressed then.
   * Returns false when there is no such subscriber.
   */
  async function optOut(
    subscriberId: string,
    channel: Channel | null,
    via: 'link' | 'sms_stop' | 'admin' | 'self_service',
    now: Date,
    alsoInTransaction?: (w: Writes) => Promise<void>,
  ): Promise<boolean> {
    const at = now.toISOString();
    for (let attempt = 1; ; attempt += 1) {
      const subscriber = await repo.getSubscriber(subscriberId);
      if (!subscriber) return false;
      const contacts = subscriber.contacts.map((c) =>
        (channel === null || c.channel === channel) && !c.optedOutAt ? { ...c, optedOutAt: at } : c,
      );
      const consents = subscriber.consents.map((c) =>
        (channel === null || c.channel === channel) && !c.withdrawnAt
          ? { ...c, withdrawnAt: at }
          : c,
      );
      const anyLeft = contacts.some((c) => !c.optedOutAt);
      try {
        await repo.write(async (w) => {
          await w.updateSubscriber({
            ...subscriber,
            contacts,
            consents,
            status: anyLeft ? subscriber.status : 'opted_out',
            updatedAt: at,
          });
          await w.record([
            events.create('pcn.notification.v1.SubscriberOptedOut', subscriber.id, {
              subscriberId: subscriber.id,
              channel,
              via,
            }),
          ]);
          await alsoInTransaction?.(w);
        });
        break;
      } catch (err) {
        if (!(err instanceof ConflictError) || attempt >= 5) throw err;
      }
    }
    const pending = (await repo.pendingDeliveriesOf(subscriberId)).filter(
      (d) => (channel === null || d.channel === channel) && d.kind !== 'verification',
    );
    if (pending.length > 0)
      await repo.write(async (w) => {
        for (const d of pending) {
          try {
            await w.updateDelivery({
              ...d,
              state: 'suppressed',
              reason: 'opted_out',
              retryAt: null,
              updatedAt: at,
            });
          } catch (err) {
            // Moved on meanwhile (sent, or requeued): the worker's own check covers it.
            if (!(err instanceof ConflictError)) throw err;
          }
        }
      });
    return true;
  }

  return {
    /** Public: see subscribe.usecase.ts (resuming a pending sign-up, caps on codes). */
    subscribe: createSubscribe(issueDeps),

    /** Public: a new code for one contact, within the same caps (resend-verification-code.usecase.ts). */
    resendVerificationCode: createResendVerificationCode(issueDeps),

    /** Public: by code (with the subscriber and channel) or by an e-mail link token. */
    async confirm(input: {
      subscriberId?: string;
      channel?: string;
      code?: string;
      token?: string;
    }) {
      const now = clock.now();
      let subscriberId = input.subscriberId ?? '';
      let channel = input.channel ?? '';
      let verification: Versioned<Verification> | null = null;
      let viaLink = false;
      if (input.token) {
        const link = linkPayload(deps.linkSecret, input.token, 'verify', now);
        subscriberId = link.subscriberId;
        channel = link.channel;
        verification = await repo.getVerification(link.verificationId);
        viaLink = true;
      }
      if (!isChannel(channel) || channel === 'in_app')
        throw new InvalidArgumentError([
          { field: 'channel', description: 'must be email, sms, zalo or webhook' },
        ]);
      const subscriber = await repo.getSubscriber(subscriberId);
      if (!subscriber) throw new NotFoundError('subscriber', subscriberId);
      // Reads happen before the transaction; its version checks catch anything that moved since.
      // By code: the newest verification of that channel.
      const v = verification ?? (await repo.openVerification(subscriber.id, channel));
      const contact = subscriber.contacts.find((c) => c.channel === channel);
      const holders = contact ? await repo.subscribersByContact(contactLookupKeys(contact)) : [];
      return repo
        .write(async (w) => {
          // A code for a contact the subscriber no longer has (a resumed sign-up dropped it).
          if (!v || !contact || v.subscriberId !== subscriber.id || v.channel !== channel)
            throw new FailedPreconditionError(
              'No verification is waiting for this contact; ask for a new code (resendVerificationCode)',
              'NO_VERIFICATION',
            );
          const result = viaLink
            ? checkVerificationLink(v, now)
            : checkVerificationCode(v, input.code ?? '', now);
          await w.updateVerification(afterVerificationCheck(v, result, now));
          if (result === 'wrong')
            return {
              error: new InvalidArgumentError([
                { field: 'code', description: 'is not the latest code we sent' },
              ]),
            };
          if (result === 'expired')
            return {
              error: new FailedPreconditionError(
                'The code has expired or was used; ask for a new one (resendVerificationCode)',
                'CODE_EXPIRED',
              ),
            };
          if (result === 'superseded')
            return {
              error: new FailedPreconditionError(
                'A newer code was sent to this contact; use the one in the latest message',
                'CODE_SUPERSEDED',
              ),
            };
          if (result === 'locked')
            return {
              error: new FailedPreconditionError(
                'Too many wrong codes; ask for a new one (resendVerificationCode)',
                'CODE_LOCKED',
              ),
            };
          const at = now.toISOString();
          const contacts = subscriber.contacts.map((c) =>
            c.channel === channel ? { ...c, verifiedAt: at } : c,
          );
          const consents = subscriber.consents.map((c) =>
            c.channel === channel && !c.verifiedAt ? { ...c, verifiedAt: at } : c,
          );
          const updated = await w.updateSubscriber({
            ...subscriber,
            contacts,
            consents,
            status: subscriber.status === 'pending' ? 'active' : subscriber.status,
            updatedAt: at,
          });
          // Proving control of a contact moves it here: an older subscriber holding it loses it.
          for (const other of holders) {
            if (other.id === subscriber.id) continue;
            const rest = other.contacts.filter((c) => c.channel !== channel);
            await w.updateSubscriber({
              ...other,
              contacts: rest,
              contactKeys: rest.map(contactKey),
              status: rest.some((c) => !c.optedOutAt) ? other.status : 'opted_out',
              updatedAt: at,
            });
          }
          return { subscriber: updated };
        })
        .then((r) => {
          if ('error' in r) throw r.error as Error;
          return { subscriberId: r.subscriber.id, channel, status: r.subscriber.status };
        });
    },

    /** By a signed link token (public), or signed in for one's own subscription (or an admin). */
    async unsubscribe(
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
      await optOut(subscriber.id, channel, via, now);
      return { subscriberId, channel };
    },

    /** `STOP` (or HUY, TU CHOI...) from a phone opts every subscription of that number out of SMS. */
    async inboundSms(input: { from: string; text: string }, caller: CallerIdentity | undefined) {
      assertService(caller);
      if (!STOP_WORDS.test(input.text ?? '')) return { action: 'ignored' };
      const phone = normaliseVietnamesePhone(input.from ?? '');
      if (!phone.ok) return { action: 'ignored' };
      const now = clock.now();
      for (const s of await repo.subscribersByContact([
        contactKey({ channel: 'sms', address: phone.e164 }),
      ])) {
        if (s.contacts.find((c) => c.channel === 'sms')?.optedOutAt) continue;
        await optOut(s.id, 'sms', 'sms_stop', now);
      }
      return { action: 'stop' };
    },

    async updatePreferences(
      input: { subscriberId: string; expectedVersion: number; update: unknown },
      caller: CallerIdentity | undefined,
    ) {
      const subscriber = await repo.getSubscriber(input.subscriberId);
      if (!subscriber) throw new NotFoundError('subscriber', input.subscriberId);
      assertOwnerOrAdmin(caller, subscriber);
      if (input.expectedVersion && input.expectedVersion !== subscriber.version)
        throw new FailedPreconditionError(
          `The subscriber changed (version ${subscriber.version}); reload and try again`,
          'VERSION_CONFLICT',
        );
      const prefs = parsePreferencesUpdate(input.update, subscriber);
      const paths = await repo.unitPaths(prefs.unitIds);
      const next = {
        ...subscriber,
        ...prefs,
        unitScope: unitScopeOf(prefs.unitIds.map((u) => paths.get(u) ?? [u])),
        updatedAt: clock.now().toISOString(),
      };
      return repo.write((w) => w.updateSubscriber({ ...next, ...indexedFields(next) }));
    },

    async mySubscriptions(caller: CallerIdentity | undefined) {
      const signedIn = assertSignedIn(caller);
      return repo.subscribersByUser(signedIn.id);
    },

    async getSubscriber(id: string, caller: CallerIdentity | undefined) {
      const subscriber = await repo.getSubscriber(id);
      if (!subscriber) throw new NotFoundError('subscriber', id);
      assertOwnerOrAdmin(caller, subscriber);
      return subscriber;
    },

    async listSubscribers(
      input: { status?: string; unitId?: string; first?: number; after?: string },
      caller: CallerIdentity | undefined,
    ) {
      assertNetworkAdmin(caller);
      return repo.listSubscribers(
        { status: input.status || undefined, unitId: input.unitId || undefined },
        pageSize(input.first),
        input.after || null,
      );
    },

    /** Right to erasure: the subscriber and its codes go; the delivery log keeps only ids. */
    async eraseSubscriber(id: string, caller: CallerIdentity | undefined) {
      const subscriber = await repo.getSubscriber(id);
      if (!subscriber) throw new NotFoundError('subscriber', id);
      assertOwnerOrAdmin(caller, subscriber);
      const now = clock.now();
      await optOut(
        id,
        null,
        hasRole(caller, 'network_admin') ? 'admin' : 'self_service',
        now,
        async (w) => {
          await w.deleteVerificationsOf(id);
          await w.deleteSubscriber(id);
        },
      );
      return true;
    },

    async inbox(
      input: { first?: number; after?: string; unreadOnly?: boolean },
      caller: CallerIdentity | undefined,
    ) {
      const signedIn = assertSignedIn(caller);
      const page = await repo.listInbox(
        signedIn.id,
        input.unreadOnly ?? false,
        pageSize(input.first, 20),
        input.after || null,
      );
      return { ...page, unreadCount: await repo.countUnread(signedIn.id) };
    },

    async markRead(input: { ids?: string[]; all?: boolean }, caller: CallerIdentity | undefined) {
      const signedIn = assertSignedIn(caller);
      const at = clock.now().toISOString();
      let items: Versioned<InboxItem>[];
      if (input.all) {
        items = [];
        let after: string | null = null;
        do {
          const page = await repo.listInbox(signedIn.id, true, MAX_PAGE, after);
          items.push(...page.items);
          after = page.nextCursor;
        } while (after && items.length < 100_000);
      } else {
        const ids = input.ids ?? [];
        if (ids.length === 0 || ids.length > MAX_PAGE)
          throw new InvalidArgumentError([
            { field: 'ids', description: `must list 1-${MAX_PAGE} items` },
          ]);
        items = await repo.getInboxItems(ids);
      }
      const mine = items.filter((i) => i.userId === signedIn.id && i.readAt === null);
      await repo.write(async (w) => {
        for (const item of mine) await w.updateInboxItem({ ...item, readAt: at });
      });
      return mine.length;
    },

    async inboxItems(ids: string[], caller: CallerIdentity | undefined) {
      const signedIn = assertSignedIn(caller);
      if (ids.length > MAX_PAGE)
        throw new InvalidArgumentError([
          { field: 'ids', description: `must list at most ${MAX_PAGE}` },
        ]);
      return (await repo.getInboxItems(ids)).filter((i) => i.userId === signedIn.id);
    },

    /**
     * Erases subscribers that never verified any contact within `UNVERIFIED_RETENTION_MS`: data
     * kept for no purpose (data minimisation). Returns how many.
     */
    async purgeUnverified(limit = 200): Promise<number> {
      const cutoff = new Date(clock.now().getTime() - UNVERIFIED_RETENTION_MS).toISOString();
      const stale = await repo.unverifiedBefore(cutoff, limit);
      if (stale.length === 0) return 0;
      await repo.write(async (w) => {
        for (const s of stale) {
          await w.deleteVerificationsOf(s.id);
          await w.deleteSubscriber(s.id);
        }
      });
      return stale.length;
    },

    /** Deletes cap windows whose newest send has left the hour: counts kept for no purpose. */
    async purgeCapWindows(limit = 500): Promise<number> {
      return repo.purgeCapWindows(clock.now().toISOString(), limit);
    },

    /** The delivery log: ids, states and reasons, never contact data. */
    async deliveries(
      input: {
        sourceEventId?: string;
        subscriberId?: string;
        channel?: string;
        state?: string;
        first?: number;
        after?: string;
      },
      caller: CallerIdentity | undefined,
    ) {
      assertNetworkAdmin(caller);
      const filter: Record<string, string> = {};
      if (input.sourceEventId) filter.source_event_id = input.sourceEventId;
      if (input.subscriberId) filter.subscriber_id = input.subscriberId;
      if (input.channel) filter.channel = input.channel;
      const page = await repo.listDeliveries(
        input.state ? { ...filter, state: input.state } : filter,
        pageSize(input.first),
        input.after || null,
      );
      return { ...page, counts: await repo.countDeliveriesByState(filter) };
    },

    async putUnits(units: { id: string; path: string[] }[], caller: CallerIdentity | undefined) {
      if (!(caller?.kind === 'service' && caller.id === 'gateway')) assertNetworkAdmin(caller);
      const bad = units.findIndex((u) => !u.id || u.path.at(-1) !== u.id || u.path.length > 16);
      if (bad >= 0)
        throw new InvalidArgumentError([
          {
            field: `units[${bad}].path`,
            description: 'must end with the unit id (at most 16 levels)',
          },
        ]);
      if (units.length > 20_000)
        throw new InvalidArgumentError([{ field: 'units', description: 'at most 20000 per call' }]);
      const changed = await repo.write((w) => w.putUnits(units));
      // Followers of a unit that is new or moved get their scope (its ancestors) again, so that
      // events for the whole province reach them.
      const paths = new Map(units.map((u) => [u.id, u.path]));
      for (let i = 0; i < changed.length; i += 1000) {
        const ids = changed.slice(i, i + 1000);
        let after: string | null = null;
        do {
          const page = await repo.listSubscribers({ unitIds: ids }, 200, after);
          const missing = [...new Set(page.items.flatMap((s) => s.unitIds))].filter(
            (u) => !paths.has(u),
          );
          for (const [u, path] of await repo.unitPaths(missing)) paths.set(u, path);
          await repo.write(async (w) => {
            for (const s of page.items) {
              const unitScope = unitScopeOf(s.unitIds.map((u) => paths.get(u) ?? [u]));
              if (unitScope.join('|') === s.unitScope.join('|')) continue;
              try {
                await w.updateSubscriber({ ...s, unitScope });
              } catch (err) {
                // Changed meanwhile: that change took its scope from the tree, which has these units.
                if (!(err instanceof ConflictError)) throw err;
              }
            }
          });
          after = page.nextCursor;
        } while (after);
      }
      return changed.length;
    },

    /** A provider's delivery report for a message it accepted. */
    async deliveryReport(
      input: { channel: string; providerMessageId: string; status: string },
      caller: CallerIdentity | undefined,
    ) {
      assertService(caller);
      if (
        !isChannel(input.channel) ||
        !input.providerMessageId ||
        !['delivered', 'failed'].includes(input.status)
      )
        throw new InvalidArgumentError([
          {
            field: 'status',
            description: 'needs a channel, a provider message id and delivered or failed',
          },
        ]);
      const d = await repo.deliveryByProviderId(input.channel, input.providerMessageId);
      if (!d || d.state !== 'sent') return false;
      const at = clock.now().toISOString();
      await repo.write(async (w) => {
        if (input.status === 'delivered') {
          await w.updateDelivery({ ...d, state: 'delivered', updatedAt: at });
          await w.record([deliveredEvent(events, d, at)]);
        } else {
          await w.updateDelivery({
            ...d,
            state: 'failed',
            reason: 'provider_reported_failure',
            updatedAt: at,
          });
          await w.record([failedEvent(events, d, d.attempts, 'provider_reported_failure')]);
        }
      });
      return true;
    },
  };
}

/** The payload of a link token made for `purpose`, or INVALID_ARGUMENT saying what is wrong. */
function linkPayload<P extends LinkPayload['purpose']>(
  secret: string,
  token: string,
  purpose: P,
  now: Date,
): Extract<LinkPayload, { purpose: P }> {
  const checked = verifyLinkToken(secret, token, now);
  if (checked.ok && checked.payload.purpose === purpose)
    return checked.payload as Extract<LinkPayload, { purpose: P }>;
  const what = purpose === 'verify' ? 'a verification link' : 'an unsubscribe link';
  throw new InvalidArgumentError([
    {
      field: 'token',
      description: checked.ok ? `is not ${what}` : `is ${checked.reason.replace('_', ' ')}`,
    },
  ]);
}

/** Provider callbacks come through the gateway, which checked the provider's secret. */
function assertService(caller: CallerIdentity | undefined): void {
  if (caller?.kind === 'service' && caller.id === 'gateway') return;
  if (hasRole(caller, 'network_admin')) return;
  throw new PermissionDeniedError('Only the gateway relays provider callbacks', 'ROLE_NOT_ALLOWED');
}
