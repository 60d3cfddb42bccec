#!/usr/bin/env node
// Runs a benchmark after the usual setup: `node infra/bench/run.mjs outbox`. Benchmarks are
// scripts, never timed tests; they print figures measured side by side in one run. Bench code is
// test code, kept out of the production build (dist/): each package's tsconfig.bench.json compiles
// it, with the code it measures, into that package's .bench/ with the same compiler settings.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { root, setup } from '../local/setup.mjs';

const benches = {
  outbox: [join(root, 'packages', 'events'), 'outbox.bench.js'],
  drafts: [join(root, 'services', 'gateway'), 'drafts-list.bench.js'],
  notifications: [join(root, 'services', 'notification'), 'fanout.bench.js'],
};
const name = process.argv[2];
const bench = benches[name];
if (!bench) {
  console.error(`usage: node infra/bench/run.mjs <${Object.keys(benches).join('|')}> [args]`);
  process.exit(2);
}
const { pnpm } = setup();
const [dir, script] = bench;
const built = spawnSync(pnpm, ['exec', 'tsc', '-p', join(dir, 'tsconfig.bench.json')], {
  cwd: root,
  stdio: 'inherit',
});
if (built.status !== 0) process.exit(built.status ?? 1);
const file = join(dir, '.bench', 'bench', script);
const res = spawnSync(process.execPath, ['--expose-gc', file, ...process.argv.slice(3)], {
  cwd: root,
  stdio: 'inherit',
});
process.exit(res.status ?? 1);
