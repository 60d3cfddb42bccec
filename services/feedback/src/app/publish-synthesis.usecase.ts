import {
  AlreadyExistsError,
  FailedPreconditionError,
  NotFoundError,
  type CallerIdentity,
} from '@pcn/platform';
import { assertAgencyStaff, canReadDraft } from './feedback-access.js';
import type { FeedbackDeps } from './feedback-deps.js';
import { closesAtOf } from './synthesis-source.js';
import {
  computeSynthesis,
  frozenSynthesis,
  hasWindow,
  type Synthesis,
} from './synthesis-of-draft.js';
import {
  anonymousOpinionGroups,
  storedReport,
  type PublishedSynthesis,
} from './synthesis.model.js';

const alreadyPublished = (draftId: string) =>
  new FailedPreconditionError(
    `The synthesis report of draft ${draftId} is already published; it does not change any more`,
    'SYNTHESIS_ALREADY_PUBLISHED',
  );

/**
 * Publishes a draft's final synthesis report (the drafting agency's editors and network admins,
 * once the consultation has closed): the public view is frozen with its rows and opinion groups,
 * so the published report and its exports never change afterwards, and SynthesisPublished goes
 * out through the outbox in the same transaction (Law on Access to Information, Art. 17).
 */
export function createPublishSynthesis(
  deps: Pick<FeedbackDeps, 'repo' | 'events' | 'clock' | 'newId'>,
) {
  const { repo, events, clock, newId } = deps;

  return async function publishSynthesis(
    caller: CallerIdentity | undefined,
    input: { draftId: string },
  ): Promise<Synthesis> {
    const draft = input.draftId ? await repo.getDraft(input.draftId) : null;
    if (!draft || !canReadDraft(caller, draft)) throw new NotFoundError('draft', input.draftId);
    const staff = assertAgencyStaff(caller, draft.agencyId, 'publish the synthesis report');
    const now = clock.now();
    if (!hasWindow(draft) || now.getTime() < closesAtOf(draft.status, draft.window, draft.closedAt))
      throw new FailedPreconditionError(
        `The consultation on draft ${draft.id} has not closed: the report is published after the close`,
        'CONSULTATION_NOT_CLOSED',
      );
    if (await repo.getSynthesis(draft.id)) throw alreadyPublished(draft.id);

    const synthesis = await computeSynthesis(repo, draft, 'public', now);
    const rows = [...synthesis.rows()];
    const record: PublishedSynthesis = {
      id: draft.id,
      reportId: newId(),
      publishedAt: now.toISOString(),
      publishedBy: staff.id,
      report: storedReport(synthesis.report),
      rows,
      opinionGroups: anonymousOpinionGroups(synthesis.opinionGroups),
    };
    const accepted = rows.reduce(
      (n, r) =>
        r.answer && (r.answer.outcome === 'accepted' || r.answer.outcome === 'partly_accepted')
          ? n + r.comments
          : n,
      0,
    );
    try {
      await repo.transaction(async (uow) => {
        if (await uow.getSynthesis(draft.id)) throw alreadyPublished(draft.id);
        await uow.insertSynthesis(record);
        // The window rule reads the draft record only: late paper forms stop here.
        const current = await uow.getDraft(draft.id);
        if (current) await uow.putDraft({ ...current, synthesisPublishedAt: record.publishedAt });
        await uow.enqueueEvents([
          events.create('pcn.feedback.v1.SynthesisPublished', draft.id, {
            reportId: record.reportId,
            draftId: draft.id,
            feedbackCount: synthesis.report.totals.all.received,
            acceptedCount: accepted,
            publishedAt: record.publishedAt,
            languages: synthesis.languages.length > 0 ? synthesis.languages : ['vi'],
            targetUnitIds: draft.targetUnitIds,
          }),
        ]);
      });
    } catch (err) {
      // Two publishers at once: the store's unique id lets one through.
      if (err instanceof AlreadyExistsError) throw alreadyPublished(draft.id);
      throw err;
    }
    return frozenSynthesis(record);
  };
}
