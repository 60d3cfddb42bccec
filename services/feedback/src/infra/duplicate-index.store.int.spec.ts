import { openStore, type Store, type Transaction } from '@pcn/storage';
import { tempDir, type TempDir } from '@pcn/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAssignGroups } from '../app/duplicates/assign-groups.usecase.js';
import { pairwiseQuality, plantedConsultation } from '../app/duplicates/campaign.fixtures.js';
import { DEFAULT_DUPLICATE_RULES, fingerprint } from '../app/duplicates/duplicate-rules.js';
import type { UngroupedComments } from '../app/duplicates/duplicate.ports.js';
import { planGroups } from '../app/duplicates/group-decision.js';
import { MemoryIndex } from '../app/duplicates/memory-index.fixtures.js';
import { FixtureComments, fixtureCommentsCollection } from './duplicate-comments.fixtures.js';
import {
  duplicateBandsCollection,
  duplicateCollections,
  duplicateExactKeysCollection,
  duplicateExemplarsCollection,
} from './duplicate-index.collections.js';
import { StoreDuplicateIndex } from './duplicate-index.store.js';

const rules = DEFAULT_DUPLICATE_RULES;
let dir: TempDir;
let store: Store;
let comments: FixtureComments;

beforeEach(async () => {
  dir = await tempDir();
  store = await openStore({ kind: 'sqlite', path: dir.file('feedback.db') });
  await store.migrate([...duplicateCollections, fixtureCommentsCollection]);
  comments = new FixtureComments(store);
});

afterEach(async () => {
  await store.close();
  await dir[Symbol.asyncDispose]();
});

function assigner(source: UngroupedComments = comments, index = new StoreDuplicateIndex()) {
  return createAssignGroups({
    comments: source,
    index,
    transaction: (work) => store.transaction(work),
    rules,
  });
}

async function groupAll(assign: ReturnType<typeof assigner>, limit = 250): Promise<number> {
  let total = 0;
  for (;;) {
    const { grouped } = await assign(limit);
    if (grouped === 0) return total;
    total += grouped;
  }
}

async function indexCounts(): Promise<number[]> {
  return Promise.all(
    [duplicateExactKeysCollection, duplicateExemplarsCollection, duplicateBandsCollection].map(
      (spec) => store.collection(spec).count(),
    ),
  );
}

/** The same comments grouped in memory, in one pass: what the store path must reproduce. */
function reference(planted: readonly { id: string; text: string }[], draftId: string) {
  const index = new MemoryIndex();
  const plan = planGroups(
    planted.map((c) => ({ id: c.id, draftId, fingerprint: fingerprint(c.text, rules) })),
    index,
    rules,
  );
  return new Map(plan.assignments.map((a) => [a.id, a.group]));
}

describe('grouping through the SQLite store', () => {
  const planted = plantedConsultation(2000, { seed: 42 });
  const draftId = 'draft-1';

  it('groups 2,000 planted comments as the in-memory rules do, at the planted truth', async () => {
    await comments.add(planted.map((c) => ({ id: c.id, draftId, text: c.text })));
    expect(await groupAll(assigner())).toBe(2000);

    const groups = await comments.groups();
    expect([...groups.values()].every((g) => g !== null)).toBe(true);
    // Batches of 250 through the store decide exactly what one pass in memory decides.
    expect(groups).toEqual(reference(planted, draftId));
    const quality = pairwiseQuality(planted, (id) => groups.get(id)?.id ?? id);
    expect(quality.precision).toBeGreaterThanOrEqual(0.98);
    expect(quality.recall).toBeGreaterThanOrEqual(0.95);
    // A group's representative founded it, and is in it.
    for (const g of groups.values()) expect(groups.get(g!.representativeId)?.id).toBe(g!.id);
  });

  it('re-running changes nothing: the same groups, no new index entries', async () => {
    await comments.add(planted.map((c) => ({ id: c.id, draftId, text: c.text })));
    await groupAll(assigner());
    const first = await comments.groups();
    const counts = await indexCounts();

    // As if the comments' groups had been lost, or a second worker read the same batches.
    await comments.ungroupAll();
    const assign = assigner(comments, new StoreDuplicateIndex());
    const outcomes = [await assign(1000), await assign(1000), await assign(1000)];
    expect(outcomes).toEqual([
      { grouped: 1000, exact: 1000, near: 0, founded: 0 },
      { grouped: 1000, exact: 1000, near: 0, founded: 0 },
      { grouped: 0, exact: 0, near: 0, founded: 0 },
    ]);
    expect(await comments.groups()).toEqual(first);
    expect(await indexCounts()).toEqual(counts);
  });

  it('a batch that fails half-way leaves nothing written, and is grouped whole next time', async () => {
    await comments.add(planted.map((c) => ({ id: c.id, draftId, text: c.text })));
    await groupAll(assigner(), 500);
    const before = await indexCounts();
    const more = plantedConsultation(600, { seed: 43 }).map((c) => ({
      id: `m${c.id}`,
      draftId,
      text: c.text,
    }));
    await comments.add(more);

    // The crash comes after the index entries and half of the comments' groups are written.
    const crashing: UngroupedComments = {
      next: (limit) => comments.next(limit),
      async setGroups(tx: Transaction, groups) {
        await comments.setGroups(tx, groups.slice(0, groups.length / 2));
        throw new Error('killed');
      },
    };
    await expect(assigner(crashing)(600)).rejects.toThrow('killed');
    expect(await indexCounts()).toEqual(before);
    const afterCrash = await comments.groups();
    expect(more.every((c) => afterCrash.get(c.id) === null)).toBe(true);

    await groupAll(assigner());
    const groups = await comments.groups();
    expect(groups).toEqual(reference([...planted, ...more], draftId));
  });

  it('keeps drafts apart, and groups hostile texts without failing', async () => {
    const hostile = [
      'hoà bình',
      'HÒA BÌNH!!!',
      'hoa binh',
      '👍',
      '👎',
      '   ',
      '\u0301\u0301 ̣',
      'Kuv pom zoo nrog txoj cai no, tab sis yuav tsum muaj kev pab rau cov neeg pluag.',
      'ฉันเห็นด้วย',
      'ꪀꪱꪫ ꪶꪙꪙ',
      'a'.repeat(10_000),
      'đ'.repeat(5000) + ' ' + '🇻🇳'.repeat(1000),
    ];
    await comments.add(hostile.map((text, i) => ({ id: `h${i}`, draftId, text })));
    await comments.add([{ id: 'other', draftId: 'draft-2', text: 'Hòa bình' }]);
    await groupAll(assigner());
    const groups = await comments.groups();
    expect(groups.get('h1')?.id).toBe(groups.get('h0')?.id);
    expect(groups.get('h2')?.id).toBe(groups.get('h0')?.id);
    expect(groups.get('h3')?.id).not.toBe(groups.get('h4')?.id);
    expect(groups.get('other')?.id).not.toBe(groups.get('h0')?.id);
    expect([...groups.values()].every((g) => g !== null)).toBe(true);
  });
});
