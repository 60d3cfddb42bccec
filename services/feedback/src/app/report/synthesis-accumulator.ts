// Builds the synthesis report from comments fed one at a time (streamed from the store).
//
// Memory: the counts hold 20-byte digests of the keys they must tell apart (exact texts, group ids,
// person keys), so they grow with distinct texts and people, never with copies. The table's rows
// are held compactly: a duplicate group is one row however many copies it has (its text once, its
// counters), and a single comment is one row. That is exactly what the DOCX holds anyway (the
// `docx` package builds the whole document in memory), so holding it costs no more than writing it.
import { createHash } from 'node:crypto';
import {
  CHANNELS,
  HIDDEN_REASONS,
  type Channel,
  type HiddenReason,
  type ReportAnswer,
  type ReportComment,
  type ReportDraft,
  type ReportUnit,
  type SubmitterKind,
} from './report-input.model.js';
import { articleChangeKind, articleTextDiff } from './article-change.js';
import { SUPPRESSION_THRESHOLD, suppressSmallCells } from './small-cell-suppression.js';
import {
  NOT_STATED,
  type ArticleSection,
  type ChannelTotals,
  type CountedApart,
  type DemographicTable,
  type ReportRow,
  type ReportView,
  type RowAnswer,
  type StanceCounts,
  type SynthesisReport,
  type UnitTotals,
} from './synthesis-report.model.js';

export interface SynthesisOptions {
  draft: ReportDraft;
  units: readonly ReportUnit[];
  /** `public`: only published comments and answers are listed. `agency`: pending ones too. */
  view: ReportView;
  now: Date;
}

const zeroStances = (): StanceCounts => ({
  support: 0,
  oppose: 0,
  suggest_change: 0,
  question: 0,
});
const zeroSubmitters = (): Record<SubmitterKind, number> => ({
  citizen: 0,
  organization: 0,
  agency: 0,
  press: 0,
});

/** A fixed-size stand-in for a key that may be long (a folded text of up to 10,000 characters). */
function digest(kind: string, key: string): string {
  return createHash('sha1').update(kind).update('\u0000').update(key).digest('base64');
}

class Bucket {
  received = 0;
  counted = 0;
  unknownPeople = 0;
  readonly texts = new Set<string>();
  readonly groups = new Set<string>();
  readonly people = new Set<string>();

  result(): CountedApart {
    return {
      received: this.received,
      counted: this.counted,
      distinctTexts: this.texts.size,
      groups: this.groups.size,
      uniquePeople: this.people.size,
      unknownPeople: this.unknownPeople,
    };
  }
}

interface RowState {
  row: ReportRow;
  /** True once the row's text is the group representative's own. */
  fromRepresentative: boolean;
  /** Answers seen on the row's members, by outcome and reason. */
  answers: Map<string, { answer: ReportAnswer; members: number; representative: boolean }>;
}

interface ArticleState {
  section: ArticleSection;
  groupRows: Map<string, RowState>;
  singleRows: RowState[];
}

const MAX_GROUP_LABELS = 5;
const DEMOGRAPHIC_DIMENSIONS = ['ethnicGroup', 'gender'] as const;
type Dimension = (typeof DEMOGRAPHIC_DIMENSIONS)[number];

