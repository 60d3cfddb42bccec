#!/usr/bin/env node
// Runs a benchmark from its built package after the usual setup: `node infra/bench/run.mjs outbox`.
// Benchmarks are scripts, never timed tests; they print figures measured side by side in one run.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { root, setup } from '../local/setup.mjs';

const benches = {
  outbox: join(root, 'packages', 'events', 'dist', 'bench', 'outbox.bench.js'),
  drafts: join(root, 'services', 'gateway', 'dist', 'bench', 'drafts-list.bench.js'),
  notifications: join(root, 'services', 'notification', 'dist', 'bench', 'fanout.bench.js'),
};
const name = process.argv[2];
const file = benches[name];
if (!file) {
  console.error(`usage: node infra/bench/run.mjs <${Object.keys(benches).join('|')}> [args]`);
  process.exit(2);
}
setup();
const res = spawnSync(process.execPath, ['--expose-gc', file, ...process.argv.slice(3)], {
  cwd: root,
  stdio: 'inherit',
});
process.exit(res.status ?? 1);
