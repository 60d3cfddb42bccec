// .github/workflows/mongodb.yml cannot run here (no Docker): check that what it names exists and
// agrees, so it does not rot while nobody runs it.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { repoRoot } from './kubernetes.test-helper.js';

interface Workflow {
  jobs: { mongodb: { env: { MONGO_URL: string }; steps: { name?: string; run?: string }[] } };
}
const workflow = parse(
  readFileSync(join(repoRoot, '.github', 'workflows', 'mongodb.yml'), 'utf8'),
) as Workflow;
const job = workflow.jobs.mongodb;
const script = job.steps.map((s) => s.run ?? '').join('\n');

describe('the MongoDB workflow (.github/workflows/mongodb.yml)', () => {
  it('starts mongo:8 members, initiates them with the shared script, and names them in MONGO_URL', () => {
    expect(script).toMatch(/mongo:8 --replSet pcn/);
    expect(script).toContain('/init/init-replica-set.js');
    expect(existsSync(join(repoRoot, 'infra', 'deploy', 'mongo', 'init-replica-set.js'))).toBe(
      true,
    );
    const members = /MONGO_MEMBERS=(\S+)/.exec(script)?.[1];
    const url = new RegExp(`^mongodb://${members}/\\?replicaSet=pcn$`);
    expect(job.env.MONGO_URL).toMatch(url);
    for (const port of /for port in ([\d ]+);/.exec(script)?.[1]?.split(' ') ?? [])
      expect(members).toContain(`127.0.0.1:${port}`);
  });

  it('runs the storage contract suite, which reads MONGO_URL', () => {
    const spec = /vitest run --project int (\S+)/.exec(script)?.[1] ?? '';
    expect(spec).toBe('packages/storage/src/mongo.store.int.spec.ts');
    expect(readFileSync(join(repoRoot, spec), 'utf8')).toContain('process.env.MONGO_URL');
  });

  it('installs the pnpm the project pins', () => {
    const setup = readFileSync(join(repoRoot, 'infra', 'local', 'setup.mjs'), 'utf8');
    const pinned = /PNPM_VERSION = '([^']+)'/.exec(setup)?.[1];
    expect(script).toContain(`pnpm@${pinned}`);
  });
});
