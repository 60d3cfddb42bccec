import { describe, expect, it } from 'vitest';
import {
  CAMPAIGN_TEMPLATES,
  MESSY_COPIES,
  pairwiseQuality,
  plantedConsultation,
} from './campaign.fixtures.js';
import { DEFAULT_DUPLICATE_RULES, fingerprint, type DuplicateRules } from './duplicate-rules.js';
import { planGroups } from './group-decision.js';
import { MemoryIndex } from './memory-index.fixtures.js';

function group(comments: readonly { id: string; text: string }[], rules: DuplicateRules) {
  const index = new MemoryIndex();
  const groupOf = new Map<string, string>();
  for (let i = 0; i < comments.length; i += 500) {
    const batch = comments
      .slice(i, i + 500)
      .map((c) => ({ id: c.id, draftId: 'd', fingerprint: fingerprint(c.text, rules) }));
    const plan = planGroups(batch, index, rules);
    index.apply(plan);
    for (const a of plan.assignments) groupOf.set(a.id, a.group.id);
  }
  return (id: string) => groupOf.get(id) ?? id;
}

/**
 * Precision and recall are pairwise over the planted truth: every pair of comments counts once;
 * a pair is "together" in the truth when both are copies of one template, and in the grouping
 * when both got one group. Organic comments are each their own truth.
 */
describe('near-duplicate quality on planted campaigns', () => {
  it.each([1, 2])(
    'groups 5,000 messy copies and organic comments (seed %i)',
    (seed) => {
      const planted = plantedConsultation(5000, { seed });
      const q = pairwiseQuality(planted, group(planted, DEFAULT_DUPLICATE_RULES));
      console.info(
        `duplicates quality seed ${seed}: precision ${q.precision.toFixed(4)}, recall ${q.recall.toFixed(4)}`,
      );
      expect(q.precision).toBeGreaterThanOrEqual(0.98);
      expect(q.recall).toBeGreaterThanOrEqual(0.95);
      // A quality test, not a timed one: 5,000 fingerprints take seconds on a busy 2-core machine.
    },
    30_000,
  );

  it("leaves people's own comments out of the campaigns", () => {
    // Pairwise precision barely notices a few organic comments inside a campaign of thousands:
    // counted per comment here. A group holding template copies is a campaign's.
    const planted = plantedConsultation(5000, { seed: 1 });
    const groupOf = group(planted, DEFAULT_DUPLICATE_RULES);
    const campaignGroups = new Set(
      planted.filter((c) => c.truth.startsWith('t')).map((c) => groupOf(c.id)),
    );
    const organic = planted.filter((c) => !c.truth.startsWith('t'));
    const quoting = organic.filter((c) =>
      CAMPAIGN_TEMPLATES.some((t) => t.split(/(?<=\.)\s+/u).some((line) => c.text.includes(line))),
    );
    const inCampaigns = organic.filter((c) => campaignGroups.has(groupOf(c.id)));
    expect(quoting.length).toBeGreaterThan(10);
    expect(inCampaigns.length).toBeLessThanOrEqual(organic.length * 0.005);
  });

  it('needs near-duplicate search: exact keys alone miss most copies', () => {
    const planted = plantedConsultation(2000, { seed: 3 });
    const exactOnly = { ...DEFAULT_DUPLICATE_RULES, threshold: 1.01 };
    expect(pairwiseQuality(planted, group(planted, exactOnly)).recall).toBeLessThan(0.2);
  });

  it('recall falls when copies are messier than the defaults were chosen for', () => {
    // Not a goal: shows the measure can fail, and where the defaults stop.
    const planted = plantedConsultation(2000, {
      seed: 4,
      edits: { ...MESSY_COPIES, maxWordEdits: 40, dropSentence: 0.9 },
    });
    const q = pairwiseQuality(planted, group(planted, DEFAULT_DUPLICATE_RULES));
    expect(q.recall).toBeLessThan(0.95);
  });
});
