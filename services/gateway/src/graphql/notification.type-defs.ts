/**
 * Notifications: subscriptions with consent, the in-app inbox, and the network admins' views of
 * deliveries, templates, subscribers and alerts. Root field names (subscribe, confirmSubscription,
 * unsubscribe, myNotifications, markNotificationsRead, deliveries, notificationAdded) are part of
 * the contract: never rename them. Contact data (addresses) is served only to the subscriber
 * itself and to network admins; the notification service enforces it.
 */
export const notificationTypeDefs = /* GraphQL */ `
  extend type Query {
    "Signed in: your own subscriptions, with their contact points."
    mySubscriptions: [Subscriber!]!
    "Signed in: your in-app notifications, newest first."
    myNotifications(
      first: Int = 20
      after: String
      unreadOnly: Boolean = false
    ): NotificationConnection!
    "Network admins: the delivery log (ids, states and reasons; never contact data)."
    deliveries(filter: DeliveryFilter, first: Int = 50, after: String): DeliveryConnection!
    "Network admins: message templates per event type, channel and language."
    notificationTemplates(filter: NotificationTemplateFilter): [NotificationTemplate!]!
    "Network admins: unsaved text, or the stored template a reader of the language gets, rendered with sample values."
    previewNotificationTemplate(
      input: PreviewNotificationTemplateInput!
    ): NotificationTemplatePreview!
    "Network admins: event type × channel pairs without a template of their own in these languages."
    missingTranslations(languages: [String!]!): [MissingTranslation!]!
    "Network admins: subscribers."
    subscribers(filter: SubscriberFilter, first: Int = 50, after: String): SubscriberConnection!
    "The subscriber itself (signed in) or a network admin; null when not found or not yours."
    subscriber(id: ID!): Subscriber
    "Network admins: operational alerts of the notification service, newest first."
    notificationAlerts(first: Int = 50): [NotificationAlert!]!
  }

  extend type Mutation {
    """
    Public: subscribes with explicit consent. Each contact point gets a code (email also a link) to
    confirm it; nothing else is sent before. Signed-in users also get the in-app channel. Subscribing
    again with a contact of a pending sign-up resumes it (same subscriberId, the new preferences, a
    new code). Codes are capped per contact, per destination and per client address each hour
    (RATE_LIMITED, with extensions.retryAfterSeconds).
    """
    subscribe(input: SubscribeInput!): SubscribePayload
    "Public: confirms one contact point with its code, or with the token of a verification link."
    confirmSubscription(input: ConfirmSubscriptionInput!): ConfirmSubscriptionPayload
    """
    Public: sends a new code to one contact point of a subscriber; the earlier code stops working.
    Codes are capped per contact, per destination and per client address each hour (RATE_LIMITED,
    with extensions.retryAfterSeconds). A contact already confirmed gets nothing, with the same answer.
    """
    resendVerificationCode(input: ResendVerificationCodeInput!): ResendVerificationCodePayload
    "Public with the token of an unsubscribe link; signed in for your own subscriber (or as admin)."
    unsubscribe(input: UnsubscribeInput!): UnsubscribePayload
    "The subscriber itself or a network admin. Send the version you read."
    updateNotificationPreferences(input: UpdateNotificationPreferencesInput!): Subscriber
    "Signed in: marks these notifications, or all unread ones, as read."
    markNotificationsRead(ids: [ID!], all: Boolean = false): MarkNotificationsReadPayload
    "Network admins: adds or replaces a template; unknown variables are refused."
    saveNotificationTemplate(input: SaveNotificationTemplateInput!): NotificationTemplate
    "Network admins: removes a translation (the vi template, every language's fallback, stays)."
    deleteNotificationTemplate(
      eventType: String!
      channel: NotificationChannel!
      language: String!
    ): Boolean
    "The subscriber itself or a network admin: erases its personal data (the log keeps only ids)."
    eraseSubscriber(id: ID!): Boolean
  }

  extend type Subscription {
    "Signed in: your in-app notifications as they arrive, over Server-Sent Events."
    notificationAdded: InboxItem!
  }

  enum NotificationChannel {
    EMAIL
    SMS
    ZALO
    WEBHOOK
    IN_APP
  }

  enum SubscriberKind {
    CITIZEN
    OFFICER
    PRESS
    PARTNER_SYSTEM
  }

  enum SubscriberStatus {
    "No contact point confirmed yet."
    PENDING
    ACTIVE
    OPTED_OUT
  }

  enum DigestMode {
    IMMEDIATE
    DAILY
  }

  enum TopicKind {
    POLICY_AREA
    DRAFT
  }

  enum DeliveryState {
    QUEUED
    SENT
    DELIVERED
    FAILED
    DEFERRED
    SUPPRESSED
  }

  enum DeliveryKind {
    EVENT
    DIGEST
    VERIFICATION
  }

  input ContactPointInput {
    "Any channel but IN_APP, which comes from signing in."
    channel: NotificationChannel!
    "An email address, a Vietnamese phone number, a Zalo user id or an https:// URL."
    address: String!
    "Webhooks only: the secret deliveries are signed with (32-256 characters)."
    secret: String
  }

  input TopicInput {
    kind: TopicKind!
    "A policy area (land, water...) or a draft id."
    value: String!
    "Default: the subscriber's default channels."
    channels: [NotificationChannel!]
  }

  input QuietHoursInput {
    "HH:MM local time."
    start: String!
    end: String!
    "IANA time zone; default Asia/Ho_Chi_Minh."
    timeZone: String
  }

  input ConsentInput {
    "Must be true: consent is explicit, never implied."
    given: Boolean!
    "The version of the consent text shown to the person."
    textVersion: String!
    "How it was given: web_form (default for people) or api (default for API clients)."
    method: String
  }

  input SubscribeInput {
    kind: SubscriberKind = CITIZEN
    "BCP 47 language tag for messages, such as vi or hmn."
    language: String!
    contacts: [ContactPointInput!]
    "Units followed, each with the units below it."
    unitIds: [ID!]
    topics: [TopicInput!]
    "Default: every channel of the contacts."
    defaultChannels: [NotificationChannel!]
    digest: DigestMode = IMMEDIATE
    quietHours: QuietHoursInput
    consent: ConsentInput!
  }

  type PendingVerification {
    channel: NotificationChannel!
    "link_or_code (email) or code"
    method: String!
    expiresAt: DateTime
  }

  type SubscribePayload {
    subscriberId: ID!
    "The contact points waiting for confirmation."
    verifications: [PendingVerification!]!
  }

  input ResendVerificationCodeInput {
    subscriberId: ID!
    "EMAIL, SMS, ZALO or WEBHOOK."
    channel: NotificationChannel!
  }

  type ResendVerificationCodePayload {
    subscriberId: ID!
    verification: PendingVerification!
  }

  "Either subscriberId, channel and code, or the token of a verification link."
  input ConfirmSubscriptionInput {
    subscriberId: ID
    channel: NotificationChannel
    code: String
    token: String
  }

  type ConfirmSubscriptionPayload {
    subscriberId: ID!
    channel: NotificationChannel!
    status: SubscriberStatus!
  }

  "Either the token of an unsubscribe link, or (signed in) a subscriber and optionally one channel."
  input UnsubscribeInput {
    token: String
    subscriberId: ID
    "Default: every channel."
    channel: NotificationChannel
  }

  type UnsubscribePayload {
    subscriberId: ID!
    "The channel opted out of; null when all."
    channel: NotificationChannel
  }

  "Fields given replace the current value; fields left out are kept. quietHours: null removes them."
  input UpdateNotificationPreferencesInput {
    subscriberId: ID!
    expectedVersion: Int!
    language: String
    unitIds: [ID!]
    topics: [TopicInput!]
    defaultChannels: [NotificationChannel!]
    digest: DigestMode
    quietHours: QuietHoursInput
  }

  type ContactPoint {
    channel: NotificationChannel!
    address: String!
    verified: Boolean!
    verifiedAt: DateTime
    optedOutAt: DateTime
    "Webhooks: disabled after repeated failures."
    disabledAt: DateTime
  }

  type Topic {
    kind: TopicKind!
    value: String!
    channels: [NotificationChannel!]!
  }

  type QuietHours {
    start: String!
    end: String!
    timeZone: String!
  }

  type ConsentRecord {
    purpose: String!
    channel: NotificationChannel!
    method: String!
    textVersion: String!
    givenAt: DateTime
    verifiedAt: DateTime
    withdrawnAt: DateTime
  }

  type Subscriber {
    id: ID!
    "Send it back as expectedVersion with the next change."
    version: Int!
    kind: SubscriberKind!
    status: SubscriberStatus!
    language: String!
    contacts: [ContactPoint!]!
    unitIds: [ID!]!
    units: [Unit!]!
    topics: [Topic!]!
    defaultChannels: [NotificationChannel!]!
    digest: DigestMode!
    quietHours: QuietHours
    consents: [ConsentRecord!]!
    createdAt: DateTime
    updatedAt: DateTime
  }

  type SubscriberConnection {
    items: [Subscriber!]!
    pageInfo: PageInfo!
  }

  input SubscriberFilter {
    status: SubscriberStatus
    "Subscribers following this unit."
    unitId: ID
  }

  type InboxItem {
    id: ID!
    "For example ConsultationOpened."
    type: String!
    "The full event type, for example pcn.draft.v1.ConsultationOpened."
    eventType: String!
    draftId: ID
    title: String!
    body: String!
    createdAt: DateTime
    readAt: DateTime
    read: Boolean!
  }

  type NotificationConnection {
    items: [InboxItem!]!
    pageInfo: PageInfo!
    unreadCount: Int!
  }

  type MarkNotificationsReadPayload {
    marked: Int!
  }

  input DeliveryFilter {
    sourceEventId: ID
    subscriberId: ID
    channel: NotificationChannel
    state: DeliveryState
  }

  type Delivery {
    id: ID!
    kind: DeliveryKind!
    sourceEventId: ID!
    eventType: String!
    subscriberId: ID!
    channel: NotificationChannel!
    language: String
    state: DeliveryState!
    attempts: Int!
    "When a deferred or retrying delivery is queued again."
    notBefore: DateTime
    reason: String
    providerMessageId: String
    createdAt: DateTime
    updatedAt: DateTime
  }

  type DeliveryStateCount {
    state: DeliveryState!
    count: Int!
  }

  type DeliveryConnection {
    items: [Delivery!]!
    pageInfo: PageInfo!
    "Deliveries per state for the same filter, without its state."
    counts: [DeliveryStateCount!]!
  }

  input NotificationTemplateFilter {
    eventType: String
    channel: NotificationChannel
    language: String
  }

  type NotificationTemplate {
    id: ID!
    eventType: String!
    channel: NotificationChannel!
    language: String!
    subject: String!
    body: String!
    updatedAt: DateTime
    updatedBy: String!
  }

  input SaveNotificationTemplateInput {
    "For example pcn.draft.v1.ConsultationOpened."
    eventType: String!
    channel: NotificationChannel!
    language: String!
    "Required for email."
    subject: String = ""
    body: String!
  }

  input PreviewNotificationTemplateInput {
    eventType: String!
    channel: NotificationChannel!
    language: String!
    "Unsaved text; leave body out to preview the stored template (with language fallback)."
    subject: String
    body: String
  }

  type NotificationTemplatePreview {
    subject: String!
    text: String!
    html: String
    "The template language used, after fallback."
    language: String!
    smsSegments: Int!
    "GSM-7 or UCS-2"
    smsEncoding: String!
  }

  type MissingTranslation {
    eventType: String!
    channel: NotificationChannel!
    language: String!
    "What its readers get meanwhile; null when nothing."
    fallbackLanguage: String
  }

  type NotificationAlert {
    id: ID!
    kind: String!
    subscriberId: ID
    channel: NotificationChannel
    message: String!
    createdAt: DateTime
  }
`;
