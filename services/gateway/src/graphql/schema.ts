import { createSchema } from 'graphql-yoga';
import type { BackendHealth } from '../infra/backend-health.js';

export interface GatewayContext {
  backends: BackendHealth;
}

const typeDefs = /* GraphQL */ `
  """
  The one public door of the Policy Communication Network. Domain fields (drafts, feedback,
  outreach, notifications) arrive with their services' APIs.
  """
  type Query {
    "How the network's backend services look from the gateway."
    network: Network!
  }

  type Network {
    services: [ServiceStatus!]!
  }

  type ServiceStatus {
    "draft, outreach, feedback or notification"
    name: String!
    status: ServingStatus!
  }

  enum ServingStatus {
    "Ready: its store and NATS answer."
    SERVING
    "Running, but not ready (starting, shutting down, or a dependency is down)."
    NOT_SERVING
    "No answer within the deadline."
    UNREACHABLE
  }
`;

export function createGatewaySchema() {
  return createSchema<GatewayContext>({
    typeDefs,
    resolvers: {
      Query: {
        network: () => ({}),
      },
      Network: {
        services: async (_parent: unknown, _args: unknown, ctx: GatewayContext) =>
          Promise.all(
            ctx.backends.names.map(async (name) => ({
              name,
              status: await ctx.backends.check(name),
            })),
          ),
      },
    },
  });
}
