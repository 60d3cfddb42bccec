import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { feedback as pb } from '@pcn/contracts';
import { BusNames, createEventFactory, type EventData, type EventType } from '@pcn/events';
import {
  callUnary,
  createGrpcClient,
  FailedPreconditionError,
  InvalidArgumentError,
  NotFoundError,
  PermissionDeniedError,
  runInContext,
  UnauthenticatedError,
  type CallerIdentity,
} from '@pcn/platform';
import { readStream, tempDir, uniquePrefix, waitFor, type TempDir } from '@pcn/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { draftAudience } from './app/feedback.fixtures.js';
import { loadFeedbackConfig } from './config.js';
import { startFeedbackService, type FeedbackService } from './feedback-service.js';

const DAY = 86_400_000;
const editor: CallerIdentity = {
  kind: 'user',
  id: 'editor-stp',
  roles: ['agency_editor'],
  organizationId: 'org-stp',
};
const otherEditor: CallerIdentity = {
  kind: 'user',
  id: 'editor-syt',
  roles: ['agency_editor'],
  organizationId: 'org-syt',
};
const admin: CallerIdentity = { kind: 'user', id: 'admin-1', roles: ['network_admin'] };
const citizen: CallerIdentity = { kind: 'user', id: 'citizen-1', roles: ['public'] };
const officer: CallerIdentity = {
  kind: 'user',
  id: 'officer-bx',
  roles: ['unit_officer'],
  unitIds: ['bat-xat'],
};
const partner: CallerIdentity = {
  kind: 'api-client',
  id: 'client-portal',
  roles: ['partner_system'],
};
const gateway: CallerIdentity = { kind: 'service', id: 'gateway', roles: [] };

// Moved, never slept: the window and the grace period are crossed by moving this clock.
let offsetMs = 0;
const clock = { now: () => new Date(Date.now() + offsetMs) };

let dir: TempDir;
let prefix: string;
let names: BusNames;
let svc: FeedbackService;
let client: pb.FeedbackServiceClient;
let nc: NatsConnection;
const started = Date.now();

const draftEvents = createEventFactory('draft', clock);
const directoryEvents = createEventFactory('gateway', clock);

async function publish<T extends EventType>(
  factory: ReturnType<typeof createEventFactory>,
  type: T,
  subject: string,
  data: EventData<T>,
) {
  const event = factory.create(type, subject, data);
  await jetstream(nc).publish(names.subjectFor(type), JSON.stringify(event), { msgID: event.id });
  return event;
}

const articles = [
  { id: 'a1', number: '1', heading: { vi: 'Phạm vi' }, clauseIds: ['a1c1', 'a1c2'] },
  { id: 'a2', number: '2', heading: { vi: 'Đối tượng' }, clauseIds: ['a2c1'] },
];

/** Opens a consultation on `draftId` as the draft service would announce it. */
async function openDraft(draftId: string, opensInMs = -DAY, closesInMs = 10 * DAY) {
  const now = clock.now().getTime();
  await publish(draftEvents, 'pcn.draft.v1.DraftCreated', draftId, draftAudience(draftId));
  await publish(draftEvents, 'pcn.draft.v1.ConsultationOpened', draftId, {
    ...draftAudience(draftId),
    opensAt: new Date(now + opensInMs).toISOString(),
    closesAt: new Date(now + closesInMs).toISOString(),
    articles,
  });
}

let published = 0;
/** Waits until the service has handled every draft and directory event published so far. */
async function learnt() {
  await waitFor(() => svc.drafts.handled + svc.units.handled >= published, {
    description: 'the feedback service learnt the events',
  });
}

function as<T>(caller: CallerIdentity | undefined, fn: () => Promise<T>): Promise<T> {
  return runInContext(caller ? { correlationId: 'test', caller } : { correlationId: 'test' }, fn);
}

function comment(overrides: Partial<pb.FeedbackInput> = {}): pb.FeedbackInput {
  return pb.FeedbackInput.fromPartial({
    draftId: 'd-open',
    articleId: 'a1',
    stance: pb.Stance.STANCE_SUGGEST_CHANGE,
    text: 'Đề nghị miễn phí đò ngang cho học sinh.',
    language: 'vi',
    channel: pb.Channel.CHANNEL_WEB,
    submitter: { kind: pb.SubmitterKind.SUBMITTER_KIND_CITIZEN },
    ...overrides,
  });
}

