import { lexicographicSortSchema, printSchema } from 'graphql';
import { createGatewaySchema } from './schema.js';

/** The schema as committed in `services/gateway/schema.graphql`: sorted, so diffs are stable. */
export function printGatewaySchema(): string {
  return `${printSchema(lexicographicSortSchema(createGatewaySchema()))}\n`;
}
