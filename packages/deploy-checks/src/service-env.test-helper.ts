// What each PCN process reads from its environment, taken from the services' own config shapes,
// so a manifest that sets a variable no code reads (or misses one the code needs) fails a check.
import { randomBytes } from 'node:crypto';
import { draftEnv, loadDraftConfig } from '@pcn/draft-service/testing';
import { feedbackEnv, loadFeedbackConfig } from '@pcn/feedback-service/testing';
import { gatewayEnv, loadGatewayConfig } from '@pcn/gateway/testing';
import { loadNotificationConfig, notificationEnv } from '@pcn/notification-service/testing';
import { loadOutreachConfig, outreachEnv } from '@pcn/outreach-service/testing';
import { ConfigError, storeConfig } from '@pcn/platform';

type Loaded = {
  STORE: 'sqlite' | 'mongodb';
  SQLITE_FILE?: string | undefined;
  MONGO_URL?: string | undefined;
  MONGO_DATABASE?: string | undefined;
  SHUTDOWN_TIMEOUT_MS: number;
};
interface ServiceShape {
  readonly names: ReadonlySet<string>;
  load(env: NodeJS.ProcessEnv): Loaded;
}

const shape = (env: object, load: (env: NodeJS.ProcessEnv) => Loaded): ServiceShape => ({
  names: new Set(Object.keys(env)),
  load,
});

/** The processes of the image, by the SERVICE value that starts each one. */
export const SERVICES: Readonly<Record<string, ServiceShape>> = {
  draft: shape(draftEnv, loadDraftConfig),
  outreach: shape(outreachEnv, loadOutreachConfig),
  feedback: shape(feedbackEnv, loadFeedbackConfig),
  notification: shape(notificationEnv, loadNotificationConfig),
  gateway: shape(gatewayEnv, loadGatewayConfig),
};
export const BACKENDS = ['draft', 'outreach', 'feedback', 'notification'] as const;

/** Read by the image itself (infra/deploy/Dockerfile's entrypoint), not by a service's config. */
const IMAGE_ENV = new Set(['SERVICE']);

/** Names whose values are secrets: they come from a Secret (or the operator's environment). */
export const SECRET_NAME = /(SECRET|PASSWORD|TOKEN|_KEY)$|^(MONGO_URL|SMTP_URL)$/;
/** A URL with a password in it (`scheme://user:password@host`). */
export const CREDENTIAL_URL = /[a-z][a-z0-9+.-]*:\/\/[^\s/:@]+:[^\s/@]+@/i;

/** Where one variable's value comes from. */
export type EnvSource =
  | { kind: 'literal'; value: string }
  | { kind: 'secret'; optional: boolean }
  | { kind: 'config'; value: string | undefined }
  | { kind: 'field' };

const standIn = randomBytes(32).toString('base64url');

/** A stand-in for a secret the operator provides, strong enough for production's checks. */
function secretValue(name: string): string {
  if (name === 'MONGO_URL') return 'mongodb://pcn:stand-in@mongo-0.mongo:27017/?replicaSet=pcn';
  if (name.endsWith('_URL')) return 'smtp://pcn:stand-in@mail.example.org:587';
  return standIn;
}

// Loading runs the production secret-strength estimate (about 0.1 s a secret): one per environment.
const loads = new Map<string, { config?: Loaded; error?: Error }>();
function load(service: string, spec: ServiceShape, env: Record<string, string>): Loaded {
  const key = `${service} ${JSON.stringify(Object.entries(env).sort())}`;
  let result = loads.get(key);
  if (!result) {
    try {
      result = { config: spec.load(env) };
    } catch (error) {
      result = { error: error as Error };
    }
    loads.set(key, result);
  }
  if (result.error) throw result.error;
  return result.config as Loaded;
}

/** The environment the process would see, with stand-ins for secrets and pod fields. */
export function resolveEnv(env: ReadonlyMap<string, EnvSource>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, source] of env) {
    if (source.kind === 'literal') out[name] = source.value;
    else if (source.kind === 'config' && source.value !== undefined) out[name] = source.value;
    else if (source.kind === 'field') out[name] = 'pcn-pod-0';
    else if (source.kind === 'secret' && !source.optional) out[name] = secretValue(name);
  }
  return out;
}

