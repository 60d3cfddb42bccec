// Outbox benchmark (a script, not a test). In one run, side by side on the same nats-server:
//   1. raw JetStream async publish of N event payloads, 256 in flight (the reference);
//   2. the same N events committed to SQLite in batches, each transaction writing the state change
//      (a batch insert) and the outbox rows, while the relay publishes them in strict order:
//      events committed *and* published per second;
//   3. SQLite inserts one per transaction against batch inserts, per document.
// Rounds alternate so that machine noise hits both sides alike; medians are reported.
import { performance } from 'node:perf_hooks';
import { createLogger, systemClock } from '@pcn/platform';
import { openSqliteStore, type CollectionSpec } from '@pcn/storage';
import { startNatsServer, tempDir, uniquePrefix } from '@pcn/testing';
import { connectBus, type Bus } from '../connect.js';
import { createEventFactory, type EventEnvelope } from '../envelope.js';
import { BusNames } from '../names.js';
import { jetStreamPublisher, OutboxRelay, toOutboxMessage } from '../outbox-relay.js';
import { provisionStreams } from '../provisioning.js';

const N = Number(process.argv[2] ?? 20_000);
const ROUNDS = Number(process.argv[3] ?? 3);
const COMMIT_BATCH = 100;
const IN_FLIGHT = 256;
/** The relay's own window (its default); raw is measured at this depth too, for fairness. */
const RELAY_WINDOW = 1024;
const logger = createLogger({ service: 'bench', version: '0', level: 'warn', pretty: false });
const factory = createEventFactory('draft', systemClock);

function events(count: number): EventEnvelope[] {
  return Array.from({ length: count }, (_, i) =>
    factory.create('pcn.draft.v1.ConsultationOpened', `draft-${i}`, {
      draftId: `draft-${i}`,
      code: `QD-${i}`,
      documentType: 'provincial_decision',
      agencyId: 'org-sotp',
      title: { vi: 'Dự thảo Quyết định quy định giá dịch vụ', hmn: 'Daim ntawv txiav txim' },
      languages: ['vi', 'hmn'],
      targetUnitIds: ['unit-sapa', 'unit-bac-ha', 'unit-muong-khuong'],
      ethnicGroups: ['mong', 'dao'],
      audienceGroups: ['border_residents'],
      policyAreas: ['land'],
      publicDisclosure: true,
      version: 1,
      opensAt: '2026-12-01T00:00:00+07:00',
      closesAt: '2026-12-21T00:00:00+07:00',
    }),
  );
}

