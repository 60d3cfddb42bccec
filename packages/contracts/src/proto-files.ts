import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The repository's `proto/` folder, the contracts' source of truth. The same from `src/` and
 * `dist/`, and present in the deployment image (which copies the repository).
 */
export const protoDir = fileURLToPath(new URL('../../../proto/', import.meta.url));

/** Every `.proto` file under `proto/`, relative to it (`pcn/ops/v1/ops.proto`). */
export function protoFiles(): string[] {
  return readdirSync(protoDir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.proto'))
    .map((f) => f.split('\\').join('/'))
    .sort();
}
