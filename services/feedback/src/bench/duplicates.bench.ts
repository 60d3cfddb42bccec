// Duplicates benchmark (a script, not a test): `node .bench/bench/duplicates.bench.js [count] [batch]`.
// In one run, on one planted consultation (default 100,000 comments, 94% near copies of seven
// campaign templates with random edits and stripped diacritics, the rest organic comments):
//   1. pure grouping in memory (folding, MinHash, LSH, the decision): comments per second;
//   2. the same through the storage contract on a real SQLite file, in batches of `batch` comments,
//      one transaction each (index lookups and writes, the comments' groups): comments per second;
//   3. precision and recall of both against the planted truth (pairwise), and whether they agree.
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { openStore } from '@pcn/storage';
import { tempDir } from '@pcn/testing';
import { createAssignGroups } from '../app/duplicates/assign-groups.usecase.js';
import { pairwiseQuality, plantedConsultation } from '../app/duplicates/campaign.fixtures.js';
import {
  DEFAULT_DUPLICATE_RULES,
  fingerprint,
  isCampaign,
} from '../app/duplicates/duplicate-rules.js';
import { planGroups } from '../app/duplicates/group-decision.js';
import { MemoryIndex } from '../app/duplicates/memory-index.fixtures.js';
import {
  FixtureComments,
  fixtureCommentsCollection,
} from '../infra/duplicate-comments.fixtures.js';
import { duplicateCollections } from '../infra/duplicate-index.collections.js';
import { StoreDuplicateIndex } from '../infra/duplicate-index.store.js';

const COUNT = Number(process.argv[2] ?? 100_000);
const BATCH = Number(process.argv[3] ?? 1000);
const rules = DEFAULT_DUPLICATE_RULES;
const DRAFT = 'draft-bench';

function describeGroups(groupOf: (id: string) => string, ids: readonly string[]) {
  const sizes = new Map<string, number>();
  for (const id of ids) sizes.set(groupOf(id), (sizes.get(groupOf(id)) ?? 0) + 1);
  const campaigns = [...sizes.values()].filter((n) => isCampaign(n, rules)).length;
  return { groups: sizes.size, campaigns };
}

/** CPU seconds (user and system) of this process since `start`. */
function cpuSeconds(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1e6;
}

async function main(): Promise<void> {
  const planted = plantedConsultation(COUNT, { seed: 2026 });
  const ids = planted.map((c) => c.id);
  console.log(
    `duplicates bench: ${COUNT} comments, ${planted.filter((c) => c.truth.startsWith('t')).length} campaign copies of 7 templates, batches of ${BATCH}`,
  );

  // 1. In memory.
  const memory = new MemoryIndex();
  const inMemory = new Map<string, string>();
  let cpu0 = process.cpuUsage();
  let t0 = performance.now();
  for (let i = 0; i < planted.length; i += BATCH) {
    const batch = planted
      .slice(i, i + BATCH)
      .map((c) => ({ id: c.id, draftId: DRAFT, fingerprint: fingerprint(c.text, rules) }));
    const plan = planGroups(batch, memory, rules);
    memory.apply(plan);
    for (const a of plan.assignments) inMemory.set(a.id, a.group.id);
  }
  const memorySeconds = (performance.now() - t0) / 1000;
  const memoryCpu = cpuSeconds(cpu0);
  const memoryQuality = pairwiseQuality(planted, (id) => inMemory.get(id) ?? id);

  // 2. Through the store.
  await using dir = await tempDir('pcn-bench-duplicates-');
  const store = await openStore({ kind: 'sqlite', path: dir.file('feedback.db') });
  try {
    await store.migrate([...duplicateCollections, fixtureCommentsCollection]);
    const comments = new FixtureComments(store);
    await comments.add(planted.map((c) => ({ id: c.id, draftId: DRAFT, text: c.text })));
    const assign = createAssignGroups({
      comments,
      index: new StoreDuplicateIndex(),
      transaction: (work) => store.transaction(work),
      rules,
    });
    cpu0 = process.cpuUsage();
    t0 = performance.now();
    let grouped = 0;
    for (;;) {
      const outcome = await assign(BATCH);
      if (outcome.grouped === 0) break;
      grouped += outcome.grouped;
    }
    const storeSeconds = (performance.now() - t0) / 1000;
    const storeCpu = cpuSeconds(cpu0);
    const stored = await comments.groups();
    const storeQuality = pairwiseQuality(planted, (id) => stored.get(id)?.id ?? id);
    const agree = planted.every((c) => stored.get(c.id)?.id === inMemory.get(c.id));

    const row = (
      label: string,
      seconds: number,
      cpu: number,
      q: typeof memoryQuality,
      groupOf: (id: string) => string,
    ) => {
      const { groups, campaigns } = describeGroups(groupOf, ids);
      console.log(
        `${label.padEnd(22)} ${(COUNT / seconds).toFixed(0).padStart(7)} comments/s (${(COUNT / cpu).toFixed(0)} per CPU second)  ${seconds.toFixed(1).padStart(6)} s  precision ${q.precision.toFixed(4)}  recall ${q.recall.toFixed(4)}  groups ${groups}  campaigns (>= ${rules.campaignMinSize}) ${campaigns}`,
      );
    };
    row(
      'in memory (pure)',
      memorySeconds,
      memoryCpu,
      memoryQuality,
      (id) => inMemory.get(id) ?? id,
    );
    row(
      'SQLite store adapter',
      storeSeconds,
      storeCpu,
      storeQuality,
      (id) => stored.get(id)?.id ?? id,
    );
    console.log(
      `grouped through the store: ${grouped}; same groups as in memory: ${agree ? 'yes' : 'NO'}`,
    );
    console.log(`exemplars indexed: ${memory.exemplarCount}`);
    // Per comment, what pairwise precision hides: people's own comments inside a campaign's group.
    const campaignGroups = new Set(
      planted.filter((c) => c.truth.startsWith('t')).map((c) => stored.get(c.id)?.id),
    );
    const organic = planted.filter((c) => !c.truth.startsWith('t'));
    const organicInCampaigns = organic.filter((c) => campaignGroups.has(stored.get(c.id)?.id));
    console.log(
      `organic comments in a campaign's group: ${organicInCampaigns.length} of ${organic.length}`,
    );
    // The machine is shared: a load above its core count slows the wall-clock figures above.
    console.log(`load average (1 min) at the end: ${loadavg()[0]?.toFixed(1)}`);
    if (!agree || grouped !== COUNT) process.exitCode = 1;
  } finally {
    await store.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
