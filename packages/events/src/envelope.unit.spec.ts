import { isUuidV7, runInContext } from '@pcn/platform';
import { describe, expect, it } from 'vitest';
import { catalogue, domainOf, EVENT_TYPES } from './catalogue.js';
import {
  createEventFactory,
  decodeEvent,
  InvalidEventError,
  MAX_EVENT_BYTES,
  validateEvent,
} from './envelope.js';
import { consultationOpened } from './__fixtures__/fixture-events.js';
import { BusNames } from './names.js';

const clock = { now: () => new Date('2026-11-27T03:00:00.000Z') };

describe('event catalogue', () => {
  it('names every type pcn.<domain>.v1.<PastTense> and maps it to a known domain', () => {
    expect(EVENT_TYPES.length).toBe(Object.keys(catalogue).length);
    for (const type of EVENT_TYPES) {
      expect(type).toMatch(
        /^pcn\.(directory|draft|feedback|outreach|notification)\.v1\.[A-Z][A-Za-z]*(?:(?:[a-z]ed|Held)(?:Out)?|Soon)$/,
      );
      expect(['directory', 'draft', 'feedback', 'outreach', 'notification']).toContain(
        domainOf(type),
      );
    }
  });
});

describe('event factory', () => {
  it('builds a valid envelope with a UUIDv7 id and the current correlation and causation', () => {
    const factory = createEventFactory('draft', clock);
    const event = runInContext({ correlationId: 'corr-1', causationId: 'cause-1' }, () =>
      factory.create('pcn.draft.v1.DraftRepealed', 'draft-1', {
        ...consultationOpened('draft-1').data,
        repealedByDraftId: 'draft-2',
      }),
    );
    expect(isUuidV7(event.id)).toBe(true);
    expect(event).toMatchObject({
      type: 'pcn.draft.v1.DraftRepealed',
      time: '2026-11-27T03:00:00.000Z',
      source: 'draft',
      subject: 'draft-1',
      correlationId: 'corr-1',
      causationId: 'cause-1',
    });
  });

  it('starts a new correlation when no work context exists', () => {
    const event = createEventFactory('draft', clock).create(
      'pcn.draft.v1.DraftCreated',
      'd',
      consultationOpened('d').data,
    );
    expect(event.correlationId).toMatch(/^[0-9a-f-]{36}$/);
    expect(event.causationId).toBeNull();
  });

  it('refuses data that does not match the schema, naming the field', () => {
    const factory = createEventFactory('draft', clock);
    const data = { ...consultationOpened('d').data, title: { en: 'English only' } };
    expect(() => factory.create('pcn.draft.v1.DraftCreated', 'd', data)).toThrow(
      /title: must include vi/,
    );
  });

  it('refuses an event larger than the bus accepts', () => {
    const factory = createEventFactory('draft', clock);
    const data = { ...consultationOpened('d').data, title: { vi: 'x'.repeat(MAX_EVENT_BYTES) } };
    expect(() => factory.create('pcn.draft.v1.DraftCreated', 'd', data)).toThrow(InvalidEventError);
  });
});

describe('decoding events from the wire', () => {
  const good = consultationOpened('draft-1');

  it('round-trips a valid event', () => {
    expect(decodeEvent(Buffer.from(JSON.stringify(good)))).toEqual(good);
  });

  it.each([
    ['not JSON', '{"id":', /payload is not JSON/],
    ['a JSON array', '[]', /invalid envelope/],
    ['null', 'null', /invalid envelope/],
    [
      'an unknown type',
      JSON.stringify({ ...good, type: 'pcn.draft.v1.Exploded' }),
      /not in the event catalogue/,
    ],
    ['a v4 id', JSON.stringify({ ...good, id: '9b2c1c9e-3f0a-4c1e-8d4f-2b1a0c9d8e7f' }), /UUIDv7/],
    ['a bad time', JSON.stringify({ ...good, time: 'yesterday' }), /time/],
    [
      'data missing a field',
      JSON.stringify({ ...good, data: { draftId: 'x' } }),
      /invalid pcn\.draft\.v1\.ConsultationOpened/,
    ],
    [
      'a hostile language tag',
      JSON.stringify({ ...good, data: { ...good.data, languages: ['vi; DROP TABLE'] } }),
      /languages/,
    ],
  ])('rejects %s', (_name, raw, message) => {
    expect(() => decodeEvent(Buffer.from(raw))).toThrow(message);
  });

  it('keeps the validated data only', () => {
    const withExtra = { ...good, data: { ...good.data, injected: '<script>' } };
    expect(validateEvent(withExtra).data).not.toHaveProperty('injected');
  });
});

describe('bus names', () => {
  it('isolates a prefixed network and maps subjects back to types', () => {
    const names = new BusNames('t1');
    expect(names.stream('draft')).toBe('t1_DRAFT');
    expect(names.subjectFor('pcn.draft.v1.DraftCreated')).toBe('t1.pcn.draft.v1.DraftCreated');
    expect(names.typeOfSubject('t1.pcn.draft.v1.DraftCreated')).toBe('pcn.draft.v1.DraftCreated');
    expect(new BusNames().streamSubjects('feedback')).toBe('pcn.feedback.v1.>');
    expect(() => new BusNames('bad.prefix')).toThrow(/prefix/);
  });
});
