import type { JetStreamClient } from '@nats-io/jetstream';
import type { BusNames, EventData, EventEnvelope, EventType } from '@pcn/events';
import type { Logger } from '@pcn/platform';
import { LiveEventHub } from './live-event-feed.js';

/**
 * What a live feedback event says: ids, the article, stance and channel, the moderation decision
 * or the answer's outcome. Never the text, the submitter, `replyTo` or the receipt code: those are
 * the submitter's, and a published comment's text is read through `publicFeedback`.
 */
export interface FeedbackLiveEvent {
  id: string;
  type: 'FeedbackReceived' | 'FeedbackModerated' | 'FeedbackAnswered' | 'SynthesisPublished';
  occurredAt: string;
  draftId: string;
  feedbackId: string | null;
  articleId: string | null;
  stance: EventData<'pcn.feedback.v1.FeedbackReceived'>['stance'] | null;
  channel: EventData<'pcn.feedback.v1.FeedbackReceived'>['channel'] | null;
  decision: EventData<'pcn.feedback.v1.FeedbackModerated'>['decision'] | null;
  outcome: EventData<'pcn.feedback.v1.FeedbackAnswered'>['outcome'] | null;
}

const PUBLIC_CHANGES: ReadonlySet<EventType> = new Set<EventType>([
  'pcn.feedback.v1.FeedbackModerated',
  'pcn.feedback.v1.FeedbackAnswered',
  'pcn.feedback.v1.SynthesisPublished',
]);

export interface FeedbackEventFilter {
  draftId?: string;
}

function toLive(event: EventEnvelope): FeedbackLiveEvent | undefined {
  const base = {
    id: event.id,
    occurredAt: event.time,
    draftId: '',
    feedbackId: null,
    articleId: null,
  };
  const none = { stance: null, channel: null, decision: null, outcome: null };
  switch (event.type) {
    case 'pcn.feedback.v1.FeedbackReceived': {
      const d = event.data as EventData<'pcn.feedback.v1.FeedbackReceived'>;
      return {
        ...base,
        ...none,
        type: 'FeedbackReceived',
        draftId: d.draftId,
        feedbackId: d.feedbackId,
        articleId: d.articleId,
        stance: d.stance,
        channel: d.channel,
      };
    }
    case 'pcn.feedback.v1.FeedbackModerated': {
      const d = event.data as EventData<'pcn.feedback.v1.FeedbackModerated'>;
      return {
        ...base,
        ...none,
        type: 'FeedbackModerated',
        draftId: d.draftId,
        feedbackId: d.feedbackId,
        decision: d.decision,
      };
    }
    case 'pcn.feedback.v1.FeedbackAnswered': {
      const d = event.data as EventData<'pcn.feedback.v1.FeedbackAnswered'>;
      return {
        ...base,
        ...none,
        type: 'FeedbackAnswered',
        draftId: d.draftId,
        feedbackId: d.feedbackId,
        articleId: d.articleId,
        outcome: d.outcome,
      };
    }
    case 'pcn.feedback.v1.SynthesisPublished': {
      const d = event.data as EventData<'pcn.feedback.v1.SynthesisPublished'>;
      return { ...base, ...none, type: 'SynthesisPublished', draftId: d.draftId };
    }
    default:
      return undefined;
  }
}

/**
 * Feeds `feedbackEvents` subscriptions: one ordered consumer per gateway process on the FEEDBACK
 * stream, fanned out in memory to every live subscription, each with its own filter.
 */
export class FeedbackEventHub extends LiveEventHub {
  readonly #publicChangeSubjects: ReadonlySet<string>;

  constructor(js: JetStreamClient, names: BusNames, logger: Logger) {
    super({
      js,
      stream: names.stream('feedback'),
      logger,
      what: 'feedback',
    });
    this.#publicChangeSubjects = new Set([...PUBLIC_CHANGES].map((t) => names.subjectFor(t)));
  }

  /**
   * Called for each event that changes what the public sees (a comment published or hidden, an
   * answer or a synthesis published), for example to drop cached public answers. A comment taken
   * in changes nothing public: it waits for moderation.
   */
  onPublicChange(listener: () => void): void {
    this.feed.onEvent(() => listener(), this.#publicChangeSubjects);
  }

  subscribe(filter: FeedbackEventFilter): AsyncIterableIterator<FeedbackLiveEvent> {
    return this.feed.subscribe((event) => {
      const live = toLive(event);
      if (!live || (filter.draftId !== undefined && live.draftId !== filter.draftId))
        return undefined;
      return live;
    });
  }
}