export class SynthesisAccumulator {
  readonly #options: SynthesisOptions;
  readonly #all = new Bucket();
  readonly #verified = new Bucket();
  readonly #unverified = new Bucket();
  #pending = 0;
  readonly #hidden = Object.fromEntries(HIDDEN_REASONS.map((r) => [r, 0])) as Record<
    HiddenReason,
    number
  >;
  readonly #channels = new Map<Channel, ChannelTotals>(
    CHANNELS.map((channel) => [channel, { channel, received: 0, verified: 0, hidden: 0 }]),
  );
  readonly #unitOwn = new Map<string, { received: number; verified: number }>();
  readonly #units: ReadonlyMap<string, ReportUnit>;
  #noUnit = 0;
  readonly #articles = new Map<string | null, ArticleState>();
  readonly #articleNumbers = new Map<string, string>();
  readonly #changedBy = new Map<string, number>();
  /** Per dimension: a known person's stated value (the first one stated wins); only consenting people. */
  readonly #personValues = new Map<Dimension, Map<string, string>>(
    DEMOGRAPHIC_DIMENSIONS.map((d) => [d, new Map()]),
  );
  /** Per dimension: comments of unknown people, by value; each is a person of its own. */
  readonly #anonymousValues = new Map<Dimension, Map<string, number>>(
    DEMOGRAPHIC_DIMENSIONS.map((d) => [d, new Map()]),
  );

  constructor(options: SynthesisOptions) {
    this.#options = options;
    this.#units = new Map(options.units.map((u) => [u.id, u]));
    this.#articles.set(null, this.#newArticle(null));
    for (const article of options.draft.articles) {
      this.#articleNumbers.set(article.id, article.number);
      this.#articles.set(article.id, this.#newArticle(article.id));
    }
  }

  /** Takes one comment into the counts and the table. Comments of another draft are refused. */
  add(comment: ReportComment): void {
    if (comment.draftId !== this.#options.draft.id)
      throw new Error(`comment ${comment.id} is on another draft than the report's`);
    const hidden = comment.moderation.state === 'hidden';
    const buckets = [this.#all, comment.verified ? this.#verified : this.#unverified];
    const channel = this.#channels.get(comment.channel);
    if (channel) {
      channel.received++;
      if (comment.verified) channel.verified++;
      if (hidden) channel.hidden++;
    }
    this.#countUnit(comment);
    for (const bucket of buckets) bucket.received++;
    if (comment.moderation.state === 'hidden') {
      // Counted with its reason, and nothing else: its text goes nowhere.
      this.#hidden[comment.moderation.reason]++;
      return;
    }
    if (comment.moderation.state === 'pending') this.#pending++;

    const textKey = comment.group
      ? digest('text', comment.group.exactKey)
      : digest('comment', comment.id);
    // A comment not grouped yet (grouping runs just after intake) is a group of its own, as it
    // will be unless it copies another: the counts do not depend on when the report is read.
    const groupKey = comment.group
      ? digest('group', comment.group.id)
      : digest('group', `comment:${comment.id}`);
    const personKey = comment.personKey === null ? null : digest('person', comment.personKey);
    for (const bucket of buckets) {
      bucket.counted++;
      bucket.texts.add(textKey);
      bucket.groups.add(groupKey);
      if (personKey) bucket.people.add(personKey);
      else bucket.unknownPeople++;
    }
    this.#countDemographics(comment, personKey);

    const article = this.#article(comment.articleId);
    article.section.opinions[comment.stance]++;
    if (comment.verified) article.section.verifiedOpinions[comment.stance]++;
    article.section.comments++;

    const answer = this.#visibleAnswer(comment.answer);
    if (answer)
      for (const id of answer.changedArticleIds)
        this.#changedBy.set(id, (this.#changedBy.get(id) ?? 0) + 1);

    if (!this.#listed(comment)) return;
    this.#addToRow(article, comment, answer);
  }

  /** The report's counts and sections (the table's rows come from `rows()`). */
  result(): SynthesisReport {
    const { draft, now, view } = this.#options;
    const status = now.getTime() < draft.consultation.closesAt.getTime() ? 'live' : 'final';
    const withheldUntilFinal = view === 'public' && status === 'live';
    return {
      draft: { id: draft.id, code: draft.code, title: draft.title },
      period: { ...draft.consultation },
      status,
      view,
      generatedAt: now,
      totals: {
        all: this.#all.result(),
        verified: this.#verified.result(),
        unverified: this.#unverified.result(),
        pendingModeration: this.#pending,
        hidden: {
          total: Object.values(this.#hidden).reduce((a, b) => a + b, 0),
          byReason: { ...this.#hidden },
        },
      },
      channels: [...this.#channels.values()].map((c) => ({ ...c })),
      ...this.#unitTotals(),
      articles: this.#sections(),
      demographics: {
        threshold: SUPPRESSION_THRESHOLD,
        withheldUntilFinal,
        tables: withheldUntilFinal
          ? []
          : DEMOGRAPHIC_DIMENSIONS.map((d) => this.#demographicTable(d)),
      },
    };
  }

  /**
   * The table's rows: comments on the whole draft first, then each article in reading order;
   * within an article, groups by size (largest first), then single comments in arrival order.
   */
  *rows(): Generator<ReportRow> {
    for (const state of this.#orderedArticles()) {
      const groups = [...state.groupRows.values()].sort(
        (a, b) => b.row.comments - a.row.comments || a.row.id.localeCompare(b.row.id),
      );
      for (const row of [...groups, ...state.singleRows])
        yield finishRow(row, (id) => this.#articleNumbers.get(id) ?? id);
    }
  }

  #newArticle(articleId: string | null): ArticleState {
    const article = this.#options.draft.articles.find((a) => a.id === articleId);
    return {
      section: {
        articleId,
        number: articleId === null ? null : (article?.number ?? null),
        heading: article?.heading ?? null,
        opinions: zeroStances(),
        verifiedOpinions: zeroStances(),
        comments: 0,
        groups: 0,
        change: {
          kind: 'not_revised',
          consultedText: article?.consultedText ?? null,
          revisedText: article?.revisedText ?? null,
          changedByAnswers: 0,
          textDiff: null,
        },
      },
      groupRows: new Map(),
      singleRows: [],
    };
  }

  #article(articleId: string | null): ArticleState {
    let state = this.#articles.get(articleId);
    if (!state) {
      // An article the draft does not list (of another version): kept, shown after the others.
      state = this.#newArticle(articleId);
      this.#articles.set(articleId, state);
    }
    return state;
  }

  #orderedArticles(): ArticleState[] {
    return [...this.#articles.values()];
  }

  #listed(comment: ReportComment): boolean {
    if (comment.moderation.state === 'published') return true;
    return comment.moderation.state === 'pending' && this.#options.view === 'agency';
  }

  #visibleAnswer(answer: ReportAnswer | null): ReportAnswer | null {
    if (!answer) return null;
    return answer.published || this.#options.view === 'agency' ? answer : null;
  }

  #addToRow(article: ArticleState, comment: ReportComment, answer: ReportAnswer | null): void {
    let state: RowState | undefined;
    if (comment.group) {
      state = article.groupRows.get(comment.group.id);
      if (!state) {
        state = newRow(comment, 'group');
        article.groupRows.set(comment.group.id, state);
        article.section.groups++;
      }
      const representative = comment.group.representativeId === comment.id;
      if (representative && !state.fromRepresentative) {
        state.row.text = comment.text;
        state.fromRepresentative = true;
      }
      if (comment.submitter.kind === 'organization' && state.row.labels.length < MAX_GROUP_LABELS)
        state.row.labels.push(comment.submitter.label);
      tallyAnswer(state, answer, representative);
    } else {
      state = newRow(comment, 'comment');
      state.row.labels.push(comment.submitter.label);
      tallyAnswer(state, answer, true);
      article.singleRows.push(state);
    }
    state.row.comments++;
    state.row.stances[comment.stance]++;
    state.row.submitters[comment.submitter.kind]++;
    if (comment.verified) state.row.verified++;
  }

  #countUnit(comment: ReportComment): void {
    if (comment.unitId === null) {
      this.#noUnit++;
      return;
    }
    const own = this.#unitOwn.get(comment.unitId) ?? { received: 0, verified: 0 };
    own.received++;
    if (comment.verified) own.verified++;
    this.#unitOwn.set(comment.unitId, own);
  }

  #unitTotals(): Pick<SynthesisReport, 'units' | 'unitsUnknown'> {
    const totals = new Map<string, UnitTotals>();
    for (const unit of this.#options.units)
      totals.set(unit.id, {
        unitId: unit.id,
        name: unit.name,
        depth: Math.max(0, unit.path.length - 1),
        received: 0,
        verified: 0,
        own: 0,
      });
    let unknownUnit = 0;
    for (const [unitId, own] of this.#unitOwn) {
      const unit = this.#units.get(unitId);
      const self = totals.get(unitId);
      if (!unit || !self) {
        unknownUnit += own.received;
        continue;
      }
      self.own += own.received;
      // Rolled up: every unit on the path from the root counts the comment once.
      for (const ancestor of new Set([...unit.path, unitId])) {
        const t = totals.get(ancestor);
        if (!t) continue;
        t.received += own.received;
        t.verified += own.verified;
      }
    }
    // Tree order: each unit right after its parent.
    const pathOf = (id: string) => this.#units.get(id)!.path.join('\u0000');
    const units = [...totals.values()]
      .filter((u) => u.received > 0)
      .sort((a, b) => (pathOf(a.unitId) < pathOf(b.unitId) ? -1 : 1));
    return { units, unitsUnknown: { unknownUnit, noUnit: this.#noUnit } };
  }

  #sections(): ArticleSection[] {
    const revised = this.#options.draft.revised;
    return this.#orderedArticles().map(({ section }) => {
      const changedByAnswers =
        section.articleId === null ? 0 : (this.#changedBy.get(section.articleId) ?? 0);
      const { consultedText, revisedText } = section.change;
      const kind =
        section.articleId === null
          ? 'unchanged'
          : articleChangeKind(
              revised,
              consultedText,
              revisedText,
              this.#options.draft.articles.find((a) => a.id === section.articleId)?.revision,
            );
      return {
        ...section,
        opinions: { ...section.opinions },
        verifiedOpinions: { ...section.verifiedOpinions },
        change: {
          ...section.change,
          kind,
          changedByAnswers,
          textDiff:
            kind === 'changed' && consultedText !== null && revisedText !== null
              ? articleTextDiff(consultedText, revisedText)
              : null,
        },
      };
    });
  }

  #countDemographics(comment: ReportComment, personKey: string | null): void {
    for (const dimension of DEMOGRAPHIC_DIMENSIONS) {
      const stated = comment.demographics?.[dimension]?.trim();
      const value = stated ? stated : NOT_STATED;
      if (personKey === null) {
        const counts = this.#anonymousValues.get(dimension)!;
        counts.set(value, (counts.get(value) ?? 0) + 1);
        continue;
      }
      // Only stated values are held: everyone else counted is "not stated" (see the table).
      const people = this.#personValues.get(dimension)!;
      if (value !== NOT_STATED && !people.has(personKey)) people.set(personKey, value);
    }
  }

  #demographicTable(dimension: Dimension): DemographicTable {
    const counts = new Map(this.#anonymousValues.get(dimension));
    const stated = this.#personValues.get(dimension)!;
    for (const value of stated.values()) counts.set(value, (counts.get(value) ?? 0) + 1);
    const notStated = this.#all.people.size - stated.size;
    if (notStated > 0) counts.set(NOT_STATED, (counts.get(NOT_STATED) ?? 0) + notStated);
    const ordered = [...counts.entries()]
      .map(([value, people]) => ({ value, people }))
      .sort((a, b) =>
        a.value === NOT_STATED ? 1 : b.value === NOT_STATED ? -1 : a.value.localeCompare(b.value),
      );
    return {
      dimension,
      total: ordered.reduce((sum, c) => sum + c.people, 0),
      cells: suppressSmallCells(ordered),
    };
  }
}

