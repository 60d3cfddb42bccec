import { assertNetworkAdmin, type CallerIdentity } from '@pcn/platform';
import type { Organization, Role, Spokesperson, Unit } from '../identity/identity.contract.js';
import type { GatewayContext } from './context.js';

const upper = (s: string) => s.toUpperCase();
const lower = (s: string) => s.toLowerCase();

async function me(caller: CallerIdentity, ctx: GatewayContext) {
  if (caller.kind === 'anonymous') return null;
  const user = caller.kind === 'user' ? await ctx.identity.user(caller.id) : null;
  return {
    id: caller.id,
    kind: caller.kind,
    displayName: user?.displayName ?? null,
    roles: caller.roles,
    organizationId: caller.organizationId ?? null,
    unitIds: caller.unitIds ?? [],
  };
}

export const directoryResolvers = {
  Query: {
    network: () => ({}),
    me: (_: unknown, __: unknown, ctx: GatewayContext) => me(ctx.caller, ctx),
    units: (
      _: unknown,
      args: { parentId?: string | null; level?: string | null; includeInactive: boolean },
      ctx: GatewayContext,
    ) =>
      ctx.identity.units({
        ...(args.parentId !== undefined ? { parentId: args.parentId } : {}),
        ...(args.level ? { level: lower(args.level) as Unit['level'] } : {}),
        includeInactive: args.includeInactive,
      }),
    unit: (_: unknown, args: { id: string }, ctx: GatewayContext) => ctx.identity.unit(args.id),
    organizations: (_: unknown, args: { kind?: string | null }, ctx: GatewayContext) =>
      ctx.identity.organizations(
        args.kind ? { kind: lower(args.kind) as Organization['kind'] } : {},
      ),
    spokespersons: (_: unknown, args: { organizationId?: string | null }, ctx: GatewayContext) =>
      ctx.identity.spokespersons(
        args.organizationId ? { organizationId: args.organizationId } : {},
      ),
  },
  Mutation: {
    async signIn(_: unknown, args: { email: string; password: string }, ctx: GatewayContext) {
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
    async createApiClient(
      _: unknown,
      args: { name: string; organizationId: string; roles: string[] },
      ctx: GatewayContext,
    ) {
      assertNetworkAdmin(ctx.caller);
      return ctx.identity.createApiClient(ctx.caller, {
        name: args.name,
        organizationId: args.organizationId,
        roles: args.roles.map(lower) as Role[],
      });
    },
    async rotateApiKey(_: unknown, args: { clientId: string }, ctx: GatewayContext) {
      assertNetworkAdmin(ctx.caller);
      return ctx.identity.rotateApiKey(ctx.caller, args.clientId);
    },
    async revokeApiClient(_: unknown, args: { clientId: string }, ctx: GatewayContext) {
      assertNetworkAdmin(ctx.caller);
      return ctx.identity.revokeApiClient(ctx.caller, args.clientId);
    },
  },
  Network: {
    liveSubscriptions: (_: unknown, __: unknown, ctx: GatewayContext) =>
      ctx.hub.subscriberCount + ctx.notificationHub.subscriberCount,
    services: (_: unknown, __: unknown, ctx: GatewayContext) =>
      Promise.all(
        ctx.backends.names.map(async (name) => ({ name, status: await ctx.backends.check(name) })),
      ),
  },
  Me: {
    roles: (m: { roles: readonly string[] }) => m.roles.map(upper),
    organization: (m: { organizationId: string | null }, _: unknown, ctx: GatewayContext) =>
      m.organizationId ? ctx.identity.organization(m.organizationId) : null,
    units: async (m: { unitIds: string[] }, _: unknown, ctx: GatewayContext) =>
      (await Promise.all(m.unitIds.map((id) => ctx.identity.unit(id)))).filter(Boolean),
  },
  ApiClient: {
    roles: (c: { roles: readonly string[] }) => c.roles.map(upper),
    organization: (c: { organizationId: string }, _: unknown, ctx: GatewayContext) =>
      ctx.identity.organization(c.organizationId),
  },
  Unit: {
    level: (u: Unit) => upper(u.level),
    parent: (u: Unit, _: unknown, ctx: GatewayContext) =>
      u.parentId ? ctx.identity.unit(u.parentId) : null,
    children: (u: Unit, args: { includeInactive: boolean }, ctx: GatewayContext) =>
      ctx.identity.units({ parentId: u.id, includeInactive: args.includeInactive }),
  },
  Organization: {
    kind: (o: Organization) => upper(o.kind),
    unit: (o: Organization, _: unknown, ctx: GatewayContext) =>
      o.unitId ? ctx.identity.unit(o.unitId) : null,
  },
  Spokesperson: {
    organization: (s: Spokesperson, _: unknown, ctx: GatewayContext) =>
      ctx.identity.organization(s.organizationId),
  },
};
