import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { feedback as pb } from '@pcn/contracts';
import { BusNames, createEventFactory, type EventData, type EventType } from '@pcn/events';
import {
  callUnary,
  createGrpcClient,
  runInContext,
  systemClock,
  type CallerIdentity,
} from '@pcn/platform';
import { readStream, tempDir, uniquePrefix, waitFor, type TempDir } from '@pcn/testing';
import type { Collection, Stored } from '@pcn/storage';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { CAMPAIGN_TEMPLATES, plantedConsultation } from './app/duplicates/campaign.fixtures.js';
import { duplicateRulesFrom, fingerprint } from './app/duplicates/duplicate-rules.js';
import { planGroups } from './app/duplicates/group-decision.js';
import { MemoryIndex } from './app/duplicates/memory-index.fixtures.js';
import { draftAudience } from './app/feedback.fixtures.js';
import type { FeedbackRecord, GroupRecord } from './app/feedback.model.js';
import { loadFeedbackConfig } from './config.js';
import { startFeedbackService, type FeedbackService } from './feedback-service.js';
import { feedbackCollection, groupsCollection } from './infra/feedback.collections.js';

// Grouping through the running service: real nats-server, a real SQLite file, gRPC.

const DAY = 86_400_000;
const CAMPAIGN_MIN = 5;
const editor: CallerIdentity = {
  kind: 'user',
  id: 'editor-stp',
  roles: ['agency_editor'],
  organizationId: 'org-stp',
};
const officer: CallerIdentity = {
  kind: 'user',
  id: 'officer-bx',
  roles: ['unit_officer'],
  unitIds: ['bat-xat'],
};
const citizen = (n: number): CallerIdentity => ({
  kind: 'user',
  id: `citizen-${n}`,
  roles: ['public'],
});

let dir: TempDir;
let prefix: string;
let names: BusNames;
let nc: NatsConnection;
/** Replica A, which holds the grouping lease; B shares its store and bus. */
let svc: FeedbackService;
let client: pb.FeedbackServiceClient;
let replicaB: FeedbackService | undefined;
let clientB: pb.FeedbackServiceClient | undefined;

const draftEvents = createEventFactory('draft', systemClock);
const directoryEvents = createEventFactory('gateway', systemClock);
const articles = [{ id: 'a1', number: '1', heading: { vi: 'Phạm vi' }, clauseIds: ['a1c1'] }];

function config(replica: string) {
  return loadFeedbackConfig({
    NODE_ENV: 'test',
    NATS_URL: inject('natsUrl'),
    BUS_PREFIX: prefix,
    SQLITE_FILE: dir.file('feedback.db'),
    GRPC_PORT: '0',
    LOG_LEVEL: 'silent',
    REPLICA_ID: replica,
    FEEDBACK_CAMPAIGN_MIN_SIZE: String(CAMPAIGN_MIN),
  });
}

// Small batches, so that a stop lands between two of them; a short timer, so that a replica that
// was not nudged (the intake went to the other one) still groups soon.
const pace = { batchSize: 10, intervalMs: 300, leaseTtlMs: 30_000 };

/** Called after each batch any replica commits. */
let afterBatch: (() => void) | undefined;

async function start(replica: string) {
  const service = await startFeedbackService(config(replica), {
    handleSignals: false,
    grouping: { ...pace, onBatch: () => afterBatch?.() },
  });
  const grpc = createGrpcClient(pb.FeedbackServiceClient, `127.0.0.1:${service.port}`, {
    audience: 'feedback',
  });
  return { service, grpc };
}

async function publish<T extends EventType>(
  factory: ReturnType<typeof createEventFactory>,
  type: T,
  subject: string,
  data: EventData<T>,
) {
  const event = factory.create(type, subject, data);
  await jetstream(nc).publish(names.subjectFor(type), JSON.stringify(event), { msgID: event.id });
}

