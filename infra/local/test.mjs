#!/usr/bin/env node
// `npm test`: the same setup as `npm start`, then lint, format check, type-check, contract checks
// and every test tier. Each step runs even if an earlier one failed, and any failure exits 1.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { root, say, setup } from './setup.mjs';

const { pnpm } = setup();
const report = join(root, '.pcn', 'vitest-report.json');
rmSync(report, { force: true });

const steps = [
  ['lint (eslint)', pnpm, ['exec', 'eslint', '--max-warnings=0', '.']],
  ['format (prettier --check)', pnpm, ['exec', 'prettier', '--check', '.']],
  ['type-check (tsc -b)', pnpm, ['exec', 'tsc', '-b']],
  [
    'contracts (buf lint, generated code drift)',
    process.execPath,
    [join(root, 'infra', 'local', 'proto.mjs'), 'check'],
  ],
  [
    'tests (unit, int, e2e)',
    pnpm,
    [
      'exec',
      'vitest',
      'run',
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${report}`,
    ],
  ],
];

const failed = [];
for (const [name, cmd, args] of steps) {
  say(`▶ ${name}`);
  const res = spawnSync(cmd, args, {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, FORCE_COLOR: '1' },
  });
  if (res.status !== 0) {
    failed.push(name);
    say(`✗ ${name} failed`);
  }
}

if (existsSync(report)) {
  const r = JSON.parse(readFileSync(report, 'utf8'));
  const skipped = r.numPendingTests + r.numTodoTests;
  // The plain closing line CI reads.
  console.log(`\n${r.numPassedTests} passed, ${r.numFailedTests} failed, ${skipped} skipped`);
}
if (failed.length > 0) {
  say(`failed: ${failed.join(', ')}`);
  process.exit(1);
}
say('all checks passed');
