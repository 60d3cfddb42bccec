import { BusNames, createEventFactory } from '@pcn/events';
import { systemClock, uuidv7, type CallerIdentity } from '@pcn/platform';
import { openSqliteStore, type Store, type Transaction } from '@pcn/storage';
import { tempDir, type TempDir } from '@pcn/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { draft } from './app/draft.fixtures.js';
import { createDraftUseCases, type DraftUseCases } from './app/draft.usecases.js';
import type { Draft } from './app/draft.model.js';
import { draftCollections, draftsCollection } from './infra/draft.collections.js';
import { createDraftRepository } from './infra/draft.repository.js';

// Amending or repealing a draft rests on another one: the caller must be able to read the draft
// that amends it. On MongoDB (snapshot isolation) a transaction that makes that draft unreadable
// at the same time could commit beside the amendment (write skew), so both guard one key
// (`Transaction.guard`, see the storage contract). SQLite serialises them anyway: here the guard
// must be harmless, and the keys each write guards are recorded to show that the two meet.

const editor: CallerIdentity = {
  kind: 'user',
  id: 'user-stp',
  roles: ['agency_editor'],
  organizationId: 'org-stp',
};
const otherEditor: CallerIdentity = {
  kind: 'user',
  id: 'user-stc',
  roles: ['agency_editor'],
  organizationId: 'org-stc',
};

let dir: TempDir;
let store: Store;
let drafts: DraftUseCases;
/** The keys guarded by each transaction since the last reset, in order. */
let guarded: string[][] = [];

/** The store, recording every `tx.guard(key)` before passing it on. */
function recordingGuards(inner: Store): Store {
  return new Proxy(inner, {
    get(target, prop) {
      if (prop === 'transaction')
        return <R>(work: (tx: Transaction) => Promise<R>) =>
          target.transaction((tx) => {
            const keys: string[] = [];
            guarded.push(keys);
            return work({
              collection: (spec) => tx.collection(spec),
              enqueue: (m) => tx.enqueue(m),
              markProcessed: (c, e) => tx.markProcessed(c, e),
              guard: async (key) => {
                keys.push(key);
                await tx.guard(key);
              },
            });
          });
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function'
        ? (value as (...a: unknown[]) => unknown).bind(target)
        : value;
    },
  });
}

async function stored(overrides: Partial<Draft>) {
  return store.collection<Draft>(draftsCollection).insert(draft(overrides));
}

beforeAll(async () => {
  dir = await tempDir('pcn-draft-supersede-');
  store = await openSqliteStore({ path: dir.file('draft.db') });
  await store.migrate(draftCollections);
  drafts = createDraftUseCases({
    repo: createDraftRepository(recordingGuards(store), new BusNames('supersede'), () => undefined),
    events: createEventFactory('draft', systemClock),
    clock: systemClock,
    newId: uuidv7,
    rules: { minConsultationMs: { provincial_decision: 1000 }, closingSoonLeadMs: 500 },
  });
});
afterAll(async () => {
  await store.close();
  await dir.remove();
});
beforeEach(() => {
  guarded = [];
});

describe('amend and repeal, against write skew', () => {
  it('guards the amending draft; a write that changes who can read that draft guards the same key', async () => {
    const old = await stored({
      id: 'old-law',
      code: 'QD-OLD',
      agencyId: 'org-stp',
      status: 'promulgated',
    });
    const by = await stored({
      id: 'new-law',
      code: 'QD-NEW',
      agencyId: 'org-stc',
      status: 'revised',
    });
    const amended = await drafts.supersedeDraft(editor, 'amend', {
      id: old.id,
      expectedVersion: old.version,
      byDraftId: by.id,
    });
    expect(amended).toMatchObject({ status: 'amended', amendedByDraftId: 'new-law' });
    expect(guarded).toEqual([['draft:readers:new-law']]);

    guarded = [];
    await drafts.updateDraft(otherEditor, {
      id: by.id,
      expectedVersion: by.version,
      publicDisclosure: false,
    });
    expect(guarded).toEqual([['draft:readers:new-law']]);

    // A write that leaves the readers alone guards nothing (no extra write on MongoDB).
    guarded = [];
    const current = await store.collection<Draft>(draftsCollection).get(by.id);
    await drafts.updateDraft(otherEditor, {
      id: by.id,
      expectedVersion: current?.version ?? 0,
      policyAreas: ['environment'],
    });
    expect(guarded).toEqual([[]]);

    // Now private to its agency: another agency's editor cannot amend with it.
    const older = await stored({
      id: 'older-law',
      code: 'QD-OLDER',
      agencyId: 'org-stp',
      status: 'promulgated',
    });
    await expect(
      drafts.supersedeDraft(editor, 'repeal', {
        id: older.id,
        expectedVersion: older.version,
        byDraftId: by.id,
      }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
