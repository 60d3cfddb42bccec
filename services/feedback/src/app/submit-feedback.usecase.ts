import type { EventEnvelope } from '@pcn/events';
import {
  AlreadyExistsError,
  groupCommit,
  InvalidArgumentError,
  isDomainError,
  type CallerIdentity,
  type CapWindow,
  type MemberOutcome,
} from '@pcn/platform';
import type { FeedbackDeps } from './feedback-deps.js';
import type { FeedbackInput } from './feedback-input.js';
import { decideIntake, intakeKey, keyReuse } from './feedback-intake.js';
import type { DraftInfo, FeedbackRecord } from './feedback.model.js';
import type { FeedbackUnitOfWork } from './feedback.ports.js';
import { intakeCapKeys, takeIntakeCaps } from './intake-caps.js';
import { draftByCode, draftCodeKey, resolveArticle } from './resolve-citations.js';

/** Most comments one transaction takes in (about 10 ms of work on SQLite). */
const MAX_GROUP = 64;

export interface SubmitResult {
  record: FeedbackRecord;
  /** The idempotency key had been seen: the earlier comment, nothing written. */
  alreadyKnown: boolean;
}

/**
 * Takes in one comment: the same scoped idempotency key gives the same comment back; a new one is
 * stored with its `FeedbackReceived` in the outbox, in one transaction, so the event goes out
 * exactly once with the comment. Comments submitted at the same time share a transaction (group
 * commit); each still gets its own answer, and a refused one leaves the others' commit alone.
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

  /** One comment on its way in: what was read and decided before it joined a commit. */
  interface Pending {
    caller: CallerIdentity | undefined;
    input: FeedbackInput;
    key: string | null;
    unitPaths: ReadonlyMap<string, readonly string[]>;
  }

  type Decided =
    | { known: SubmitResult }
    | { known?: never; record: FeedbackRecord; event: EventEnvelope; windows: CapWindow[] };

  /**
   * Reads and decides one comment inside the transaction. Throws a domain error (refused) before
   * anything of it is written, so a refusal never touches the rest of its group.
   */
  async function decide(
    uow: FeedbackUnitOfWork,
    { caller, input, key, unitPaths }: Pending,
    drafts: Map<string, DraftInfo | null>,
  ): Promise<Decided> {
    if (key) {
      const existing = (await uow.findByIdempotencyKeys([key])).get(key);
      if (existing) {
        const reused = keyReuse(existing, input);
        if (reused) throw new InvalidArgumentError([reused]);
        return { known: { record: existing, alreadyKnown: true } };
      }
    }
    let draft = drafts.get(input.draftId);
    if (draft === undefined) {
      draft = await uow.getDraft(input.draftId);
      drafts.set(input.draftId, draft);
    }
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
    const windows =
      caps.length > 0
        ? takeIntakeCaps(caps, await uow.getCapWindows(caps.map((c) => c.id)), now)
        : [];
    const event = events.create('pcn.feedback.v1.FeedbackReceived', record.draftId, received);
    return { record, event, windows };
  }

  async function write(uow: FeedbackUnitOfWork, decided: Decided): Promise<SubmitResult> {
    if (decided.known) return decided.known;
    if (decided.windows.length > 0) await uow.putCapWindows(decided.windows);
    await uow.insertFeedback([decided.record]);
    await uow.enqueueEvents([decided.event]);
    return { record: decided.record, alreadyKnown: false };
  }

  /** One comment in a transaction of its own. */
  function attempt(pending: Pending): Promise<SubmitResult> {
    return repo.transaction(async (uow) => write(uow, await decide(uow, pending, new Map())));
  }

  /** Once more when a concurrent submission with the same key won, or a receipt code clashed. */
  async function alone(pending: Pending): Promise<SubmitResult> {
    try {
      return await attempt(pending);
    } catch (err) {
      if (!(err instanceof AlreadyExistsError)) throw err;
      return attempt(pending);
    }
  }

  // Comments that arrive while one commits go in together in the next transaction; each part
  // runs in its own caller's context, so its event carries its own correlation id and trace.
  const submitGrouped = groupCommit<Pending, SubmitResult>({
    maxGroup: MAX_GROUP,
    alone,
    commit: (members) =>
      repo.transaction(async (uow) => {
        const drafts = new Map<string, DraftInfo | null>();
        const outcomes: MemberOutcome<SubmitResult>[] = [];
        for (const member of members) {
          let decided: Decided;
          try {
            decided = await member.inContext(() => decide(uow, member.input, drafts));
          } catch (error) {
            // A refusal is this comment's answer; anything else (the store) fails the group.
            if (!isDomainError(error)) throw error;
            outcomes.push({ ok: false, error });
            continue;
          }
          outcomes.push({ ok: true, value: await member.inContext(() => write(uow, decided)) });
        }
        return outcomes;
      }),
  });

  return async function submitFeedback(
    caller: CallerIdentity | undefined,
    raw: FeedbackInput,
  ): Promise<SubmitResult> {
    const input = await resolved(raw);
    const pending: Pending = {
      caller,
      input,
      key: intakeKey(caller, input),
      unitPaths: await repo.unitPaths(input.unitId ? [input.unitId] : []),
    };
    try {
      return await submitGrouped(pending);
    } catch (err) {
      // A concurrent submission with the same key won (or, rarely, a receipt code clashed):
      // once more finds the winner, or draws another code.
      if (!(err instanceof AlreadyExistsError)) throw err;
      return attempt(pending);
    }
  };
}
