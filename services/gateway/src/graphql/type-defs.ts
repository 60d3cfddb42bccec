/**
 * The public GraphQL schema. Root field names that partner systems rely on (drafts, draft,
 * draftDiff, units, organizations, me, signIn, createDraft, updateDraft, openConsultation,
 * closeConsultation, promulgateDraft, draftEvents) are part of the contract: never rename them.
 * `schema.graphql` next to the package is generated from this; a test fails when they drift.
 * Mutation fields are nullable, here and in every other part of the schema: when one of several
 * in a request fails, it alone is null (its error names its path) and the others' results stay.
 */
export const typeDefs = /* GraphQL */ `
  "ISO-8601 date-time, for example 2026-12-01T00:00:00.000Z."
  scalar DateTime

  type Query {
    "How the network's backend services look from the gateway."
    network: Network!
    "The signed-in user or API client; null for the anonymous public."
    me: Me
    "Administrative units: the province, its communes and wards, and legacy districts."
    units(parentId: ID, level: UnitLevel, includeInactive: Boolean = false): [Unit!]!
    unit(id: ID!): Unit
    organizations(kind: OrganizationKind): [Organization!]!
    "The public directory of spokespersons (Decree 09/2017/ND-CP)."
    spokespersons(organizationId: ID): [Spokesperson!]!
    """
    Drafts the caller may read. \`lang\` picks the language (then Accept-Language, then vi);
    each draft says which language it was served in.
    """
    drafts(
      filter: DraftFilter
      sort: DraftSort = UPDATED_AT
      descending: Boolean = true
      first: Int = 20
      after: String
      lang: String
    ): DraftConnection!
    draft(id: ID!, lang: String): Draft
    draftVersion(draftId: ID!, number: Int!, lang: String): DraftVersion
    "Article-level differences between two versions, with a word diff for changed articles."
    draftDiff(draftId: ID!, fromVersion: Int!, toVersion: Int!, lang: String): [ArticleChange!]!
    "Who did what to a draft; the drafting agency's editors and network admins only."
    draftAudit(draftId: ID!, first: Int = 50, after: String): AuditConnection!
  }

  type Mutation {
    "Email and password; returns a short-lived bearer token."
    signIn(email: String!, password: String!): SignInPayload
    createDraft(input: CreateDraftInput!): Draft
    "Changes content and metadata while drafting or revised. Send the version you read."
    updateDraft(input: UpdateDraftInput!): Draft
    "Adds or replaces one language's texts and sets its translation status."
    setTranslation(input: SetTranslationInput!): Draft
    "Opens now, or schedules for later when opensAt is in the future."
    openConsultation(input: OpenConsultationInput!): Draft
    extendConsultation(input: ExtendConsultationInput!): Draft
    closeConsultation(id: ID!, expectedVersion: Int!): Draft
    reviseDraft(input: ReviseDraftInput!): Draft
    promulgateDraft(input: PromulgateDraftInput!): Draft
    amendDraft(id: ID!, expectedVersion: Int!, amendedByDraftId: ID!): Draft
    repealDraft(id: ID!, expectedVersion: Int!, repealedByDraftId: ID!): Draft
    "Network admins: an API client for a partner system. The key is shown once."
    createApiClient(name: String!, organizationId: ID!, roles: [Role!]!): ApiKeyPayload
    rotateApiKey(clientId: ID!): ApiKeyPayload
    revokeApiClient(clientId: ID!): ApiClient
  }

  type Subscription {
    "Draft events as they happen, over Server-Sent Events; only events the caller may see."
    draftEvents(filter: DraftEventFilter): DraftEvent!
  }

  type Network {
    services: [ServiceStatus!]!
    "Live subscriptions (draftEvents, notificationAdded) this gateway replica is serving."
    liveSubscriptions: Int!
    "This gateway replica: its version, and whether it is ready (its store and NATS answer)."
    gateway: GatewayStatus!
    "NATS as this gateway replica sees it."
    nats: NatsStatus!
    """
    Network admins: the outbox backlog of the gateway and of each backend (events committed and
    waiting to be published to NATS); a backlog that grows means a relay cannot publish.
    """
    outbox: [OutboxStatus!]!
  }

  type GatewayStatus {
    version: String!
    status: ServingStatus!
  }

  type NatsStatus {
    status: ServingStatus!
    "Round trip of one ping from this gateway, in ms; null when NATS did not answer."
    rttMs: Float
  }

  type OutboxStatus {
    "gateway, draft, outreach, feedback or notification"
    service: String!
    "UNREACHABLE when the process did not answer; its counts are then null."
    status: ServingStatus!
    "Events waiting to be published."
    pending: Float
    "Events published since the store was created."
    published: Float
    "Commit time of the oldest waiting event; null when nothing waits."
    oldestPendingAt: DateTime
  }

  type ServiceStatus {
    "draft, outreach, feedback or notification"
    name: String!
    status: ServingStatus!
  }

  enum ServingStatus {
    "Ready: its store and NATS answer."
    SERVING
    "Running, but not ready (starting, shutting down, or a dependency is down)."
    NOT_SERVING
    "No answer within the deadline."
    UNREACHABLE
  }

  enum Role {
    NETWORK_ADMIN
    AGENCY_EDITOR
    UNIT_OFFICER
    PRESS_PARTNER
    PARTNER_SYSTEM
    PUBLIC
  }

  type Me {
    id: ID!
    kind: String!
    displayName: String
    roles: [Role!]!
    organization: Organization
    units: [Unit!]!
  }

  type SignInPayload {
    token: String!
    expiresAt: DateTime!
    me: Me!
  }

  type ApiClient {
    id: ID!
    name: String!
    organization: Organization
    roles: [Role!]!
    revoked: Boolean!
    createdAt: DateTime!
  }

  type ApiKeyPayload {
    client: ApiClient!
    "Send as X-Api-Key. Shown only now: only a hash is kept."
    key: String!
  }

  enum UnitLevel {
    PROVINCE
    DISTRICT
    COMMUNE
    WARD
    TOWN
  }

  type Unit {
    id: ID!
    name: String!
    level: UnitLevel!
    parent: Unit
    children(includeInactive: Boolean = false): [Unit!]!
    "False for units merged away in the 2025 reform that still appear in older data."
    active: Boolean!
    demo: Boolean!
  }

  enum OrganizationKind {
    DRAFTING_AGENCY
    PRESS_AGENCY
    UNIT_OFFICE
    PARTNER_SYSTEM
  }

  type Organization {
    id: ID!
    name: String!
    kind: OrganizationKind!
    unit: Unit
    demo: Boolean!
  }

  type Spokesperson {
    id: ID!
    name: String!
    position: String!
    phone: String!
    email: String!
    organization: Organization
    demo: Boolean!
  }

  enum DraftStatus {
    DRAFTING
    CONSULTATION_SCHEDULED
    IN_CONSULTATION
    CONSULTATION_CLOSED
    REVISED
    PROMULGATED
    AMENDED
    REPEALED
  }

  enum TranslationStatus {
    MISSING
    DRAFT
    APPROVED
  }

  enum DraftSort {
    UPDATED_AT
    CREATED_AT
    CLOSES_AT
    CODE
  }

  """
  The kind of legal document a draft is, which sets its minimum consultation length on the draft
  service: DOCUMENT_TYPES lists them all, CONSULTATION_MINIMUMS changes one (for example
  provincial_decision=3m for a short demo). Defaults in brackets. The values are spelled as the
  draft service spells them, so "provincial_decision" in variables is still accepted.
  """
  enum DocumentType {
    "Luật: a law of the National Assembly [30 days]."
    law
    "Pháp lệnh: an ordinance of the Standing Committee [30 days]."
    ordinance
    "Nghị quyết: a resolution of the National Assembly or its Standing Committee [30 days]."
    resolution
    "Nghị định: a decree of the Government [30 days]."
    decree
    "Quyết định: a decision of the Prime Minister [20 days]."
    decision
    "Thông tư: a circular of a ministry [20 days]."
    circular
    "Nghị quyết của HĐND tỉnh: a provincial People's Council resolution [20 days]."
    provincial_resolution
    "Quyết định của UBND tỉnh: a provincial People's Committee decision [20 days]."
    provincial_decision
    "Nghị quyết của HĐND xã: a commune People's Council resolution [20 days]."
    commune_resolution
    "Quyết định của UBND xã: a commune People's Committee decision [20 days]."
    commune_decision
  }

  input DraftFilter {
    statuses: [DraftStatus!]
    agencyId: ID
    "Drafts targeting this unit or any unit below it."
    unitId: ID
    "Drafts readable in this language (vi or an approved translation)."
    language: String
    documentType: DocumentType
    "Words of the title; diacritics optional (gia nuoc finds giá nước). 1-4 words of at most 40 characters."
    titleQuery: String
  }

  type DraftConnection {
    edges: [DraftEdge!]!
    pageInfo: PageInfo!
    totalCount: Int!
  }

  type DraftEdge {
    node: Draft!
    cursor: String!
  }

  type PageInfo {
    hasNextPage: Boolean!
    endCursor: String
  }

  type LocalizedText {
    lang: String!
    text: String!
  }

  type Translation {
    lang: String!
    status: TranslationStatus!
  }

  type Draft {
    id: ID!
    "Send it back as expectedVersion with the next change."
    version: Int!
    code: String!
    documentType: DocumentType!
    agency: Organization
    agencyId: ID!
    status: DraftStatus!
    "The language the texts below were served in."
    language: String!
    title: String!
    summary: String
    chapters: [Chapter!]!
    "The title in every language it has."
    titles: [LocalizedText!]!
    translations: [Translation!]!
    contentVersion: Int!
    policyAreas: [String!]!
    targetUnits: [Unit!]!
    ethnicGroups: [String!]!
    audienceGroups: [String!]!
    spokesperson: Spokesperson
    publicDisclosure: Boolean!
    attachments: [Attachment!]!
    consultation: Consultation
    pastConsultations: [Consultation!]!
    promulgation: Promulgation
    amendedBy: Draft
    repealedBy: Draft
    createdAt: DateTime!
    updatedAt: DateTime!
  }

  type Chapter {
    id: ID!
    number: String!
    title: String!
    articles: [Article!]!
  }

  type Article {
    id: ID!
    number: String!
    title: String!
    clauses: [Clause!]!
  }

  type Clause {
    id: ID!
    number: String!
    text: String!
  }

  type Attachment {
    name: String!
    mediaType: String!
    sizeBytes: Float!
    sha256: String!
    url: String!
  }

  type Consultation {
    round: Int!
    opensAt: DateTime!
    closesAt: DateTime!
    languages: [String!]!
    openedAt: DateTime
    closedAt: DateTime
    "schedule or agency"
    closedBy: String
    extensions: [ConsultationExtension!]!
  }

  type ConsultationExtension {
    previousClosesAt: DateTime!
    closesAt: DateTime!
    reason: String!
    at: DateTime!
  }

  type Promulgation {
    documentNumber: String!
    signedOn: String!
    effectiveOn: String!
  }

  type DraftVersion {
    draftId: ID!
    number: Int!
    language: String!
    title: String!
    chapters: [Chapter!]!
    note: String!
    createdAt: DateTime!
  }

  type ArticleChange {
    articleId: ID!
    number: String!
    chapterId: ID!
    "ADDED, REMOVED or CHANGED"
    change: String!
    textDiff: [TextDiffPart!]!
    "The language of textDiff: the first asked for that is published in both versions, else vi."
    language: String!
    "True when the article was too long for a word diff: textDiff replaces the whole text."
    coarse: Boolean!
  }

  type TextDiffPart {
    "EQUAL, INSERT or DELETE"
    op: String!
    text: String!
  }

  type AuditConnection {
    entries: [AuditEntry!]!
    pageInfo: PageInfo!
  }

  type AuditEntry {
    id: ID!
    at: DateTime!
    actorKind: String!
    actorId: String!
    action: String!
    changes: [String!]!
    toVersion: Int!
  }

  input LocalizedTextInput {
    lang: String!
    text: String!
  }

  input ClauseInput {
    id: ID!
    number: String!
    text: [LocalizedTextInput!]!
  }

  input ArticleInput {
    id: ID!
    number: String!
    title: [LocalizedTextInput!]!
    clauses: [ClauseInput!]
  }

  input ChapterInput {
    id: ID!
    number: String!
    title: [LocalizedTextInput!]!
    articles: [ArticleInput!]
  }

  input DraftContentInput {
    title: [LocalizedTextInput!]!
    summary: [LocalizedTextInput!]
    chapters: [ChapterInput!]
  }

  input AttachmentInput {
    name: String!
    mediaType: String!
    sizeBytes: Float!
    sha256: String!
    url: String!
  }

  input TargetInput {
    unitIds: [ID!]
    ethnicGroups: [String!]
    audienceGroups: [String!]
  }

  input CreateDraftInput {
    code: String!
    documentType: DocumentType!
    agencyId: ID!
    content: DraftContentInput!
    policyAreas: [String!]
    target: TargetInput
    spokespersonId: ID
    publicDisclosure: Boolean = true
    attachments: [AttachmentInput!]
  }

  input UpdateDraftInput {
    id: ID!
    expectedVersion: Int!
    content: DraftContentInput
    documentType: DocumentType
    policyAreas: [String!]
    target: TargetInput
    spokespersonId: ID
    publicDisclosure: Boolean
    attachments: [AttachmentInput!]
    note: String
  }

  "One language's texts, by the ids of the draft's chapters, articles and clauses."
  input TranslationTextInput {
    id: ID!
    text: String!
  }

  input SetTranslationInput {
    id: ID!
    expectedVersion: Int!
    lang: String!
    status: TranslationStatus!
    title: String
    summary: String
    "Chapter, article and clause texts by id."
    texts: [TranslationTextInput!]
  }

  input OpenConsultationInput {
    id: ID!
    expectedVersion: Int!
    opensAt: DateTime!
    closesAt: DateTime!
    "Default: vi and every approved translation."
    languages: [String!]
  }

  input ExtendConsultationInput {
    id: ID!
    expectedVersion: Int!
    closesAt: DateTime!
    reason: String!
  }

  input ReviseDraftInput {
    id: ID!
    expectedVersion: Int!
    content: DraftContentInput!
    note: String
  }

  input PromulgateDraftInput {
    id: ID!
    expectedVersion: Int!
    documentNumber: String!
    signedOn: String!
    effectiveOn: String!
  }

  input DraftEventFilter {
    draftId: ID
    agencyId: ID
    "Events of drafts targeting this unit or any unit below it."
    unitId: ID
    "Event names, for example ConsultationOpened."
    types: [String!]
  }

  type DraftEvent {
    "UUIDv7, also the event's id on the bus."
    id: ID!
    "For example ConsultationOpened."
    type: String!
    time: DateTime!
    draftId: ID!
    code: String!
    agencyId: ID!
    title: String!
    languages: [String!]!
    targetUnitIds: [ID!]!
    opensAt: DateTime
    closesAt: DateTime
    correlationId: String!
  }
`;
