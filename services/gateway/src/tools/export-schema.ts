// Writes services/gateway/schema.graphql from the code: `npm run schema:export`.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { printGatewaySchema } from '../graphql/schema-file.js';

const file = fileURLToPath(new URL('../../schema.graphql', import.meta.url));
writeFileSync(file, printGatewaySchema());
process.stdout.write(`wrote ${file}\n`);