async function openDraft(draftId: string) {
  const now = Date.now();
  await publish(draftEvents, 'pcn.draft.v1.DraftCreated', draftId, draftAudience(draftId));
  await publish(draftEvents, 'pcn.draft.v1.ConsultationOpened', draftId, {
    ...draftAudience(draftId),
    opensAt: new Date(now - DAY).toISOString(),
    closesAt: new Date(now + 10 * DAY).toISOString(),
    articles,
  });
  // Replicas share the draft consumer: ask the store, not one replica's counter.
  await waitFor(async () => (await svc.repo.getDraft(draftId))?.status === 'open', {
    description: `the feedback service learnt ${draftId}`,
  });
}

function as<T>(caller: CallerIdentity, fn: () => Promise<T>): Promise<T> {
  return runInContext({ correlationId: 'test', caller }, fn);
}

function comment(draftId: string, text: string): pb.FeedbackInput {
  return pb.FeedbackInput.fromPartial({
    draftId,
    articleId: 'a1',
    stance: pb.Stance.STANCE_OPPOSE,
    text,
    language: 'vi',
    channel: pb.Channel.CHANNEL_WEB,
    submitter: { kind: pb.SubmitterKind.SUBMITTER_KIND_CITIZEN },
  });
}

function paper(draftId: string, text: string): pb.FeedbackInput {
  return pb.FeedbackInput.fromPartial({
    ...comment(draftId, text),
    channel: pb.Channel.CHANNEL_PAPER,
    unitId: 'trinh-tuong',
    receivedAt: new Date(Date.now() - 3_600_000),
    submitter: {
      kind: pb.SubmitterKind.SUBMITTER_KIND_CITIZEN,
      name: 'Lò Thị Mai',
      onBehalfConsent: {
        given: true,
        method: pb.ConsentMethod.CONSENT_METHOD_PAPER_FORM,
        textVersion: 'form-2026',
      },
    },
  });
}

let citizens = 0;
async function submit(text: string, draftId: string, via = client): Promise<string> {
  const done = await as(citizen(++citizens), () =>
    callUnary(via.submitFeedback.bind(via), { feedback: comment(draftId, text) }),
  );
  return done.feedbackId;
}

