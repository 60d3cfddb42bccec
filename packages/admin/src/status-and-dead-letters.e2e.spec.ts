import { fileURLToPath } from 'node:url';
import { jetstream, jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { BusNames, createEventFactory, publishDeadLetter } from '@pcn/events';
import { systemClock } from '@pcn/platform';
import { spawnProcess, tempDir, uniquePrefix, waitFor, type TempDir } from '@pcn/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { StatusReport } from './app/status.ports.js';
import { ExitCode } from './exit-codes.js';
import {
  closedPort,
  runAdmin,
  startBackends,
  type TestNetwork,
} from './testing/network.test-helper.js';

// pcn-admin against a real network: nats-server, the gateway and the four backends as processes,
// SQLite files.
const prefix = uniquePrefix('adm');
const names = new BusNames(prefix);
let dir: TempDir;
let gatewayDir: TempDir;
let network: TestNetwork;
let nc: NatsConnection;
let jsm: JetStreamManager;

beforeAll(async () => {
  dir = await tempDir('pcn-admin-');
  gatewayDir = await tempDir('pcn-admin-gateway-');
  network = await startBackends({
    natsUrl: inject('natsUrl'),
    busPrefix: prefix,
    dataDir: dir,
    gatewayDir,
  });
  nc = await connect({ servers: inject('natsUrl') });
  jsm = await jetstreamManager(nc);
}, 60_000);

afterAll(async () => {
  await nc?.close();
  await network?.stop();
  await dir?.remove();
  await gatewayDir?.remove();
});

const admin = (args: string[], env: Record<string, string> = {}) =>
  runAdmin(args, { ...network.env, ...env });

const feedbackDrafts = () => names.durable('feedback', 'drafts');

function draftCreated(id: string) {
  return createEventFactory('draft', systemClock).create('pcn.draft.v1.DraftCreated', id, {
    draftId: id,
    code: `ADM-${id}`,
    documentType: 'provincial_decision',
    agencyId: 'org-admin',
    title: { vi: 'Dự thảo thử nghiệm' },
    languages: ['vi'],
    targetUnitIds: [],
    ethnicGroups: [],
    audienceGroups: [],
    policyAreas: [],
    publicDisclosure: true,
    version: 1,
  });
}

interface Letter {
  id: number;
  consumer: string;
  originalSubject: string;
  reason: string;
}

async function letters(): Promise<Letter[]> {
  const run = await admin(['dead-letters', 'list', '--json', '--limit', '1000']);
  expect(run.code).toBe(ExitCode.Ok);
  return run.json<{ letters: Letter[] }>().letters;
}

/** A dead letter stored as the consumers store them, for an original message of our choice. */
async function storeDeadLetter(
  subject: string,
  data: Uint8Array,
  seq: number,
  traceparent?: string,
): Promise<number> {
  await publishDeadLetter(jetstream(nc), names, {
    traceparent,
    durable: feedbackDrafts(),
    reason: 'handler failed after 6 deliveries: store locked',
    stream: names.stream('draft'),
    streamSequence: seq,
    subject,
    deliveries: 6,
    data,
    // Apart from the letters the consumers stored, which share the default id scheme.
    msgId: `admin-test-${seq}`,
  });
  const found = await waitFor(async () =>
    (await letters()).find(
      (l) => l.originalSubject === subject && l.reason.includes('store locked'),
    ),
  );
  return found.id;
}

async function auditRecord(action: string): Promise<Record<string, unknown>> {
  const msg = await jsm.streams.getMessage(names.auditStream, {
    last_by_subj: names.auditSubject(action),
  });
  return msg!.json<Record<string, unknown>>();
}

describe('pcn-admin status', () => {
  it('shows every service serving with its version and replica, the outbox, and each consumer with its lag', async () => {
    const run = await admin(['status', '--json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(ExitCode.Ok);
    const report = run.json<StatusReport>();
    expect(report.healthy).toBe(true);
    expect(report.services.map((s) => [s.service, s.health, s.version])).toEqual([
      ['gateway', 'SERVING', '0.1.0'],
      ['draft', 'SERVING', '0.1.0'],
      ['outreach', 'SERVING', '0.1.0'],
      ['feedback', 'SERVING', '0.1.0'],
      ['notification', 'SERVING', '0.1.0'],
    ]);
    for (const s of report.services) {
      expect(s.replicaId).toMatch(/-\d+$/);
      expect(Number.isInteger(s.outbox?.pending)).toBe(true);
      expect(Number.isInteger(s.outbox?.published)).toBe(true);
    }
    const draftStream = report.bus.streams.find((s) => s.name === names.stream('draft'));
    expect(draftStream?.consumers.map((c) => c.name)).toContain(feedbackDrafts());
    const consumer = draftStream?.consumers.find((c) => c.name === feedbackDrafts());
    expect(consumer).toMatchObject({ pending: 0, ackPending: 0, stream: names.stream('draft') });
    // Only this network's streams, by prefix.
    expect(report.bus.streams.every((s) => s.name.startsWith(`${prefix}_`))).toBe(true);
  });

  it('prints tables for people', async () => {
    const run = await admin(['status']);
    expect(run.code).toBe(ExitCode.Ok);
    expect(run.stdout).toMatch(/^SERVICE +HEALTH +VERSION/m);
    expect(run.stdout).toMatch(/^gateway +SERVING +0\.1\.0/m);
    expect(run.stdout).toMatch(/^draft +SERVING +0\.1\.0/m);
    expect(run.stdout).toMatch(
      new RegExp(`^${feedbackDrafts()} +${names.stream('draft')} +0 +0`, 'm'),
    );
    expect(run.stdout).toContain('Healthy.');
  });

  it('exits 3 and names the service when one is unreachable', async () => {
    const port = await closedPort();
    const run = await admin(['status', '--json', '--timeout', '1000'], {
      OUTREACH_GRPC_ADDRESS: `127.0.0.1:${port}`,
    });
    expect(run.code).toBe(ExitCode.Unhealthy);
    const report = run.json<StatusReport>();
    expect(report.services.find((s) => s.service === 'outreach')?.health).toBe('UNREACHABLE');
    expect(report.problems).toEqual([
      expect.stringMatching(`^outreach: unreachable at 127.0.0.1:${port}`),
    ]);
    // The others are still reported.
    expect(report.services.filter((s) => s.health === 'SERVING')).toHaveLength(4);
  });

  it('reports the gateway from its /readyz and its operator API, like a backend', async () => {
    const report = (await admin(['status', '--json'])).json<StatusReport>();
    const gateway = report.services.find((s) => s.service === 'gateway');
    expect(gateway).toMatchObject({
      health: 'SERVING',
      version: '0.1.0',
      address: new URL('readyz', network.env['GATEWAY_URL']).href,
    });
    expect(gateway?.replicaId).toMatch(/-\d+$/);
    expect(gateway?.error).toBeUndefined();
    // The gateway's own outbox (the directory's events), as the network query shows it.
    expect(Number.isInteger(gateway?.outbox?.pending)).toBe(true);
    expect(Number.isInteger(gateway?.outbox?.published)).toBe(true);
    expect(new Date(gateway?.startedAt ?? '').getTime()).toBeLessThanOrEqual(Date.now());
  });

  it('exits 3 when the gateway does not answer on /readyz', async () => {
    const port = await closedPort();
    const run = await admin(['status', '--json', '--timeout', '1000'], {
      GATEWAY_URL: `http://127.0.0.1:${port}`,
    });
    expect(run.code).toBe(ExitCode.Unhealthy);
    const report = run.json<StatusReport>();
    expect(report.services[0]).toMatchObject({ service: 'gateway', health: 'UNREACHABLE' });
    expect(report.problems).toEqual([
      expect.stringMatching(`^gateway: unreachable at http://127.0.0.1:${port}/readyz`),
    ]);
  });

  it('without the operator API the gateway is still reported, by its readiness alone', async () => {
    const run = await admin(['status', '--json', '--timeout', '1000'], {
      GATEWAY_ADMIN_GRPC_ADDRESS: `127.0.0.1:${await closedPort()}`,
    });
    expect(run.code).toBe(ExitCode.Ok);
    const gateway = run.json<StatusReport>().services.find((s) => s.service === 'gateway');
    expect(gateway?.health).toBe('SERVING');
    expect(gateway?.version).toBeUndefined();
    expect(gateway?.error).toMatch(/operator API at 127\.0\.0\.1:\d+ did not answer/);
  });

  it('asks only the services named with --services', async () => {
    const run = await admin(['status', '--json', '--services', 'draft,gateway'], {
      OUTREACH_GRPC_ADDRESS: `127.0.0.1:${await closedPort()}`,
    });
    expect(run.code).toBe(ExitCode.Ok);
    expect(run.json<StatusReport>().services.map((s) => s.service)).toEqual(['draft', 'gateway']);
    const unknown = await admin(['status', '--services', 'draft,nope']);
    expect(unknown.code).toBe(ExitCode.Usage);
    expect(unknown.stderr).toContain('unknown service nope');
  });

  it('exits 3 when NATS is unreachable, still reporting the services', async () => {
    const run = await admin(['status', '--json'], {
      NATS_URL: `nats://127.0.0.1:${await closedPort()}`,
    });
    expect(run.code).toBe(ExitCode.Unhealthy);
    const report = run.json<StatusReport>();
    expect(report.bus.reachable).toBe(false);
    expect(report.problems).toEqual([
      expect.stringMatching(/^NATS: unreachable \(Could not reach NATS/),
    ]);
    expect(report.services.every((s) => s.health === 'SERVING')).toBe(true);
  });

  it('refuses bad thresholds and a bad environment with exit 2', async () => {
    expect((await admin(['status', '--max-lag', '-1'])).code).toBe(ExitCode.Usage);
    expect((await admin(['status', '--timeout', 'soon'])).code).toBe(ExitCode.Usage);
    const badEnv = await admin(['status'], { DRAFT_GRPC_ADDRESS: 'no port here' });
    expect(badEnv.code).toBe(ExitCode.Usage);
    expect(badEnv.stderr).toContain('DRAFT_GRPC_ADDRESS');
  });
});

describe('pcn-admin dead-letters', () => {
  it('lists and shows a message a real consumer gave up on, with its reason and payload', async () => {
    const subject = names.subjectFor('pcn.draft.v1.DraftCreated');
    await jetstream(nc).publish(subject, 'not an event {');
    const letter = await waitFor(async () =>
      (await letters()).find(
        (l) => l.consumer === feedbackDrafts() && l.originalSubject === subject,
      ),
    );
    const shown = await admin(['dead-letters', 'show', String(letter.id), '--json']);
    expect(shown.code).toBe(ExitCode.Ok);
    expect(shown.json()).toMatchObject({
      id: letter.id,
      consumer: feedbackDrafts(),
      originalStream: names.stream('draft'),
      originalSubject: subject,
      payload: { encoding: 'utf8', text: 'not an event {' },
      // Published without one (tracing off): none kept.
      traceparent: null,
    });
    expect(shown.json<{ reason: string }>().reason).not.toBe('');
    const human = await admin(['dead-letters', 'show', String(letter.id)]);
    expect(human.stdout).toContain('Payload (utf8):\nnot an event {');
    // The status counts it, and can be told to fail on it.
    const status = await admin(['status', '--json', '--fail-on-dead-letters']);
    expect(status.code).toBe(ExitCode.Unhealthy);
    expect(status.json<StatusReport>().bus.deadLetters).toBeGreaterThan(0);
  });

  it('replays to the original subject, where the consumer handles it; the letter goes and an audit record stays', async () => {
    const event = draftCreated(`draft-replay-${prefix}`);
    const subject = names.subjectFor('pcn.draft.v1.DraftCreated');
    // The original message was traced: the letter keeps its traceparent, and so does the replay.
    const traceparent = `00-${'a1'.repeat(16)}-${'b2'.repeat(8)}-01`;
    const id = await storeDeadLetter(
      subject,
      new TextEncoder().encode(JSON.stringify(event)),
      1,
      traceparent,
    );
    const shown = await admin(['dead-letters', 'show', String(id), '--json']);
    expect(shown.json()).toMatchObject({ id, traceparent });

    const run = await admin(['dead-letters', 'replay', String(id), '--json'], {
      PCN_OPERATOR: 'ops-on-call',
    });
    expect(run.stderr).toMatch(/"msg":"dead letter replayed"/);
    expect(run.code).toBe(ExitCode.Ok);
    const result = run.json<{ entry: { republished: { stream: string; seq: number } } }>();
    expect(result.entry.republished.stream).toBe(names.stream('draft'));
    const republished = await jsm.streams.getMessage(names.stream('draft'), {
      seq: result.entry.republished.seq,
    });
    expect(republished?.header?.get('traceparent')).toBe(traceparent);
    // The feedback consumer acknowledged the republished message: it handled it.
    await waitFor(async () => {
      const info = await jsm.consumers.info(names.stream('draft'), feedbackDrafts());
      return info.ack_floor.stream_seq >= result.entry.republished.seq;
    });
    expect((await letters()).some((l) => l.id === id)).toBe(false);
    expect(await auditRecord('dead-letter-replayed')).toMatchObject({
      action: 'dead-letter-replayed',
      deadLetterId: id,
      consumer: feedbackDrafts(),
      originalSubject: subject,
      operator: 'ops-on-call',
    });
    // The operator's name is in the audit record, never in the log line.
    expect(run.stderr).not.toContain('ops-on-call');
    // Gone: a second replay is refused, nothing republished.
    const again = await admin(['dead-letters', 'replay', String(id)]);
    expect(again.code).toBe(ExitCode.Failed);
    expect(again.stderr).toContain(`Dead letter ${id} was not found`);
  });

  it("refuses to replay a letter whose original subject is not one of the network's", async () => {
    const forged = `$JS.API.STREAM.DELETE.${names.stream('draft')}`;
    const id = await storeDeadLetter(forged, new Uint8Array(0), 2);
    const run = await admin(['dead-letters', 'replay', String(id)]);
    expect(run.code).toBe(ExitCode.Failed);
    expect(run.stderr).toContain('is not an event or work subject of this network');
    // Nothing was published there: the stream is still here, and so is the letter.
    await expect(jsm.streams.info(names.stream('draft'))).resolves.toBeDefined();
    expect((await letters()).some((l) => l.id === id)).toBe(true);
  });

  it('discards with a reason, kept in the audit stream; refuses without one', async () => {
    const subject = names.subjectFor('pcn.draft.v1.DraftUpdated');
    const id = await storeDeadLetter(subject, new TextEncoder().encode('{}'), 3);
    for (const bad of [
      ['dead-letters', 'discard', String(id)],
      ['dead-letters', 'discard', String(id), '--reason', ''],
      ['dead-letters', 'discard', String(id), '--reason', 'x'],
      ['dead-letters', 'discard', String(id), '--reason', 'two\nlines'],
      ['dead-letters', 'discard', String(id), '--reason', 'y'.repeat(501)],
    ]) {
      const run = await admin(bad);
      expect(run.code, bad.join(' ')).toBe(ExitCode.Usage);
    }
    expect((await letters()).some((l) => l.id === id)).toBe(true);

    const reason = 'test event from the load drill; never real';
    const run = await admin(['dead-letters', 'discard', String(id), '--reason', reason]);
    expect(run.code).toBe(ExitCode.Ok);
    expect(run.stdout).toMatch(new RegExp(`^Dead letter ${id} discarded; audit record \\d+`));
    expect(run.stderr).not.toContain(reason);
    expect((await letters()).some((l) => l.id === id)).toBe(false);
    expect(await auditRecord('dead-letter-discarded')).toMatchObject({
      action: 'dead-letter-discarded',
      deadLetterId: id,
      reason,
      originalSubject: subject,
    });
  });

  it('lists the audit records, newest first', async () => {
    const run = await admin(['audit', '--json', '--limit', '10']);
    expect(run.code).toBe(ExitCode.Ok);
    const { records } = run.json<{ records: { action: string; seq: number }[] }>();
    expect(records.map((r) => r.action)).toEqual(['dead-letter-discarded', 'dead-letter-replayed']);
    expect(records[0]!.seq).toBeGreaterThan(records[1]!.seq);
    const human = await admin(['audit']);
    expect(human.stdout).toMatch(/^SEQ +AT +ACTION +OPERATOR/);
    expect(human.stdout).toContain('test event from the load drill; never real');
    expect((await admin(['audit', '--limit', 'all'])).code).toBe(ExitCode.Usage);
  });

  it('answers unknown ids with exit 1 and wrong usage with exit 2', async () => {
    const unknown = await admin(['dead-letters', 'show', '999999']);
    expect(unknown.code).toBe(ExitCode.Failed);
    expect(unknown.stderr).toContain('No dead letter 999999');
    const discardUnknown = await admin([
      'dead-letters',
      'discard',
      '999999',
      '--reason',
      'gone already',
    ]);
    expect(discardUnknown.code).toBe(ExitCode.Failed);
    for (const bad of [
      ['dead-letters', 'show'],
      ['dead-letters', 'show', 'abc'],
      ['dead-letters', 'show', '0'],
      ['dead-letters', 'show', '1e3'],
      ['dead-letters', 'replay', '-5'],
      ['dead-letters', 'list', '--limit', '0'],
      ['dead-letters', 'resurrect', '1'],
      ['dead-letters'],
      ['frobnicate'],
      ['status', '--no-such-flag'],
    ]) {
      const run = await admin(bad);
      expect(run.code, bad.join(' ')).toBe(ExitCode.Usage);
      expect(run.stderr, bad.join(' ')).not.toBe('');
    }
  });

  it('exits 4 with a clear message when NATS is unreachable', async () => {
    const run = await admin(['dead-letters', 'list'], {
      NATS_URL: `nats://127.0.0.1:${await closedPort()}`,
    });
    expect(run.code).toBe(ExitCode.Unreachable);
    expect(run.stderr).toMatch(
      /^Could not reach NATS at nats:\/\/127\.0\.0\.1:\d+ .*check NATS_URL/,
    );
  });
});

describe('the pcn-admin program', () => {
  const main = fileURLToPath(new URL('../dist/main.js', import.meta.url));

  it('runs as a process: help exits 0 and documents the exit codes; misuse exits 2', async () => {
    const help = spawnProcess(process.execPath, [main, '--help']);
    expect(await help.exited).toEqual({ code: 0, signal: null });
    expect(help.lines.join('\n')).toContain('3  status: something is unhealthy');
    expect(help.lines.join('\n')).toMatch(/^\s+erase/m);
    const missing = spawnProcess(process.execPath, [main, 'dead-letters', 'show']);
    expect((await missing.exited).code).toBe(ExitCode.Usage);
    const status = spawnProcess(process.execPath, [main, 'status', '--json'], network.env);
    expect((await status.exited).code).toBe(ExitCode.Ok);
    expect(JSON.parse(status.lines.join('\n'))).toMatchObject({ healthy: true });
  });
});
