// Checks on infra/deploy/compose.yaml, the production-shaped reference for one Docker host.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { deployDir } from './kubernetes.test-helper.js';
import {
  BACKENDS,
  CREDENTIAL_URL,
  opsEnvViolations,
  SECRET_NAME,
  serviceEnvViolations,
  type EnvSource,
} from './service-env.test-helper.js';

export interface ComposeService {
  image?: string;
  command?: string[];
  entrypoint?: string[];
  environment?: Record<string, string | number | boolean | null>;
  depends_on?: string[] | Record<string, { condition?: string }>;
  healthcheck?: { test?: string[] | string; disable?: boolean };
  volumes?: string[];
  /** Published on the host (`[ip:][host:]container[/proto]`). */
  ports?: (string | number)[];
  /** Reachable on the compose network only. */
  expose?: (string | number)[];
}

/** The container port of a `ports:` entry. */
const publishedPort = (entry: string | number) =>
  Number(String(entry).split('/')[0]?.split(':').at(-1));

interface ScrapeConfig {
  scrape_configs?: {
    job_name?: string;
    authorization?: { credentials_file?: string };
    static_configs?: { targets?: string[] }[];
  }[];
}

/** observability/prometheus-compose.yml: the scrape settings for this file's processes. */
export function loadComposeScrapeConfig(): ScrapeConfig {
  return parse(
    readFileSync(join(deployDir, 'observability', 'prometheus-compose.yml'), 'utf8'),
  ) as ScrapeConfig;
}
export interface ComposeFile {
  services: Record<string, ComposeService>;
}

/** compose.yaml as compose reads it: YAML merge keys (`<<: *pcn`) applied. */
export function loadCompose(): ComposeFile {
  return parse(readFileSync(join(deployDir, 'compose.yaml'), 'utf8'), {
    merge: true,
  }) as ComposeFile;
}

/** `${NAME:?message}`, `${NAME:-default}`, `${NAME-default}` or `${NAME}`: compose interpolation. */
const INTERPOLATION = /^\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[?-])(.*))?\}$/s;

/** Where each variable comes from: the operator's environment (`${...}`) or this file. */
function composeEnv(environment: ComposeService['environment']): Map<string, EnvSource> {
  const env = new Map<string, EnvSource>();
  for (const [name, raw] of Object.entries(environment ?? {})) {
    const value = raw === null ? '' : String(raw);
    const m = INTERPOLATION.exec(value);
    if (!m) env.set(name, { kind: 'literal', value });
    else if (m[2]?.endsWith('?')) env.set(name, { kind: 'secret', optional: false });
    else if (SECRET_NAME.test(name)) env.set(name, { kind: 'secret', optional: !m[3] });
    else env.set(name, { kind: 'config', value: m[3] || undefined });
  }
  return env;
}

const REQUIRED = ['gateway', ...BACKENDS, 'mongo-init'];
const dependsOn = (s: ComposeService): Record<string, { condition?: string }> =>
  Array.isArray(s.depends_on)
    ? Object.fromEntries(s.depends_on.map((d) => [d, {}]))
    : (s.depends_on ?? {});

