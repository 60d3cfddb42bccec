import { describe, expect, it } from 'vitest';
import {
  composeViolations,
  loadCompose,
  loadComposeScrapeConfig,
  type ComposeFile,
} from './compose.test-helper.js';

const fresh = (): ComposeFile => structuredClone(loadCompose());
const env = (c: ComposeFile, service: string) => c.services[service]!.environment!;

describe('infra/deploy/compose.yaml', () => {
  it('runs every PCN process, NATS with JetStream on 3 nodes and an initiated replica set', () => {
    const compose = loadCompose();
    expect(Object.keys(compose.services)).toEqual(
      expect.arrayContaining(['gateway', 'draft', 'outreach', 'feedback', 'notification']),
    );
    expect(composeViolations(compose)).toEqual([]);
  });

  it('a missing healthcheck fails', () => {
    const c = fresh();
    delete c.services['feedback']!.healthcheck;
    delete c.services['nats-2']!.healthcheck;
    expect(composeViolations(c)).toEqual(
      expect.arrayContaining([
        'services.feedback: no healthcheck',
        'services.nats-2: no healthcheck',
      ]),
    );
  });

  it('a secret written in the file fails', () => {
    const c = fresh();
    env(c, 'gateway')['JWT_SECRET'] = 'kT4v9Qm2xZ8rL1pW6sN3bY7cH5dF0gJa';
    env(c, 'draft')['MONGO_URL'] = 'mongodb://pcn:hunter2@mongo-1:27017/?replicaSet=pcn';
    const found = composeViolations(c).join('\n');
    expect(found).toMatch(
      /services.gateway: JWT_SECRET is a secret and must come from a Secret \(or the operator's environment\)/,
    );
    expect(found).toMatch(/services.draft: MONGO_URL holds a URL with a password/);
  });

  it('an env var no code reads fails, and so does a missing required one', () => {
    const c = fresh();
    env(c, 'outreach')['DOCUMENT_TYPES'] = 'law=60d';
    delete env(c, 'notification')['NOTIFICATION_LINK_SECRET'];
    delete env(c, 'gateway')['NATS_URL'];
    const found = composeViolations(c).join('\n');
    expect(found).toMatch(
      /services.outreach: sets DOCUMENT_TYPES, which the outreach service does not read/,
    );
    expect(found).toMatch(/services.notification: NOTIFICATION_LINK_SECRET is required/);
    expect(found).toMatch(/services.gateway: NATS_URL is required/);
  });

  it('NATS without JetStream replicas, or a member left out of a URL, fails', () => {
    const c = fresh();
    env(c, 'draft')['STREAM_REPLICAS'] = '1';
    env(c, 'feedback')['NATS_URL'] = 'nats://nats-1:4222';
    c.services['mongo-3']!.command = ['--bind_ip_all'];
    const found = composeViolations(c).join('\n');
    expect(found).toMatch(/services.draft: STREAM_REPLICAS must be 3/);
    expect(found).toMatch(/services.feedback: NATS_URL leaves out nats-2/);
    expect(found).toMatch(/MongoDB: every member must run with the same --replSet/);
  });

  it('a service that starts before the replica set is initiated fails', () => {
    const c = fresh();
    c.services['notification']!.depends_on = ['mongo-init', 'nats-1', 'nats-2', 'nats-3'];
    expect(composeViolations(c).join('\n')).toMatch(
      /services.notification: must wait for mongo-init to complete/,
    );
  });

  it('a process without OPERATOR_SECRET or a scrapeable metrics port fails', () => {
    const c = fresh();
    delete env(c, 'draft')['OPERATOR_SECRET'];
    env(c, 'gateway')['OPERATOR_SECRET'] = '${PCN_OPERATOR_SECRET:-}';
    delete env(c, 'feedback')['METRICS_PORT'];
    env(c, 'outreach')['METRICS_HOST'] = '127.0.0.1';
    delete env(c, 'notification')['METRICS_TOKEN'];
    c.services['notification']!.expose = [];
    const found = composeViolations(c);
    expect(found).toEqual(
      expect.arrayContaining([
        'services.draft: OPERATOR_SECRET must come from a required Secret: without it pcn-admin erase cannot work',
        'services.gateway: OPERATOR_SECRET must come from a required Secret: without it pcn-admin erase, bootstrap and keys cannot work',
        'services.feedback: METRICS_PORT must be a fixed port (not unset), so the scraper finds /metrics',
        'services.outreach: METRICS_HOST must be 0.0.0.0 so the scraper reaches /metrics',
        'services.notification: METRICS_TOKEN must come from a required Secret: /metrics is served beyond loopback',
        'services.notification: METRICS_PORT 9454 is not exposed to the compose network (expose)',
      ]),
    );
  });

  it('metrics and the operator API are never published, and Prometheus scrapes every process', () => {
    const c = fresh();
    c.services['gateway']!.ports!.push('9450:9450', '127.0.0.1:4001:4001/tcp');
    c.services['draft']!.ports = ['50051:50051'];
    env(c, 'gateway')['ADMIN_GRPC_HOST'] = '0.0.0.0';
    expect(composeViolations(c)).toEqual(
      expect.arrayContaining([
        "services.gateway: publishes port 9450 on the host; only the gateway's HTTP port is public",
        "services.gateway: publishes port 4001 on the host; only the gateway's HTTP port is public",
        "services.draft: publishes port 50051 on the host; only the gateway's HTTP port is public",
        'services.gateway: ADMIN_GRPC_HOST is 0.0.0.0; the operator API stays on loopback (pcn-admin runs beside the gateway)',
      ]),
    );
    const scrape = loadComposeScrapeConfig();
    scrape.scrape_configs = scrape.scrape_configs!.filter((j) => j.job_name !== 'pcn-feedback');
    delete scrape.scrape_configs.find((j) => j.job_name === 'pcn-draft')!.authorization;
    expect(composeViolations(loadCompose(), scrape)).toEqual([
      'observability/prometheus-compose.yml: draft:9451 is scraped without the token',
      'observability/prometheus-compose.yml: no scrape target feedback:9453',
    ]);
  });

  it('an unpinned image fails', () => {
    const c = fresh();
    c.services['nats-1']!.image = 'nats:latest';
    c.services['mongo-1']!.image = 'mongo';
    const found = composeViolations(c).join('\n');
    expect(found).toMatch(/services.nats-1: image nats:latest is not pinned/);
    expect(found).toMatch(/services.mongo-1: image mongo is not pinned/);
  });
});
