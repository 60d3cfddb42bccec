import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { feedback as pb } from '@pcn/contracts';
import { BusNames, createEventFactory, type EventData, type EventType } from '@pcn/events';
import { callUnary, createGrpcClient, runInContext, type CallerIdentity } from '@pcn/platform';
import { openStore, type Store } from '@pcn/storage';
import {
  freePorts,
  readStream,
  ServiceProcesses,
  tempDir,
  uniquePrefix,
  waitFor,
  type FixtureProcess,
  type TempDir,
} from '@pcn/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { draftAudience } from './app/feedback.fixtures.js';
import { feedbackCollection, feedbackCollections } from './infra/feedback.collections.js';

const ITEMS = 1000;
const officer: CallerIdentity = {
  kind: 'user',
  id: 'officer-bx',
  roles: ['unit_officer'],
  unitIds: ['bat-xat'],
};

let dir: TempDir;
let nc: NatsConnection;
let services: ServiceProcesses;
let watcher: Store;
const prefix = uniquePrefix('fbcrash');
const names = new BusNames(prefix);

async function publish<T extends EventType>(
  source: string,
  type: T,
  subject: string,
  data: EventData<T>,
) {
  const event = createEventFactory(source, { now: () => new Date() }).create(type, subject, data);
  await jetstream(nc).publish(names.subjectFor(type), JSON.stringify(event), { msgID: event.id });
}

/** The built service, as operators run it (the test command builds before the e2e tier). */
async function launch(): Promise<{ process: FixtureProcess; client: pb.FeedbackServiceClient }> {
  const port = await freePorts(1);
  const process = services.launch('feedback', {
    SQLITE_FILE: dir.file('feedback.db'),
    GRPC_PORT: String(port),
  });
  await process.waitForLine(/gRPC serving/);
  const client = createGrpcClient(pb.FeedbackServiceClient, `127.0.0.1:${port}`, {
    audience: 'feedback',
  });
  return { process, client };
}

function items(): pb.FeedbackInput[] {
  return Array.from({ length: ITEMS }, (_, i) =>
    pb.FeedbackInput.fromPartial({
      articleId: 'a1',
      stance: pb.Stance.STANCE_SUPPORT,
      text: `Phiếu số ${i}: đồng ý với mức phí đò ngang.`,
      language: 'vi',
      channel: pb.Channel.CHANNEL_VILLAGE_SESSION,
      unitId: 'trinh-tuong',
      idempotencyKey: `session-2026-12-01-${i}`,
      receivedAt: new Date(Date.now() - 3_600_000),
      submitter: {
        kind: pb.SubmitterKind.SUBMITTER_KIND_CITIZEN,
        onBehalfConsent: { given: true, method: pb.ConsentMethod.CONSENT_METHOD_VERBAL_RECORDED },
      },
    }),
  );
}

const importAll = (client: pb.FeedbackServiceClient, dryRun = false) =>
  runInContext({ correlationId: 'crash', caller: officer }, () =>
    callUnary(client.importFeedback.bind(client), {
      draftId: 'd-crash',
      draftCode: '',
      items: items(),
      dryRun,
    }),
  );

beforeAll(async () => {
  dir = await tempDir('pcn-feedback-crash-');
  services = new ServiceProcesses({
    servicesDir: new URL('../../', import.meta.url),
    natsUrl: inject('natsUrl'),
    busPrefix: prefix,
  });
  nc = await connect({ servers: inject('natsUrl') });
  // The test's own view of the service's SQLite file (WAL: it reads while the service writes).
  watcher = await openStore({ kind: 'sqlite', path: dir.file('feedback.db') });
  await watcher.migrate(feedbackCollections);
}, 60_000);

afterAll(async () => {
  await services?.stopAll('SIGKILL');
  await watcher?.close();
  await nc?.drain();
  await dir?.remove();
});

const gateway: CallerIdentity = { kind: 'service', id: 'gateway', roles: [] };
const SMS = 300;

/** The SMS `i` as the gateway's inbound hook forwards it, with the provider's message id. */
function sms(i: number): pb.FeedbackInput {
  return pb.FeedbackInput.fromPartial({
    draftId: 'd-crash',
    stance: pb.Stance.STANCE_SUPPORT,
    text: `GY QD-CRASH dong y ${i}`,
    language: 'vi',
    channel: pb.Channel.CHANNEL_SMS,
    channelMessageId: `esms-${i}`,
    submitter: {
      kind: pb.SubmitterKind.SUBMITTER_KIND_CITIZEN,
      contact: {
        channel: pb.ContactChannel.CONTACT_CHANNEL_SMS,
        address: `09${String(10_000_000 + i).slice(-8)}`,
      },
    },
  });
}

const submitSms = (client: pb.FeedbackServiceClient, i: number) =>
  runInContext({ correlationId: `sms-${i}`, caller: gateway }, () =>
    callUnary(client.submitFeedback.bind(client), { feedback: sms(i) }),
  );

