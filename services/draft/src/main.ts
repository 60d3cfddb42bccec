// Composition root of the draft service: draft legal documents, versions and the consultation lifecycle.
import { exitOnBootFailure, packageVersion } from '@pcn/platform';
import { BackendHost } from '@pcn/service-kit';
import { loadDraftConfig } from './config.js';

async function main(): Promise<void> {
  const config = loadDraftConfig();
  const host = await BackendHost.start({
    service: 'draft',
    version: packageVersion(import.meta.url),
    config,
    collections: [],
  });
  // The domain API (use cases, gRPC handlers, event handlers) is added by its own issue.
  await host.serve();
}

main().catch(exitOnBootFailure);
