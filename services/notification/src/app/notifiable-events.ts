import type { EventData, EventType } from '@pcn/events';
import type { EventAudience } from './notification.model.js';

type DraftAudienceData = Pick<
  EventData<'pcn.draft.v1.ConsultationOpened'>,
  'draftId' | 'targetUnitIds' | 'policyAreas' | 'publicDisclosure'
>;

function draftAudience(data: DraftAudienceData): EventAudience {
  return {
    draftId: data.draftId,
    targetUnitIds: data.targetUnitIds,
    policyAreas: data.policyAreas,
    publicDisclosure: data.publicDisclosure,
  };
}

/**
 * The events people are notified of, with how to read each one's audience. Feedback and outreach
 * events (an answer to a comment, a village session nearby) plug in here with their own reader.
 */
export const NOTIFIABLE_EVENTS = {
  'pcn.draft.v1.ConsultationOpened': (d: EventData<'pcn.draft.v1.ConsultationOpened'>) =>
    draftAudience(d),
  'pcn.draft.v1.ConsultationClosingSoon': (d: EventData<'pcn.draft.v1.ConsultationClosingSoon'>) =>
    draftAudience(d),
  'pcn.draft.v1.ConsultationClosed': (d: EventData<'pcn.draft.v1.ConsultationClosed'>) =>
    draftAudience(d),
  'pcn.draft.v1.DraftPromulgated': (d: EventData<'pcn.draft.v1.DraftPromulgated'>) =>
    draftAudience(d),
} as const satisfies Partial<{ [T in EventType]: (data: EventData<T>) => EventAudience }>;

export type NotifiableEventType = keyof typeof NOTIFIABLE_EVENTS;
export const NOTIFIABLE_EVENT_TYPES = Object.keys(NOTIFIABLE_EVENTS) as NotifiableEventType[];

export function isNotifiable(type: string): type is NotifiableEventType {
  return Object.hasOwn(NOTIFIABLE_EVENTS, type);
}

export function audienceOf(type: NotifiableEventType, data: unknown): EventAudience {
  // The consumer validated `data` against the catalogue before it reaches here.
  return (NOTIFIABLE_EVENTS[type] as (d: unknown) => EventAudience)(data);
}