/**
 * Every variable set is one the service reads; no secret is written out; and the service's own
 * `loadConfig` (in production mode, as the image runs it) accepts what is set, so every required
 * setting is there.
 */
export function serviceEnvViolations(
  where: string,
  service: string | undefined,
  env: ReadonlyMap<string, EnvSource>,
): string[] {
  const spec = service === undefined ? undefined : SERVICES[service];
  if (!spec)
    return [`${where}: SERVICE is ${service ?? 'unset'}, not one of the image's processes`];
  const out: string[] = [];
  for (const [name, source] of env) {
    if (!spec.names.has(name) && !IMAGE_ENV.has(name))
      out.push(`${where}: sets ${name}, which the ${service} service does not read`);
    if (SECRET_NAME.test(name) && source.kind !== 'secret')
      out.push(
        `${where}: ${name} is a secret and must come from a Secret (or the operator's environment), not a literal`,
      );
    if (
      (source.kind === 'literal' || source.kind === 'config') &&
      CREDENTIAL_URL.test(source.value ?? '')
    )
      out.push(`${where}: ${name} holds a URL with a password; put it in a Secret`);
  }
  try {
    const config = load(service as string, spec, resolveEnv(env));
    storeConfig(config, `pcn_${service}`);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    for (const p of error.problems) out.push(`${where}: ${p.variable} ${p.expected}`);
  }
  return out;
}

/** SHUTDOWN_TIMEOUT_MS as the process would read it (default 8000). */
export function shutdownTimeoutMs(service: string, env: ReadonlyMap<string, EnvSource>): number {
  const spec = SERVICES[service];
  try {
    return spec ? load(service, spec, resolveEnv(env)).SHUTDOWN_TIMEOUT_MS : 8000;
  } catch {
    return 8000;
  }
}

/** What the operator tools need from one process's environment, and the ports it follows. */
export interface OpsEnv {
  violations: string[];
  /** METRICS_PORT, when it is a fixed port. */
  metricsPort?: number;
  /** The gateway's operator API port (ADMIN_GRPC_PORT, default 4001). */
  adminPort?: number;
}

const LOOPBACK = /^(127\.[\d.]+|localhost|::1)$/;

/**
 * The operators' secret and the metrics endpoint: pcn-admin erase needs OPERATOR_SECRET on every
 * process (bootstrap and keys too, on the gateway); scrapers need /metrics on a fixed port beyond
 * loopback, and so a token. The gateway's operator API stays on loopback.
 */
export function opsEnvViolations(
  where: string,
  service: string | undefined,
  env: ReadonlyMap<string, EnvSource>,
): OpsEnv {
  const violations: string[] = [];
  const value = (name: string) => {
    const s = env.get(name);
    return s?.kind === 'literal' || s?.kind === 'config' ? s.value : undefined;
  };
  const required = (name: string) => {
    const s = env.get(name);
    return s?.kind === 'secret' && !s.optional;
  };
  if (!required('OPERATOR_SECRET'))
    violations.push(
      `${where}: OPERATOR_SECRET must come from a required Secret: without it pcn-admin erase${service === 'gateway' ? ', bootstrap and keys' : ''} cannot work`,
    );
  const port = value('METRICS_PORT');
  const metricsPort = /^\d{1,5}$/.test(port ?? '') && Number(port) > 0 ? Number(port) : undefined;
  if (metricsPort === undefined)
    violations.push(
      `${where}: METRICS_PORT must be a fixed port (not ${port ?? 'unset'}), so the scraper finds /metrics`,
    );
  if (value('METRICS_HOST') !== '0.0.0.0')
    violations.push(`${where}: METRICS_HOST must be 0.0.0.0 so the scraper reaches /metrics`);
  if (!required('METRICS_TOKEN'))
    violations.push(
      `${where}: METRICS_TOKEN must come from a required Secret: /metrics is served beyond loopback`,
    );
  let adminPort: number | undefined;
  if (service === 'gateway') {
    const host = value('ADMIN_GRPC_HOST');
    if (host !== undefined && !LOOPBACK.test(host))
      violations.push(
        `${where}: ADMIN_GRPC_HOST is ${host}; the operator API stays on loopback (pcn-admin runs beside the gateway)`,
      );
    adminPort = Number(value('ADMIN_GRPC_PORT') ?? 4001);
  }
  return { violations, metricsPort, adminPort };
}
