import { readFileSync } from 'node:fs';
import { ConfigError } from './config.js';

/**
 * The end of every composition root: `main().catch(exitOnBootFailure)`. Bad configuration prints
 * what to fix; anything else prints the error. Either way the process exits 1.
 */
export function exitOnBootFailure(err: unknown): never {
  if (err instanceof ConfigError) process.stderr.write(`${err.message}\n`);
  else
    process.stderr.write(
      `Failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
  process.exit(1);
}

/** The `version` of the package.json next to the folder of `moduleUrl` (src/ or dist/). */
export function packageVersion(moduleUrl: string): string {
  const raw = readFileSync(new URL('../package.json', moduleUrl), 'utf8');
  return (JSON.parse(raw) as { version?: string }).version ?? '0.0.0';
}
