#!/usr/bin/env node
// Contract tooling: `generate` rewrites packages/contracts/src/gen from proto/ with ts-proto;
// `check` runs `buf lint` and regenerates into a temp dir, failing on any difference.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const protoDir = join(root, 'proto');
const committed = join(root, 'packages', 'contracts', 'src');
const buf = join(root, 'node_modules', '.bin', 'buf');

function run(args) {
  const res = spawnSync(buf, args, { cwd: protoDir, stdio: 'inherit' });
  if (res.status !== 0) {
    console.error(`buf ${args.join(' ')} failed (exit ${res.status ?? res.signal})`);
    process.exit(1);
  }
}

function listFiles(dir) {
  const out = [];
  const walk = (d) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(relative(dir, p));
    }
  };
  walk(dir);
  return out.sort();
}

const command = process.argv[2];
if (command === 'generate') {
  rmSync(join(committed, 'gen'), { recursive: true, force: true });
  run(['generate', '-o', committed]);
} else if (command === 'check') {
  run(['lint']);
  const tmp = mkdtempSync(join(tmpdir(), 'pcn-proto-'));
  try {
    run(['generate', '-o', tmp]);
    const fresh = join(tmp, 'gen');
    const current = join(committed, 'gen');
    const a = listFiles(fresh);
    const b = listFiles(current);
    const drift = [];
    for (const f of new Set([...a, ...b])) {
      if (!a.includes(f)) drift.push(`${f}: committed but no longer generated`);
      else if (!b.includes(f)) drift.push(`${f}: generated but not committed`);
      else if (!readFileSync(join(fresh, f)).equals(readFileSync(join(current, f))))
        drift.push(`${f}: differs from what proto/ generates`);
    }
    if (drift.length > 0) {
      console.error(
        `Generated contracts drifted from proto/ (run \`pnpm proto:generate\`):\n  ${drift.join('\n  ')}`,
      );
      process.exit(1);
    }
    console.log(`buf lint clean; ${a.length} generated files match proto/`);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
} else {
  console.error('usage: proto.mjs generate|check');
  process.exit(2);
}
