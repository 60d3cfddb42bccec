import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { printGatewaySchema } from './schema-file.js';

const file = fileURLToPath(new URL('../../schema.graphql', import.meta.url));

describe('the committed schema file', () => {
  it('matches the schema the gateway serves (run `npm run schema:export` after a change)', () => {
    expect(readFileSync(file, 'utf8')).toBe(printGatewaySchema());
  });
});
