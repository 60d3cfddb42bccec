import type { Exemplar, GroupingPlan, GroupRef, IndexView } from './group-decision.js';

/** The duplicate index in memory: grouping without a store, for quality tests and the bench. */
export class MemoryIndex implements IndexView {
  readonly #drafts = new Map<
    string,
    { exact: Map<string, GroupRef>; bands: Map<string, Exemplar[]> }
  >();
  exemplarCount = 0;

  exact(draftId: string, exactKey: string): GroupRef | null {
    return this.#drafts.get(draftId)?.exact.get(exactKey) ?? null;
  }

  exemplars(draftId: string, bandKey: string): readonly Exemplar[] {
    return this.#drafts.get(draftId)?.bands.get(bandKey) ?? [];
  }

  apply(plan: GroupingPlan): void {
    for (const e of plan.exactEntries) this.#draft(e.draftId).exact.set(e.exactKey, e.group);
    for (const e of plan.exemplarEntries) {
      this.exemplarCount++;
      const bands = this.#draft(e.draftId).bands;
      for (const band of e.bandKeys) {
        const list = bands.get(band);
        if (list) list.push(e.exemplar);
        else bands.set(band, [e.exemplar]);
      }
    }
  }

  #draft(draftId: string) {
    let draft = this.#drafts.get(draftId);
    if (!draft) {
      draft = { exact: new Map(), bands: new Map() };
      this.#drafts.set(draftId, draft);
    }
    return draft;
  }
}
