import { type IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import { type IStatefulSet } from 'kubernetes-models/apps/v1/StatefulSet';
import { type INetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { type IPodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { type IConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { type IContainer } from 'kubernetes-models/v1/Container';
import { type IEnvVar } from 'kubernetes-models/v1/EnvVar';
import { describe, expect, it } from 'vitest';
import {
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
