// A consumer that is killed before it can acknowledge the event:
//   MODE=effect-then-die (default)  commits its effect first
//   MODE=die                        dies on receipt, every time (a poison message)
import { connectBus, BusNames, consumerSpec, EventConsumer, idempotent } from '../index.js';
import { createLogger } from '@pcn/platform';
import { openSqliteStore } from '@pcn/storage';
import { effects, type Effect } from './fixture-events.js';

const { SQLITE_FILE, NATS_URL, BUS_PREFIX, MODE = 'effect-then-die' } = process.env;
const maxDeliver = Number(process.env.MAX_DELIVER ?? 5);
const backoffMs = (process.env.BACKOFF_MS ?? '1000,1000').split(',').filter(Boolean).map(Number);
if (!SQLITE_FILE || !NATS_URL || !BUS_PREFIX) throw new Error('fixture env missing');
const logger = createLogger({ service: 'fixture', version: '0', level: 'warn', pretty: false });
const names = new BusNames(BUS_PREFIX);
const store = await openSqliteStore({ path: SQLITE_FILE });
await store.migrate([effects]);
const bus = await connectBus([NATS_URL], 'fixture', logger);
const durable = names.durable('fixture', 'effects');
const effect = idempotent(store, durable, async (tx, event) => {
  await tx.collection<Effect>(effects).insert({ id: `effect-${event.id}`, eventId: event.id });
});
const consumer = new EventConsumer({
  js: bus.js,
  jsm: bus.jsm,
  names,
  spec: consumerSpec({ durable, stream: names.stream('draft'), backoffMs, maxDeliver }),
  types: ['pcn.draft.v1.ConsultationOpened'],
  logger,
  handler: async (event, delivery) => {
    process.stdout.write(`delivery ${delivery.deliveryCount} of ${event.id}\n`);
    if (MODE === 'die') process.kill(process.pid, 'SIGKILL');
    await effect(event, delivery);
    process.stdout.write(`effect committed ${event.id}\n`);
    process.kill(process.pid, 'SIGKILL');
  },
});
consumer.start();
