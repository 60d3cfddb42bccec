// The NATS Helm chart cannot be rendered here (no Helm), so its values files are checked against
// the keys the chart documents in its 1.x values.yaml (read from chart 1.3.16).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { deployDir } from './kubernetes.test-helper.js';

/** Paths of the chart's 1.x values that PCN sets, each as the chart's values.yaml spells it. */
const CHART_1X_PATHS = new Set([
  'config.cluster.enabled',
  'config.cluster.replicas',
  'config.jetstream.enabled',
  'config.jetstream.fileStore.enabled',
  'config.jetstream.fileStore.dir',
  'config.jetstream.fileStore.pvc.enabled',
  'config.jetstream.fileStore.pvc.size',
  'config.jetstream.fileStore.pvc.storageClassName',
  'config.jetstream.memoryStore.enabled',
  'config.monitor.enabled',
  'config.monitor.port',
  'container.image.tag',
  'container.resources',
  'podTemplate.topologySpreadConstraints',
  'podDisruptionBudget.enabled',
  'natsBox.enabled',
]);
/** Values under these are Kubernetes objects of the chart's own choosing, not chart keys. */
const FREE_FORM = ['container.resources', 'podTemplate.topologySpreadConstraints'];

/** Every leaf path of a values tree, stopping at free-form blocks. */
function leafPaths(value: unknown, prefix = ''): string[] {
  if (
    FREE_FORM.includes(prefix) ||
    value === null ||
    typeof value !== 'object' ||
    Array.isArray(value)
  )
    return [prefix];
  return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) =>
    leafPaths(v, prefix ? `${prefix}.${k}` : k),
  );
}

function unknownPaths(values: unknown): string[] {
  return leafPaths(values).filter((p) => !CHART_1X_PATHS.has(p));
}

interface NatsValues {
  config: {
    cluster: { enabled: boolean; replicas?: number };
    jetstream: {
      enabled: boolean;
      fileStore: { enabled: boolean; pvc: { enabled: boolean; size: string } };
    };
  };
  container: { resources: { requests?: object; limits?: object } };
  podDisruptionBudget: { enabled: boolean };
}

const load = (file: string) =>
  parse(readFileSync(join(deployDir, 'k8s', 'nats', file), 'utf8')) as NatsValues;

describe('NATS Helm chart values (1.x keys)', () => {
  it('production: a 3-node cluster with JetStream on persistent volumes, resources and a PDB', () => {
    const v = load('values.yaml');
    expect(unknownPaths(v)).toEqual([]);
    expect(v.config.cluster).toMatchObject({ enabled: true, replicas: 3 });
    expect(v.config.jetstream.enabled).toBe(true);
    expect(v.config.jetstream.fileStore).toMatchObject({ enabled: true, pvc: { enabled: true } });
    expect(v.config.jetstream.fileStore.pvc.size).toMatch(/^\d+[GT]i$/);
    expect(v.container.resources.requests).toBeDefined();
    expect(v.container.resources.limits).toBeDefined();
    expect(v.podDisruptionBudget.enabled).toBe(true);
  });

  it('development: one node, JetStream on a volume', () => {
    const v = load('values-dev.yaml');
    expect(unknownPaths(v)).toEqual([]);
    expect(v.config.cluster.enabled).toBe(false);
    expect(v.config.jetstream).toMatchObject({
      enabled: true,
      fileStore: { pvc: { enabled: true } },
    });
  });

  it('a key the chart does not document (a 0.x key or a typo) fails', () => {
    const v = structuredClone(load('values.yaml')) as unknown as Record<string, unknown>;
    // 0.x spelled these `cluster.enabled` and `nats.jetstream.fileStorage`.
    v['cluster'] = { enabled: true };
    (v['config'] as { jetstream: Record<string, unknown> }).jetstream['fileStorage'] = {
      size: '1Gi',
    };
    expect(unknownPaths(v)).toEqual(['config.jetstream.fileStorage.size', 'cluster.enabled']);
  });

  it('the PCN processes reach the release `nats` and replicate streams on every node', () => {
    const prod = readFileSync(
      join(deployDir, 'k8s', 'overlays', 'prod', 'kustomization.yaml'),
      'utf8',
    );
    const base = readFileSync(join(deployDir, 'k8s', 'base', 'kustomization.yaml'), 'utf8');
    expect(base).toContain('NATS_URL=nats://nats:4222');
    expect(prod).toContain(`STREAM_REPLICAS=${load('values.yaml').config.cluster.replicas}`);
  });
});
