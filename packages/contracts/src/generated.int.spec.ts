import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const script = fileURLToPath(new URL('../../../infra/local/proto.mjs', import.meta.url));

describe('contracts', () => {
  it('pass buf lint, and the committed ts-proto code matches a fresh generation from proto/', () => {
    const res = spawnSync(process.execPath, [script, 'check'], { encoding: 'utf8' });
    expect(res.stderr + res.stdout).toContain('generated files match proto/');
    expect(res.status).toBe(0);
  }, 60_000);
});