async function list(draftId: string, extra: Partial<pb.ListFeedbackRequest> = {}) {
  const all: pb.Feedback[] = [];
  let pageToken = '';
  do {
    const page = await as(editor, () =>
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

/** Waits until each of these comments is in a group, and returns the draft's comments by id. */
async function grouped(draftId: string, ids: readonly string[]) {
  let byId = new Map<string, pb.Feedback>();
  await waitFor(
    async () => {
      byId = new Map((await list(draftId)).map((f) => [f.id, f]));
      return ids.every((id) => byId.get(id)?.group);
    },
    { description: `${ids.length} comments of ${draftId} grouped` },
  );
  return byId;
}

async function feedbackEvents(draftId: string) {
  const jsm = await jetstreamManager(nc);
  return (await readStream(jsm, names.stream('feedback')))
    .map((m) => m.json<{ type: string; subject: string; data: Record<string, unknown> }>())
    .filter((e) => e.subject === draftId);
}

/** Vietnamese without its marks, as SMS often comes. */
function stripMarks(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd').replace(/Đ/g, 'D');
}

const template = CAMPAIGN_TEMPLATES[0] as string;
const words = template.split(' ');
/** Near copies of one campaign text, edited the ways real copies are. */
const copies = [
  template,
  stripMarks(template),
  `Tôi là Lò Văn Minh, công nhân ở xã Trịnh Tường.\n${template}`,
  words.filter((_, i) => i % 9 !== 4).join(' '),
  template.replace(/[.,]/g, '').toLowerCase(),
  `Tôi tên Hoàng Thị Lan ở Bát Xát. ${stripMarks(template).replace(/[.,]/g, ' ')}`,
  template.replace('rất lớn', 'quá lớn').replace('ít nhất ba năm', 'ít nhất hai năm'),
];
const organic = [
  'Đề nghị lắp thêm đèn chiếu sáng trên đường vào bản Lếch Mông, buổi tối học sinh đi học về rất nguy hiểm.',
  'Mức phí đò ngang hiện nay là hợp lý, tôi đồng ý giữ nguyên như dự thảo.',
  'Cần quy định rõ cơ quan nào trả lời kiến nghị của người dân và trong thời hạn bao nhiêu ngày.',
];
// Hostile texts group too, and do not stop the worker.
const hostile = [
  '👍',
  '👍',
  '👎',
  `\u200b\u202e${'ạ̀'.repeat(3)} ${'x'.repeat(9_000)}`,
  `Điều 1\u2028 ${'đ̸̢'.repeat(200)}`,
];

/** Tells the service the unit tree, and waits until the current replica learnt it. */
async function learnUnits() {
  const before = svc.units.handled;
  await publish(directoryEvents, 'pcn.directory.v1.UnitsChanged', 'directory', {
    units: [
      { id: 'lao-cai', name: 'Lào Cai', level: 'province', path: ['lao-cai'], active: true },
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
    ],
    treeFingerprint: 'b'.repeat(64),
    part: 1,
    parts: 1,
  });
  await waitFor(() => svc.units.handled > before, { description: 'the units learnt' });
}

beforeAll(async () => {
  dir = await tempDir();
  prefix = uniquePrefix('fbg');
  names = new BusNames(prefix);
  nc = await connect({ servers: inject('natsUrl') });
  ({ service: svc, grpc: client } = await start('replica-a'));
  await learnUnits();
});

afterAll(async () => {
  client?.close();
  clientB?.close();
  await replicaB?.host.lifecycle.shutdown('test done');
  await svc?.host.lifecycle.shutdown('test done');
  await nc?.close();
  await dir?.remove();
});

describe('grouping duplicates and campaigns in the running service', () => {
  let campaignGroup = '';
  let copyIds: string[] = [];

  it('groups near copies just after intake, flags the campaign past its size, and leaves organic comments alone', async () => {
    await openDraft('d-camp');
    // Below the campaign size first.
    const first: string[] = [];
    for (const text of copies.slice(0, 3)) first.push(await submit(text, 'd-camp'));
    let byId = await grouped('d-camp', first);
    const group = byId.get(first[0] ?? '')?.group;
    expect(group).toMatchObject({ representativeId: first[0], size: 3, campaign: false });
    for (const id of first) expect(byId.get(id)?.group?.id).toBe(group?.id);

    const rest: string[] = [];
    for (const text of copies.slice(3)) rest.push(await submit(text, 'd-camp'));
    const organicIds: string[] = [];
    for (const text of organic) organicIds.push(await submit(text, 'd-camp'));
    const hostileIds: string[] = [];
    for (const text of hostile) hostileIds.push(await submit(text, 'd-camp'));
    copyIds = [...first, ...rest];
    byId = await grouped('d-camp', [...copyIds, ...organicIds, ...hostileIds]);

    // Every copy, however edited, is in the first copy's group: a campaign now.
    for (const id of copyIds)
      expect(byId.get(id)?.group).toEqual({
        id: group?.id,
        exactKey: expect.any(String) as string,
        representativeId: first[0],
        size: copies.length,
        campaign: true,
      });
    campaignGroup = group?.id ?? '';
    // Folding makes the copies without diacritics or punctuation the same text; the edited ones
    // are texts of their own.
    const keyOf = (i: number) => byId.get(copyIds[i] ?? '')?.group?.exactKey;
    expect(keyOf(1)).toBe(keyOf(0));
    expect(keyOf(4)).toBe(keyOf(0));
    expect(new Set(copyIds.map((_, i) => keyOf(i))).size).toBe(copies.length - 2);
    // Organic comments each found a group of their own.
    for (const id of organicIds)
      expect(byId.get(id)?.group).toMatchObject({
        representativeId: id,
        size: 1,
        campaign: false,
      });
    // "👍" twice is one text; "👎" another; the rest stand alone.
    const [up1, up2, down, long, marks] = hostileIds.map((id) => byId.get(id)?.group);
    expect(up2?.id).toBe(up1?.id);
    expect(up1).toMatchObject({ size: 2, campaign: false });
    expect(down?.id).not.toBe(up1?.id);
    expect(new Set([long?.id, marks?.id, up1?.id, group?.id]).size).toBe(4);

    // The group and campaign filters list exactly the copies.
    expect((await list('d-camp', { groupId: campaignGroup })).map((f) => f.id).sort()).toEqual(
      [...copyIds].sort(),
    );
    const campaigns = await as(editor, () =>
      svc.feedback.listFeedback(editor, {
        draftId: 'd-camp',
        states: [],
        after: null,
        descending: false,
        campaign: true,
      }),
    );
    expect(campaigns.items.map((f) => f.id).sort()).toEqual([...copyIds].sort());
  });

  it('answers a whole group of near copies at once; publishing tells each submitter', async () => {
    expect(campaignGroup).not.toBe('');
    const answered = await as(editor, () =>
      callUnary(
        client.answerFeedback.bind(client),
        pb.AnswerFeedbackRequest.fromPartial({
          target: { $case: 'groupId', value: campaignGroup },
          draftId: 'd-camp',
          outcome: pb.AnswerOutcome.ANSWER_OUTCOME_PARTLY_ACCEPTED,
          reason: 'Tiếp thu một phần: mức phí tăng theo lộ trình ba năm.',
          changedArticleIds: ['a1'],
        }),
      ),
    );
    expect(answered.answeredCount).toBe(copies.length);
    expect([...answered.feedbackIds].sort()).toEqual([...copyIds].sort());
    for (const f of await list('d-camp', { groupId: campaignGroup }))
      expect(f.answer).toMatchObject({
        outcome: pb.AnswerOutcome.ANSWER_OUTCOME_PARTLY_ACCEPTED,
        reason: 'Tiếp thu một phần: mức phí tăng theo lộ trình ba năm.',
      });

    const done = await as(editor, () =>
      callUnary(client.publishAnswers.bind(client), { draftId: 'd-camp', feedbackIds: [] }),
    );
    expect(done.publishedCount).toBe(copies.length);
    let answeredEvents: { data: Record<string, unknown> }[] = [];
    await waitFor(
      async () => {
        answeredEvents = (await feedbackEvents('d-camp')).filter(
          (e) => e.type === 'pcn.feedback.v1.FeedbackAnswered',
        );
        return answeredEvents.length >= copies.length;
      },
      { description: 'FeedbackAnswered for each copy' },
    );
    expect(answeredEvents.map((e) => e.data.feedbackId).sort()).toEqual([...copyIds].sort());
    for (const e of answeredEvents) expect(e.data.groupId).toBe(campaignGroup);
  });

  it('groups on one replica at a time: comments taken in by another replica are grouped under the lease holder', async () => {
    ({ service: replicaB, grpc: clientB } = await start('replica-b'));
    await openDraft('d-lease');
    const beforeA = svc.grouping?.grouped ?? 0;
    const ids: string[] = [];
    // Taken in by B, which is nudged after each commit but does not hold the lease.
    for (const text of [...copies.slice(0, 3), ...organic])
      ids.push(await submit(text, 'd-lease', clientB));
    const byId = await grouped('d-lease', ids);
    expect(replicaB.grouping?.grouped).toBe(0);
    expect((svc.grouping?.grouped ?? 0) - beforeA).toBe(ids.length);
    expect(byId.get(ids[2] ?? '')?.group).toMatchObject({ representativeId: ids[0], size: 3 });
    clientB.close();
    await replicaB.host.lifecycle.shutdown('lease test done');
    replicaB = undefined;
    clientB = undefined;
  });

  it('stopped in the middle and started again, it groups the rest and nothing twice', async () => {
    await openDraft('d-restart');
    const planted = plantedConsultation(400, { seed: 11, campaignShare: 0.8 });
    const before = svc.grouping?.grouped ?? 0;
    // Stopped once three batches have committed: the stop lets the batch in progress finish.
    let batches = 0;
    let stopped: Promise<void> | undefined;
    const stopping = svc;
    afterBatch = () => {
      if (++batches === 3) stopped = stopping.grouping?.stop();
    };
    const imported = await as(officer, () =>
      callUnary(client.importFeedback.bind(client), {
        draftId: 'd-restart',
        draftCode: '',
        items: planted.map((c) => paper('d-restart', c.text)),
        dryRun: false,
      }),
    );
    expect(imported.accepted).toBe(planted.length);
    await waitFor(() => stopped !== undefined, { description: 'three batches grouped' });
    afterBatch = undefined;
    client.close();
    await stopped;
    await svc.host.lifecycle.shutdown('restart');
    const groupedBeforeStop = (svc.grouping?.grouped ?? 0) - before;
    // Stopped between two batches, with comments still waiting.
    expect(groupedBeforeStop).toBe(3 * pace.batchSize);

    ({ service: svc, grpc: client } = await start('replica-a'));
    const comments = svc.host.store.collection<FeedbackRecord>(feedbackCollection);
    await waitFor(async () => (await comments.count({ ungrouped_seq: { $gte: '' } })) === 0, {
      description: 'every comment grouped after the restart',
      timeoutMs: 30_000,
    });
    expect(svc.grouping?.grouped).toBe(planted.length - groupedBeforeStop);
    // A consumer that never received a message hangs in stop() (seen without grouping too): give
    // the restarted replica's consumers one each, so that afterAll can shut it down.
    await learnUnits();
    await openDraft('d-after-restart');

    const stored = await all(comments, 'd-restart');
    expect(stored).toHaveLength(planted.length);
    // Written twice, a comment would be at version 3.
    for (const c of stored) expect(c.version).toBe(2);
    // The same groups as one pass in intake order, in memory.
    const rules = duplicateRulesFrom(config('x'));
    const plan = planGroups(
      stored.map((c) => ({
        id: c.id,
        draftId: c.draftId,
        fingerprint: fingerprint(c.text, rules),
      })),
      new MemoryIndex(),
      rules,
    );
    expect(new Map(stored.map((c) => [c.id, c.group]))).toEqual(
      new Map(plan.assignments.map((a) => [a.id, a.group])),
    );
    // Each group's size is its members, counted once.
    const members = new Map<string, number>();
    for (const c of stored)
      members.set(c.group?.id ?? '', (members.get(c.group?.id ?? '') ?? 0) + 1);
    const groups = svc.host.store.collection<GroupRecord>(groupsCollection);
    for (const [id, size] of members) expect((await groups.get(id))?.size).toBe(size);
    // The planted campaigns (seven texts) are flagged; most organic comments stand alone.
    const campaigns = [...members.values()].filter((size) => size >= CAMPAIGN_MIN);
    expect(campaigns.length).toBeGreaterThanOrEqual(7);
  });
});

async function all(
  collection: Collection<FeedbackRecord>,
  draftId: string,
): Promise<Stored<FeedbackRecord>[]> {
  const out: Stored<FeedbackRecord>[] = [];
  let after: string | null = null;
  do {
    const page = await collection.find({
      filter: { draft_id: draftId },
      sort: [{ field: 'id', direction: 'asc' }],
      limit: 1000,
      after,
    });
    out.push(...page.items);
    after = page.nextCursor;
  } while (after !== null);
  return out;
}
