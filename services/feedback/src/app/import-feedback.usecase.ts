import {
  AlreadyExistsError,
  assertSignedIn,
  FailedPreconditionError,
  hasRole,
  InvalidArgumentError,
  NotFoundError,
  PermissionDeniedError,
  type CallerIdentity,
  type FieldViolation,
} from '@pcn/platform';
import { canReadDraft } from './feedback-access.js';
import type { FeedbackDeps } from './feedback-deps.js';
import { MAX_IMPORT_ITEMS, type FeedbackInput } from './feedback-input.js';
import { decideIntake, intakeKey, keyReuse, type IntakeDecision } from './feedback-intake.js';
import { RECORDED_CHANNELS, type Channel } from './feedback.model.js';
import { draftByCode, draftCodeKey, resolveArticle } from './resolve-citations.js';

export interface ImportInput {
  draftId: string;
  /** The draft's code as a paper form cites it, when `draftId` is empty. */
  draftCode?: string;
  items: readonly FeedbackInput[];
  dryRun: boolean;
}

export type ImportItemResult =
  | { index: number; outcome: 'accepted'; feedbackId: string | null; receiptCode: string | null }
  | { index: number; outcome: 'already_known'; feedbackId: string; receiptCode: string }
  | { index: number; outcome: 'rejected'; violations: FieldViolation[]; reason: string | null };

export interface ImportResult {
  results: ImportItemResult[];
  accepted: number;
  alreadyKnown: number;
  rejected: number;
  dryRun: boolean;
}

/** Channels an import carries: comments gathered by hand, or on a web form an officer keys in. */
const IMPORT_CHANNELS: readonly Channel[] = [...RECORDED_CHANNELS, 'web'];

function assertMayImport(caller: CallerIdentity | undefined): CallerIdentity {
  const signedIn = assertSignedIn(caller);
  if (
    signedIn.kind === 'user' &&
    (['network_admin', 'agency_editor', 'unit_officer'] as const).some((r) => hasRole(signedIn, r))
  )
    return signedIn;
  throw new PermissionDeniedError(
    'Only unit officers, agency editors and network admins import comments',
    'ROLE_NOT_ALLOWED',
  );
}

/**
 * Imports up to 1,000 comments of one draft (paper forms, village sessions). Each item gets its
 * own outcome: accepted (a new id), already known (same key, the earlier id) or rejected with its
 * field paths (`items[3].text`). The accepted items commit together with their outbox rows, so a
 * batch is never half-written; a dry run decides everything and writes nothing. A caller outside
 * its scope for any item (a unit officer and another unit's people) is refused as a whole.
 */