export function composeViolations(
  compose: ComposeFile,
  scrape: ScrapeConfig = loadComposeScrapeConfig(),
): string[] {
  const out: string[] = [];
  // Each scrape target with its job, when the job sends a token.
  const targets = new Map(
    (scrape.scrape_configs ?? []).flatMap((job) =>
      (job.static_configs ?? []).flatMap((c) =>
        (c.targets ?? []).map((t) => [t, job.authorization?.credentials_file !== undefined]),
      ),
    ),
  );
  const services = compose.services ?? {};
  const names = Object.keys(services);
  const nats = names.filter((n) => /^nats-\d+$/.test(n));
  const mongo = names.filter((n) => /^mongo-\d+$/.test(n));
  for (const n of REQUIRED) if (!services[n]) out.push(`${n}: missing`);
  if (nats.length < 3) out.push(`NATS: ${nats.length} node(s), a cluster needs 3`);
  if (mongo.length < 3) out.push(`MongoDB: ${mongo.length} member(s), a replica set needs 3`);

  for (const [name, s] of Object.entries(services)) {
    const where = `services.${name}`;
    if (name !== 'mongo-init' && (!s.healthcheck?.test || s.healthcheck.disable))
      out.push(`${where}: no healthcheck`);
    if (!s.image || /:latest$/.test(s.image) || !/:[^/]+$/.test(s.image))
      out.push(`${where}: image ${s.image} is not pinned to a tag (never latest)`);
    const pcnProcess = s.environment?.['SERVICE'] !== undefined;
    for (const [k, v] of Object.entries(s.environment ?? {})) {
      const value = String(v ?? '');
      if (CREDENTIAL_URL.test(value)) out.push(`${where}: ${k} holds a URL with a password`);
      // PCN processes get the same check, with the rest of their environment, below.
      if (!pcnProcess && SECRET_NAME.test(k) && !INTERPOLATION.test(value))
        out.push(
          `${where}: ${k} is a secret and must come from the operator's environment (\${...}), not this file`,
        );
    }
    const env = composeEnv(s.environment);
    const service = env.get('SERVICE');
    if (!service) continue;
    const process = service.kind === 'literal' ? service.value : undefined;
    out.push(...serviceEnvViolations(where, process, env));
    const deps = dependsOn(s);
    const literal = (k: string) => {
      const e = env.get(k);
      return e?.kind === 'literal' || e?.kind === 'config' ? e.value : undefined;
    };
    const ops = opsEnvViolations(where, process, env);
    out.push(...ops.violations);
    if (ops.metricsPort !== undefined) {
      if (!(s.expose ?? []).map(Number).includes(ops.metricsPort))
        out.push(
          `${where}: METRICS_PORT ${ops.metricsPort} is not exposed to the compose network (expose)`,
        );
      const target = `${name}:${ops.metricsPort}`;
      if (!targets.has(target))
        out.push(`observability/prometheus-compose.yml: no scrape target ${target}`);
      else if (!targets.get(target))
        out.push(`observability/prometheus-compose.yml: ${target} is scraped without the token`);
    }
    const publicPort = process === 'gateway' ? Number(literal('HTTP_PORT') ?? 4000) : undefined;
    for (const entry of s.ports ?? [])
      if (publishedPort(entry) !== publicPort)
        out.push(
          `${where}: publishes port ${publishedPort(entry)} on the host; only the gateway's HTTP port is public`,
        );
    if (process === 'gateway') {
      for (const b of BACKENDS) {
        const address = literal(`${b.toUpperCase()}_GRPC_ADDRESS`) ?? '';
        const [host, port] = address.split(':');
        const target = services[host ?? '']?.environment;
        if (String(target?.['GRPC_PORT']) !== port)
          out.push(
            `${where}: ${b.toUpperCase()}_GRPC_ADDRESS ${address} is not a backend's GRPC_PORT`,
          );
        if (deps[host ?? '']?.condition !== 'service_healthy')
          out.push(`${where}: must wait for ${host} to be healthy`);
      }
      if (literal('HTTP_HOST') !== '0.0.0.0') out.push(`${where}: HTTP_HOST must be 0.0.0.0`);
    } else {
      if (literal('GRPC_HOST') !== '0.0.0.0') out.push(`${where}: GRPC_HOST must be 0.0.0.0`);
      if (deps['mongo-init']?.condition !== 'service_completed_successfully')
        out.push(`${where}: must wait for mongo-init to complete`);
      for (const n of nats)
        if (deps[n]?.condition !== 'service_healthy')
          out.push(`${where}: must wait for ${n} to be healthy`);
    }
    if (literal('STORE') !== 'mongodb') out.push(`${where}: STORE must be mongodb`);
    if (literal('STREAM_REPLICAS') !== String(nats.length))
      out.push(`${where}: STREAM_REPLICAS must be ${nats.length}, one copy per NATS node`);
    const natsUrl = literal('NATS_URL') ?? '';
    for (const n of nats)
      if (!natsUrl.includes(`nats://${n}:4222`)) out.push(`${where}: NATS_URL leaves out ${n}`);
    const mongoUrl = String(s.environment?.['MONGO_URL'] ?? '');
    for (const n of mongo)
      if (!mongoUrl.includes(`${n}:27017`)) out.push(`${where}: MONGO_URL leaves out ${n}`);
  }
  out.push(...clusterViolations(services, nats, mongo));
  return out;
}

/** NATS with JetStream and routes to every node; MongoDB members of one set, initiated once. */
function clusterViolations(
  services: Record<string, ComposeService>,
  nats: string[],
  mongo: string[],
): string[] {
  const out: string[] = [];
  const conf = readFileSync(join(deployDir, 'nats', 'nats.conf'), 'utf8');
  const storeDir = /jetstream\s*\{[^}]*store_dir:\s*(\S+)/.exec(conf)?.[1];
  if (!storeDir) out.push('nats.conf: no jetstream block with a store_dir');
  for (const n of nats) {
    const s = services[n] as ComposeService;
    if (s.command?.join(' ') !== '-c /etc/nats/nats.conf')
      out.push(`services.${n}: does not run with nats.conf`);
    if (!conf.includes(`nats-route://${n}:6222`)) out.push(`nats.conf: no route to ${n}`);
    if (!s.volumes?.some((v) => storeDir?.startsWith(v.split(':')[1] ?? '-')))
      out.push(`services.${n}: JetStream's store_dir ${storeDir} is not on a volume`);
  }
  const setNames = new Set(
    mongo.map((n) => {
      const cmd = services[n]?.command ?? [];
      return cmd[cmd.indexOf('--replSet') + 1];
    }),
  );
  if (setNames.size !== 1 || setNames.has(undefined))
    out.push('MongoDB: every member must run with the same --replSet');
  const [setName] = [...setNames];
  const init = services['mongo-init'];
  if (!init?.entrypoint?.join(' ').includes('/init/init-replica-set.js'))
    out.push('services.mongo-init: does not run init-replica-set.js');
  const script = readFileSync(join(deployDir, 'mongo', 'init-replica-set.js'), 'utf8');
  const defaults = /MONGO_MEMBERS \|\| '([^']*)'/.exec(script)?.[1];
  if (defaults !== mongo.map((n) => `${n}:27017`).join(','))
    out.push(`init-replica-set.js: its default members ${defaults} are not the compose members`);
  if (!script.includes(`MONGO_REPLICA_SET || '${setName}'`))
    out.push(`init-replica-set.js: its default set name is not ${setName}`);
  for (const n of mongo)
    if (!services[n]?.volumes?.some((v) => v.endsWith(':/data/db')))
      out.push(`services.${n}: /data/db is not on a volume`);
  return out;
}
