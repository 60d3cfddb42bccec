import { createEventFactory } from '@pcn/events';
import { openStore, type Store } from '@pcn/storage';
import { tempDir, type TempDir } from '@pcn/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DraftRecord, FanoutRecord } from '../app/notification.ports.js';
import { backfillDraftCopies, putDraftCopy } from './draft-copy.handler.js';
import {
  draftsCollection,
  fanoutsCollection,
  notificationCollections,
} from './notification.collections.js';

let dir: TempDir;
let store: Store;
let at = Date.parse('2026-03-01T00:00:00Z');
const events = createEventFactory('draft', { now: () => new Date((at += 1000)) });

function opened(draftId: string, title: Record<string, string>) {
  return events.create('pcn.draft.v1.ConsultationOpened', draftId, {
    draftId,
    code: `LC-${draftId}`,
    documentType: 'provincial_decision',
    agencyId: 'org-1',
    title: { vi: `Dự thảo ${draftId}`, ...title },
    languages: ['vi'],
    targetUnitIds: ['lc'],
    ethnicGroups: [],
    audienceGroups: [],
    policyAreas: [],
    publicDisclosure: true,
    version: 1,
    opensAt: '2026-03-01T00:00:00Z',
    closesAt: '2026-04-01T00:00:00Z',
  });
}

beforeEach(async () => {
  dir = await tempDir();
  store = await openStore({ kind: 'sqlite', path: dir.file('notification.db') });
  await store.migrate(notificationCollections);
});

afterEach(async () => {
  await store.close();
  await dir[Symbol.asyncDispose]();
});

const copy = (id: string) => store.collection<DraftRecord>(draftsCollection).get(id);

describe('the copy of drafts', () => {
  it('keeps the newest event about a draft, whatever order they come in', async () => {
    const older = opened('d-1', { hmn: 'Qub' });
    const newer = opened('d-1', { hmn: 'Tshiab' });
    await store.transaction((tx) => putDraftCopy(tx, newer));
    await store.transaction((tx) => putDraftCopy(tx, older));
    expect(await copy('d-1')).toMatchObject({ code: 'LC-d-1', title: { hmn: 'Tshiab' } });
  });

  it('fills an empty copy from the events already fanned out, once', async () => {
    const fanout = (event: ReturnType<typeof opened>): FanoutRecord => ({
      id: event.id,
      event,
      audience: { draftId: null, targetUnitIds: [], policyAreas: [], publicDisclosure: true },
      ancestors: [],
      status: 'done',
      pass: 0,
      after: null,
      counts: { subscribers: 0, deliveries: 0, digest: 0 },
      createdAt: event.time,
      completedAt: event.time,
    });
    await store
      .collection<FanoutRecord>(fanoutsCollection)
      .insertMany([fanout(opened('d-2', {})), fanout(opened('d-3', { hmn: 'Peb' }))]);
    expect(await backfillDraftCopies(store)).toBe(2);
    expect(await copy('d-3')).toMatchObject({ code: 'LC-d-3', title: { hmn: 'Peb' } });
    expect(await copy('d-2')).toMatchObject({ code: 'LC-d-2' });
    expect(await backfillDraftCopies(store)).toBe(0);
  });
});
