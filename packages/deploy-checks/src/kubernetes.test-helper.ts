// Renders the kustomize overlays in infra/deploy/k8s and checks every object: against the
// Kubernetes schemas (kubernetes-models), and against PCN's deployment rules.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Deployment, type IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import { StatefulSet, type IStatefulSet } from 'kubernetes-models/apps/v1/StatefulSet';
import { Job, type IJob } from 'kubernetes-models/batch/v1/Job';
import { Ingress, type IIngress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import {
  NetworkPolicy,
  type INetworkPolicy,
} from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import {
  PodDisruptionBudget,
  type IPodDisruptionBudget,
} from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { ConfigMap, type IConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { type IContainer } from 'kubernetes-models/v1/Container';
import { type IPodTemplateSpec } from 'kubernetes-models/v1/PodTemplateSpec';
import { Secret } from 'kubernetes-models/v1/Secret';
import { Service, type IService } from 'kubernetes-models/v1/Service';
import { type IServicePort } from 'kubernetes-models/v1/ServicePort';
import { parseAllDocuments } from 'yaml';
import {
  BACKENDS,
  CREDENTIAL_URL,
  opsEnvViolations,
  SECRET_NAME,
  serviceEnvViolations,
  shutdownTimeoutMs,
  type EnvSource,
} from './service-env.test-helper.js';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const deployDir = join(repoRoot, 'infra', 'deploy');

export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  [field: string]: unknown;
}

/** Parses a multi-document YAML text, failing on any YAML error. */
export function parseYamlDocuments(text: string): unknown[] {
  return parseAllDocuments(text).map((doc) => {
    if (doc.errors.length > 0) throw new Error(doc.errors.map((e) => e.message).join('\n'));
    return doc.toJS() as unknown;
  });
}

export type Rendered = { objects: K8sObject[] } | { skipped: string };

/** `kubectl kustomize` of one overlay, or why it cannot run on this machine. */
export function renderOverlay(overlay: 'dev' | 'prod', kubectl = 'kubectl'): Rendered {
  const dir = join(deployDir, 'k8s', 'overlays', overlay);
  const res = spawnSync(kubectl, ['kustomize', dir], { encoding: 'utf8', timeout: 60_000 });
  if (res.error && (res.error as NodeJS.ErrnoException).code === 'ENOENT')
    return {
      skipped: `${kubectl} is not installed here, so the kustomize overlays were not rendered (install kubectl 1.27+ to check them)`,
    };
  if (res.status !== 0) throw new Error(`kubectl kustomize ${dir} failed:\n${res.stderr}`);
  return { objects: parseYamlDocuments(res.stdout).filter(Boolean) as K8sObject[] };
}

type Model = new (data: never) => { validate(): void };
/** The kinds the overlays may hold; another kind fails until it is added here with its schema. */
const MODELS: Readonly<Record<string, Model>> = {
  'apps/v1/Deployment': Deployment,
  'apps/v1/StatefulSet': StatefulSet,
  'batch/v1/Job': Job,
  'networking.k8s.io/v1/Ingress': Ingress,
  'networking.k8s.io/v1/NetworkPolicy': NetworkPolicy,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'v1/ConfigMap': ConfigMap,
  'v1/Secret': Secret,
  'v1/Service': Service,
};

/** Each object validated against its Kubernetes schema. */
export function schemaViolations(objects: readonly K8sObject[]): string[] {
  return objects.flatMap((o) => {
    const Ctor = MODELS[`${o.apiVersion}/${o.kind}`];
    if (!Ctor)
      return [`${o.kind}/${o.metadata?.name}: no schema known for ${o.apiVersion} ${o.kind}`];
    try {
      new Ctor(o as never).validate();
      return [];
    } catch (error) {
      return [`${o.kind}/${o.metadata.name}: ${(error as Error).message}`];
    }
  });
}

const ofKind = <T>(objects: readonly K8sObject[], kind: string) =>
  objects.filter((o) => o.kind === kind) as unknown as (T & K8sObject)[];

const isPcnImage = (image: string | undefined) => /(^|\/)pcn([:@]|$)/.test(image ?? '');

const matches = (selector: Record<string, string> | undefined, labels: Record<string, string>) =>
  selector !== undefined &&
  Object.keys(selector).length > 0 &&
  Object.entries(selector).every(([k, v]) => labels[k] === v);

/** The environment of one container, with where each value comes from. */
function containerEnv(
  where: string,
  container: IContainer,
  configMaps: ReadonlyMap<string, Record<string, string>>,
  out: string[],
): Map<string, EnvSource> {
  const env = new Map<string, EnvSource>();
  for (const from of container.envFrom ?? []) {
    if (from.secretRef)
      out.push(
        `${where}: envFrom secretRef ${from.secretRef.name} hides which variables it sets; name each with secretKeyRef`,
      );
    if (from.configMapRef) {
      const data = configMaps.get(from.configMapRef.name ?? '');
      if (!data) out.push(`${where}: envFrom ConfigMap ${from.configMapRef.name} does not exist`);
      for (const [k, v] of Object.entries(data ?? {})) env.set(k, { kind: 'config', value: v });
    }
  }
  for (const e of container.env ?? []) {
    const ref = e.valueFrom;
    if (ref?.secretKeyRef)
      env.set(e.name, { kind: 'secret', optional: ref.secretKeyRef.optional === true });
    else if (ref?.configMapKeyRef) {
      const { name = '', key, optional } = ref.configMapKeyRef;
      const value = configMaps.get(name)?.[key];
      if (value === undefined && optional !== true)
        out.push(`${where}: ${e.name} reads ConfigMap ${name} key ${key}, which does not exist`);
      env.set(e.name, { kind: 'config', value });
    } else if (ref?.fieldRef || ref?.resourceFieldRef) env.set(e.name, { kind: 'field' });
    else env.set(e.name, { kind: 'literal', value: e.value ?? '' });
  }
  return env;
}

const literal = (env: ReadonlyMap<string, EnvSource>, name: string) => {
  const s = env.get(name);
  return s?.kind === 'literal' || s?.kind === 'config' ? s.value : undefined;
};

function resourceViolations(where: string, c: IContainer): string[] {
  const out: string[] = [];
  for (const side of ['requests', 'limits'] as const)
    for (const r of ['cpu', 'memory'])
      if (c.resources?.[side]?.[r] === undefined) out.push(`${where}: no ${side}.${r}`);
  return out;
}

/** Where a container's probe connects: a port number, or the number behind a named port. */
function portNumber(c: IContainer, port: number | string | undefined): number | undefined {
  return typeof port === 'number' ? port : c.ports?.find((p) => p.name === port)?.containerPort;
}

/** The ports of one PCN container: the one it serves its callers on, and those for operators only. */
interface PcnPorts {
  service: string | undefined;
  labels: Record<string, string>;
  container: IContainer;
  /** HTTP_PORT (gateway) or GRPC_PORT (backends). */
  serving: number;
  /** Port → what it is: metrics, or the operator API. Never behind a Service or an Ingress. */
  operatorOnly: Map<number, string>;
}

function pcnContainerViolations(
  where: string,
  c: IContainer,
  template: IPodTemplateSpec,
  env: ReadonlyMap<string, EnvSource>,
  services: readonly (IService & K8sObject)[],
  found: PcnPorts[],
): string[] {
  const out: string[] = [];
  const service = literal(env, 'SERVICE');
  out.push(...serviceEnvViolations(where, service, env));
  const ops = opsEnvViolations(where, service, env);
  out.push(...ops.violations);
  const annotations = template.metadata?.annotations ?? {};
  if (ops.metricsPort !== undefined) {
    if (!c.ports?.some((p) => p.name === 'metrics' && p.containerPort === ops.metricsPort))
      out.push(`${where}: no container port named metrics on METRICS_PORT ${ops.metricsPort}`);
    if (
      annotations['prometheus.io/scrape'] !== 'true' ||
      annotations['prometheus.io/port'] !== String(ops.metricsPort)
    )
      out.push(
        `${where}: its pods need the annotations prometheus.io/scrape 'true' and prometheus.io/port '${ops.metricsPort}', so Prometheus scrapes them`,
      );
  }
  if (ops.adminPort !== undefined && c.ports?.some((p) => p.containerPort === ops.adminPort))
    out.push(
      `${where}: the operator API port ${ops.adminPort} is declared as a container port; it stays on the pod's loopback`,
    );
  const pod = template.spec;
  const labels = template.metadata?.labels ?? {};
  const runAsNonRoot = c.securityContext?.runAsNonRoot ?? pod?.securityContext?.runAsNonRoot;
  const runAsUser = c.securityContext?.runAsUser ?? pod?.securityContext?.runAsUser;
  // The image's USER is a name (node): the kubelet can only enforce non-root with a number.
  if (runAsNonRoot !== true || !runAsUser)
    out.push(`${where}: must run as non-root with a numeric runAsUser`);
  const grace = pod?.terminationGracePeriodSeconds ?? 30;
  const shutdown = shutdownTimeoutMs(service ?? '', env);
  if (grace * 1000 <= shutdown)
    out.push(
      `${where}: terminationGracePeriodSeconds ${grace} s is not longer than SHUTDOWN_TIMEOUT_MS ${shutdown} ms`,
    );

  const backend = (BACKENDS as readonly string[]).includes(service ?? '');
  const port = Number(literal(env, backend ? 'GRPC_PORT' : 'HTTP_PORT'));
  const host = literal(env, backend ? 'GRPC_HOST' : 'HTTP_HOST');
  if (host !== '0.0.0.0')
    out.push(
      `${where}: ${backend ? 'GRPC_HOST' : 'HTTP_HOST'} must be 0.0.0.0 so probes and peers reach it`,
    );
  if (!c.ports?.some((p) => p.containerPort === port))
    out.push(`${where}: no container port ${port} (the port the process listens on)`);
  for (const [kind, probe] of [
    ['readiness', c.readinessProbe],
    ['liveness', c.livenessProbe],
  ] as const) {
    if (backend) {
      // grpc.health.v1: the empty name or "readiness" is readiness; "liveness" is liveness.
      const want = kind === 'readiness' ? ['', 'readiness'] : ['liveness'];
      if (!probe?.grpc || !want.includes(probe.grpc.service ?? ''))
        out.push(`${where}: ${kind}Probe must be grpc.health.v1 with service "${want.at(-1)}"`);
      else if (probe.grpc.port !== port)
        out.push(
          `${where}: ${kind}Probe checks port ${probe.grpc.port}, the process serves ${port}`,
        );
    } else {
      const path = kind === 'readiness' ? '/readyz' : '/healthz';
      if (probe?.httpGet?.path !== path)
        out.push(`${where}: ${kind}Probe must be an HTTP GET of ${path}`);
      else if (portNumber(c, probe.httpGet.port) !== port)
        out.push(`${where}: ${kind}Probe checks another port than HTTP_PORT ${port}`);
    }
  }
  if (!services.some((s) => matches(s.spec?.selector, labels)))
    out.push(`${where}: no Service selects its pods`);
  const operatorOnly = new Map<number, string>();
  if (ops.metricsPort !== undefined) operatorOnly.set(ops.metricsPort, 'metrics');
  if (ops.adminPort !== undefined) operatorOnly.set(ops.adminPort, 'the operator API');
  found.push({ service, labels, container: c, serving: port, operatorOnly });
  if (service === 'gateway') {
    // Each backend address names a Service, on a port that Service has.
    for (const b of BACKENDS) {
      const [name, p] = (literal(env, `${b.toUpperCase()}_GRPC_ADDRESS`) ?? '').split(':');
      const target = services.find((s) => s.metadata.name === name);
      if (!target?.spec?.ports?.some((sp) => sp.port === Number(p)))
        out.push(`${where}: ${b.toUpperCase()}_GRPC_ADDRESS ${name}:${p} is not a Service port`);
    }
  }
  return out;
}

export interface RuleOptions {
  /** prod: replicas, pinned images, the MongoDB store and replicated streams are required. */
  profile: 'dev' | 'prod';
}

/** PCN's deployment rules over one rendered overlay; each string names an object and a fault. */
export function kubernetesViolations(
  objects: readonly K8sObject[],
  options: RuleOptions,
): string[] {
  const out: string[] = [];
  const configMaps = new Map(
    ofKind<IConfigMap>(objects, 'ConfigMap').map((m) => [m.metadata.name, m.data ?? {}]),
  );
  const services = ofKind<IService>(objects, 'Service');
  const pdbs = ofKind<IPodDisruptionBudget>(objects, 'PodDisruptionBudget');
  const pcnPorts: PcnPorts[] = [];

  for (const s of ofKind<K8sObject>(objects, 'Secret'))
    out.push(`Secret/${s.metadata.name}: secrets are created by operators, never kept in the repo`);
  for (const [name, data] of configMaps)
    for (const [key, value] of Object.entries(data)) {
      if (SECRET_NAME.test(key))
        out.push(`ConfigMap/${name}: ${key} is a secret; put it in a Secret`);
      if (CREDENTIAL_URL.test(value))
        out.push(`ConfigMap/${name}: ${key} holds a URL with a password`);
    }

  const workloads = [
    ...ofKind<IDeployment>(objects, 'Deployment'),
    ...ofKind<IStatefulSet>(objects, 'StatefulSet'),
    ...ofKind<IJob>(objects, 'Job'),
  ];
  for (const w of workloads) {
    const id = `${w.kind}/${w.metadata.name}`;
    const template = w.spec?.template as IPodTemplateSpec;
    const pod = template.spec;
    const labels = template.metadata?.labels ?? {};
    for (const c of [...(pod?.initContainers ?? []), ...(pod?.containers ?? [])]) {
      const where = `${id} container ${c.name}`;
      out.push(...resourceViolations(where, c));
      const env = containerEnv(where, c, configMaps, out);
      // PCN containers get this check with the rest of their environment (pcnContainerViolations).
      for (const [name, source] of isPcnImage(c.image) ? [] : env)
        if (SECRET_NAME.test(name) && source.kind !== 'secret')
          out.push(`${where}: ${name} is a secret and must come from a Secret, not a literal`);
      for (const arg of [...(c.command ?? []), ...(c.args ?? [])])
        if (CREDENTIAL_URL.test(arg))
          out.push(`${where}: a command argument holds a URL with a password`);
      if (/:latest$|^[^:@]+$/.test(c.image?.replace(/^[^/]+:\d+\//, '') ?? ''))
        if (options.profile === 'prod' || !isPcnImage(c.image))
          out.push(`${where}: image ${c.image} is not pinned to a tag or digest (never latest)`);
      if (w.kind !== 'Job' && !pod?.initContainers?.includes(c)) {
        if (!c.readinessProbe) out.push(`${where}: no readinessProbe`);
        if (!c.livenessProbe) out.push(`${where}: no livenessProbe`);
      }
      if (isPcnImage(c.image)) {
        out.push(...pcnContainerViolations(where, c, template, env, services, pcnPorts));
        if (
          options.profile === 'prod' &&
          !/(:\d+\.\d+\.\d+[\w.-]*|@sha256:[0-9a-f]{64})$/.test(c.image ?? '')
        )
          out.push(
            `${where}: production pins the PCN image to a release version or digest, not ${c.image}`,
          );
      }
    }
    if (w.kind === 'Job') continue;
    const replicas = (w.spec as { replicas?: number }).replicas ?? 1;
    const pdb = pdbs.find((p) => matches(p.spec?.selector?.matchLabels, labels));
    if (!pdb) out.push(`${id}: no PodDisruptionBudget selects its pods`);
    else if (Number(pdb.spec?.minAvailable ?? 0) >= replicas)
      out.push(`${id}: its PodDisruptionBudget allows no disruption with ${replicas} replica(s)`);
    const pcn = pod?.containers.some((c) => isPcnImage(c.image));
    if (options.profile === 'prod' && pcn && w.kind === 'Deployment' && replicas < 2)
      out.push(`${id}: production runs at least 2 replicas, not ${replicas}`);
  }
  out.push(...mongoViolations(objects, options));
  out.push(...networkViolations(objects));
  out.push(...exposureViolations(objects, services, pcnPorts, configMaps, options));
  if (options.profile === 'prod') {
    const config = configMaps.get(findGenerated(configMaps, 'pcn-config')) ?? {};
    if (config['STORE'] !== 'mongodb') out.push('pcn-config: production uses STORE=mongodb');
    if (config['STREAM_REPLICAS'] !== '3')
      out.push('pcn-config: production replicates streams on the 3 NATS nodes (STREAM_REPLICAS=3)');
    const site = configMaps.get(findGenerated(configMaps, 'pcn-site')) ?? {};
    if (!site['PUBLIC_BASE_URL']?.startsWith('https://'))
      out.push('pcn-site: production links use an https PUBLIC_BASE_URL');
  }
  return out;
}

/** The container port a Service port sends to, on one container (a name or a number). */
function targetOf(port: IServicePort, c: IContainer): number | undefined {
  return portNumber(c, port.targetPort ?? port.port);
}

/**
 * What is reachable from outside the pods: no Service sends to a metrics or operator port; only
 * the gateway's HTTP port may be public (a LoadBalancer or NodePort Service, or an Ingress); an
 * Ingress serves TLS for every host from a Secret named by reference; prod has one, on
 * PUBLIC_BASE_URL's host.
 */
function exposureViolations(
  objects: readonly K8sObject[],
  services: readonly (IService & K8sObject)[],
  pcnPorts: readonly PcnPorts[],
  configMaps: ReadonlyMap<string, Record<string, string>>,
  options: RuleOptions,
): string[] {
  const out: string[] = [];
  const gatewayHttp = (svc: IService | undefined, port: IServicePort | undefined) =>
    svc !== undefined &&
    port !== undefined &&
    pcnPorts.some(
      (p) =>
        p.service === 'gateway' &&
        matches(svc.spec?.selector, p.labels) &&
        targetOf(port, p.container) === p.serving,
    );
  for (const svc of services) {
    const id = `Service/${svc.metadata.name}`;
    const selected = pcnPorts.filter((p) => matches(svc.spec?.selector, p.labels));
    for (const port of svc.spec?.ports ?? [])
      for (const p of selected) {
        const what = p.operatorOnly.get(targetOf(port, p.container) ?? -1);
        if (what)
          out.push(
            `${id}: port ${port.name ?? port.port} sends to ${what} of ${p.service}; that port is for operators on the pod, never behind a Service`,
          );
      }
    const type = svc.spec?.type ?? 'ClusterIP';
    if (
      (type === 'LoadBalancer' || type === 'NodePort') &&
      !(svc.spec?.ports ?? []).every((port) => gatewayHttp(svc, port))
    )
      out.push(`${id}: a ${type} Service is public; only the gateway's HTTP port may be`);
  }
  const ingresses = ofKind<IIngress>(objects, 'Ingress');
  const site = configMaps.get(findGenerated(configMaps, 'pcn-site')) ?? {};
  const publicHost = URL.canParse(site['PUBLIC_BASE_URL'] ?? '')
    ? new URL(site['PUBLIC_BASE_URL'] ?? '').hostname
    : undefined;
  for (const ing of ingresses) {
    const id = `Ingress/${ing.metadata.name}`;
    const tlsHosts = new Set<string>();
    for (const t of ing.spec?.tls ?? []) {
      if (!t.secretName) out.push(`${id}: a tls entry names no Secret (secretName)`);
      for (const h of t.hosts ?? []) tlsHosts.add(h);
    }
    if (!ing.spec?.tls?.length) out.push(`${id}: no TLS; serve HTTPS from a Secret (spec.tls)`);
    const backends = [
      ...(ing.spec?.defaultBackend ? [{ host: undefined, backend: ing.spec.defaultBackend }] : []),
      ...(ing.spec?.rules ?? []).flatMap((r) =>
        (r.http?.paths ?? []).map((p) => ({ host: r.host, backend: p.backend })),
      ),
    ];
    for (const { host, backend } of backends) {
      if (host === undefined || !tlsHosts.has(host))
        out.push(`${id}: host ${host ?? '(any)'} is not covered by its TLS hosts`);
      const ref = backend.service;
      const svc = services.find((s) => s.metadata.name === ref?.name);
      const port = svc?.spec?.ports?.find((p) =>
        ref?.port?.name !== undefined ? p.name === ref.port.name : p.port === ref?.port?.number,
      );
      if (!gatewayHttp(svc, port))
        out.push(
          `${id}: routes to ${ref?.name ?? backend.resource?.name}:${ref?.port?.name ?? ref?.port?.number}, which is not the gateway's HTTP port`,
        );
    }
    if (options.profile === 'prod' && publicHost !== undefined)
      for (const r of ing.spec?.rules ?? [])
        if (r.host !== publicHost)
          out.push(`${id}: host ${r.host} is not PUBLIC_BASE_URL's host ${publicHost}`);
  }
  if (options.profile === 'prod' && ingresses.length === 0)
    out.push("prod: no Ingress publishes the gateway's HTTP port with TLS");
  return out;
}

/** The name kustomize gave a generated ConfigMap (with its hash suffix). */
function findGenerated(configMaps: ReadonlyMap<string, unknown>, base: string): string {
  return [...configMaps.keys()].find((n) => n === base || n.startsWith(`${base}-`)) ?? base;
}

/** The replica set: volumes, a headless Service, and an init Job naming exactly its members. */
function mongoViolations(objects: readonly K8sObject[], options: RuleOptions): string[] {
  const out: string[] = [];
  const sts = ofKind<IStatefulSet>(objects, 'StatefulSet').find((s) => s.metadata.name === 'mongo');
  if (!sts) return ['StatefulSet/mongo: missing'];
  const replicas = sts.spec?.replicas ?? 1;
  if (options.profile === 'prod' && replicas !== 3)
    out.push(`StatefulSet/mongo: production runs 3 members, not ${replicas}`);
  if (!sts.spec?.volumeClaimTemplates?.length)
    out.push('StatefulSet/mongo: no volumeClaimTemplates (data would not persist)');
  const headless = ofKind<IService>(objects, 'Service').find(
    (s) => s.metadata.name === sts.spec?.serviceName,
  );
  if (headless?.spec?.clusterIP !== 'None' || headless.spec.publishNotReadyAddresses !== true)
    out.push(
      'StatefulSet/mongo: its serviceName must be a headless Service publishing not-ready addresses',
    );
  const args = sts.spec?.template.spec?.containers[0]?.args ?? [];
  const setName = args.find((a) => a.startsWith('--replSet='))?.slice('--replSet='.length);
  if (!setName) out.push('StatefulSet/mongo: mongod runs without --replSet=<name>');
  const job = ofKind<IJob>(objects, 'Job').find((j) => j.metadata.name === 'pcn-mongo-init');
  const init = job?.spec?.template.spec?.containers[0];
  if (!job || !init) return [...out, 'Job/pcn-mongo-init: missing'];
  const env = new Map((init.env ?? []).map((e) => [e.name, e.value]));
  const members = Array.from(
    { length: replicas },
    (_, i) => `mongo-${i}.${sts.spec?.serviceName}:27017`,
  ).join(',');
  if (env.get('MONGO_MEMBERS') !== members)
    out.push(
      `Job/pcn-mongo-init: MONGO_MEMBERS is ${env.get('MONGO_MEMBERS')}, the members are ${members}`,
    );
  if (env.get('MONGO_REPLICA_SET') !== setName)
    out.push(
      `Job/pcn-mongo-init: MONGO_REPLICA_SET is ${env.get('MONGO_REPLICA_SET')}, mongod runs --replSet=${setName}`,
    );
  // The PCN user gets readWrite on exactly the databases the processes use.
  const used = ofKind<IDeployment>(objects, 'Deployment')
    .flatMap((d) => d.spec?.template.spec?.containers ?? [])
    .flatMap((c) => c.env?.filter((e) => e.name === 'MONGO_DATABASE').map((e) => e.value) ?? []);
  const granted = env.get('MONGO_APP_DATABASES')?.split(',') ?? [];
  if ([...new Set(used)].sort().join(',') !== [...granted].sort().join(','))
    out.push(
      `Job/pcn-mongo-init: MONGO_APP_DATABASES is ${granted.join(',')}, the processes use ${used.join(',')}`,
    );
  const volume = job.spec?.template.spec?.volumes?.find((v) => v.configMap)?.configMap?.name;
  const script = ofKind<IConfigMap>(objects, 'ConfigMap').find((m) => m.metadata.name === volume)
    ?.data?.['init-replica-set.js'];
  if (script !== readFileSync(join(deployDir, 'mongo', 'init-replica-set.js'), 'utf8'))
    out.push('Job/pcn-mongo-init: does not mount infra/deploy/mongo/init-replica-set.js');
  return out;
}

/** The pods every PCN process, the init Job and the members carry; the data planes admit only them. */
const PCN_POD = { 'app.kubernetes.io/part-of': 'pcn' };

/** NATS (no accounts) and MongoDB are reachable from PCN's pods only, and every PCN pod is one. */
function networkViolations(objects: readonly K8sObject[]): string[] {
  const out: string[] = [];
  const policies = ofKind<INetworkPolicy>(objects, 'NetworkPolicy');
  const guarded: { what: string; pods: Record<string, string>; port: number }[] = [
    { what: 'MongoDB', pods: { 'app.kubernetes.io/name': 'mongo' }, port: 27017 },
    {
      what: 'NATS',
      pods: { 'app.kubernetes.io/name': 'nats', 'app.kubernetes.io/instance': 'nats' },
      port: 4222,
    },
  ];
  for (const { what, pods, port } of guarded) {
    const policy = policies.find((p) => matches(p.spec?.podSelector?.matchLabels, pods));
    const rules = (policy?.spec?.ingress ?? []).filter((r) =>
      r.ports?.some((p) => p.port === port),
    );
    const open = rules.some(
      (r) => !r.from?.length || r.from.some((f) => !f.podSelector?.matchLabels),
    );
    const admitsPcn = rules.some((r) =>
      r.from?.some((f) => matches(f.podSelector?.matchLabels, PCN_POD)),
    );
    if (!policy || open || !admitsPcn)
      out.push(`${what}: no NetworkPolicy that admits port ${port} from PCN's pods only`);
  }
  for (const w of [
    ...ofKind<IDeployment>(objects, 'Deployment'),
    ...ofKind<IStatefulSet>(objects, 'StatefulSet'),
    ...ofKind<IJob>(objects, 'Job'),
  ])
    if (!matches(PCN_POD, w.spec?.template.metadata?.labels ?? {}))
      out.push(
        `${w.kind}/${w.metadata.name}: its pods lack app.kubernetes.io/part-of: pcn, so NATS and MongoDB refuse them`,
      );
  return out;
}
