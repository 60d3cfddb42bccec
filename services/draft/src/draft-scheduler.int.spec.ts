import { jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { BusNames } from '@pcn/events';
import { runInContext, type CallerIdentity } from '@pcn/platform';
import { readStream, tempDir, uniquePrefix, waitFor, type TempDir } from '@pcn/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadDraftConfig } from './config.js';
import { startDraftService, type DraftService } from './draft-service.js';

// The consultation schedule across replica failures and restarts.
const editor: CallerIdentity = {
  kind: 'user',
  id: 'u-1',
  roles: ['agency_editor'],
  organizationId: 'org-1',
};
let dir: TempDir;
let names: BusNames;
let nc: NatsConnection;
const running = new Set<DraftService>();

async function replica(id: string): Promise<DraftService> {
  const service = await startDraftService(
    loadDraftConfig({
      // Not production, which refuses to start without INTERNAL_SECRET (issue #8).
      NODE_ENV: 'test',
      NATS_URL: inject('natsUrl'),
      BUS_PREFIX: names.prefix,
      SQLITE_FILE: dir.file('draft.db'),
      GRPC_PORT: '0',
      LOG_LEVEL: 'silent',
      REPLICA_ID: id,
      DOCUMENT_TYPES: 'provincial_decision=1s',
      CLOSING_SOON_LEAD: '1s',
      SCHEDULER_INTERVAL_MS: '100',
    }),
    { handleSignals: false },
  );
  running.add(service);
  return service;
}

async function stop(service: DraftService): Promise<void> {
  running.delete(service);
  await service.host.lifecycle.shutdown('test');
}

async function openDraft(
  service: DraftService,
  code: string,
  windowMs: number,
): Promise<{ id: string; closesAt: number }> {
  return runInContext({ correlationId: code, caller: editor }, async () => {
    const d = await service.drafts.createDraft(editor, {
      code,
      documentType: 'provincial_decision',
      agencyId: 'org-1',
      content: { title: { vi: `Dự thảo ${code}` } },
    });
    const closesAt = Date.now() + windowMs;
    await service.drafts.openConsultation(editor, {
      id: d.id,
      expectedVersion: d.version,
      opensAt: new Date().toISOString(),
      closesAt: new Date(closesAt).toISOString(),
    });
    return { id: d.id, closesAt };
  });
}

async function events(draftId: string): Promise<string[]> {
  return (await readStream(await jetstreamManager(nc), names.stream('draft')))
    .map((m) => m.json<{ type: string; subject: string }>())
    .filter((e) => e.subject === draftId)
    .map((e) => e.type.replace('pcn.draft.v1.', ''));
}

beforeAll(async () => {
  dir = await tempDir();
  names = new BusNames(uniquePrefix('sched'));
  nc = await connect({ servers: inject('natsUrl') });
});

afterAll(async () => {
  for (const s of running) await s.host.lifecycle.shutdown('test done');
  await nc.close();
  await dir.remove();
});

describe('the consultation scheduler', () => {
  it('closes on time when the replica holding the schedule stops mid-window', async () => {
    const a = await replica('a');
    const b = await replica('b');
    const { id } = await openDraft(a, 'QD-FAILOVER', 4000);
    await stop(a);
    await waitFor(
      async () => (await b.drafts.getDraft(editor, id)).status === 'consultation_closed',
      {
        timeoutMs: 20_000,
        description: 'replica b closed the consultation',
      },
    );
    await waitFor(async () => (await events(id)).includes('ConsultationClosed'));
    expect((await events(id)).filter((t) => t === 'ConsultationClosed')).toHaveLength(1);
    await stop(b);
  });

  it('closes a consultation whose time passed while no replica ran, once, without a late closing-soon notice', async () => {
    const c = await replica('c');
    const { id, closesAt } = await openDraft(c, 'QD-DOWNTIME', 3000);
    // Stopped well before the closing-soon time (closesAt - 1 s).
    await stop(c);
    expect(Date.now()).toBeLessThan(closesAt - 1000);
    // Nothing runs until the window is over.
    await waitFor(() => Date.now() > closesAt + 200, {
      description: 'the window to pass',
      timeoutMs: 10_000,
    });
    const d = await replica('d');
    await waitFor(
      async () => (await d.drafts.getDraft(editor, id)).status === 'consultation_closed',
      {
        timeoutMs: 20_000,
        description: 'the restarted replica closed it',
      },
    );
    await waitFor(async () => (await events(id)).includes('ConsultationClosed'));
    const types = await events(id);
    expect(types.filter((t) => t === 'ConsultationClosed')).toHaveLength(1);
    expect(types).not.toContain('ConsultationClosingSoon');
  });
});
