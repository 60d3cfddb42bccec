import { systemClock } from '@pcn/platform';
import type { CollectionSpec } from '@pcn/storage';
import { createEventFactory, type EventEnvelope } from '../envelope.js';

export interface Note {
  id: string;
  text: string;
}
export interface Effect {
  id: string;
  eventId: string;
}

/** A collection the fixtures write state to, next to the events they emit. */
export const notes: CollectionSpec = { name: 'notes', indexes: [] };
/** Effects of a consumer, one row per handled event. */
export const effects: CollectionSpec = {
  name: 'effects',
  indexes: [{ name: 'event_id', path: 'eventId' }],
};

const factory = createEventFactory('fixture', systemClock);

/** A valid `ConsultationOpened`, the most common event in the network. */
export function consultationOpened(
  draftId: string,
): EventEnvelope<'pcn.draft.v1.ConsultationOpened'> {
  return factory.create('pcn.draft.v1.ConsultationOpened', draftId, {
    draftId,
    code: 'QD-2026-01',
    documentType: 'provincial_decision',
    agencyId: 'org-sotp',
    title: { vi: 'Dự thảo quyết định', hmn: 'Daim ntawv' },
    languages: ['vi', 'hmn'],
    targetUnitIds: ['unit-sapa'],
    ethnicGroups: ['mong'],
    audienceGroups: [],
    policyAreas: ['land'],
    publicDisclosure: true,
    version: 1,
    opensAt: '2026-12-01T00:00:00+07:00',
    closesAt: '2026-12-21T00:00:00+07:00',
  });
}