function newRow(comment: ReportComment, kind: ReportRow['kind']): RowState {
  return {
    row: {
      articleId: comment.articleId,
      kind,
      id: kind === 'group' ? comment.group!.id : comment.id,
      clauseId: kind === 'comment' ? comment.clauseId : null,
      text: comment.text,
      comments: 0,
      stances: zeroStances(),
      submitters: zeroSubmitters(),
      labels: [],
      verified: 0,
      answer: null,
      answeredApart: 0,
    },
    fromRepresentative: false,
    answers: new Map(),
  };
}

function tallyAnswer(state: RowState, answer: ReportAnswer | null, representative: boolean): void {
  if (!answer) return;
  const key = `${answer.outcome}\u0000${answer.reason}`;
  const seen = state.answers.get(key);
  if (seen) {
    seen.members++;
    seen.representative ||= representative;
  } else state.answers.set(key, { answer, members: 1, representative });
}

/** The row's answer: the representative's, else the one most members have. */
function finishRow(state: RowState, numberOf: (articleId: string) => string): ReportRow {
  const tallies = [...state.answers.values()];
  const chosen =
    tallies.find((t) => t.representative) ??
    tallies.sort((a, b) => b.members - a.members)[0] ??
    null;
  const answered = tallies.reduce((sum, t) => sum + t.members, 0);
  const answer: RowAnswer | null = chosen
    ? {
        outcome: chosen.answer.outcome,
        reason: chosen.answer.reason,
        changedArticles: chosen.answer.changedArticleIds.map((id) => ({
          id,
          number: numberOf(id),
        })),
        published: chosen.answer.published,
      }
    : null;
  return {
    ...state.row,
    stances: { ...state.row.stances },
    submitters: { ...state.row.submitters },
    labels: [...state.row.labels],
    answer,
    answeredApart: chosen ? answered - chosen.members : 0,
  };
}
