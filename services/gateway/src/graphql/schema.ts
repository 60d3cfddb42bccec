import { GraphQLScalarType, Kind } from 'graphql';
import { createSchema } from 'graphql-yoga';
import type { GatewayContext } from './context.js';
import { directoryResolvers } from './directory.resolvers.js';
import { draftResolvers } from './draft.resolvers.js';
import { feedbackResolvers } from './feedback.resolvers.js';
import { feedbackTypeDefs } from './feedback.type-defs.js';
import { synthesisResolvers } from './synthesis.resolvers.js';
import { synthesisTypeDefs } from './synthesis.type-defs.js';
import { notificationResolvers } from './notification.resolvers.js';
import { notificationTypeDefs } from './notification.type-defs.js';
import { typeDefs } from './type-defs.js';

/** ISO-8601 date-times, in and out. */
const DateTime = new GraphQLScalarType({
  name: 'DateTime',
  serialize: (value) => {
    const d = value instanceof Date ? value : new Date(String(value));
    if (Number.isNaN(d.getTime())) throw new TypeError('DateTime cannot represent an invalid date');
    return d.toISOString();
  },
  parseValue: (value) => {
    const d = new Date(String(value));
    if (typeof value !== 'string' || Number.isNaN(d.getTime()))
      throw new TypeError('DateTime must be an ISO-8601 string');
    return d;
  },
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING) throw new TypeError('DateTime must be an ISO-8601 string');
    const d = new Date(ast.value);
    if (Number.isNaN(d.getTime())) throw new TypeError('DateTime must be an ISO-8601 string');
    return d;
  },
});

export function createGatewaySchema() {
  return createSchema<GatewayContext>({
    typeDefs: [typeDefs, notificationTypeDefs, feedbackTypeDefs, synthesisTypeDefs],
    resolvers: [
      { DateTime },
      directoryResolvers,
      draftResolvers,
      notificationResolvers,
      feedbackResolvers,
      synthesisResolvers,
    ],
  });
}
