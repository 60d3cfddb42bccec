// Outbox benchmark (a script, not a test). In one run, side by side on the same nats-server:
//   1. raw JetStream async publish of N event payloads, 256 in flight (the reference);
//   2. the same N events committed to SQLite in batches (transaction + outbox) while the relay
//      publishes them: events committed *and* published per second;
//   3. SQLite inserts one per transaction against batch inserts, per document.
// Rounds alternate so that machine noise hits both sides alike; medians are reported.
import { performance } from 'node:perf_hooks';
import { createLogger, systemClock } from '@pcn/platform';
import { openSqliteStore, type CollectionSpec } from '@pcn/storage';
import { startNatsServer, tempDir, uniquePrefix } from '@pcn/testing';
import { connectBus, type Bus } from '../connect.js';
import { createEventFactory, type EventEnvelope } from '../envelope.js';
import { BusNames } from '../names.js';
import { OutboxRelay, toOutboxMessage } from '../outbox-relay.js';
import { provisionStreams } from '../provisioning.js';

const N = Number(process.argv[2] ?? 20_000);
const ROUNDS = Number(process.argv[3] ?? 3);
const COMMIT_BATCH = 100;
const IN_FLIGHT = 256;
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
      version: 1,
      opensAt: '2026-12-01T00:00:00+07:00',
      closesAt: '2026-12-21T00:00:00+07:00',
    }),
  );
}

async function rawPublish(bus: Bus, names: BusNames, batch: EventEnvelope[]): Promise<number> {
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
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  return payloads.length / ((performance.now() - t0) / 1000);
}

async function outboxPath(
  bus: Bus,
  names: BusNames,
  batch: EventEnvelope[],
  path: string,
): Promise<number> {
  const store = await openSqliteStore({ path });
  await store.migrate([]);
  const relay = new OutboxRelay({
    store,
    logger,
    holder: 'bench',
    idleMs: 1,
    batchSize: IN_FLIGHT,
    publish: (subject, payload, msgId) => bus.js.publish(subject, payload, { msgID: msgId }),
  });
  const t0 = performance.now();
  relay.start();
  for (let i = 0; i < batch.length; i += COMMIT_BATCH) {
    const chunk = batch.slice(i, i + COMMIT_BATCH);
    await store.transaction((tx) => tx.enqueue(chunk.map((e) => toOutboxMessage(names, e))));
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
  const outbox: number[] = [];
  const single: number[] = [];
  const batched: number[] = [];
  try {
    for (let round = 0; round < ROUNDS; round++) {
      // Fresh streams per side and round, so neither pays for the other's stored messages.
      const rawNames = new BusNames(uniquePrefix('raw'));
      await provisionStreams(bus.jsm, rawNames, logger);
      raw.push(await rawPublish(bus, rawNames, events(N)));
      const outNames = new BusNames(uniquePrefix('out'));
      await provisionStreams(bus.jsm, outNames, logger);
      outbox.push(await outboxPath(bus, outNames, events(N), dir.file(`outbox-${round}.db`)));
      const ins = await insertsPerDoc(dir.file(`inserts-${round}.db`), 5000);
      single.push(ins.singleUs);
      batched.push(ins.batchUs);
      process.stdout.write(
        `round ${round + 1}: raw ${raw.at(-1)?.toFixed(0)}/s, outbox ${outbox.at(-1)?.toFixed(0)}/s, ` +
          `insert ${ins.singleUs.toFixed(1)} µs/doc single vs ${ins.batchUs.toFixed(2)} µs/doc batch\n`,
      );
    }
  } finally {
    await bus.drain();
    await nats.stop();
    await dir.remove();
  }
  const r = median(raw);
  const o = median(outbox);
  const s = median(single);
  const b = median(batched);
  const sample = JSON.stringify(events(1)[0]).length;
  console.log(`\nOutbox benchmark: ${N} events of ~${sample} bytes, ${ROUNDS} rounds, medians`);
  console.log(`  raw JetStream async publish (${IN_FLIGHT} in flight): ${r.toFixed(0)} events/s`);
  console.log(
    `  SQLite commit (batches of ${COMMIT_BATCH}) + outbox relay:  ${o.toFixed(0)} events/s`,
  );
  console.log(`  ratio outbox / raw: ${(o / r).toFixed(2)} (goal >= 0.5)`);
  console.log(
    `  SQLite insert: ${s.toFixed(1)} µs/doc single, ${b.toFixed(2)} µs/doc batch: ${(s / b).toFixed(1)}x (goal >= 10x)`,
  );
}

await main();
