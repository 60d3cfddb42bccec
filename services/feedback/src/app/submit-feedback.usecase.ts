import { AlreadyExistsError, InvalidArgumentError, type CallerIdentity } from '@pcn/platform';
import type { FeedbackDeps } from './feedback-deps.js';
import type { FeedbackInput } from './feedback-input.js';
import { decideIntake, intakeKey, keyReuse } from './feedback-intake.js';
import type { FeedbackRecord } from './feedback.model.js';
import { intakeCapKeys, takeIntakeCaps } from './intake-caps.js';
import { draftByCode, draftCodeKey, resolveArticle } from './resolve-citations.js';

export interface SubmitResult {
  record: FeedbackRecord;
  /** The idempotency key had been seen: the earlier comment, nothing written. */
  alreadyKnown: boolean;
}

/**
 * Takes in one comment: the same scoped idempotency key gives the same comment back; a new one is
 * stored with its `FeedbackReceived` in the outbox, in one transaction, so the event goes out
 * exactly once with the comment.
 */
export function createSubmitFeedback(deps: FeedbackDeps) {
  const { repo, events, clock } = deps;

  /** A draft cited by code and an article by number, as ids (SMS, Zalo). */
  async function resolved(input: FeedbackInput): Promise<FeedbackInput> {
    let out = input;
    if (!out.draftId && out.draftCode) {
      const draft = draftByCode(
        await repo.findDraftByCode(draftCodeKey(out.draftCode)),
        out.draftCode,
        'draftCode',
      );
      out = { ...out, draftId: draft.id };
    }
    if (!out.articleId && out.articleNumber) {
      const { input: cited, violation } = resolveArticle(out, await repo.getDraft(out.draftId));
      if (violation) throw new InvalidArgumentError([violation]);
      out = cited;
    }
    return out;
  }

  async function attempt(caller: CallerIdentity | undefined, input: FeedbackInput) {
    const key = intakeKey(caller, input);
    const unitPaths = await repo.unitPaths(input.unitId ? [input.unitId] : []);
    return repo.transaction(async (uow): Promise<SubmitResult> => {
      if (key) {
        const existing = (await uow.findByIdempotencyKeys([key])).get(key);
        if (existing) {
          const reused = keyReuse(existing, input);
          if (reused) throw new InvalidArgumentError([reused]);
          return { record: existing, alreadyKnown: true };
        }
      }
      const draft = await uow.getDraft(input.draftId);
      const now = clock.now();
      const { record, received } = decideIntake(input, {
        caller,
        draft,
        unitPaths,
        now,
        graceMs: deps.graceMs,
        newId: deps.newId,
        newReceiptCode: deps.newReceiptCode,
      });
      // Checked with the write, so parallel comments from one contact cannot all pass.
      const caps = intakeCapKeys(
        record,
        input.clientAddress || null,
        deps.intakeCaps,
        deps.capSecret,
      );
      if (caps.length > 0) {
        const windows = takeIntakeCaps(caps, await uow.getCapWindows(caps.map((c) => c.id)), now);
        await uow.putCapWindows(windows);
      }
      await uow.insertFeedback([record]);
      await uow.enqueueEvents([
        events.create('pcn.feedback.v1.FeedbackReceived', record.draftId, received),
      ]);
      return { record, alreadyKnown: false };
    });
  }

  return async function submitFeedback(
    caller: CallerIdentity | undefined,
    raw: FeedbackInput,
  ): Promise<SubmitResult> {
    const input = await resolved(raw);
    try {
      return await attempt(caller, input);
    } catch (err) {
      // A concurrent submission with the same key won (or, rarely, a receipt code clashed):
      // once more finds the winner, or draws another code.
      if (!(err instanceof AlreadyExistsError)) throw err;
      return attempt(caller, input);
    }
  };
}
