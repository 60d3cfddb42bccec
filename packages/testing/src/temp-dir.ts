import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TempDir extends AsyncDisposable {
  readonly path: string;
  /** A path inside the directory. */
  file(name: string): string;
  remove(): Promise<void>;
}

/** A fresh directory under the OS temp dir, removed by `remove()` or `await using`. */
export async function tempDir(prefix = 'pcn-test-'): Promise<TempDir> {
  const path = await mkdtemp(join(tmpdir(), prefix));
  const remove = () => rm(path, { recursive: true, force: true });
  return { path, file: (name) => join(path, name), remove, [Symbol.asyncDispose]: remove };
}
