/**
 * Comments on drafts (the feedback service): intake from people, partner systems and officers,
 * moderation, answers, and the public view. Every call goes to the feedback service as the caller,
 * which decides role and scope; the gateway maps its statuses to codes.
 */
export const feedbackTypeDefs = /* GraphQL */ `
  extend type Query {
    """
    The drafting agency's editors (their agency's drafts) and network admins: the comments of a
    draft with filters, in intake order (or newest first). Contact points and demographics are
    shown to network admins only.
    """
    feedback(filter: FeedbackFilter!, first: Int = 50, after: String): FeedbackConnection!
    """
    Everyone: the published comments of a public draft, with phone numbers, emails and citizen ID
    numbers masked, no submitter name or contact, answers only once published; hidden comments
    are counted by reason.
    """
    publicFeedback(draftId: ID!, articleId: ID, first: Int = 50, after: String): PublicFeedbackPage!
    """
    My comments, newest first, across drafts: a signed-in user's own, or, for a partner system,
    its user's (externalRef, required then). Each is whole, with the person's own contact and
    demographics; an answer shows once published. Anonymous callers: UNAUTHENTICATED.
    """
    myFeedback(externalRef: String, first: Int = 50, after: String): FeedbackConnection!
  }

  extend type Mutation {
    """
    Public: one comment on a draft in consultation (the whole draft, an article or a clause).
    Signed-in users comment as themselves (channel WEB); partner systems with their API key on
    behalf of their user (channel PARTNER, submitter.externalRef required); anyone else with a name
    and a contact point, marked unverified, within per-contact and per-address caps. The same
    idempotencyKey from the same caller gives the same comment back (alreadyKnown).
    """
    submitFeedback(input: SubmitFeedbackInput!): SubmitFeedbackPayload
    """
    Unit officers (their units' people), the draft's agency editors and network admins: up to 1,000
    comments of one draft, each with its own outcome; the accepted ones are written together, and
    dryRun writes nothing. More than 1,000 items are refused whole.
    """
    importFeedback(input: ImportFeedbackInput!): ImportFeedbackPayload
    "The draft's agency editors and network admins: publish a comment, or hide it with a reason."
    moderateFeedback(input: ModerateFeedbackInput!): Feedback
    "Signed in: flags a comment for moderation, once per comment."
    flagFeedback(input: FlagFeedbackInput!): FlagFeedbackPayload
    """
    The draft's agency editors and network admins: answers one comment or a whole group of
    duplicates. Citizens see it only once published (publishFeedbackAnswers).
    """
    answerFeedback(input: AnswerFeedbackInput!): AnswerFeedbackPayload
    """
    The draft's agency editors and network admins: publishes the answers given and not yet
    published (all of the draft's, or the comments named); each submitter is told on the channel
    they came from.
    """
    publishFeedbackAnswers(input: PublishFeedbackAnswersInput!): PublishFeedbackAnswersPayload
  }

  extend type Subscription {
    """
    Partner systems and network admins: comment events as they happen, over Server-Sent Events
    (ids, article, stance and channel, the moderation decision, the answer's outcome; never the
    text or the submitter). Read a published comment through publicFeedback.
    """
    feedbackEvents(draftId: ID): FeedbackEvent!
  }

  enum FeedbackEventType {
    FEEDBACK_RECEIVED
    FEEDBACK_MODERATED
    FEEDBACK_ANSWERED
    SYNTHESIS_PUBLISHED
  }

  type FeedbackEvent {
    "The event's id: the same event delivered twice has the same id."
    id: ID!
    type: FeedbackEventType!
    occurredAt: DateTime!
    draftId: ID!
    feedbackId: ID
    articleId: ID
    stance: FeedbackStance
    channel: FeedbackChannel
    decision: ModerationDecision
    outcome: AnswerOutcome
  }

  enum FeedbackStance {
    SUPPORT
    OPPOSE
    SUGGEST_CHANGE
    QUESTION
  }

  enum FeedbackChannel {
    WEB
    PARTNER
    PAPER
    VILLAGE_SESSION
    SMS
    ZALO
    EMAIL
  }

  enum FeedbackSubmitterKind {
    CITIZEN
    ORGANIZATION
    AGENCY
    PRESS
  }

  "How the service knows who submitted: from the caller and the input."
  enum FeedbackSubmitterVia {
    USER
    PARTNER
    OFFICER
    ANONYMOUS
  }

  enum FeedbackContactChannel {
    SMS
    ZALO
    EMAIL
  }

  enum FeedbackConsentMethod {
    "Given by the person online (a checkbox with its text version)."
    ONLINE
    "A signed paper form."
    PAPER_FORM
    "Said aloud and written in a session's minutes."
    VERBAL_RECORDED
  }

  enum Gender {
    FEMALE
    MALE
    OTHER
  }

  enum AgeBand {
    UNDER_18
    FROM_18_TO_29
    FROM_30_TO_44
    FROM_45_TO_59
    FROM_60
  }

  enum FeedbackState {
    "Received, waiting for moderation."
    PENDING
    PUBLISHED
    HIDDEN
  }

  enum FeedbackHideReason {
    SPAM
    OFFENSIVE
    OFF_TOPIC
    PERSONAL_DATA
  }

  enum ModerationDecision {
    PUBLISH
    HIDE
  }

  enum AnswerOutcome {
    ACCEPTED
    PARTLY_ACCEPTED
    NOT_ACCEPTED
    "For questions: answered, nothing to accept."
    NOTED
  }

  enum ImportOutcome {
    ACCEPTED
    "The same idempotency key was seen before: the earlier comment's id."
    ALREADY_KNOWN
    REJECTED
  }

  input FeedbackContactInput {
    channel: FeedbackContactChannel!
    "A Vietnamese phone number (any usual form), a Zalo user id, or an email address."
    address: String!
  }

  input FeedbackConsentInput {
    given: Boolean!
    method: FeedbackConsentMethod!
    "The version of the consent text the person agreed to."
    textVersion: String!
    givenAt: DateTime
  }

  input FeedbackSubmitterInput {
    kind: FeedbackSubmitterKind = CITIZEN
    "Partner systems: their own reference for their user (required for them)."
    externalRef: String
    "Anonymous people and people an officer records: a name."
    name: String
    "Anonymous people and people an officer records: where to send the receipt and the answer."
    contact: FeedbackContactInput
    "An officer recording on behalf of someone: the consent that person gave."
    onBehalfConsent: FeedbackConsentInput
    "The organization's name, for kinds other than CITIZEN."
    organizationName: String
  }

  "Only with consent for this purpose; ethnicity is never shown per person except to network admins."
  input FeedbackDemographicsInput {
    ethnicGroup: String
    gender: Gender
    ageBand: AgeBand
    consent: FeedbackConsentInput!
  }

  input SubmitFeedbackInput {
    draftId: ID!
    "Empty: the whole draft."
    articleId: ID
    "A clause of articleId."
    clauseId: ID
    stance: FeedbackStance!
    "1 to 10,000 characters (stored NFC)."
    text: String!
    "BCP 47."
    language: String!
    submitter: FeedbackSubmitterInput
    "An administrative unit of the directory."
    unitId: ID
    demographics: FeedbackDemographicsInput
    "Yours: the same key from the same caller gives the same comment back."
    idempotencyKey: String
  }

  input FeedbackItemInput {
    articleId: ID
    clauseId: ID
    stance: FeedbackStance!
    text: String!
    language: String!
    "How the comment came in: PAPER and VILLAGE_SESSION keep their receivedAt."
    channel: FeedbackChannel!
    submitter: FeedbackSubmitterInput
    unitId: ID
    demographics: FeedbackDemographicsInput
    idempotencyKey: String
    "Paper forms and village sessions: when the comment was received."
    receivedAt: DateTime
  }

  input ImportFeedbackInput {
    draftId: ID!
    "At most 1,000."
    items: [FeedbackItemInput!]!
    "Check every item and report, write nothing."
    dryRun: Boolean = false
  }

  input FeedbackFilter {
    draftId: ID!
    articleId: ID
    states: [FeedbackState!]
    stance: FeedbackStance
    channel: FeedbackChannel
    groupId: ID
    unitId: ID
    "Only comments in a campaign's group."
    campaign: Boolean = false
    "Newest first."
    descending: Boolean = false
  }

  input ModerateFeedbackInput {
    feedbackId: ID!
    decision: ModerationDecision!
    "Required to hide."
    reason: FeedbackHideReason
  }

  input FlagFeedbackInput {
    feedbackId: ID!
    reason: FeedbackHideReason!
  }

  "One comment (feedbackId) or every comment of a group (groupId) of the draft."
  input AnswerFeedbackInput {
    draftId: ID!
    feedbackId: ID
    groupId: ID
    outcome: AnswerOutcome!
    "The explanation the law asks for, 1 to 5,000 characters."
    reason: String!
    "Articles of the draft changed because of the comment."
    changedArticleIds: [ID!]
  }

  input PublishFeedbackAnswersInput {
    draftId: ID!
    "Empty: every answered, not yet published answer of the draft."
    feedbackIds: [ID!]
  }

  type SubmitFeedbackPayload {
    feedbackId: ID!
    "A short code the submitter can quote."
    receiptCode: String!
    "The idempotency key had been seen: the earlier comment, nothing new written."
    alreadyKnown: Boolean!
  }

  type FeedbackFieldViolation {
    path: String!
    message: String!
  }

  type ImportItemResult {
    index: Int!
    outcome: ImportOutcome!
    feedbackId: ID
    receiptCode: String
    "Rejected items: the fields, as items[<index>].<field>."
    fields: [FeedbackFieldViolation!]!
    "Rejected by a rule rather than a field, for example CONSULTATION_CLOSED."
    rule: String
  }

  type ImportFeedbackPayload {
    results: [ImportItemResult!]!
    accepted: Int!
    alreadyKnown: Int!
    rejected: Int!
    dryRun: Boolean!
  }

  type FlagFeedbackPayload {
    flagCount: Int!
    "This user had flagged it before: nothing changed."
    alreadyFlagged: Boolean!
  }

  type AnswerFeedbackPayload {
    feedbackIds: [ID!]!
  }

  type PublishFeedbackAnswersPayload {
    feedbackIds: [ID!]!
  }

  type FeedbackContact {
    channel: FeedbackContactChannel!
    address: String!
  }

  type FeedbackDemographics {
    ethnicGroup: String
    gender: Gender
    ageBand: AgeBand
  }

  type FeedbackModeration {
    decision: ModerationDecision!
    reason: FeedbackHideReason
    by: String
    at: DateTime
  }

  type FeedbackGroup {
    id: ID!
    "The comment the group's copies are counted against."
    representativeId: ID!
    "How many comments the group holds."
    size: Int!
    "A group of FEEDBACK_CAMPAIGN_MIN_SIZE comments or more: a mass campaign."
    campaign: Boolean!
  }

  type FeedbackAnswer {
    outcome: AnswerOutcome!
    reason: String!
    changedArticleIds: [ID!]!
    answeredAt: DateTime
    "Null until published."
    publishedAt: DateTime
  }

  "A comment as the drafting agency and network admins see it."
  type Feedback {
    id: ID!
    draftId: ID!
    "The draft's version the comment was made on."
    version: Int!
    articleId: ID
    clauseId: ID
    stance: FeedbackStance!
    text: String!
    language: String!
    channel: FeedbackChannel!
    submitterKind: FeedbackSubmitterKind!
    submitterVia: FeedbackSubmitterVia!
    "A signed-in user or a partner's user; anonymous comments are unverified."
    verified: Boolean!
    submitterName: String
    organizationName: String
    unitId: ID
    receivedAt: DateTime
    submittedAt: DateTime
    receiptCode: String!
    state: FeedbackState!
    moderation: FeedbackModeration
    group: FeedbackGroup
    answer: FeedbackAnswer
    flagCount: Int!
    "Network admins only."
    contact: FeedbackContact
    "Network admins only."
    demographics: FeedbackDemographics
  }

  type FeedbackConnection {
    items: [Feedback!]!
    pageInfo: PageInfo!
  }

  "A published comment as everyone sees it."
  type PublicFeedback {
    id: ID!
    draftId: ID!
    articleId: ID
    clauseId: ID
    stance: FeedbackStance!
    "Phone numbers, emails and citizen ID numbers masked."
    text: String!
    language: String!
    channel: FeedbackChannel!
    submitterKind: FeedbackSubmitterKind!
    receivedAt: DateTime
    groupId: ID
    "Only once published."
    answer: FeedbackAnswer
  }

  type HiddenFeedbackCount {
    reason: FeedbackHideReason!
    count: Int!
  }

  type PublicFeedbackPage {
    items: [PublicFeedback!]!
    pageInfo: PageInfo!
    "Hidden comments of the draft, counted by reason."
    hidden: [HiddenFeedbackCount!]!
  }
`;
