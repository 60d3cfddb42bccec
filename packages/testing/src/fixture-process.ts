import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { waitFor } from './wait-for.js';

export class ProcessExitedError extends Error {
  override name = 'ProcessExitedError';
}

export interface FixtureProcess {
  readonly child: ChildProcess;
  /** Lines printed so far, stdout and stderr interleaved. */
  readonly lines: string[];
  /** Resolves with the exit code (null when killed by a signal) and signal. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Waits until a line matches, and returns its match. */
  waitForLine(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  kill(signal?: NodeJS.Signals): void;
  /** Signals the process and every process it started (spawned with `processGroup`). */
  killGroup(signal?: NodeJS.Signals): void;
}

/**
 * Runs a TypeScript file as its own Node process, resolving workspace packages to their sources
 * (like the tests do), for tests where a process must crash or be signalled.
 */
export function spawnTsProcess(file: string, env: Record<string, string> = {}): FixtureProcess {
  return spawnProcess(process.execPath, ['--import', 'tsx', '--conditions=@pcn/source', file], env);
}

/** Runs any command with captured output. */
export function spawnProcess(
  command: string,
  args: readonly string[],
  env: Record<string, string> = {},
  options: {
    /**
     * Its own process group, which `killGroup` signals whole: a launcher's children (npm start's
     * services) go with it even when it is killed outright, and hold no ports for later tests.
     */
    processGroup?: boolean;
  } = {},
): FixtureProcess {
  const child = spawn(command, args, {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: options.processGroup ?? false,
  });
  const lines: string[] = [];
  for (const stream of [child.stdout, child.stderr]) {
    if (stream) createInterface({ input: stream }).on('line', (line) => lines.push(line));
  }
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    // 'close' comes after the output streams end, so every line is read by then.
    child.once('close', (code, signal) => resolve({ code, signal })),
  );
  return {
    child,
    lines,
    exited,
    async waitForLine(pattern, timeoutMs = 15_000) {
      let exitedAs: string | undefined;
      void exited.then(({ code, signal }) => {
        exitedAs = signal ?? `code ${code}`;
      });
      return waitFor(
        () => {
          for (const line of lines) {
            const match = pattern.exec(line);
            if (match) return match;
          }
          // Fail at once, not at the timeout, when the process is gone without printing it.
          if (exitedAs !== undefined)
            throw new ProcessExitedError(
              `process exited (${exitedAs}) before printing ${String(pattern)}:\n${lines.join('\n')}`,
            );
          return undefined;
        },
        {
          timeoutMs,
          failFast: (err) => err instanceof ProcessExitedError,
          description: () =>
            `a line matching ${String(pattern)}; output so far:\n${lines.join('\n')}`,
        },
      );
    },
    kill(signal = 'SIGTERM') {
      child.kill(signal);
    },
    killGroup(signal = 'SIGKILL') {
      if (child.pid === undefined || child.exitCode !== null) return;
      try {
        process.kill(-child.pid, signal);
      } catch {
        // Already gone, or not a group leader (spawned without processGroup).
        child.kill(signal);
      }
    },
  };
}
