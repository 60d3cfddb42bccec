// Composition root of the feedback service: comments from every channel, moderation, answers and the synthesis report.
import { exitOnBootFailure, packageVersion } from '@pcn/platform';
import { BackendHost } from '@pcn/service-kit';
import { loadFeedbackConfig } from './config.js';

async function main(): Promise<void> {
  const config = loadFeedbackConfig();
  const host = await BackendHost.start({
    service: 'feedback',
    version: packageVersion(import.meta.url),
    config,
    collections: [],
  });
  // The domain API (use cases, gRPC handlers, event handlers) is added by its own issue.
  await host.serve();
}

main().catch(exitOnBootFailure);