describe('the feedback service killed in the middle of a 1,000-item import', () => {
  it('holds exactly 1,000 comments after the same import is sent again, each FeedbackReceived once', async () => {
    const first = await launch();
    const audience = draftAudience('d-crash');
    await publish('gateway', 'pcn.directory.v1.UnitsChanged', 'directory', {
      units: [
        { id: 'lao-cai', name: 'Lào Cai', level: 'province', path: ['lao-cai'], active: true },
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
    await publish('draft', 'pcn.draft.v1.ConsultationOpened', 'd-crash', {
      ...audience,
      opensAt: new Date(Date.now() - 86_400_000).toISOString(),
      closesAt: new Date(Date.now() + 86_400_000).toISOString(),
      articles: [{ id: 'a1', number: '1', heading: { vi: 'Phạm vi' }, clauseIds: [] }],
    });
    // Learnt: a dry run accepts every item.
    await waitFor(
      async () => (await importAll(first.client, true).catch(() => null))?.accepted === ITEMS,
      { timeoutMs: 30_000, description: 'the service learnt the draft and the units' },
    );

    const call = importAll(first.client).then(
      () => 'answered',
      () => 'cut off',
    );
    // Killed once the batch is committed and its events are still on their way out, or as soon
    // as the call ends if the relay was quicker than this watch.
    let committed = false;
    await waitFor(
      async () => {
        committed = (await watcher.outbox.stats()).pending > 0;
        return committed || (await Promise.race([call, Promise.resolve('running')])) !== 'running';
      },
      { timeoutMs: 30_000, intervalMs: 2, description: 'the import committed' },
    );
    first.process.kill('SIGKILL');
    await first.process.exited;
    first.client.close();

    const second = await launch();
    const again = await importAll(second.client);
    // Committed before the kill: every item is already known; otherwise all are new now.
    expect(again.accepted + again.alreadyKnown).toBe(ITEMS);
    expect(again.rejected).toBe(0);
    const stored = watcher.collection(feedbackCollection);
    expect(await stored.count({ draft_id: 'd-crash' })).toBe(ITEMS);

    const jsm = await jetstreamManager(nc);
    const received = async () =>
      (await readStream(jsm, names.stream('feedback')))
        .map((m) => m.json<{ type: string; subject: string; data: { feedbackId: string } }>())
        .filter((e) => e.subject === 'd-crash' && e.type === 'pcn.feedback.v1.FeedbackReceived');
    await waitFor(async () => (await received()).length >= ITEMS, {
      timeoutMs: 60_000,
      intervalMs: 200,
      description: `${ITEMS} FeedbackReceived on the stream`,
    });
    await waitFor(async () => (await watcher.outbox.stats()).pending === 0);
    const events = await received();
    expect(events).toHaveLength(ITEMS);
    expect(new Set(events.map((e) => e.data.feedbackId)).size).toBe(ITEMS);
    expect(new Set(again.results.map((r) => r.feedbackId))).toEqual(
      new Set(events.map((e) => e.data.feedbackId)),
    );
    // Caught after the commit (as it is here, with the events still in the outbox): the restarted
    // relay published them, and the resent import created nothing.
    if (committed) expect(again.alreadyKnown).toBe(ITEMS);
    second.client.close();
    second.process.kill('SIGTERM');
    await second.process.exited;
  }, 180_000);
});

describe('the feedback service killed while SMS messages arrive, the provider sending them again', () => {
  it('holds each message once, with one FeedbackReceived each', async () => {
    const first = await launch();
    // Every message the provider sends, at once; the service is killed once some are committed.
    const burst = Promise.allSettled(
      Array.from({ length: SMS }, (_, i) => submitSms(first.client, i)),
    );
    const stored = watcher.collection(feedbackCollection);
    await waitFor(async () => (await stored.count({ channel: 'sms' })) > 0, {
      timeoutMs: 30_000,
      intervalMs: 2,
      description: 'some messages committed',
    });
    first.process.kill('SIGKILL');
    await first.process.exited;
    const before = (await burst).filter((r) => r.status === 'fulfilled').length;
    first.client.close();
    expect(before).toBeLessThan(SMS);

    // The provider re-sends every message it got no answer for, and some it did (it cannot
    // tell): all of them here.
    const second = await launch();
    const again = [];
    for (let i = 0; i < SMS; i++) again.push(await submitSms(second.client, i));
    const ids = new Set(again.map((r) => r.feedbackId));
    expect(ids.size).toBe(SMS);
    expect(await stored.count({ channel: 'sms' })).toBe(SMS);

    const jsm = await jetstreamManager(nc);
    const received = async () =>
      (await readStream(jsm, names.stream('feedback')))
        .map((m) => m.json<{ type: string; data: { feedbackId: string; channel: string } }>())
        .filter((e) => e.type === 'pcn.feedback.v1.FeedbackReceived' && e.data.channel === 'sms');
    await waitFor(async () => (await received()).length >= SMS, {
      timeoutMs: 60_000,
      intervalMs: 200,
      description: `${SMS} FeedbackReceived for the SMS messages`,
    });
    await waitFor(async () => (await watcher.outbox.stats()).pending === 0);
    const events = await received();
    expect(events).toHaveLength(SMS);
    expect(new Set(events.map((e) => e.data.feedbackId))).toEqual(ids);
    second.client.close();
    second.process.kill('SIGTERM');
    await second.process.exited;
  }, 180_000);
});
