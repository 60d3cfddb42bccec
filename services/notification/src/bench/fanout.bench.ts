// Fan-out benchmark (a script, not a test). In one run, on one nats-server:
//   1. for each audience size (10,000 and 100,000 by default), the notification service, as its own
//      process, fans one ConsultationOpened out to every subscriber and delivers each message to an
//      in-process recording sink (its SMS provider replaced): deliveries per second from the
//      event's publish to the last message at the sink, and the service's peak RSS;
//   2. raw core NATS publish (flushed) of 100,000 messages of the same size as one delivered
//      message, the reference.
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { connect } from '@nats-io/transport-node';
import { jetstream } from '@nats-io/jetstream';
import { BusNames } from '@pcn/events';
import { openStore } from '@pcn/storage';
import { spawnProcess, startNatsServer, tempDir, uniquePrefix } from '@pcn/testing';
import {
  deliveriesCollection,
  notificationCollections,
} from '../infra/notification.collections.js';
import { seededConsultationOpened, seedSmsSubscribers } from '../testing/seed-subscribers.js';

const SIZES = (process.argv[2] ?? '10000,100000,300000').split(',').map(Number);
const RAW = Number(process.argv[3] ?? 100_000);
const SINK = fileURLToPath(new URL('./sink-service.js', import.meta.url));

interface Run {
  recipients: number;
  seconds: number;
  perSecond: number;
  peakRssMb: number;
  messageBytes: number;
  /** Heap in use right after a full GC at the end: what the service keeps. */
  retainedHeapMb: number;
}

async function fanOut(natsUrl: string, recipients: number): Promise<Run> {
  await using dir = await tempDir('pcn-bench-fanout-');
  const store = await openStore({ kind: 'sqlite', path: dir.file('notification.db') });
  await seedSmsSubscribers(store, recipients);
  await store.close();
  const prefix = uniquePrefix('bench');
  const flags = [
    '--expose-gc',
    ...(process.env.BENCH_PROFILE ? ['--cpu-prof', '--cpu-prof-dir=/tmp/prof'] : []),
    ...(process.env.BENCH_NODE_FLAGS?.split(' ').filter(Boolean) ?? []),
  ];
  const service = spawnProcess(process.execPath, [...flags, SINK], {
    NODE_ENV: 'production',
    LOG_LEVEL: 'info',
    NATS_URL: natsUrl,
    BUS_PREFIX: prefix,
    SQLITE_FILE: dir.file('notification.db'),
    GRPC_PORT: '0',
    // Random-looking: production refuses guessable secrets.
    NOTIFICATION_LINK_SECRET: 'Rk8Vn2Qx5Lw9Tz1Hc4Jm7Pb0Gd3Sf6Ya-bench-link',
    INTERNAL_SECRET: 'Wm3Zq7Tx1Kv5Nc9Lb2Hr6Pd0Jf4Sg8Ye-bench-internal',
    BENCH_TARGET: String(recipients),
  });
  try {
    await service.waitForLine(/gRPC serving/, 60_000);
    const nc = await connect({ servers: natsUrl });
    const names = new BusNames(prefix);
    const event = seededConsultationOpened('d-bench');
    const publishedAt = Date.now();
    await jetstream(nc).publish(names.subjectFor(event.type), JSON.stringify(event), {
      msgID: event.id,
    });
    const done = await service.waitForLine(
      /SINK_DONE count=(\d+) at=(\d+) peakRssKb=(\d+) bytes=(\d+) retainedHeapMb=([\d.]+)/,
      600_000,
    );
    await nc.close();
    // The sink only counts: the delivery log shows they were distinct deliveries, one each.
    const log = await openStore({ kind: 'sqlite', path: dir.file('notification.db') });
    await log.migrate(notificationCollections);
    const sent = await log.collection(deliveriesCollection).count({ state: 'sent' });
    await log.close();
    if (sent !== recipients) throw new Error(`delivery log has ${sent} sent, not ${recipients}`);
    if (process.env.BENCH_VERBOSE)
      console.log(service.lines.filter((l) => l.startsWith('DETAIL')).join('\n'));
    const seconds = (Number(done[2]) - publishedAt) / 1000;
    return {
      recipients,
      seconds,
      perSecond: recipients / seconds,
      peakRssMb: Number(done[3]) / 1024,
      messageBytes: Number(done[4]),
      retainedHeapMb: Number(done[5]),
    };
  } finally {
    service.kill('SIGTERM');
    await service.exited;
  }
}

/** Core NATS publish of `count` messages of `bytes` each, flushed to the server: the reference. */
async function rawCorePublish(natsUrl: string, count: number, bytes: number): Promise<number> {
  const nc = await connect({ servers: natsUrl });
  const payload = new Uint8Array(bytes).fill(120);
  const t0 = performance.now();
  for (let i = 0; i < count; i++) nc.publish('bench.raw.sms', payload);
  await nc.flush();
  const perSecond = count / ((performance.now() - t0) / 1000);
  await nc.close();
  return perSecond;
}

async function main(): Promise<void> {
  await using nats = await startNatsServer();
  const runs: Run[] = [];
  for (const size of SIZES) {
    const run = await fanOut(nats.url, size);
    runs.push(run);
    console.log(
      `fan-out ${size.toLocaleString('en')} recipients: ${run.seconds.toFixed(2)} s, ` +
        `${Math.round(run.perSecond).toLocaleString('en')} deliveries/s, peak RSS ${run.peakRssMb.toFixed(0)} MB, ` +
        `heap after GC ${run.retainedHeapMb.toFixed(0)} MB`,
    );
  }
  const bytes = runs[0]?.messageBytes ?? 400;
  const raw = await rawCorePublish(nats.url, RAW, bytes);
  console.log(
    `raw core NATS publish of ${RAW.toLocaleString('en')} × ${bytes} B: ${Math.round(raw).toLocaleString('en')} msg/s`,
  );
  // The issue's figure is the 100,000-recipient run; larger runs show where memory levels off.
  const headline = runs.find((r) => r.recipients === 100_000) ?? runs.at(-1);
  if (headline) {
    console.log(
      `ratio (fan-out ${headline.recipients.toLocaleString('en')} / raw publish): ${(headline.perSecond / raw).toFixed(3)}; ` +
        `1,000,000 recipients would take ${(1_000_000 / headline.perSecond).toFixed(0)} s (goal ≤ 60 s, ≥ 16,700/s)`,
    );
  }
  console.log(
    `peak RSS by audience: ${runs
      .map((r) => `${r.recipients.toLocaleString('en')} → ${r.peakRssMb.toFixed(0)} MB`)
      .join(
        ', ',
      )}; heap after GC: ${runs.map((r) => `${r.retainedHeapMb.toFixed(0)} MB`).join(', ')}`,
  );
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
