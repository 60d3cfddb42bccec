// Composition root of the outreach service: communication plans, press orders, village sessions and the know-to-do funnel.
import { exitOnBootFailure, packageVersion } from '@pcn/platform';
import { BackendHost } from '@pcn/service-kit';
import { loadOutreachConfig } from './config.js';

async function main(): Promise<void> {
  const config = loadOutreachConfig();
  const host = await BackendHost.start({
    service: 'outreach',
    version: packageVersion(import.meta.url),
    config,
    collections: [],
  });
  // The domain API (use cases, gRPC handlers, event handlers) is added by its own issue.
  await host.serve();
}

main().catch(exitOnBootFailure);
