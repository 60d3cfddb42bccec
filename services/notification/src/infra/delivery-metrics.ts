import { Counter, type Registry } from '@pcn/platform';
import type { Channel } from '../app/notification.model.js';

/** What became of a delivery attempt: the states a worker commits (`retry` waits for another). */
export type DeliveryOutcomeState =
  'sent' | 'delivered' | 'suppressed' | 'deferred' | 'retry' | 'failed';

/**
 * The delivery workers' figures: `pcn_notification_deliveries_total{channel,state}` (outcomes
 * committed; both labels come from closed lists) and `pcn_notification_webhooks_disabled_total`
 * (webhook endpoints disabled after failing too often in a row; each also raises an admin alert).
 */
export class DeliveryMetrics {
  readonly #deliveries: Counter<'channel' | 'state'>;
  readonly #webhooksDisabled: Counter;

  constructor(registry: Registry) {
    this.#deliveries = new Counter({
      name: 'pcn_notification_deliveries_total',
      help: 'Delivery outcomes committed by the delivery workers, by channel and state',
      labelNames: ['channel', 'state'],
      registers: [registry],
    });
    this.#webhooksDisabled = new Counter({
      name: 'pcn_notification_webhooks_disabled_total',
      help: 'Webhook endpoints disabled after too many failed attempts in a row',
      registers: [registry],
    });
  }

  outcome(channel: Channel, state: DeliveryOutcomeState): void {
    this.#deliveries.inc({ channel, state });
  }

  webhookDisabled(): void {
    this.#webhooksDisabled.inc();
  }
}
