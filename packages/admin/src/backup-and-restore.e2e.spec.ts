import { cp, readFile, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { jetstream, jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { BusNames, createEventFactory, toOutboxMessage } from '@pcn/events';
import { systemClock } from '@pcn/platform';
import {
  startNatsServer,
  streamEventIds,
  tempDir,
  uniquePrefix,
  waitFor,
  type NatsServer,
  type TempDir,
} from '@pcn/testing';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { BackupManifest } from './app/backup-manifest.js';
import type { StatusReport } from './app/status.ports.js';
import { ExitCode } from './exit-codes.js';
import { runAdmin, startBackends, type TestNetwork } from './testing/network.test-helper.js';

// Backup of a running network (real SQLite files, real JetStream), restore into a stopped one
// (a fresh data folder and a fresh nats-server), and the network started again on what came back.
const prefix = uniquePrefix('bak');
const names = new BusNames(prefix);
let source: TempDir;
let target: TempDir;
let backups: TempDir;
let network: TestNetwork | undefined;
let targetNats: NatsServer;

beforeAll(async () => {
  source = await tempDir('pcn-admin-src-');
  target = await tempDir('pcn-admin-dst-');
  backups = await tempDir('pcn-admin-bak-');
  targetNats = await startNatsServer();
}, 30_000);

afterAll(async () => {
  await network?.stop();
  await targetNats?.stop();
  for (const d of [source, target, backups]) await d?.remove();
});

async function withJsm<T>(
  url: string,
  run: (jsm: JetStreamManager, nc: NatsConnection) => Promise<T>,
) {
  const nc = await connect({ servers: url });
  try {
    return await run(await jetstreamManager(nc), nc);
  } finally {
    await nc.close();
  }
}

const event = createEventFactory('draft', systemClock).create(
  'pcn.draft.v1.DraftCreated',
  `draft-backup-${prefix}`,
  {
    draftId: `draft-backup-${prefix}`,
    code: 'BAK-1',
    documentType: 'provincial_decision',
    agencyId: 'org-backup',
    title: { vi: 'Dự thảo sao lưu' },
    languages: ['vi'],
    targetUnitIds: [],
    ethnicGroups: [],
    audienceGroups: [],
    policyAreas: [],
    publicDisclosure: true,
    version: 1,
  },
);

function handledBy(dbFile: string, consumer: string, eventId: string): boolean {
  const db = new Database(dbFile, { readonly: true });
  try {
    return (
      db
        .prepare('SELECT 1 FROM pcn_inbox WHERE consumer = ? AND event_id = ?')
        .get(consumer, eventId) !== undefined
    );
  } finally {
    db.close();
  }
}

describe('pcn-admin backup and restore', () => {
  it('backs up a running network, restores it into a stopped one, and that network comes back up', async () => {
    network = await startBackends({
      natsUrl: inject('natsUrl'),
      busPrefix: prefix,
      dataDir: source,
    });
    const env = network.env;
    // An event as the draft service's relay publishes it; the feedback service takes it in.
    const row = toOutboxMessage(names, event);
    await withJsm(inject('natsUrl'), async (_jsm, nc) => {
      await jetstream(nc).publish(row.subject, row.payload, { msgID: row.id });
    });
    const consumer = names.durable('feedback', 'drafts');
    await waitFor(() => handledBy(source.file('feedback.db'), consumer, event.id));

    const dir = join(backups.path, 'one');
    const backup = await runAdmin(['backup', dir, '--data-dir', source.path, '--json'], env);
    expect(backup.stderr).not.toMatch(/"level":"(error|warn)"/);
    expect(backup.code).toBe(ExitCode.Ok);
    const manifest = backup.json<BackupManifest>();
    expect(manifest.sqlite.map((d) => d.name)).toEqual([
      'draft',
      'outreach',
      'feedback',
      'notification',
    ]);
    expect(
      manifest.streams.find((s) => s.name === names.stream('draft'))?.messages,
    ).toBeGreaterThanOrEqual(1);
    expect(manifest.rewind).toContainEqual(
      expect.objectContaining({ stream: names.stream('draft'), consumer }),
    );
    // The copy holds what the running service had committed.
    expect(handledBy(join(dir, 'sqlite', 'feedback.db'), consumer, event.id)).toBe(true);

    // Never over an existing backup, never under running services.
    const again = await runAdmin(['backup', dir, '--data-dir', source.path], env);
    expect(again.code).toBe(ExitCode.Failed);
    expect(again.stderr).toContain('exists and is not empty');
    const underRunning = await runAdmin(['restore', dir, '--data-dir', target.path], env);
    expect(underRunning.code).toBe(ExitCode.Failed);
    expect(underRunning.stderr).toContain('Stop the network first');

    await network.stop();
    network = undefined;

    const targetEnv = { ...env, NATS_URL: targetNats.url };
    const restore = await runAdmin(['restore', dir, '--data-dir', target.path], targetEnv);
    expect(restore.stderr).not.toMatch(/"level":"(error|warn)"/);
    expect(restore.code).toBe(ExitCode.Ok);
    expect(restore.stdout).toMatch(/^Restored 4 database\(s\) and \d+ stream\(s\)/);
    expect(handledBy(target.file('feedback.db'), consumer, event.id)).toBe(true);
    await withJsm(targetNats.url, async (jsm) => {
      expect(await streamEventIds(jsm, names.stream('draft'))).toContain(event.id);
      const info = await jsm.consumers.info(names.stream('draft'), consumer);
      expect(info.config.deliver_policy).toBe('by_start_sequence');
    });
    // A second restore finds the streams there and touches nothing.
    const twice = await runAdmin(['restore', dir, '--data-dir', target.path], targetEnv);
    expect(twice.code).toBe(ExitCode.Failed);
    expect(twice.stderr).toContain('Streams exist already');

    // The restored network starts, and every consumer catches up (replays are idempotent).
    network = await startBackends({ natsUrl: targetNats.url, busPrefix: prefix, dataDir: target });
    const healthy = await waitFor(
      async () => {
        // This network is the backends alone (what the backup holds): no gateway to ask.
        const run = await runAdmin(
          [
            'status',
            '--json',
            '--max-lag',
            '0',
            '--services',
            'draft,outreach,feedback,notification',
          ],
          network!.env,
        );
        return run.code === ExitCode.Ok ? run.json<StatusReport>() : undefined;
      },
      { timeoutMs: 20_000, description: 'restored network healthy with no consumer lag' },
    );
    expect(healthy.services.every((s) => s.health === 'SERVING')).toBe(true);
  });

  it('backs up the streams alone around a database copy made by another tool (MongoDB)', async () => {
    const env = network!.env;
    const dir = join(backups.path, 'mongo-style');
    const mark = await runAdmin(['backup', dir, '--floors-only', '--json'], env);
    expect(mark.code).toBe(ExitCode.Ok);
    const floors = mark.json<{ rewind: BackupManifest['rewind'] }>().rewind;
    expect(floors).toContainEqual(
      expect.objectContaining({
        stream: names.stream('draft'),
        consumer: names.durable('feedback', 'drafts'),
      }),
    );
    // (mongodump runs here.) Then the streams, with the floors recorded before it.
    const streams = await runAdmin(['backup', dir, '--streams-only', '--json'], env);
    expect(streams.code).toBe(ExitCode.Ok);
    const manifest = streams.json<BackupManifest>();
    expect(manifest.sqlite).toEqual([]);
    expect(manifest.rewind).toEqual(floors);
    expect(manifest.streams.map((s) => s.name)).toContain(names.stream('draft'));
    expect((await runAdmin(['backup', dir, '--streams-only'], env)).code).toBe(ExitCode.Failed);
    const nothing = await runAdmin(
      ['backup', join(backups.path, 'x'), '--streams-only', '--no-jetstream'],
      env,
    );
    expect(nothing.code).toBe(ExitCode.Usage);
  });

  it('refuses a folder that is not a whole backup, and names what is wrong', async () => {
    const empty = await runAdmin(
      ['restore', backups.path, '--data-dir', target.path, '--no-jetstream'],
      {
        DRAFT_GRPC_ADDRESS: '127.0.0.1:9',
        OUTREACH_GRPC_ADDRESS: '127.0.0.1:9',
        FEEDBACK_GRPC_ADDRESS: '127.0.0.1:9',
        NOTIFICATION_GRPC_ADDRESS: '127.0.0.1:9',
      },
    );
    expect(empty.code).toBe(ExitCode.Failed);
    expect(empty.stderr).toContain('holds no manifest.json');

    const stopped = {
      DRAFT_GRPC_ADDRESS: '127.0.0.1:9',
      OUTREACH_GRPC_ADDRESS: '127.0.0.1:9',
      FEEDBACK_GRPC_ADDRESS: '127.0.0.1:9',
      NOTIFICATION_GRPC_ADDRESS: '127.0.0.1:9',
      NATS_URL: targetNats.url,
      BUS_PREFIX: prefix,
    };
    const damaged = join(backups.path, 'damaged');
    await cp(join(backups.path, 'one'), damaged, { recursive: true });
    await truncate(join(damaged, 'sqlite', 'draft.db'), 100);
    const run = await runAdmin(['restore', damaged, '--data-dir', target.path], stopped);
    expect(run.code).toBe(ExitCode.Failed);
    expect(run.stderr).toContain('sqlite/draft.db is 100 bytes');

    const forged = join(backups.path, 'forged');
    await cp(join(backups.path, 'one'), forged, { recursive: true });
    const manifest = JSON.parse(
      await readFile(join(forged, 'manifest.json'), 'utf8'),
    ) as BackupManifest;
    manifest.sqlite[0]!.file = '../../../etc/passwd';
    await writeFile(join(forged, 'manifest.json'), JSON.stringify(manifest));
    const bad = await runAdmin(['restore', forged, '--data-dir', target.path], stopped);
    expect(bad.code).toBe(ExitCode.Failed);
    expect(bad.stderr).toContain('manifest.sqlite[0].file');

    const otherNetwork = await runAdmin(
      ['restore', join(backups.path, 'one'), '--data-dir', target.path],
      {
        ...stopped,
        BUS_PREFIX: 'other',
      },
    );
    expect(otherNetwork.code).toBe(ExitCode.Failed);
    expect(otherNetwork.stderr).toContain(`BUS_PREFIX "${prefix}"`);

    const usage = await runAdmin(['restore', forged, '--sqlite', 'no-equals-sign'], stopped);
    expect(usage.code).toBe(ExitCode.Usage);
    expect((await runAdmin(['backup'], stopped)).code).toBe(ExitCode.Usage);
  });
});
