// The notification service as the fan-out benchmark runs it: the real service, with its SMS
// provider replaced by an in-process recording sink. Prints when the sink holds BENCH_TARGET
// messages, with the process's peak RSS.
import { exitOnBootFailure } from '@pcn/platform';
import { loadNotificationConfig } from '../config.js';
import type { ChannelAdapter, OutboundMessage } from '../infra/channels/channel.js';
import { startNotificationService } from '../notification-service.js';

const target = Number(process.env.BENCH_TARGET ?? 0);
const seen = new Set<string>();
let sampleBytes = 0;

const sink: ChannelAdapter = {
  channel: 'sms',
  send(message: OutboundMessage) {
    // Recorded by delivery id, as a provider de-duplicates by request id.
    seen.add(message.deliveryId);
    if (sampleBytes === 0) sampleBytes = Buffer.byteLength(JSON.stringify(message));
    if (seen.size === target) {
      const peakRssKb = process.resourceUsage().maxRSS;
      const m = process.memoryUsage();
      console.log(
        `MEM heapUsed=${(m.heapUsed / 1e6).toFixed(0)}MB heapTotal=${(m.heapTotal / 1e6).toFixed(0)}MB ` +
          `external=${(m.external / 1e6).toFixed(0)}MB rss=${(m.rss / 1e6).toFixed(0)}MB`,
      );
      console.log(
        `SINK_DONE count=${seen.size} at=${Date.now()} peakRssKb=${peakRssKb} bytes=${sampleBytes}`,
      );
    }
    return Promise.resolve({ status: 'sent', providerMessageId: null });
  },
  close: () => Promise.resolve(),
};

startNotificationService(loadNotificationConfig(), { adapters: { sms: sink } }).catch(
  exitOnBootFailure,
);
