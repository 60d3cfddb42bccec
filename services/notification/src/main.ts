// Composition root of the notification service: subscribers, templates and delivery on every channel.
import { exitOnBootFailure, packageVersion } from '@pcn/platform';
import { BackendHost } from '@pcn/service-kit';
import { loadNotificationConfig } from './config.js';

async function main(): Promise<void> {
  const config = loadNotificationConfig();
  const host = await BackendHost.start({
    service: 'notification',
    version: packageVersion(import.meta.url),
    config,
    collections: [],
  });
  // The domain API (use cases, gRPC handlers, event handlers) is added by its own issue.
  await host.serve();
}

main().catch(exitOnBootFailure);
