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
  'feedback-intake': [join(root, 'services', 'gateway'), 'feedback-intake.bench.js'],
  'feedback-duplicates': [join(root, 'services', 'feedback'), 'duplicates.bench.js'],
  'feedback-report': [join(root, 'services', 'feedback'), 'report.bench.js'],
};
// `feedback [parts]`: issue #10's benchmarks one after the other. Parts, comma-separated (default
// all): p2, p4, p7 (one run of feedback-intake), duplicates, report. Sizes come from each bench's
// own settings (BENCH_* variables, documented at the top of each bench file); BENCH_QUICK=1 sizes
// every part down for a quick check.
const feedbackParts = ['p2', 'p4', 'p7', 'duplicates', 'report'];
const quick = process.env.BENCH_QUICK === '1';
const name = process.argv[2];
if (!benches[name] && name !== 'feedback') {
  console.error(
    `usage: node infra/bench/run.mjs <${Object.keys(benches).join('|')}|feedback> [args]`,
  );
  process.exit(2);
}
const { pnpm } = setup();
const compiled = new Set();

/** Builds the bench's package once, then runs the bench; its exit status. */
function runBench(bench, args, env = {}) {
  const [dir, script] = benches[bench];
  if (!compiled.has(dir)) {
    const built = spawnSync(pnpm, ['exec', 'tsc', '-p', join(dir, 'tsconfig.bench.json')], {
      cwd: root,
      stdio: 'inherit',
    });
    if (built.status !== 0) return built.status ?? 1;
    compiled.add(dir);
  }
  const file = join(dir, '.bench', 'bench', script);
  const res = spawnSync(process.execPath, ['--expose-gc', file, ...args], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, ...env },
  });
  return res.status ?? 1;
}

if (name !== 'feedback') process.exit(runBench(name, process.argv.slice(3)));

const parts = (process.argv[3] ?? feedbackParts.join(',')).split(',').filter(Boolean);
const unknown = parts.filter((p) => !feedbackParts.includes(p));
if (unknown.length) {
  console.error(`unknown parts ${unknown.join(', ')}; parts: ${feedbackParts.join(',')}`);
  process.exit(2);
}
const quickIntake = quick
  ? { BENCH_SECONDS: '2', BENCH_ROUNDS: '1', BENCH_IMPORT_CALLS: '2', BENCH_BURST: '5000' }
  : {};
let status = 0;
const intake = parts.filter((p) => p.startsWith('p'));
if (intake.length)
  status ||= runBench('feedback-intake', [intake.join(',')], {
    ...quickIntake,
    ...pick(Object.keys(quickIntake)),
  });
if (parts.includes('duplicates'))
  status ||= runBench('feedback-duplicates', quick ? ['10000'] : []);
if (parts.includes('report'))
  status ||= runBench('feedback-report', quick ? ['10000', '1000', '50'] : []);
process.exit(status);

/** The caller's own settings win over the quick sizes. */
function pick(keys) {
  return Object.fromEntries(keys.filter((k) => process.env[k]).map((k) => [k, process.env[k]]));
}
