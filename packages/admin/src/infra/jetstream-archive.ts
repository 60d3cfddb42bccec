import { DeliverPolicy, JetStreamApiError } from '@nats-io/jetstream';
import type { BusNames } from '@pcn/events';
import type { StreamArchive } from '../app/backup.ports.js';
import type { AdminBus } from './admin-bus.js';
import { ownStream } from './jetstream-inspector.js';
import { restoreStream, snapshotStream } from './jetstream-snapshot.js';

export function jetStreamArchive(bus: AdminBus, names: BusNames): StreamArchive {
  const { jsm, nc } = bus;
  return {
    async streams() {
      const out: string[] = [];
      for await (const info of jsm.streams.list())
        if (ownStream(names, info.config.name)) out.push(info.config.name);
      return out.sort();
    },
    async exists(stream) {
      try {
        await jsm.streams.info(stream);
        return true;
      } catch (err) {
        if (err instanceof JetStreamApiError && err.status === 404) return false;
        throw err;
      }
    },
    snapshot: (stream, file) => snapshotStream(nc, stream, file),
    restore: (meta, file) => restoreStream(nc, meta, file),
    async remove(stream) {
      await jsm.streams.delete(stream);
    },
    async ackFloors(streams) {
      const floors = [];
      for (const stream of streams)
        for await (const c of jsm.consumers.list(stream))
          if (c.config.durable_name)
            floors.push({ stream, consumer: c.name, startSeq: c.ack_floor.stream_seq + 1 });
      return floors;
    },
    async rewindConsumer(stream, consumer, startSeq) {
      const info = await jsm.consumers.info(stream, consumer);
      // The deliver policy cannot change in place: the durable is made again, same settings.
      await jsm.consumers.delete(stream, consumer);
      await jsm.consumers.add(stream, {
        ...info.config,
        deliver_policy: DeliverPolicy.StartSequence,
        opt_start_seq: startSeq,
      });
    },
  };
}