async function rawPublish(
  bus: Bus,
  names: BusNames,
  batch: EventEnvelope[],
  inFlight: number,
): Promise<number> {
  const payloads = batch.map((e) => ({
    subject: names.subjectFor(e.type),
    payload: JSON.stringify(e),
    id: e.id,
  }));
  const t0 = performance.now();
  let next = 0;
  const worker = async () => {
    while (next < payloads.length) {
      const p = payloads[next++];
      if (p) await bus.js.publish(p.subject, p.payload, { msgID: p.id });
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  return payloads.length / ((performance.now() - t0) / 1000);
}

/** The state each event is about: one document per event, written with it. */
const drafts: CollectionSpec = {
  name: 'bench_drafts',
  indexes: [{ name: 'status', path: 'status' }],
};

async function outboxPath(
  bus: Bus,
  names: BusNames,
  batch: EventEnvelope[],
  path: string,
): Promise<number> {
  const store = await openSqliteStore({ path });
  await store.migrate([drafts]);
  const relay = new OutboxRelay({
    store,
    logger,
    holder: 'bench',
    idleMs: 1,
    batchSize: RELAY_WINDOW,
    publish: jetStreamPublisher(bus.js),
    streamOf: (subject) => names.streamOfSubject(subject),
  });
  const t0 = performance.now();
  relay.start();
  for (let i = 0; i < batch.length; i += COMMIT_BATCH) {
    const chunk = batch.slice(i, i + COMMIT_BATCH);
    // The state change (a batch insert) and its events, in one transaction.
    await store.transaction(async (tx) => {
      await tx
        .collection<{ id: string; status: string; closesAt: string }>(drafts)
        .insertMany(
          chunk.map((e) => ({ id: e.subject, status: 'in_consultation', closesAt: e.time })),
        );
      await tx.enqueue(chunk.map((e) => toOutboxMessage(names, e)));
    });
    relay.notify();
  }
  while ((await store.outbox.stats()).pending > 0) await new Promise((r) => setTimeout(r, 1));
  const seconds = (performance.now() - t0) / 1000;
  await relay.stop();
  const { published } = await store.outbox.stats();
  await store.close();
  if (published !== batch.length) throw new Error(`published ${published} of ${batch.length}`);
  return batch.length / seconds;
}

const docs: CollectionSpec = { name: 'bench_docs', indexes: [{ name: 'status', path: 'status' }] };

async function insertsPerDoc(
  path: string,
  count: number,
): Promise<{ singleUs: number; batchUs: number }> {
  const store = await openSqliteStore({ path });
  await store.migrate([docs]);
  const collection = store.collection<{ id: string; status: string; title: string }>(docs);
  const make = (prefix: string) =>
    Array.from({ length: count }, (_, i) => ({
      id: `${prefix}-${i}`,
      status: 'drafting',
      title: `Dự thảo ${i}`,
    }));
  const singles = make('s');
  let t0 = performance.now();
  for (const d of singles) await collection.insert(d);
  const singleUs = ((performance.now() - t0) * 1000) / count;
  const batch = make('b');
  t0 = performance.now();
  for (let i = 0; i < batch.length; i += 1000)
    await collection.insertMany(batch.slice(i, i + 1000));
  const batchUs = ((performance.now() - t0) * 1000) / count;
  await store.close();
  return { singleUs, batchUs };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

async function main(): Promise<void> {
  const nats = await startNatsServer();
  const dir = await tempDir('pcn-bench-');
  const bus = await connectBus([nats.url], 'bench', logger);
  const raw: number[] = [];
  const rawDeep: number[] = [];
  const outbox: number[] = [];
  const single: number[] = [];
  const batched: number[] = [];
  try {
    for (let round = 0; round < ROUNDS; round++) {
      // Fresh streams per side and round, so neither pays for the other's stored messages.
      const rawNames = new BusNames(uniquePrefix('raw'));
      await provisionStreams(bus.jsm, rawNames, logger);
      raw.push(await rawPublish(bus, rawNames, events(N), IN_FLIGHT));
      const deepNames = new BusNames(uniquePrefix('deep'));
      await provisionStreams(bus.jsm, deepNames, logger);
      rawDeep.push(await rawPublish(bus, deepNames, events(N), RELAY_WINDOW));
      const outNames = new BusNames(uniquePrefix('out'));
      await provisionStreams(bus.jsm, outNames, logger);
      outbox.push(await outboxPath(bus, outNames, events(N), dir.file(`outbox-${round}.db`)));
      const ins = await insertsPerDoc(dir.file(`inserts-${round}.db`), 5000);
      single.push(ins.singleUs);
      batched.push(ins.batchUs);
      process.stdout.write(
        `round ${round + 1}: raw ${raw.at(-1)?.toFixed(0)}/s (${rawDeep.at(-1)?.toFixed(0)}/s at ${RELAY_WINDOW}), outbox ${outbox.at(-1)?.toFixed(0)}/s, ` +
          `insert ${ins.singleUs.toFixed(1)} µs/doc single vs ${ins.batchUs.toFixed(2)} µs/doc batch\n`,
      );
    }
  } finally {
    await bus.drain();
    await nats.stop();
    await dir.remove();
  }
  // The reference is the better raw figure, whichever depth gave it.
  const r = Math.max(median(raw), median(rawDeep));
  const o = median(outbox);
  const s = median(single);
  const b = median(batched);
  const sample = JSON.stringify(events(1)[0]).length;
  console.log(`\nOutbox benchmark: ${N} events of ~${sample} bytes, ${ROUNDS} rounds, medians`);
  console.log(
    `  raw JetStream async publish: ${median(raw).toFixed(0)} events/s with ${IN_FLIGHT} in flight, ` +
      `${median(rawDeep).toFixed(0)} with ${RELAY_WINDOW}`,
  );
  console.log(
    `  SQLite commit (state + outbox, batches of ${COMMIT_BATCH}) + relay (${RELAY_WINDOW} in flight, ordered): ${o.toFixed(0)} events/s`,
  );
  console.log(`  ratio outbox / best raw: ${(o / r).toFixed(2)} (goal >= 0.5)`);
  console.log(
    `  SQLite insert: ${s.toFixed(1)} µs/doc single, ${b.toFixed(2)} µs/doc batch: ${(s / b).toFixed(1)}x (goal >= 10x)`,
  );
}

await main();
