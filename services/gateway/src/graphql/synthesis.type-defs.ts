/**
 * The synthesis and explanation report (issue #10 §6): its counts through GraphQL; the table of
 * comments and answers comes as a file from `GET /reports/<draftId>/synthesis.docx` or `.csv`.
 */
export const synthesisTypeDefs = /* GraphQL */ `
  extend type Query {
    """
    The synthesis report of a draft. The draft's agency editors and network admins see the agency
    view (pending comments and unpublished answers too), live while the consultation is open and
    final after it; once published, everyone who may read the draft sees the published report,
    which never changes. NOT_FOUND for anyone else before publication.
    """
    synthesisReport(draftId: ID!): SynthesisReport!
  }

  extend type Mutation {
    """
    The draft's agency editors and network admins, after the consultation closed: freezes the
    final report, makes it public and announces it (SynthesisPublished). Once only:
    FAILED_PRECONDITION (rule SYNTHESIS_ALREADY_PUBLISHED) the second time, and
    CONSULTATION_NOT_CLOSED before the close.
    """
    publishSynthesis(draftId: ID!): PublishSynthesisPayload
  }

  type PublishSynthesisPayload {
    report: SynthesisReport!
  }

  enum SynthesisStatus {
    LIVE
    FINAL
  }

  enum SynthesisView {
    PUBLIC
    AGENCY
  }

  enum ArticleChangeKind {
    UNCHANGED
    CHANGED
    ADDED
    REMOVED
    NOT_REVISED
  }

  enum OpinionGroupsStatus {
    GROUPED
    TOO_FEW_PARTICIPANTS
    NO_VARIATION
  }

  "Counts of one set of comments (all, verified only, unverified only)."
  type SynthesisCounts {
    "Every comment received, hidden ones included."
    received: Int!
    "Comments not hidden."
    counted: Int!
    distinctTexts: Int!
    groups: Int!
    uniquePeople: Int!
    "Counted comments whose person is unknown (not in uniquePeople)."
    unknownPeople: Int!
  }

  type SynthesisStances {
    support: Int!
    oppose: Int!
    suggestChange: Int!
    question: Int!
  }

  type SynthesisChannelCount {
    channel: FeedbackChannel!
    received: Int!
    verified: Int!
    hidden: Int!
  }

  "A unit's comments, its own and those of every unit below it."
  type SynthesisUnitCount {
    unitId: ID!
    depth: Int!
    received: Int!
    verified: Int!
    own: Int!
  }

  type SynthesisArticle {
    "Null: comments on the whole draft."
    articleId: ID
    number: String
    comments: Int!
    groups: Int!
    opinions: SynthesisStances!
    verifiedOpinions: SynthesisStances!
    "Rows of the report's table on this article, and how many carry an answer in this view."
    rows: Int!
    answeredRows: Int!
    change: ArticleChangeKind!
  }

  type SynthesisOpinionGroup {
    size: Int!
    "Articles this group supports (or opposes) more than the others."
    agreeArticleIds: [ID!]!
    disagreeArticleIds: [ID!]!
  }

  type SynthesisOpinionGroups {
    status: OpinionGroupsStatus!
    groups: [SynthesisOpinionGroup!]!
    "Articles every group supports or opposes."
    consensusArticleIds: [ID!]!
  }

  type SynthesisReport {
    draftId: ID!
    status: SynthesisStatus!
    view: SynthesisView!
    generatedAt: DateTime!
    opensAt: DateTime!
    closesAt: DateTime!
    "Set once published: the report is then frozen."
    publishedAt: DateTime
    all: SynthesisCounts!
    verified: SynthesisCounts!
    unverified: SynthesisCounts!
    pendingModeration: Int!
    hidden: [HiddenFeedbackCount!]!
    channels: [SynthesisChannelCount!]!
    units: [SynthesisUnitCount!]!
    unknownUnit: Int!
    noUnit: Int!
    articles: [SynthesisArticle!]!
    opinionGroups: SynthesisOpinionGroups!
  }
`;
