// A process that dies at a chosen point of the outbox path, for the crash tests:
//   MODE=commit-then-die   commits a state change and its event, then is killed before any relay runs
//   MODE=publish-then-die  runs the relay and is killed right after JetStream acknowledged a publish,
//                          before the outbox row is marked published
import { connectBus, BusNames, OutboxRelay, toOutboxMessage } from '../index.js';
import { createLogger } from '@pcn/platform';
import { openSqliteStore } from '@pcn/storage';
import { consultationOpened, notes, type Note } from './fixture-events.js';

const { SQLITE_FILE, NATS_URL, BUS_PREFIX, MODE, DRAFT_ID } = process.env;
if (!SQLITE_FILE || !NATS_URL || !BUS_PREFIX || !MODE || !DRAFT_ID)
  throw new Error('fixture env missing');
const logger = createLogger({ service: 'fixture', version: '0', level: 'warn', pretty: false });
const names = new BusNames(BUS_PREFIX);
const store = await openSqliteStore({ path: SQLITE_FILE });
await store.migrate([notes]);

if (MODE === 'commit-then-die') {
  const event = consultationOpened(DRAFT_ID);
  await store.transaction(async (tx) => {
    await tx.collection<Note>(notes).insert({ id: DRAFT_ID, text: 'opened' });
    await tx.enqueue([toOutboxMessage(names, event)]);
  });
  process.stdout.write(`committed ${event.id}\n`);
  process.kill(process.pid, 'SIGKILL');
} else {
  const bus = await connectBus([NATS_URL], 'fixture', logger);
  const relay = new OutboxRelay({
    store,
    logger,
    holder: 'crashing-relay',
    publish: async (subject, payload, msgId) => {
      const ack = await bus.js.publish(subject, payload, { msgID: msgId });
      process.stdout.write(`published ${msgId}\n`);
      process.kill(process.pid, 'SIGKILL');
      return ack;
    },
  });
  relay.start();
}
