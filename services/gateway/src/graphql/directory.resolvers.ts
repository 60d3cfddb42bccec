import { assertNetworkAdmin, type CallerIdentity, type Role } from '@pcn/platform';
import type { GatewayContext } from './context.js';
import { lower, upper } from './enums.js';
import type { Resolvers } from './generated/resolvers-types.js';
import { knownUnits } from './units.js';

/** What the resolvers of `Me` receive: the caller, with the user's display name. */
export interface MeView {
  id: string;
  kind: string;
  displayName: string | null;
  roles: readonly Role[];
  organizationId: string | null;
  unitIds: readonly string[];
}

/** A signed-in caller (a user, or an API client) as `Me`. */
async function me(caller: CallerIdentity, ctx: GatewayContext): Promise<MeView> {
  const user = caller.kind === 'user' ? await ctx.identity.user(caller.id) : null;
  return {
    id: caller.id,
    kind: caller.kind,
    displayName: user?.displayName ?? null,
    // Callers are made from identity's records, whose roles are Roles; @pcn/platform's
    // CallerIdentity keeps them as plain strings.
    roles: caller.roles as readonly Role[],
    organizationId: caller.organizationId ?? null,
    unitIds: caller.unitIds ?? [],
  };
}

/**
 * Each figure of `network` is gathered once per request: a hundred aliases of it are one round
 * of health checks and pings, not a hundred (anyone may ask for the status).
 */
const networkFigures = new WeakMap<GatewayContext, Map<string, Promise<unknown>>>();
function oncePerRequest<T>(ctx: GatewayContext, key: string, gather: () => Promise<T>): Promise<T> {
  let figures = networkFigures.get(ctx);
  if (!figures) {
    figures = new Map();
    networkFigures.set(ctx, figures);
  }
  let figure = figures.get(key) as Promise<T> | undefined;
  if (!figure) {
    figure = gather();
    figures.set(key, figure);
  }
  return figure;
}

export const directoryResolvers = {
  Query: {
    network: () => ({}),
    me: (_, __, ctx) => (ctx.caller.kind === 'anonymous' ? null : me(ctx.caller, ctx)),
    units: (_, args, ctx) =>
      ctx.identity.units({
        ...(args.parentId !== undefined ? { parentId: args.parentId } : {}),
        ...(args.level ? { level: lower(args.level) } : {}),
        includeInactive: args.includeInactive,
      }),
    unit: (_, args, ctx) => ctx.identity.unit(args.id),
    organizations: (_, args, ctx) =>
      ctx.identity.organizations(args.kind ? { kind: lower(args.kind) } : {}),
    spokespersons: (_, args, ctx) =>
      ctx.identity.spokespersons(
        args.organizationId ? { organizationId: args.organizationId } : {},
      ),
  },
  Mutation: {
    async signIn(_, args, ctx) {
      const result = await ctx.identity.signIn(args.email, args.password);
      const caller: CallerIdentity = {
        kind: 'user',
        id: result.user.id,
        roles: result.user.roles,
        ...(result.user.organizationId ? { organizationId: result.user.organizationId } : {}),
        unitIds: result.user.unitIds,
      };
      return { token: result.token, expiresAt: result.expiresAt, me: await me(caller, ctx) };
    },
    async createApiClient(_, args, ctx) {
      assertNetworkAdmin(ctx.caller);
      return ctx.identity.createApiClient(ctx.caller, {
        name: args.name,
        organizationId: args.organizationId,
        roles: args.roles.map(lower),
      });
    },
    async rotateApiKey(_, args, ctx) {
      assertNetworkAdmin(ctx.caller);
      return ctx.identity.rotateApiKey(ctx.caller, args.clientId);
    },
    async revokeApiClient(_, args, ctx) {
      assertNetworkAdmin(ctx.caller);
      return ctx.identity.revokeApiClient(ctx.caller, args.clientId);
    },
  },
  Network: {
    liveSubscriptions: (_, __, ctx) =>
      ctx.hub.subscriberCount +
      ctx.notificationHub.subscriberCount +
      ctx.feedbackHub.subscriberCount,
    services: (_, __, ctx) =>
      oncePerRequest(ctx, 'services', () =>
        Promise.all(
          ctx.backends.names.map(async (name) => ({
            name,
            status: await ctx.backends.check(name),
          })),
        ),
      ),
    gateway: (_, __, ctx) => oncePerRequest(ctx, 'gateway', () => ctx.backends.gateway()),
    nats: (_, __, ctx) => oncePerRequest(ctx, 'nats', () => ctx.backends.nats()),
    outbox: (_, __, ctx) => {
      assertNetworkAdmin(ctx.caller);
      return oncePerRequest(ctx, 'outbox', () =>
        Promise.all(['gateway', ...ctx.backends.names].map((n) => ctx.backends.outbox(n))),
      );
    },
  },
  Me: {
    roles: (m) => m.roles.map(upper),
    organization: (m, _, ctx) =>
      m.organizationId ? ctx.identity.organization(m.organizationId) : null,
    units: async (m, _, ctx) => knownUnits(ctx, m.unitIds),
  },
  ApiClient: {
    roles: (c) => c.roles.map(upper),
    organization: (c, _, ctx) => ctx.identity.organization(c.organizationId),
  },
  Unit: {
    level: (u) => upper(u.level),
    parent: (u, _, ctx) => (u.parentId ? ctx.identity.unit(u.parentId) : null),
    children: (u, args, ctx) =>
      ctx.identity.units({ parentId: u.id, includeInactive: args.includeInactive }),
  },
  Organization: {
    kind: (o) => upper(o.kind),
    unit: (o, _, ctx) => (o.unitId ? ctx.identity.unit(o.unitId) : null),
  },
  Spokesperson: {
    organization: (s, _, ctx) => ctx.identity.organization(s.organizationId),
  },
} satisfies Resolvers;
