/**
 * Exit codes scripts can rely on. They are part of the CLI's contract: never renumber one.
 */
export const ExitCode = {
  /** Done, or (status) everything healthy. */
  Ok: 0,
  /** Refused or failed: an unknown id, a check that failed, an existing backup folder. */
  Failed: 1,
  /** Used wrongly: unknown command or option, a missing argument. */
  Usage: 2,
  /** `status` only: answered, but something is unhealthy (a service down, a threshold passed). */
  Unhealthy: 3,
  /** NATS or a service the command needs could not be reached. */
  Unreachable: 4,
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** An error the CLI reports as one line on stderr and exits with `code`. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly code: ExitCode,
  ) {
    super(message);
    this.name = 'CliError';
  }
}
