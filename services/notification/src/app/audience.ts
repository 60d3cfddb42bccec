import { MAX_IN_VALUES, type Filter } from '@pcn/storage';
import {
  CHANNELS,
  type Channel,
  type EventAudience,
  type Subscriber,
} from './notification.model.js';

/**
 * Who an event goes to, and on which channels. A subscriber follows units (each with its subtree)
 * and topics; an event targets units and may concern a draft and policy areas. Fan-out runs the
 * store filters of `audiencePasses` in order and, for each subscriber found, skips it when an
 * earlier pass already took it (`firstPassOf`), then asks `channelsFor`.
 */

export type AudienceSubscriber = Pick<
  Subscriber,
  'status' | 'unitIds' | 'unitScope' | 'topics' | 'defaultChannels' | 'contacts' | 'consents'
>;

export interface AudiencePass {
  /** For logs and metrics: `units_containing_target#0`, `units_inside_target#0`, `draft_topic`. */
  name: string;
  filter: Filter;
  /** Whether this pass's filter selects the subscriber, evaluated in memory. */
  matches(subscriber: AudienceSubscriber): boolean;
}

/** Every unit on the paths (root → followed unit) of the followed units, once each, in order. */
export function unitScopeOf(unitPaths: readonly (readonly string[])[]): string[] {
  const scope = new Set<string>();
  for (const path of unitPaths) for (const unit of path) scope.add(unit);
  return [...scope];
}

/** The fields stored with a subscriber for the multi-valued `topic_draft_ids` index. */
export function indexedFields(subscriber: Pick<Subscriber, 'topics'>): { topicDraftIds: string[] } {
  const ids = new Set(subscriber.topics.filter((t) => t.kind === 'draft').map((t) => t.value));
  return { topicDraftIds: [...ids].sort() };
}

function chunks(values: readonly string[]): string[][] {
  const out: string[][] = [];
  for (let i = 0; i < values.length; i += MAX_IN_VALUES)
    out.push(values.slice(i, i + MAX_IN_VALUES));
  return out;
}

/**
 * The store filters a fan-out runs, in order: subscribers following a unit that contains a target
 * (`ancestorsOfTargets`, which should include the targets; they are added anyway), subscribers
 * following a unit inside a target, and subscribers following the draft. Lists longer than
 * `MAX_IN_VALUES` are split into several passes. An undisclosed event has no passes.
 */
export function audiencePasses(
  audience: EventAudience,
  ancestorsOfTargets: readonly string[],
): AudiencePass[] {
  if (!audience.publicDisclosure) return [];
  const passes: AudiencePass[] = [];
  const containing = [...new Set([...ancestorsOfTargets, ...audience.targetUnitIds])];
  chunks(containing).forEach((ids, i) => {
    const set = new Set(ids);
    passes.push({
      name: `units_containing_target#${i}`,
      filter: { status: 'active', unit_ids: { $in: ids } },
      matches: (s) => s.status === 'active' && s.unitIds.some((u) => set.has(u)),
    });
  });
  chunks([...new Set(audience.targetUnitIds)]).forEach((ids, i) => {
    const set = new Set(ids);
    passes.push({
      name: `units_inside_target#${i}`,
      filter: { status: 'active', unit_scope: { $in: ids } },
      matches: (s) => s.status === 'active' && s.unitScope.some((u) => set.has(u)),
    });
  });
  const draftId = audience.draftId;
  if (draftId !== null)
    passes.push({
      name: 'draft_topic',
      filter: { status: 'active', topic_draft_ids: draftId },
      matches: (s) =>
        s.status === 'active' && s.topics.some((t) => t.kind === 'draft' && t.value === draftId),
    });
  return passes;
}

/** Index of the first pass that selects the subscriber, or -1; pass k skips it unless it is k. */
export function firstPassOf(
  passes: readonly AudiencePass[],
  subscriber: AudienceSubscriber,
): number {
  return passes.findIndex((p) => p.matches(subscriber));
}

/**
 * The channels an event goes to for a subscriber that one of its passes selected, in `CHANNELS`
 * order. Matching topics give their channels: the topic for this draft, and policy-area topics
 * for the event's areas. Without a matching topic (the match is by unit) policy-area topics act
 * as a filter: a subscriber with any gets nothing; one with none gets its default channels. Only
 * contacts that are verified, not opted out, not disabled and whose consent stands are used.
 */
export function channelsFor(subscriber: AudienceSubscriber, audience: EventAudience): Channel[] {
  if (!audience.publicDisclosure || subscriber.status !== 'active') return [];
  const wanted = new Set<Channel>();
  let matched = false;
  for (const topic of subscriber.topics) {
    const hit =
      topic.kind === 'draft'
        ? audience.draftId !== null && topic.value === audience.draftId
        : audience.policyAreas.includes(topic.value);
    if (!hit) continue;
    matched = true;
    topic.channels.forEach((ch) => wanted.add(ch));
  }
  if (!matched && !subscriber.topics.some((t) => t.kind === 'policy_area'))
    subscriber.defaultChannels.forEach((ch) => wanted.add(ch));
  return CHANNELS.filter((ch) => wanted.has(ch) && reachable(subscriber, ch));
}

function reachable(subscriber: AudienceSubscriber, channel: Channel): boolean {
  const contact = subscriber.contacts.find((c) => c.channel === channel);
  if (!contact || contact.verifiedAt === null || contact.optedOutAt !== null) return false;
  if (contact.disabledAt !== undefined && contact.disabledAt !== null) return false;
  // A channel whose every consent record was withdrawn is off, whatever the contact says.
  const consents = subscriber.consents.filter((c) => c.channel === channel);
  return consents.length === 0 || consents.some((c) => c.withdrawnAt === null);
}
