// The notification service as the fan-out benchmark runs it: the real service, with its SMS
// provider replaced by an in-process recording sink that counts messages (keeping nothing, so the
// process's memory is the service's). Prints when it has BENCH_TARGET of them, with the peak RSS;
// the benchmark then checks the delivery log for exactly that many distinct deliveries.
import { exitOnBootFailure } from '@pcn/platform';
import { loadNotificationConfig } from '../config.js';
import type { ChannelAdapter, OutboundMessage } from '../infra/channels/channel.js';
import { startNotificationService } from '../notification-service.js';

const target = Number(process.env.BENCH_TARGET ?? 0);
let count = 0;
let sampleBytes = 0;

const sink: ChannelAdapter = {
  channel: 'sms',
  send(message: OutboundMessage) {
    count += 1;
    if (sampleBytes === 0) sampleBytes = Buffer.byteLength(JSON.stringify(message));
    if (count === target) {
      const cpu = process.cpuUsage();
      const m = process.memoryUsage();
      console.log(
        `DETAIL cpu user=${(cpu.user / 1000).toFixed(0)}ms system=${(cpu.system / 1000).toFixed(0)}ms; ` +
          `heapUsed=${(m.heapUsed / 1e6).toFixed(0)}MB heapTotal=${(m.heapTotal / 1e6).toFixed(0)}MB ` +
          `rss=${(m.rss / 1e6).toFixed(0)}MB`,
      );
      const at = Date.now();
      const peakRssKb = process.resourceUsage().maxRSS;
      // What the service still holds once garbage is collected: nothing per recipient.
      globalThis.gc?.();
      const retainedMb = (process.memoryUsage().heapUsed / 1e6).toFixed(1);
      console.log(
        `SINK_DONE count=${count} at=${at} peakRssKb=${peakRssKb} bytes=${sampleBytes} retainedHeapMb=${retainedMb}`,
      );
    }
    return Promise.resolve({ status: 'sent', providerMessageId: null });
  },
  close: () => Promise.resolve(),
};

startNotificationService(loadNotificationConfig(), { adapters: { sms: sink } }).catch(
  exitOnBootFailure,
);
