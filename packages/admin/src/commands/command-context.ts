import { createLogger, type Logger } from '@pcn/platform';
import { Option, type Command } from 'commander';
import { loadAdminConfig, type AdminConfig } from '../admin-config.js';
import { CliError, ExitCode } from '../exit-codes.js';
import type { CliIo } from '../io.js';

/** What every command gets: its process, the parsed environment, a logger, and where to set its exit code. */
export class CommandContext {
  exitCode: ExitCode = ExitCode.Ok;
  #config: AdminConfig | undefined;
  #logger: Logger | undefined;

  constructor(
    readonly io: CliIo,
    readonly program: Command,
  ) {}

  /** `--json`, given before or after the command name. */
  get json(): boolean {
    return Boolean(this.program.opts<{ json?: boolean }>().json);
  }

  /** The environment, read when a command first needs it (so `--help` works without it). */
  get config(): AdminConfig {
    this.#config ??= loadAdminConfig(this.io.env);
    return this.#config;
  }

  /** Actions are logged as JSON lines on stderr (pino), apart from the command's own output. */
  get logger(): Logger {
    this.#logger ??= createLogger({
      service: 'pcn-admin',
      version: '0.1.0',
      level: (this.io.env['LOG_LEVEL'] as 'info' | undefined) ?? 'info',
      pretty: false,
      destination: { write: (line: string) => this.io.stderr(line) },
    });
    return this.#logger;
  }
}

/** A whole number option, refused with exit 2 when it is not one. */
export function countOption(flags: string, description: string, min = 0): Option {
  return new Option(flags, description).argParser((value: string) => {
    const n = Number(value);
    if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n < min)
      throw new CliError(
        `${flags.split(' ')[0]} wants a whole number ≥ ${min}, got "${value}"`,
        ExitCode.Usage,
      );
    return n;
  });
}
