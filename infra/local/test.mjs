#!/usr/bin/env node
// `npm test`: the same setup as `npm start`, then lint, format check, type-check, contract checks
// and every test tier. Each step runs even if an earlier one failed, and any failure exits 1.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { aptInstall, root, say, setup } from './setup.mjs';

const { pnpm } = setup();
// promtool (Debian package prometheus) checks the alert rules in infra/ with their own unit tests;
// where it cannot be installed that test is skipped and says so, the rules still parsed.
if (spawnSync('promtool', ['--version'], { stdio: 'ignore' }).status !== 0) {
  if (!aptInstall('prometheus', "promtool, for the alert rules' tests"))
    say('promtool not installed: the alert rules are checked by parsing only');
}
const reports = ['unit-int', 'e2e'].map((name) => join(root, '.pcn', `vitest-${name}.json`));
for (const report of reports) rmSync(report, { force: true });

function vitest(projects, report) {
  const selection = projects.flatMap((p) => ['--project', p]);
  return [
    'exec',
    'vitest',
    'run',
    ...selection,
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${report}`,
  ];
}

const steps = [
  ['lint (eslint)', pnpm, ['exec', 'eslint', '--max-warnings=0', '.']],
  ['format (prettier --check)', pnpm, ['exec', 'prettier', '--check', '.']],
  ['type-check (tsc -b)', pnpm, ['exec', 'tsc', '-b']],
  [
    'contracts (buf lint, generated code drift)',
    process.execPath,
    [join(root, 'infra', 'local', 'proto.mjs'), 'check'],
  ],
  // The gateway's resolver types against schema.graphql; `npm run codegen` brings them up to date.
  [
    'codegen (generated resolver types drift)',
    pnpm,
    ['--filter', '@pcn/gateway', 'run', 'codegen:check'],
  ],
  ['tests (unit, int)', pnpm, vitest(['unit', 'int'], reports[0])],
  // End-to-end tests run on their own: they start whole networks, and sharing the two cores with
  // the integration tests would make both slow and flaky.
  ['tests (e2e)', pnpm, vitest(['e2e'], reports[1])],
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

const totals = { passed: 0, failed: 0, skipped: 0 };
for (const report of reports.filter((r) => existsSync(r))) {
  const r = JSON.parse(readFileSync(report, 'utf8'));
  totals.passed += r.numPassedTests;
  totals.failed += r.numFailedTests;
  totals.skipped += r.numPendingTests + r.numTodoTests;
}
// The plain closing line CI reads.
console.log(`\n${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
if (failed.length > 0) {
  say(`failed: ${failed.join(', ')}`);
  process.exit(1);
}
say('all checks passed');
