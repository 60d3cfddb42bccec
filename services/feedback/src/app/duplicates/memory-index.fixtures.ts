import type { Exemplar, GroupingPlan, GroupRef, IndexView } from './group-decision.js';

/** The duplicate index in memory: grouping without a store, for quality tests and the bench. */
export class MemoryIndex implements IndexView {
  readonly #exact = new Map<string, GroupRef>();
  readonly #bands = new Map<string, Exemplar[]>();
  exemplarCount = 0;

  exact(draftId: string, exactKey: string): GroupRef | null {
    return this.#exact.get(`${draftId}\u0000${exactKey}`) ?? null;
  }

  exemplars(draftId: string, bandKey: string): readonly Exemplar[] {
    return this.#bands.get(`${draftId}\u0000${bandKey}`) ?? [];
  }

  apply(plan: GroupingPlan): void {
    for (const e of plan.exactEntries) this.#exact.set(`${e.draftId}\u0000${e.exactKey}`, e.group);
    for (const e of plan.exemplarEntries) {
      this.exemplarCount++;
      for (const band of e.bandKeys) {
        const key = `${e.draftId}\u0000${band}`;
        const list = this.#bands.get(key);
        if (list) list.push(e.exemplar);
        else this.#bands.set(key, [e.exemplar]);
      }
    }
  }
}
