import type { EventFactory } from '@pcn/events';
import type { Clock } from '@pcn/platform';
import type { DraftRepository } from './draft.ports.js';
import type { DraftRules } from './draft-rules.js';

/** What the draft use cases are built from; each takes only the part it uses. */
export interface DraftDeps {
  repo: DraftRepository;
  events: EventFactory;
  rules: DraftRules;
  clock: Clock;
  newId: () => string;
  /** Word-diff table cells one diff may fill (see `DiffBudget`); default 2,000,000. */
  diffCellBudget?: number;
}

/** Most items one page of a list holds. */
export const MAX_PAGE = 100;
