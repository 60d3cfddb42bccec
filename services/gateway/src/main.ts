// Composition root of the gateway: the network's one public door (GraphQL over HTTP).
import { exitOnBootFailure } from '@pcn/platform';
import { loadGatewayConfig } from './config.js';
import { startGateway } from './gateway.js';

async function main(): Promise<void> {
  await startGateway(loadGatewayConfig());
}

main().catch(exitOnBootFailure);
