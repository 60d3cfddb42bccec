import type { IncomingMessage } from 'node:http';
import { DomainError, tracingStarted, type Logger, type Registry } from '@pcn/platform';
import { createYoga, useExecutionCancellation } from 'graphql-yoga';
import type { GatewayContext } from '../graphql/context.js';
import { domainToGraphQLError, maskError } from '../graphql/errors.js';
import { useCodedVariableErrors } from '../graphql/variable-errors.plugin.js';
import { OperationNames, useGraphQLMetrics } from '../graphql/metrics.plugin.js';
import { useQueryLimits, type QueryLimits } from '../graphql/query-limits.plugin.js';
import { useGraphQLTracing } from '../graphql/tracing.plugin.js';
import { createGatewaySchema } from '../graphql/schema.js';
import type { IdentityService } from '../identity/identity.contract.js';
import type { DirectorySizes } from '../graphql/query-cost.js';
import type { GatewayServices } from './http-server.js';
import type { Authentication } from './request-admission.js';
import { renderLocalGraphiQL } from './graphiql-assets.js';
import { yogaLogLevel } from './yoga-log-level.js';

/** What the HTTP layer hands Yoga with each request. */
export interface ServerContext {
  req?: IncomingMessage;
  /** Absent when Yoga is called some other way (`yoga.fetch`): it authenticates itself then. */
  auth?: Authentication;
  /** Set once the GraphQL context is built, that is once execution may have begun. */
  execution?: { started: boolean };
}

/** The credentials a request carries, as the identity service takes them. */
export function credentialsOf(get: (name: string) => string | string[] | null | undefined) {
  const value = (name: string) => {
    const v = get(name);
    return v === null || v === undefined ? undefined : Array.isArray(v) ? v.join(', ') : v;
  };
  return { authorization: value('authorization'), apiKey: value('x-api-key') };
}

/** Verifies credentials into an Authentication: a caller, or why they were refused. */
export function authenticateWith(identity: Pick<IdentityService, 'authenticate'>) {
  return (credentials: ReturnType<typeof credentialsOf>): Promise<Authentication> =>
    identity.authenticate(credentials).then(
      (caller) => ({ caller }),
      (error: unknown) => ({ error }),
    );
}

export interface GatewayYogaOptions {
  logger: Logger;
  services: GatewayServices;
  limits: QueryLimits & { subscriptionRecheckMs: number };
  directorySizes: () => Promise<DirectorySizes>;
  development?: boolean;
  corsOrigins?: readonly string[];
  /** Who each request is, as the HTTP layer verified it (Yoga's own listener path). */
  verifiedBefore: WeakMap<IncomingMessage, Authentication>;
  addressOf: (req: IncomingMessage | undefined) => string;
  /** Where GraphQL operations are counted and timed; none by default. */
  metrics?: { registry: Registry; maxOperationNames: number } | undefined;
}

/**
 * The gateway's Yoga: the schema, its plugins (execution cancellation, query limits), masked
 * errors, and the GraphQL context of each request (its verified caller and per-request clients).
 * `leanPath` says whether the HTTP layer may skip Yoga's HTTP stage: only while no plugin hooks it.
 */
export function createGatewayYoga(options: GatewayYogaOptions) {
  const { logger, services, limits, verifiedBefore, addressOf } = options;
  const authenticate = authenticateWith(services.identity);
  const plugins = [
    // First, so its spans hold the other plugins' work; only while the tracing SDK runs.
    ...(tracingStarted() ? [useGraphQLTracing()] : []),
    // A client that leaves aborts its request: its work stops and live streams are returned.
    useExecutionCancellation(),
    useQueryLimits(limits, options.directorySizes),
    // Variables that do not fit their types are refused with a code, like every other refusal.
    useCodedVariableErrors(),
    ...(options.metrics
      ? [
          useGraphQLMetrics(
            options.metrics.registry,
            new OperationNames(options.metrics.maxOperationNames),
          ),
        ]
      : []),
  ];
  const leanPath = plugins.every(
    (plugin) =>
      !['onRequest', 'onRequestParse', 'onResultProcess', 'onResponse'].some(
        (hook) => hook in plugin,
      ),
  );
  const yoga = createYoga<ServerContext, GatewayContext>({
    schema: createGatewaySchema(),
    graphqlEndpoint: '/graphql',
    graphiql: options.development,
    // Its scripts from this gateway, not a CDN: GraphiQL works without the internet.
    renderGraphiQL: renderLocalGraphiQL,
    landingPage: false,
    cors: options.corsOrigins?.length ? { origin: [...options.corsOrigins] } : false,
    maskedErrors: { maskError },
    plugins,
    logging: {
      debug: (...args) => logger.debug({ args }, 'yoga'),
      info: (...args) => logger.info({ args }, 'yoga'),
      warn: (...args) => logger.warn({ args }, 'yoga'),
      // User mistakes are not operator errors (yoga-log-level).
      error: (...args) => logger[yogaLogLevel(args)]({ args }, 'yoga'),
    },
    context: async ({ request, req, auth, execution }) => {
      if (execution) execution.started = true;
      const credentials = credentialsOf((name) => request.headers.get(name));
      const verified =
        auth ?? (req && verifiedBefore.get(req)) ?? (await authenticate(credentials));
      // Bad credentials are an answer, never a silent fall-back to anonymous.
      if ('error' in verified) {
        if (verified.error instanceof DomainError) throw domainToGraphQLError(verified.error);
        throw verified.error;
      }
      const caller = verified.caller;
      return {
        caller,
        reauthenticate: () => services.identity.authenticate(credentials),
        subscriptionRecheckMs: limits.subscriptionRecheckMs,
        signal: request.signal,
        acceptLanguage: request.headers.get('accept-language'),
        clientAddress: addressOf(req),
        identity: services.identity,
        drafts: services.drafts.forRequest(caller),
        hub: services.hub,
        notifications: services.notifications.forRequest(caller),
        feedback: services.feedback.forRequest(caller),
        feedbackHub: services.feedbackHub,
        notificationHub: services.notificationHub,
        backends: services.backends,
      };
    },
  });
  return { yoga, leanPath };
}