export function createImportFeedback(deps: FeedbackDeps) {
  const { repo, events, clock } = deps;

  async function attempt(caller: CallerIdentity, input: ImportInput): Promise<ImportResult> {
    const unitPaths = await repo.unitPaths(
      input.items
        .map((i) => i.unitId)
        .filter((u): u is string => typeof u === 'string' && u !== ''),
    );
    const keys = input.items.map((item) => intakeKey(caller, { ...item, draftId: input.draftId }));
    return repo.transaction(async (uow) => {
      const draft = await uow.getDraft(input.draftId);
      if (!draft || !canReadDraft(caller, draft)) throw new NotFoundError('draft', input.draftId);
      const known = await uow.findByIdempotencyKeys(keys.filter((k): k is string => k !== null));
      const now = clock.now();
      const results: ImportItemResult[] = [];
      const accepted: IntakeDecision[] = [];
      /** Keys met earlier in this batch, with the outcome they got. */
      const seen = new Map<string, ImportItemResult>();
      input.items.forEach((item, index) => {
        const prefix = `items[${index}]`;
        const key = keys[index] ?? null;
        const stored = key ? known.get(key) : undefined;
        const reused = stored
          ? keyReuse(stored, { ...item, draftId: input.draftId }, `${prefix}.idempotencyKey`)
          : null;
        if (reused) {
          results.push({ index, outcome: 'rejected', violations: [reused], reason: null });
          return;
        }
        if (stored) {
          results.push({
            index,
            outcome: 'already_known',
            feedbackId: stored.id,
            receiptCode: stored.receiptCode,
          });
          return;
        }
        const earlier = key ? seen.get(key) : undefined;
        if (earlier) {
          results.push(
            earlier.outcome === 'rejected'
              ? { ...earlier, index }
              : {
                  index,
                  outcome: 'already_known',
                  feedbackId: earlier.feedbackId ?? '',
                  receiptCode: earlier.receiptCode ?? '',
                },
          );
          return;
        }
        let result: ImportItemResult;
        const violations: FieldViolation[] = [];
        const cited = resolveArticle(item, draft, prefix);
        if (cited.violation) violations.push(cited.violation);
        if (item.draftId && item.draftId !== input.draftId)
          violations.push({
            field: `${prefix}.draftId`,
            description: 'must be the import\u2019s draft',
          });
        if (!IMPORT_CHANNELS.includes(item.channel as Channel))
          violations.push({
            field: `${prefix}.channel`,
            description: `an import carries ${IMPORT_CHANNELS.join(', ')} comments`,
          });
        if (!item.submitter?.onBehalfConsent)
          violations.push({
            field: `${prefix}.submitter.onBehalfConsent`,
            description: 'is required: imported comments are recorded on behalf of people',
          });
        try {
          if (violations.length > 0) throw new InvalidArgumentError(violations);
          const decision = decideIntake(
            { ...cited.input, draftId: input.draftId },
            {
              caller,
              draft,
              unitPaths,
              now,
              graceMs: deps.graceMs,
              newId: deps.newId,
              newReceiptCode: deps.newReceiptCode,
            },
            prefix,
          );
          accepted.push(decision);
          result = {
            index,
            outcome: 'accepted',
            feedbackId: input.dryRun ? null : decision.record.id,
            receiptCode: input.dryRun ? null : decision.record.receiptCode,
          };
        } catch (err) {
          if (err instanceof InvalidArgumentError)
            result = {
              index,
              outcome: 'rejected',
              violations: violations.length > 0 ? violations : [...err.violations],
              reason: null,
            };
          else if (err instanceof FailedPreconditionError)
            result = {
              index,
              outcome: 'rejected',
              violations: [{ field: prefix, description: err.message }],
              reason: err.reason,
            };
          // Role and scope are the caller's, not the item's: the whole call is refused.
          else throw err;
        }
        results.push(result);
        if (key) seen.set(key, result);
      });
      if (!input.dryRun && accepted.length > 0) {
        await uow.insertFeedback(accepted.map((d) => d.record));
        await uow.enqueueEvents(
          accepted.map((d) =>
            events.create('pcn.feedback.v1.FeedbackReceived', d.record.draftId, d.received),
          ),
        );
      }
      const count = (outcome: ImportItemResult['outcome']) =>
        results.filter((r) => r.outcome === outcome).length;
      return {
        results,
        accepted: count('accepted'),
        alreadyKnown: count('already_known'),
        rejected: count('rejected'),
        dryRun: input.dryRun,
      };
    });
  }

  return async function importFeedback(
    caller: CallerIdentity | undefined,
    raw: ImportInput,
  ): Promise<ImportResult> {
    const signedIn = assertMayImport(caller);
    const input =
      !raw.draftId && raw.draftCode
        ? {
            ...raw,
            draftId: draftByCode(
              await repo.findDraftByCode(draftCodeKey(raw.draftCode)),
              raw.draftCode,
              'draftCode',
            ).id,
          }
        : raw;
    if (input.items.length > MAX_IMPORT_ITEMS)
      throw new InvalidArgumentError([
        {
          field: 'items',
          description: `at most ${MAX_IMPORT_ITEMS} per call (got ${input.items.length}); split the import`,
        },
      ]);
    if (input.items.length === 0)
      throw new InvalidArgumentError([{ field: 'items', description: 'must hold at least one' }]);
    try {
      return await attempt(signedIn, input);
    } catch (err) {
      // A concurrent import of the same keys won: once more reports them as already known.
      if (!(err instanceof AlreadyExistsError)) throw err;
      return attempt(signedIn, input);
    }
  };
}
