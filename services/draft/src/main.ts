// Composition root of the draft service: draft legal documents, versions and the consultation lifecycle.
import { exitOnBootFailure } from '@pcn/platform';
import { loadDraftConfig } from './config.js';
import { startDraftService } from './draft-service.js';

async function main(): Promise<void> {
  await startDraftService(loadDraftConfig());
}

main().catch(exitOnBootFailure);
