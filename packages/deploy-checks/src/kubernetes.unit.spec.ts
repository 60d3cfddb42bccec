import { type IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import { type IStatefulSet } from 'kubernetes-models/apps/v1/StatefulSet';
import { type IIngress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import { type INetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { type IPodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { type IConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { type IContainer } from 'kubernetes-models/v1/Container';
import { type IEnvVar } from 'kubernetes-models/v1/EnvVar';
import { type IService } from 'kubernetes-models/v1/Service';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import {
  deployDir,
  kubernetesViolations,
  renderOverlay,
  schemaViolations,
  type K8sObject,
} from './kubernetes.test-helper.js';

function find<T>(objects: K8sObject[], kind: string, name: string): T {
  const o = objects.find((x) => x.kind === kind && x.metadata.name === name);
  if (!o) throw new Error(`${kind}/${name} not rendered`);
  return o as unknown as T;
}
const deployment = (objects: K8sObject[], name: string) =>
  find<IDeployment>(objects, 'Deployment', name);
const mongo = (objects: K8sObject[]) => find<IStatefulSet>(objects, 'StatefulSet', 'mongo');
const container = (objects: K8sObject[], name: string): IContainer =>
  deployment(objects, name).spec!.template.spec!.containers[0]!;
const env = (c: IContainer, name: string): IEnvVar => c.env!.find((e) => e.name === name)!;
const commonConfig = (objects: K8sObject[]): Record<string, string> =>
  (
    objects.find(
      (x) => x.kind === 'ConfigMap' && x.metadata.name.startsWith('pcn-config'),
    ) as IConfigMap
  ).data!;

for (const overlay of ['dev', 'prod'] as const) {
  const rendered = renderOverlay(overlay);
  if ('skipped' in rendered) {
    // Skipped only where kubectl is missing: the reason is in the suite's name and printed.
    console.warn(`[deploy-checks] skipped the ${overlay} overlay: ${rendered.skipped}`);
    describe.skip(`Kubernetes overlay ${overlay} (${rendered.skipped})`, () => {
      it('renders', () => undefined);
    });
    continue;
  }
  const objects = rendered.objects;
  const fresh = () => structuredClone(objects);
  const rules = (o: K8sObject[]) => kubernetesViolations(o, { profile: overlay });

  describe(`Kubernetes overlay ${overlay}`, () => {
    it('renders every PCN process, the replica set, its init job and no Secret', () => {
      const names = objects.map((o) => `${o.kind}/${o.metadata.name}`);
      for (const s of ['gateway', 'draft', 'outreach', 'feedback', 'notification'])
        for (const kind of ['Deployment', 'Service', 'PodDisruptionBudget'])
          expect(names).toContain(`${kind}/${s}`);
      expect(names).toEqual(
        expect.arrayContaining(['StatefulSet/mongo', 'Service/mongo', 'Job/pcn-mongo-init']),
      );
      expect(objects.filter((o) => o.kind === 'Secret')).toEqual([]);
      const namespaces = new Set(objects.map((o) => o.metadata.namespace));
      expect(namespaces).toEqual(new Set([overlay === 'prod' ? 'pcn' : 'pcn-dev']));
    });

    it('validates every object against the Kubernetes schemas', () => {
      expect(schemaViolations(objects)).toEqual([]);
    });

    it('a schema error fails validation', () => {
      const o = fresh();
      (container(o, 'draft').ports![0] as { containerPort: unknown }).containerPort = 'fifty';
      expect(schemaViolations(o).join('\n')).toMatch(/Deployment\/draft: .*containerPort/);
      const unknown = fresh();
      unknown.push({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'stray' } });
      expect(schemaViolations(unknown)).toEqual(['Pod/stray: no schema known for v1 Pod']);
    });

    it('keeps every deployment rule', () => {
      expect(rules(objects)).toEqual([]);
    });

    it('a missing probe fails', () => {
      const o = fresh();
      delete container(o, 'draft').readinessProbe;
      delete container(o, 'gateway').livenessProbe;
      expect(rules(o)).toEqual(
        expect.arrayContaining([
          'Deployment/draft container draft: no readinessProbe',
          'Deployment/gateway container gateway: no livenessProbe',
        ]),
      );
    });

    it('a probe on another health service or port fails', () => {
      const o = fresh();
      container(o, 'feedback').livenessProbe!.grpc!.service = 'readiness';
      container(o, 'outreach').readinessProbe!.grpc!.port = 50051;
      container(o, 'gateway').readinessProbe!.httpGet!.path = '/healthz';
      expect(rules(o).join('\n')).toMatch(/feedback: livenessProbe must be grpc.health.v1/);
      expect(rules(o).join('\n')).toMatch(/outreach: readinessProbe checks port 50051/);
      expect(rules(o).join('\n')).toMatch(
        /gateway: readinessProbe must be an HTTP GET of \/readyz/,
      );
    });

    it('a missing limit or request fails, on init containers too', () => {
      const o = fresh();
      delete container(o, 'gateway').resources!.limits;
      delete mongo(o).spec!.template.spec!.initContainers![0]!.resources!.requests!['memory'];
      expect(rules(o)).toEqual(
        expect.arrayContaining([
          'Deployment/gateway container gateway: no limits.cpu',
          'Deployment/gateway container gateway: no limits.memory',
          'StatefulSet/mongo container keyfile: no requests.memory',
        ]),
      );
    });

    it('a missing PodDisruptionBudget fails', () => {
      const o = fresh().filter(
        (x) => !(x.kind === 'PodDisruptionBudget' && x.metadata.name === 'feedback'),
      );
      expect(rules(o)).toContain('Deployment/feedback: no PodDisruptionBudget selects its pods');
      const blocking = fresh();
      find<IPodDisruptionBudget>(blocking, 'PodDisruptionBudget', 'mongo').spec = {
        minAvailable: 3,
        selector: { matchLabels: { 'app.kubernetes.io/name': 'mongo' } },
      };
      expect(rules(blocking).join('\n')).toMatch(
        /StatefulSet\/mongo: its PodDisruptionBudget allows no disruption/,
      );
    });

    it('a literal secret value fails, in env, a ConfigMap or a Secret object', () => {
      const o = fresh();
      const jwt = env(container(o, 'gateway'), 'JWT_SECRET');
      delete jwt.valueFrom;
      jwt.value = 'kT4v9Qm2xZ8rL1pW6sN3bY7cH5dF0gJa';
      commonConfig(o)['NATS_URL'] = 'nats://pcn:hunter2hunter2@nats:4222';
      commonConfig(o)['INTERNAL_SECRET'] = 'x';
      const root = mongo(o).spec!.template.spec!.containers[0]!.env!.find(
        (e) => e.name === 'MONGO_INITDB_ROOT_PASSWORD',
      )!;
      delete root.valueFrom;
      root.value = 'kT4v9Qm2xZ8rL1pW6sN3bY7cH5dF0gJa';
      o.push({
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: 'pcn-gateway' },
        stringData: { JWT_SECRET: 'x' },
      });
      const found = rules(o).join('\n');
      expect(found).toMatch(/gateway: JWT_SECRET is a secret and must come from a Secret/);
      expect(found).toMatch(
        /mongod: MONGO_INITDB_ROOT_PASSWORD is a secret and must come from a Secret/,
      );
      expect(found).toMatch(/ConfigMap\/pcn-config-\w+: NATS_URL holds a URL with a password/);
      expect(found).toMatch(/ConfigMap\/pcn-config-\w+: INTERNAL_SECRET is a secret/);
      expect(found).toMatch(/Secret\/pcn-gateway: secrets are created by operators/);
    });

    it('an env var the code does not read fails, and so does one the code needs but is missing', () => {
      const o = fresh();
      container(o, 'draft').env!.push({ name: 'GRPC_PROT', value: '50051' });
      const notification = container(o, 'notification');
      notification.env = notification.env!.filter((e) => e.name !== 'NOTIFICATION_LINK_SECRET');
      const gateway = container(o, 'gateway');
      gateway.env = gateway.env!.filter((e) => e.name !== 'MONGO_URL');
      const found = rules(o).join('\n');
      expect(found).toMatch(/draft: sets GRPC_PROT, which the draft service does not read/);
      expect(found).toMatch(/notification: NOTIFICATION_LINK_SECRET is required/);
      expect(found).toMatch(/gateway: MONGO_URL is required when STORE=mongodb/);
    });

    it('envFrom a Secret fails (the variables it sets cannot be checked)', () => {
      const o = fresh();
      container(o, 'outreach').envFrom!.push({ secretRef: { name: 'pcn-internal' } });
      expect(rules(o).join('\n')).toMatch(/outreach: envFrom secretRef pcn-internal hides/);
    });

    it('a process without OPERATOR_SECRET or a scrapeable metrics port fails', () => {
      const o = fresh();
      const draft = container(o, 'draft');
      draft.env = draft.env!.filter((e) => e.name !== 'OPERATOR_SECRET');
      env(container(o, 'feedback'), 'OPERATOR_SECRET').valueFrom!.secretKeyRef!.optional = true;
      const gateway = container(o, 'gateway');
      gateway.env = gateway.env!.filter((e) => e.name !== 'METRICS_PORT');
      env(container(o, 'notification'), 'METRICS_HOST').value = '127.0.0.1';
      const outreach = container(o, 'outreach');
      outreach.ports = outreach.ports!.filter((p) => p.name !== 'metrics');
      const feedback = container(o, 'feedback');
      feedback.env = feedback.env!.filter((e) => e.name !== 'METRICS_TOKEN');
      delete deployment(o, 'notification').spec!.template.metadata!.annotations![
        'prometheus.io/scrape'
      ];
      const found = rules(o);
      expect(found).toEqual(
        expect.arrayContaining([
          'Deployment/draft container draft: OPERATOR_SECRET must come from a required Secret: without it pcn-admin erase cannot work',
          'Deployment/feedback container feedback: OPERATOR_SECRET must come from a required Secret: without it pcn-admin erase cannot work',
          'Deployment/gateway container gateway: METRICS_PORT must be a fixed port (not unset), so the scraper finds /metrics',
          'Deployment/notification container notification: METRICS_HOST must be 0.0.0.0 so the scraper reaches /metrics',
          'Deployment/outreach container outreach: no container port named metrics on METRICS_PORT 9452',
          'Deployment/feedback container feedback: METRICS_TOKEN must come from a required Secret: /metrics is served beyond loopback',
          "Deployment/notification container notification: its pods need the annotations prometheus.io/scrape 'true' and prometheus.io/port '9454', so Prometheus scrapes them",
        ]),
      );
      // The gateway's secret also guards bootstrap and keys.
      const noGatewaySecret = fresh();
      const g = container(noGatewaySecret, 'gateway');
      g.env = g.env!.filter((e) => e.name !== 'OPERATOR_SECRET');
      expect(rules(noGatewaySecret)).toContain(
        'Deployment/gateway container gateway: OPERATOR_SECRET must come from a required Secret: without it pcn-admin erase, bootstrap and keys cannot work',
      );
    });

    it('metrics and the operator API are never behind a Service, and only the gateway is public', () => {
      const o = fresh();
      find<IService>(o, 'Service', 'draft').spec!.ports!.push({
        name: 'metrics',
        port: 9451,
        targetPort: 'metrics',
      });
      const gatewayService = find<IService>(o, 'Service', 'gateway');
      gatewayService.spec!.type = 'LoadBalancer';
      gatewayService.spec!.ports!.push({ name: 'admin', port: 4001, targetPort: 4001 });
      container(o, 'gateway').env!.push({ name: 'ADMIN_GRPC_HOST', value: '0.0.0.0' });
      container(o, 'gateway').ports!.push({ name: 'admin', containerPort: 4001 });
      find<IService>(o, 'Service', 'outreach').spec!.type = 'NodePort';
      expect(rules(o)).toEqual(
        expect.arrayContaining([
          'Service/draft: port metrics sends to metrics of draft; that port is for operators on the pod, never behind a Service',
          'Service/gateway: port admin sends to the operator API of gateway; that port is for operators on the pod, never behind a Service',
          "Service/gateway: a LoadBalancer Service is public; only the gateway's HTTP port may be",
          "Service/outreach: a NodePort Service is public; only the gateway's HTTP port may be",
          'Deployment/gateway container gateway: ADMIN_GRPC_HOST is 0.0.0.0; the operator API stays on loopback (pcn-admin runs beside the gateway)',
          "Deployment/gateway container gateway: the operator API port 4001 is declared as a container port; it stays on the pod's loopback",
        ]),
      );
    });

    it('the gateway must reach every backend through a Service port', () => {
      const o = fresh();
      env(container(o, 'gateway'), 'FEEDBACK_GRPC_ADDRESS').value = 'feedback:50059';
      expect(rules(o).join('\n')).toMatch(
        /FEEDBACK_GRPC_ADDRESS feedback:50059 is not a Service port/,
      );
    });

    it('the PCN user is granted exactly the databases the processes use', () => {
      const o = fresh();
      env(container(o, 'outreach'), 'MONGO_DATABASE').value = 'pcn_outreach2';
      expect(rules(o).join('\n')).toMatch(
        /Job\/pcn-mongo-init: MONGO_APP_DATABASES is .*, the processes use .*pcn_outreach2/,
      );
    });

    it('NATS and MongoDB admit only PCN pods, and every PCN pod is one', () => {
      const o = fresh().filter((x) => !(x.kind === 'NetworkPolicy' && x.metadata.name === 'mongo'));
      const nats = find<INetworkPolicy>(o, 'NetworkPolicy', 'nats');
      nats.spec!.ingress![0]!.from = [];
      delete deployment(o, 'draft').spec!.template.metadata!.labels!['app.kubernetes.io/part-of'];
      expect(rules(o)).toEqual(
        expect.arrayContaining([
          "MongoDB: no NetworkPolicy that admits port 27017 from PCN's pods only",
          "NATS: no NetworkPolicy that admits port 4222 from PCN's pods only",
          'Deployment/draft: its pods lack app.kubernetes.io/part-of: pcn, so NATS and MongoDB refuse them',
        ]),
      );
    });

    it('the init job names exactly the replica set members', () => {
      const o = fresh();
      mongo(o).spec!.replicas = overlay === 'prod' ? 5 : 2;
      expect(rules(o).join('\n')).toMatch(
        /Job\/pcn-mongo-init: MONGO_MEMBERS is .*, the members are/,
      );
    });

    if (overlay === 'prod') {
      it("publishes the gateway's HTTP port only, through an Ingress with TLS on the public host", () => {
        const ingress = (o: K8sObject[]) => find<IIngress>(o, 'Ingress', 'gateway');
        expect(ingress(objects).spec!.tls![0]!.secretName).toBe('pcn-gateway-tls');
        const noTls = fresh();
        delete ingress(noTls).spec!.tls;
        expect(rules(noTls)).toEqual(
          expect.arrayContaining([
            'Ingress/gateway: no TLS; serve HTTPS from a Secret (spec.tls)',
            'Ingress/gateway: host pcn.example.gov.vn is not covered by its TLS hosts',
          ]),
        );
        const noSecret = fresh();
        delete ingress(noSecret).spec!.tls![0]!.secretName;
        expect(rules(noSecret)).toContain(
          'Ingress/gateway: a tls entry names no Secret (secretName)',
        );
        // A metrics port added to the gateway's Service and routed to by the Ingress.
        const metrics = fresh();
        find<IService>(metrics, 'Service', 'gateway').spec!.ports!.push({
          name: 'metrics',
          port: 9450,
          targetPort: 'metrics',
        });
        ingress(metrics).spec!.rules![0]!.http!.paths.push({
          path: '/metrics',
          pathType: 'Prefix',
          backend: { service: { name: 'gateway', port: { name: 'metrics' } } },
        });
        ingress(metrics).spec!.defaultBackend = {
          service: { name: 'draft', port: { number: 50051 } },
        };
        expect(rules(metrics)).toEqual(
          expect.arrayContaining([
            "Ingress/gateway: routes to gateway:metrics, which is not the gateway's HTTP port",
            "Ingress/gateway: routes to draft:50051, which is not the gateway's HTTP port",
          ]),
        );
        const otherHost = fresh();
        ingress(otherHost).spec!.rules![0]!.host = 'pcn.example.org';
        expect(rules(otherHost)).toContain(
          "Ingress/gateway: host pcn.example.org is not PUBLIC_BASE_URL's host pcn.example.gov.vn",
        );
        const none = fresh().filter((x) => x.kind !== 'Ingress');
        expect(rules(none)).toContain(
          "prod: no Ingress publishes the gateway's HTTP port with TLS",
        );
      });

      it("Prometheus's scrape config finds these pods: their namespace, annotation and metrics port", () => {
        const config = parse(
          readFileSync(join(deployDir, 'observability', 'prometheus-kubernetes.yml'), 'utf8'),
        ) as {
          scrape_configs: {
            kubernetes_sd_configs: { namespaces: { names: string[] } }[];
            authorization?: { credentials_file?: string };
            relabel_configs: { source_labels?: string[]; regex?: string; action?: string }[];
          }[];
        };
        const job = config.scrape_configs[0]!;
        expect(job.kubernetes_sd_configs[0]!.namespaces.names).toEqual([
          objects[0]!.metadata.namespace,
        ]);
        expect(job.authorization?.credentials_file).toMatch(/METRICS_TOKEN$/);
        const keeps = job.relabel_configs
          .filter((r) => r.action === 'keep')
          .map((r) => [r.source_labels?.[0], r.regex]);
        expect(keeps).toEqual([
          ['__meta_kubernetes_pod_annotation_prometheus_io_scrape', 'true'],
          ['__meta_kubernetes_pod_container_port_name', 'metrics'],
        ]);
        for (const d of objects.filter((x) => x.kind === 'Deployment') as unknown as IDeployment[])
          expect(d.spec!.template.metadata!.annotations!['prometheus.io/scrape']).toBe('true');
      });

      it('runs 2+ replicas, the MongoDB store and pinned images', () => {
        const o = fresh();
        deployment(o, 'notification').spec!.replicas = 1;
        container(o, 'draft').image = 'registry.example.org/pcn:latest';
        mongo(o).spec!.template.spec!.containers[0]!.image = 'mongo';
        commonConfig(o)['STORE'] = 'sqlite';
        const found = rules(o).join('\n');
        expect(found).toMatch(/Deployment\/notification: production runs at least 2 replicas/);
        expect(found).toMatch(/draft: image registry.example.org\/pcn:latest is not pinned/);
        expect(found).toMatch(/mongod: image mongo is not pinned/);
        expect(found).toMatch(/production uses STORE=mongodb/);
      });
    } else {
      it('is smaller than prod: one replica of each process and one MongoDB member', () => {
        for (const o of objects.filter((x) => x.kind === 'Deployment'))
          expect((o as unknown as IDeployment).spec!.replicas).toBe(1);
        expect(mongo(objects).spec!.replicas).toBe(1);
      });
    }
  });
}

describe('renderOverlay without kubectl', () => {
  it('reports why it skipped instead of failing or passing silently', () => {
    expect(renderOverlay('dev', 'kubectl-not-installed-here')).toEqual({
      skipped: expect.stringMatching(/^kubectl-not-installed-here is not installed here/) as string,
    });
  });
});