function paper(overrides: Partial<pb.FeedbackInput> = {}): pb.FeedbackInput {
  return comment({
    channel: pb.Channel.CHANNEL_PAPER,
    unitId: 'trinh-tuong',
    receivedAt: new Date(clock.now().getTime() - 3_600_000),
    submitter: {
      kind: pb.SubmitterKind.SUBMITTER_KIND_CITIZEN,
      name: 'Lò Thị Mai',
      externalRef: '',
      organizationName: '',
      contact: undefined,
      onBehalfConsent: {
        given: true,
        method: pb.ConsentMethod.CONSENT_METHOD_PAPER_FORM,
        textVersion: 'form-2026',
        givenAt: undefined,
      },
    },
    ...overrides,
  });
}

const submit = (caller: CallerIdentity | undefined, feedback: pb.FeedbackInput) =>
  as(caller, () => callUnary(client.submitFeedback.bind(client), { feedback }));

const importItems = (
  caller: CallerIdentity | undefined,
  items: pb.FeedbackInput[],
  dryRun = false,
  draftId = 'd-open',
) =>
  as(caller, () =>
    callUnary(client.importFeedback.bind(client), { draftId, draftCode: '', items, dryRun }),
  );

async function list(
  caller: CallerIdentity,
  draftId = 'd-open',
  extra: Partial<pb.ListFeedbackRequest> = {},
) {
  const all: pb.Feedback[] = [];
  let pageToken = '';
  do {
    const page = await as(caller, () =>
      callUnary(
        client.listFeedback.bind(client),
        pb.ListFeedbackRequest.fromPartial({ draftId, pageSize: 100, pageToken, ...extra }),
      ),
    );
    all.push(...page.feedback);
    pageToken = page.nextPageToken;
  } while (pageToken);
  return all;
}

async function feedbackEvents(draftId: string) {
  const jsm = await jetstreamManager(nc);
  return (await readStream(jsm, names.stream('feedback')))
    .map((m) =>
      m.json<{ id: string; type: string; subject: string; data: Record<string, unknown> }>(),
    )
    .filter((e) => e.subject === draftId);
}

async function eventsSettled(draftId: string, count: number) {
  await waitFor(async () => (await feedbackEvents(draftId)).length >= count, {
    description: `${count} feedback events of ${draftId} on the stream`,
  });
  // The outbox is empty: nothing more is on its way.
  await waitFor(async () => (await svc.host.store.outbox.stats()).pending === 0);
  return feedbackEvents(draftId);
}

beforeAll(async () => {
  dir = await tempDir();
  prefix = uniquePrefix('fb');
  names = new BusNames(prefix);
  svc = await startFeedbackService(
    loadFeedbackConfig({
      NODE_ENV: 'test',
      NATS_URL: inject('natsUrl'),
      BUS_PREFIX: prefix,
      SQLITE_FILE: dir.file('feedback.db'),
      GRPC_PORT: '0',
      LOG_LEVEL: 'silent',
      FEEDBACK_PAPER_GRACE_DAYS: '14',
    }),
    // Its group tests group by hand; feedback-grouping.int.spec.ts runs the grouping worker.
    { handleSignals: false, clock, grouping: false },
  );
  client = createGrpcClient(pb.FeedbackServiceClient, `127.0.0.1:${svc.port}`, {
    audience: 'feedback',
  });
  nc = await connect({ servers: inject('natsUrl') });
  await publish(directoryEvents, 'pcn.directory.v1.UnitsChanged', 'directory', {
    units: [
      { id: 'lao-cai', name: 'Tỉnh Lào Cai', level: 'province', path: ['lao-cai'], active: true },
      {
        id: 'bat-xat',
        name: 'Bát Xát',
        level: 'district',
        path: ['lao-cai', 'bat-xat'],
        active: true,
      },
      {
        id: 'trinh-tuong',
        name: 'Trịnh Tường',
        level: 'commune',
        path: ['lao-cai', 'bat-xat', 'trinh-tuong'],
        active: true,
      },
      { id: 'sa-pa', name: 'Sa Pa', level: 'town', path: ['lao-cai', 'sa-pa'], active: true },
    ],
    treeFingerprint: 'a'.repeat(64),
    part: 1,
    parts: 1,
  });
  await openDraft('d-open');
  await openDraft('d-closing');
  await publish(
    draftEvents,
    'pcn.draft.v1.DraftCreated',
    'd-internal',
    draftAudience('d-internal', 'org-stp', false),
  );
  published = 6;
  await learnt();
});

afterAll(async () => {
  client?.close();
  await nc?.close();
  await svc?.host.lifecycle.shutdown('test done');
  await dir?.remove();
});

