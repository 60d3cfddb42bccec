import type { BusNames } from '@pcn/events';
import type { BusInspector, BusReport, StreamReport } from '../app/status.ports.js';
import { connectAdminBus } from './admin-bus.js';

/** This network's streams: all of them without a prefix, else those named `<prefix>_…`. */
export function ownStream(names: BusNames, stream: string): boolean {
  return names.prefix === '' || stream.startsWith(`${names.prefix}_`);
}

/** Streams and consumers as JetStream counts them, on a connection of its own. */
export function jetStreamInspector(servers: readonly string[], names: BusNames): BusInspector {
  return {
    async inspect(): Promise<BusReport> {
      let bus;
      try {
        bus = await connectAdminBus(servers, 3000);
      } catch (err) {
        return { reachable: false, streams: [], deadLetters: 0, error: (err as Error).message };
      }
      try {
        const streams: StreamReport[] = [];
        for await (const info of bus.jsm.streams.list()) {
          if (!ownStream(names, info.config.name)) continue;
          const report: StreamReport = {
            name: info.config.name,
            messages: info.state.messages,
            bytes: info.state.bytes,
            firstSeq: info.state.first_seq,
            lastSeq: info.state.last_seq,
            consumers: [],
          };
          for await (const c of bus.jsm.consumers.list(info.config.name))
            report.consumers.push({
              name: c.name,
              stream: c.stream_name,
              pending: c.num_pending,
              ackPending: c.num_ack_pending,
              redelivered: c.num_redelivered,
              waiting: c.num_waiting,
            });
          report.consumers.sort((a, b) => a.name.localeCompare(b.name));
          streams.push(report);
        }
        streams.sort((a, b) => a.name.localeCompare(b.name));
        const deadLetters = streams.find((s) => s.name === names.deadLetterStream)?.messages ?? 0;
        return { reachable: true, streams, deadLetters };
      } finally {
        await bus.close();
      }
    },
  };
}