describe('the feedback service over gRPC', () => {
  it('takes a comment once: FeedbackReceived on the stream exactly once, the same key gives the same comment', async () => {
    const keyed = comment({ idempotencyKey: 'web-form-77', articleId: 'a1', clauseId: 'a1c2' });
    const first = await submit(citizen, keyed);
    expect(first.alreadyKnown).toBe(false);
    expect(first.receiptCode).toMatch(/^[0-9A-Z]{8}$/);
    const again = await submit(citizen, keyed);
    expect(again).toEqual({ ...first, alreadyKnown: true });
    // The same key from someone else is their own comment.
    const other = await submit({ ...citizen, id: 'citizen-2' }, keyed);
    expect(other.feedbackId).not.toBe(first.feedbackId);

    const events = (await eventsSettled('d-open', 2)).filter(
      (e) => e.data.feedbackId === first.feedbackId,
    );
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      type: 'pcn.feedback.v1.FeedbackReceived',
      data: {
        draftId: 'd-open',
        articleId: 'a1',
        clauseId: 'a1c2',
        channel: 'web',
        verified: true,
        receiptCode: first.receiptCode,
        replyTo: { channel: 'in_app', userId: 'citizen-1' },
      },
    });
    expect(JSON.stringify(events[0]?.data)).not.toContain('đò ngang');
  });

  it('takes comments sent at the same time together: each its own answer and event, a refused one spoils nothing', async () => {
    const before = (await svc.host.store.outbox.stats()).published;
    // 40 at once, so that most wait for a commit and share the next one (group commit).
    const inputs = Array.from({ length: 40 }, (_, i) =>
      i % 10 === 3
        ? comment({ articleId: 'a9', idempotencyKey: `burst-bad-${i}` })
        : comment({ idempotencyKey: i % 10 === 7 ? 'burst-twice' : `burst-${i}` }),
    );
    const answers = await Promise.all(
      inputs.map((feedback, i) =>
        runInContext({ correlationId: `burst-${i}`, caller: citizen }, () =>
          callUnary(client.submitFeedback.bind(client), { feedback }).then(
            (ok) => ({ ok, correlationId: `burst-${i}` }),
            (err: unknown) => ({ err }),
          ),
        ),
      ),
    );
    const refused = answers.filter((a) => 'err' in a);
    expect(refused).toHaveLength(4);
    for (const a of refused)
      expect(a).toMatchObject({ err: { violations: [{ field: 'articleId' }] } });
    const taken = answers.flatMap((a) => ('ok' in a ? [a] : []));
    // The same key four times is one comment: three of them are told it was already known.
    const twice = taken.filter(
      (a) => inputs[Number(a.correlationId.slice(6))]?.idempotencyKey === 'burst-twice',
    );
    expect(new Set(twice.map((a) => a.ok.feedbackId)).size).toBe(1);
    expect(twice.filter((a) => a.ok.alreadyKnown)).toHaveLength(3);
    const fresh = taken.filter((a) => !a.ok.alreadyKnown);
    expect(fresh).toHaveLength(33);
    // Each new comment's FeedbackReceived went out once, with its own request's correlation id.
    await waitFor(async () => (await svc.host.store.outbox.stats()).published - before >= 33, {
      description: '33 events published',
    });
    const byFeedback = new Map(
      (await feedbackEvents('d-open'))
        .filter((e) => e.type === 'pcn.feedback.v1.FeedbackReceived')
        .map((e) => [e.data.feedbackId, e] as const),
    );
    for (const a of fresh)
      expect(byFeedback.get(a.ok.feedbackId)).toMatchObject({ correlationId: a.correlationId });
    const stored = await list(admin);
    for (const a of fresh) expect(stored.some((f) => f.id === a.ok.feedbackId)).toBe(true);
  });

  it('counts an SMS the provider re-sends once, replying to the sender in E.164', async () => {
    const sms = comment({
      channel: pb.Channel.CHANNEL_SMS,
      articleId: '',
      text: 'GY dong y',
      channelMessageId: 'esms-msg-1',
      submitter: {
        kind: pb.SubmitterKind.SUBMITTER_KIND_CITIZEN,
        contact: { channel: pb.ContactChannel.CONTACT_CHANNEL_SMS, address: '0912 345 678' },
        name: '',
        externalRef: '',
        organizationName: '',
        onBehalfConsent: undefined,
      },
    });
    const first = await submit(gateway, sms);
    const resent = await submit(gateway, { ...sms, text: 'GY dong y (gui lai)' });
    expect(resent.feedbackId).toBe(first.feedbackId);
    expect(resent.alreadyKnown).toBe(true);
    const events = (await eventsSettled('d-open', 1)).filter(
      (e) => e.data.feedbackId === first.feedbackId,
    );
    expect(events).toHaveLength(1);
    expect(events[0]?.data.replyTo).toEqual({ channel: 'sms', phone: '+84912345678' });
    // Only the gateway's hooks submit SMS.
    await expect(submit(undefined, sms)).rejects.toBeInstanceOf(PermissionDeniedError);
  });

  it('refuses bad comments with the field named, and writes nothing', async () => {
    const before = (await list(admin)).length;
    const eventsBefore = (await feedbackEvents('d-open')).length;
    await expect(submit(citizen, comment({ articleId: 'a9' }))).rejects.toMatchObject({
      violations: [expect.objectContaining({ field: 'articleId' })],
    });
    await expect(submit(citizen, comment({ clauseId: 'a2c1' }))).rejects.toMatchObject({
      violations: [expect.objectContaining({ field: 'clauseId' })],
    });
    await expect(submit(citizen, comment({ text: 'x'.repeat(10_001) }))).rejects.toMatchObject({
      violations: [expect.objectContaining({ field: 'text' })],
    });
    await expect(submit(citizen, comment({ text: '   ' }))).rejects.toBeInstanceOf(
      InvalidArgumentError,
    );
    await expect(
      submit(
        citizen,
        comment({
          demographics: {
            ethnicGroup: 'mong',
            gender: pb.Gender.GENDER_FEMALE,
            ageBand: pb.AgeBand.AGE_BAND_UNSPECIFIED,
            consent: undefined,
          },
        }),
      ),
    ).rejects.toMatchObject({
      violations: [expect.objectContaining({ field: 'demographics.consent' })],
    });
    await expect(submit(citizen, comment({ language: 'zz-ZZZZ-invalid' }))).rejects.toMatchObject({
      violations: [expect.objectContaining({ field: 'language' })],
    });
    await expect(submit(citizen, comment({ stance: 99 as pb.Stance }))).rejects.toMatchObject({
      violations: [expect.objectContaining({ field: 'stance' })],
    });
    await expect(submit(citizen, comment({ draftId: 'd-nowhere' }))).rejects.toBeInstanceOf(
      NotFoundError,
    );
    await expect(submit(citizen, comment({ draftId: 'd-internal' }))).rejects.toBeInstanceOf(
      NotFoundError,
    );
    await expect(submit(undefined, comment())).rejects.toMatchObject({
      violations: [
        expect.objectContaining({ field: 'submitter.name' }),
        expect.objectContaining({ field: 'submitter.contact' }),
      ],
    });
    expect((await list(admin)).length).toBe(before);
    expect((await feedbackEvents('d-open')).length).toBe(eventsBefore);
  });

  it('imports with an outcome per item, all accepted ones in one commit; a dry run writes nothing; 1,001 items are refused whole', async () => {
    const known = await submit(officer, paper({ idempotencyKey: 'form-1' }));
    const items = [
      paper({ idempotencyKey: 'form-1' }),
      paper({ idempotencyKey: 'form-2', text: '' }),
      paper({ idempotencyKey: 'form-3', articleId: 'a2', stance: pb.Stance.STANCE_SUPPORT }),
      paper({ idempotencyKey: 'form-4', articleId: 'a7' }),
      paper({ idempotencyKey: 'form-3' }),
      paper({ idempotencyKey: 'form-5', channel: pb.Channel.CHANNEL_VILLAGE_SESSION }),
    ];
    const before = (await list(admin)).length;
    const dry = await importItems(officer, items, true);
    expect(dry.results.map((r) => r.outcome)).toEqual([
      pb.ImportOutcome.IMPORT_OUTCOME_ALREADY_KNOWN,
      pb.ImportOutcome.IMPORT_OUTCOME_REJECTED,
      pb.ImportOutcome.IMPORT_OUTCOME_ACCEPTED,
      pb.ImportOutcome.IMPORT_OUTCOME_REJECTED,
      pb.ImportOutcome.IMPORT_OUTCOME_ALREADY_KNOWN,
      pb.ImportOutcome.IMPORT_OUTCOME_ACCEPTED,
    ]);
    expect(dry).toMatchObject({ accepted: 2, alreadyKnown: 2, rejected: 2, dryRun: true });
    expect(dry.results[2]?.feedbackId).toBe('');
    expect((await list(admin)).length).toBe(before);

    const real = await importItems(officer, items);
    expect(real).toMatchObject({ accepted: 2, alreadyKnown: 2, rejected: 2, dryRun: false });
    expect(real.results[0]?.feedbackId).toBe(known.feedbackId);
    expect(real.results[1]?.violations.map((v) => v.field)).toEqual(['items[1].text']);
    expect(real.results[3]?.violations.map((v) => v.field)).toEqual(['items[3].articleId']);
    // Within one batch the second copy of a key gets the first one's id.
    expect(real.results[4]?.feedbackId).toBe(real.results[2]?.feedbackId);
    expect((await list(admin)).length).toBe(before + 2);

    // The same import again: nothing new.
    const replay = await importItems(officer, items);
    expect(replay).toMatchObject({ accepted: 0, alreadyKnown: 4, rejected: 2 });
    const ids = [known.feedbackId, real.results[2]?.feedbackId, real.results[5]?.feedbackId];
    const events = (await eventsSettled('d-open', 3)).filter((e) =>
      ids.includes(e.data.feedbackId as string),
    );
    expect(events.map((e) => e.data.feedbackId).sort()).toEqual([...ids].sort());

    const tooMany = Array.from({ length: 1001 }, (_, i) => paper({ idempotencyKey: `bulk-${i}` }));
    await expect(importItems(officer, tooMany)).rejects.toMatchObject({
      violations: [expect.objectContaining({ field: 'items' })],
    });
    expect((await list(admin)).length).toBe(before + 2);
  });

  it('imports 1,000 comments in one call, each FeedbackReceived exactly once, and the same import again adds nothing', async () => {
    await openDraft('d-bulk');
    published += 2;
    await learnt();
    const items = Array.from({ length: 1000 }, (_, i) =>
      paper({
        draftId: '',
        idempotencyKey: `village-2026-12-${i}`,
        text: `Ý kiến số ${i}: đề nghị giữ nguyên mức phí đò ngang cho người dân vùng cao.`,
      }),
    );
    const first = await importItems(officer, items, false, 'd-bulk');
    expect(first).toMatchObject({ accepted: 1000, alreadyKnown: 0, rejected: 0 });
    const again = await importItems(officer, items, false, 'd-bulk');
    expect(again).toMatchObject({ accepted: 0, alreadyKnown: 1000, rejected: 0 });
    expect(again.results.map((r) => r.feedbackId)).toEqual(first.results.map((r) => r.feedbackId));
    const events = await eventsSettled('d-bulk', 1000);
    expect(events).toHaveLength(1000);
    expect(new Set(events.map((e) => e.data.feedbackId)).size).toBe(1000);
    expect((await list(admin, 'd-bulk')).length).toBe(1000);
  });

  it('checks role and scope on every mutation', async () => {
    const item = paper({ idempotencyKey: 'scope-1' });
    // Import: a citizen, an officer for another unit, anonymous, another agency's editor.
    await expect(importItems(citizen, [item])).rejects.toBeInstanceOf(PermissionDeniedError);
    await expect(importItems(undefined, [item])).rejects.toBeInstanceOf(UnauthenticatedError);
    await expect(importItems(partner, [item])).rejects.toBeInstanceOf(PermissionDeniedError);
    await expect(
      importItems(officer, [item, paper({ idempotencyKey: 'scope-2', unitId: 'sa-pa' })]),
    ).rejects.toMatchObject({ reason: 'OUTSIDE_SCOPE' });
    await expect(importItems(otherEditor, [item])).rejects.toBeInstanceOf(PermissionDeniedError);
    // Submitting for others: officers only, in their scope.
    await expect(submit(citizen, paper())).rejects.toBeInstanceOf(PermissionDeniedError);
    await expect(submit(undefined, paper())).rejects.toBeInstanceOf(UnauthenticatedError);
    await expect(submit(officer, paper({ unitId: 'sa-pa' }))).rejects.toMatchObject({
      reason: 'OUTSIDE_SCOPE',
    });
    await expect(
      submit(citizen, comment({ channel: pb.Channel.CHANNEL_PARTNER })),
    ).rejects.toBeInstanceOf(PermissionDeniedError);

    const { feedbackId } = await submit(citizen, comment({ idempotencyKey: 'scope-target' }));
    const moderate = (caller: CallerIdentity | undefined) =>
      as(caller, () =>
        callUnary(client.moderateFeedback.bind(client), {
          feedbackId,
          decision: pb.ModerationDecision.MODERATION_DECISION_PUBLISH,
          reason: pb.HideReason.HIDE_REASON_UNSPECIFIED,
        }),
      );
    const answer = (caller: CallerIdentity | undefined) =>
      as(caller, () =>
        callUnary(
          client.answerFeedback.bind(client),
          pb.AnswerFeedbackRequest.fromPartial({
            target: { $case: 'feedbackId', value: feedbackId },
            draftId: 'd-open',
            outcome: pb.AnswerOutcome.ANSWER_OUTCOME_NOTED,
            reason: 'Đã ghi nhận.',
          }),
        ),
      );
    const publishAnswers = (caller: CallerIdentity | undefined) =>
      as(caller, () =>
        callUnary(client.publishAnswers.bind(client), { draftId: 'd-open', feedbackIds: [] }),
      );
    const listAll = (caller: CallerIdentity | undefined) =>
      as(caller, () =>
        callUnary(
          client.listFeedback.bind(client),
          pb.ListFeedbackRequest.fromPartial({ draftId: 'd-open' }),
        ),
      );
    for (const action of [moderate, answer, publishAnswers, listAll]) {
      await expect(action(undefined)).rejects.toBeInstanceOf(UnauthenticatedError);
      await expect(action(citizen)).rejects.toMatchObject({ reason: 'ROLE_NOT_ALLOWED' });
      await expect(action(officer)).rejects.toMatchObject({ reason: 'ROLE_NOT_ALLOWED' });
      await expect(action(partner)).rejects.toBeInstanceOf(PermissionDeniedError);
      await expect(action(otherEditor)).rejects.toMatchObject({ reason: 'OUTSIDE_SCOPE' });
    }
    // Flags: signed-in people only.
    await moderate(editor);
    const flag = (caller: CallerIdentity | undefined) =>
      as(caller, () => callUnary(client.flagFeedback.bind(client), { feedbackId, reason: 0 }));
    await expect(flag(undefined)).rejects.toBeInstanceOf(UnauthenticatedError);
    await expect(flag(partner)).rejects.toBeInstanceOf(PermissionDeniedError);
    expect(await flag(citizen)).toEqual({ flagCount: 1, alreadyFlagged: false });
    expect(await flag(citizen)).toEqual({ flagCount: 1, alreadyFlagged: true });
    expect(await flag(officer)).toEqual({ flagCount: 2, alreadyFlagged: false });
  });

  it('moderates, answers in two stages and tells the submitter through FeedbackAnswered', async () => {
    await openDraft('d-round');
    published += 2;
    await learnt();
    const on = (overrides: Partial<pb.FeedbackInput>) =>
      comment({ draftId: 'd-round', ...overrides });
    const withPhone = await submit(
      citizen,
      on({ text: 'Liên hệ tôi qua 0912.345.678 hoặc a.b@example.vn, CCCD 001203004567.' }),
    );
    const spam = await submit(citizen, on({ text: 'Mua bán đất giá rẻ!!!' }));
    const anonymous = await submit(
      undefined,
      on({
        stance: pb.Stance.STANCE_QUESTION,
        language: 'hmn',
        text: 'Puas yuav them nqi li cas?',
        submitter: {
          kind: pb.SubmitterKind.SUBMITTER_KIND_CITIZEN,
          name: 'Vàng A Sùng',
          contact: { channel: pb.ContactChannel.CONTACT_CHANNEL_ZALO, address: '8123456789' },
          externalRef: '',
          organizationName: '',
          onBehalfConsent: undefined,
        },
        demographics: {
          ethnicGroup: 'mong',
          gender: pb.Gender.GENDER_MALE,
          ageBand: pb.AgeBand.AGE_BAND_30_TO_44,
          consent: {
            given: true,
            method: pb.ConsentMethod.CONSENT_METHOD_ONLINE,
            textVersion: 'pdp-1',
            givenAt: undefined,
          },
        },
      }),
    );
    const moderate = (feedbackId: string, decision: pb.ModerationDecision, reason = 0) =>
      as(editor, () =>
        callUnary(client.moderateFeedback.bind(client), {
          feedbackId,
          decision,
          reason: reason,
        }),
      );
    const PUBLISH = pb.ModerationDecision.MODERATION_DECISION_PUBLISH;
    const HIDE = pb.ModerationDecision.MODERATION_DECISION_HIDE;
    await expect(moderate(spam.feedbackId, HIDE)).rejects.toMatchObject({
      violations: [expect.objectContaining({ field: 'reason' })],
    });
    await moderate(withPhone.feedbackId, PUBLISH);
    await moderate(anonymous.feedbackId, PUBLISH);
    const hidden = await moderate(spam.feedbackId, HIDE, pb.HideReason.HIDE_REASON_SPAM);
    expect(hidden.feedback?.state).toBe(pb.FeedbackState.FEEDBACK_STATE_HIDDEN);

    const publicList = () =>
      as(undefined, () =>
        callUnary(client.listPublicFeedback.bind(client), {
          draftId: 'd-round',
          articleId: '',
          pageSize: 50,
          pageToken: '',
        }),
      );
    let pub = await publicList();
    expect(pub.feedback.map((f) => f.id)).toEqual([withPhone.feedbackId, anonymous.feedbackId]);
    expect(pub.feedback[0]?.text).toBe('Liên hệ tôi qua [phone] hoặc [email], CCCD [id-number].');
    expect(pub.hidden).toEqual([{ reason: pb.HideReason.HIDE_REASON_SPAM, count: 1 }]);
    expect(JSON.stringify(pub)).not.toContain('Vàng A Sùng');
    expect(JSON.stringify(pub)).not.toContain('8123456789');

    // Ethnicity per person: network admins only; contact too.
    const byAdmin = await list(admin, 'd-round');
    const byEditor = await list(editor, 'd-round');
    const adminView = byAdmin.find((f) => f.id === anonymous.feedbackId);
    const editorView = byEditor.find((f) => f.id === anonymous.feedbackId);
    expect(adminView?.demographics?.ethnicGroup).toBe('mong');
    expect(adminView?.contact?.address).toBe('8123456789');
    expect(editorView?.demographics).toBeUndefined();
    expect(editorView?.contact).toBeUndefined();
    expect(editorView?.submitterName).toBe('Vàng A Sùng');
    const queue = await list(editor, 'd-round', {
      states: [pb.FeedbackState.FEEDBACK_STATE_HIDDEN],
    });
    expect(queue.map((f) => f.id)).toEqual([spam.feedbackId]);

    // Stage one: answered, not public.
    const answer = (feedbackId: string, changedArticleIds: string[] = []) =>
      as(editor, () =>
        callUnary(
          client.answerFeedback.bind(client),
          pb.AnswerFeedbackRequest.fromPartial({
            target: { $case: 'feedbackId', value: feedbackId },
            draftId: 'd-round',
            outcome: pb.AnswerOutcome.ANSWER_OUTCOME_NOTED,
            reason: 'Mức phí được quy định tại Điều 2.',
            changedArticleIds,
          }),
        ),
      );
    await expect(answer(anonymous.feedbackId, ['a9'])).rejects.toMatchObject({
      violations: [expect.objectContaining({ field: 'changedArticleIds[0]' })],
    });
    await expect(answer(spam.feedbackId)).rejects.toBeInstanceOf(FailedPreconditionError);
    expect(await answer(anonymous.feedbackId, ['a2'])).toEqual({
      feedbackIds: [anonymous.feedbackId],
      answeredCount: 1,
    });
    pub = await publicList();
    expect(pub.feedback.find((f) => f.id === anonymous.feedbackId)?.answer).toBeUndefined();
    const before = (await feedbackEvents('d-round')).length;

    // Stage two: published, and the submitter is told on their channel, in their language.
    const done = await as(editor, () =>
      callUnary(client.publishAnswers.bind(client), { draftId: 'd-round', feedbackIds: [] }),
    );
    expect(done).toEqual({ feedbackIds: [anonymous.feedbackId], publishedCount: 1 });
    const events = await eventsSettled('d-round', before + 1);
    const answered = events.filter((e) => e.type === 'pcn.feedback.v1.FeedbackAnswered');
    expect(answered).toHaveLength(1);
    expect(answered[0]?.data).toMatchObject({
      feedbackId: anonymous.feedbackId,
      outcome: 'noted',
      reason: 'Mức phí được quy định tại Điều 2.',
      changedArticleIds: ['a2'],
      language: 'hmn',
      receiptCode: anonymous.receiptCode,
      replyTo: { channel: 'zalo', zaloUserId: '8123456789' },
    });
    expect(events.filter((e) => e.type === 'pcn.feedback.v1.FeedbackModerated')).toHaveLength(3);
    pub = await publicList();
    expect(pub.feedback.find((f) => f.id === anonymous.feedbackId)?.answer?.outcome).toBe(
      pb.AnswerOutcome.ANSWER_OUTCOME_NOTED,
    );
    // Publishing again tells nobody twice.
    expect(
      await as(editor, () =>
        callUnary(client.publishAnswers.bind(client), { draftId: 'd-round', feedbackIds: [] }),
      ),
    ).toEqual({ feedbackIds: [], publishedCount: 0 });
  });

  it('answers a whole group at once, leaving hidden copies out', async () => {
    await openDraft('d-group');
    published += 2;
    await learnt();
    const copies = [];
    for (let i = 0; i < 3; i++)
      copies.push(
        await submit({ ...citizen, id: `campaign-${i}` }, comment({ draftId: 'd-group' })),
      );
    const ids = copies.map((c) => c.feedbackId);
    expect((await svc.repo.listUngrouped('d-group', 10, null)).items.map((r) => r.id)).toEqual(ids);
    await svc.repo.assignGroup(ids, {
      id: 'g-1',
      exactKey: 'de nghi',
      representativeId: ids[0] ?? '',
    });
    expect((await svc.repo.listUngrouped('d-group', 10, null)).items).toEqual([]);
    await as(editor, () =>
      callUnary(client.moderateFeedback.bind(client), {
        feedbackId: ids[2] ?? '',
        decision: pb.ModerationDecision.MODERATION_DECISION_HIDE,
        reason: pb.HideReason.HIDE_REASON_OFFENSIVE,
      }),
    );
    const answered = await as(editor, () =>
      callUnary(
        client.answerFeedback.bind(client),
        pb.AnswerFeedbackRequest.fromPartial({
          target: { $case: 'groupId', value: 'g-1' },
          draftId: 'd-group',
          outcome: pb.AnswerOutcome.ANSWER_OUTCOME_PARTLY_ACCEPTED,
          reason: 'Tiếp thu một phần: miễn phí cho học sinh tiểu học.',
          changedArticleIds: ['a1'],
        }),
      ),
    );
    expect(answered).toEqual({ feedbackIds: ids.slice(0, 2), answeredCount: 2 });
    const published2 = await as(editor, () =>
      callUnary(client.publishAnswers.bind(client), { draftId: 'd-group', feedbackIds: [] }),
    );
    expect(published2.publishedCount).toBe(2);
    const events = await eventsSettled('d-group', 3 + 1 + 2);
    expect(
      events
        .filter((e) => e.type === 'pcn.feedback.v1.FeedbackAnswered')
        .map((e) => [e.data.feedbackId, e.data.groupId]),
    ).toEqual([
      [ids[0], 'g-1'],
      [ids[1], 'g-1'],
    ]);
  });

  it('closes by the clock; paper forms received before the close are taken within the grace period', async () => {
    // d-closing closes 10 days after it opened.
    offsetMs = 10 * DAY + 60_000;
    try {
      await expect(submit(citizen, comment({ draftId: 'd-closing' }))).rejects.toMatchObject({
        reason: 'CONSULTATION_CLOSED',
      });
      const receivedBefore = new Date(started + 9 * DAY);
      const late = await submit(
        officer,
        paper({ draftId: 'd-closing', receivedAt: receivedBefore, idempotencyKey: 'late-1' }),
      );
      expect(late.alreadyKnown).toBe(false);
      await expect(
        submit(
          officer,
          paper({ draftId: 'd-closing', receivedAt: new Date(clock.now().getTime() - 1000) }),
        ),
      ).rejects.toMatchObject({ reason: 'RECEIVED_AFTER_CLOSE' });
      // In an import, each item is judged by its own received date.
      const mixed = await importItems(
        officer,
        [
          paper({ draftId: '', receivedAt: receivedBefore, idempotencyKey: 'late-2' }),
          paper({ draftId: '', receivedAt: new Date(clock.now().getTime() - 1000) }),
        ],
        false,
        'd-closing',
      );
      expect(mixed.results.map((r) => [r.outcome, r.reason])).toEqual([
        [pb.ImportOutcome.IMPORT_OUTCOME_ACCEPTED, ''],
        [pb.ImportOutcome.IMPORT_OUTCOME_REJECTED, 'RECEIVED_AFTER_CLOSE'],
      ]);
      offsetMs = 24 * DAY + 120_000;
      await expect(
        submit(officer, paper({ draftId: 'd-closing', receivedAt: receivedBefore })),
      ).rejects.toMatchObject({ reason: 'GRACE_PERIOD_OVER' });
      // A replay of a comment already taken still gets it back.
      expect(
        (
          await submit(
            officer,
            paper({ draftId: 'd-closing', receivedAt: receivedBefore, idempotencyKey: 'late-1' }),
          )
        ).feedbackId,
      ).toBe(late.feedbackId);
    } finally {
      offsetMs = 0;
    }
  });

  it('learns an extension and the close from the draft events', async () => {
    const now = clock.now().getTime();
    await publish(draftEvents, 'pcn.draft.v1.DraftUpdated', 'd-open', {
      ...draftAudience('d-open'),
      changedFields: ['consultation.closesAt'],
      opensAt: new Date(now - DAY).toISOString(),
      closesAt: new Date(now + 40 * DAY).toISOString(),
    });
    published += 1;
    await learnt();
    offsetMs = 20 * DAY;
    try {
      expect((await submit(citizen, comment())).alreadyKnown).toBe(false);
      await publish(draftEvents, 'pcn.draft.v1.ConsultationClosed', 'd-open', {
        ...draftAudience('d-open'),
        opensAt: new Date(now - DAY).toISOString(),
        closesAt: new Date(now + 40 * DAY).toISOString(),
        closedAt: clock.now().toISOString(),
        closedBy: 'agency',
      });
      published += 1;
      await learnt();
      await expect(submit(citizen, comment())).rejects.toMatchObject({
        reason: 'CONSULTATION_CLOSED',
      });
    } finally {
      offsetMs = 0;
    }
  });
});
