import {
  ConfigError,
  FailedPreconditionError,
  InvalidArgumentError,
  isDomainError,
  NotFoundError,
} from '@pcn/platform';
import { Command, CommanderError } from 'commander';
import { registerAudit } from './commands/audit.command.js';
import { registerBackup } from './commands/backup.command.js';
import { CommandContext } from './commands/command-context.js';
import { registerDirectory } from './commands/directory.command.js';
import { registerErase } from './commands/erase.command.js';
import { registerDeadLetters } from './commands/dead-letters.command.js';
import { refusePasswordArgument, registerIdentity } from './commands/identity.command.js';
import { registerStatus } from './commands/status.command.js';
import { registerUsers } from './commands/users.command.js';
import { CliError, ExitCode } from './exit-codes.js';
import { processIo, type CliIo } from './io.js';

export const EXIT_CODES_HELP = `
Exit codes:
  0  done; for status, everything healthy
  1  refused or failed (unknown id, existing backup folder, a failed check, a directory file with
     problems; erase: a service failed)
  2  used wrongly (unknown command or option, missing argument, bad value or environment)
  3  status: something is unhealthy (a service down, a threshold passed)
  4  NATS or a service the command needs could not be reached (erase: any service)

Environment: NATS_URL, NATS_MONITOR_URL, BUS_PREFIX, DRAFT_GRPC_ADDRESS, OUTREACH_GRPC_ADDRESS,
FEEDBACK_GRPC_ADDRESS, NOTIFICATION_GRPC_ADDRESS, GATEWAY_URL (status: /readyz),
GATEWAY_ADMIN_GRPC_ADDRESS, OPERATOR_SECRET (bootstrap, users, directory, keys, erase), GRPC_TLS_*_FILE,
PCN_OPERATOR (named in audit records).
`;

function errorExit(io: CliIo, err: unknown): ExitCode {
  const say = (text: string) => io.stderr(`${text}\n`);
  if (err instanceof CliError) {
    say(err.message);
    return err.code;
  }
  if (err instanceof ConfigError) {
    say(err.message);
    return ExitCode.Usage;
  }
  if (err instanceof InvalidArgumentError) {
    say(`Refused: ${err.violations.map((v) => `${v.field} ${v.description}`).join('; ')}`);
    return ExitCode.Usage;
  }
  if (
    err instanceof NotFoundError ||
    err instanceof FailedPreconditionError ||
    isDomainError(err)
  ) {
    say(`Refused: ${err.message}`);
    return ExitCode.Failed;
  }
  say(`Failed: ${err instanceof Error ? err.message : String(err)}`);
  return ExitCode.Failed;
}

/** Runs one command line (without `node` and the script) and resolves with its exit code. */
export async function runCli(argv: readonly string[], io: CliIo = processIo): Promise<ExitCode> {
  const program = new Command('pcn-admin');
  const ctx = new CommandContext(io, program);
  program
    .description("PCN operators' command line")
    .option('--json', 'one JSON document on stdout, for scripts')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout(s), writeErr: (s) => io.stderr(s) })
    .showHelpAfterError('(pcn-admin --help lists the commands)')
    .addHelpText('after', EXIT_CODES_HELP);
  registerStatus(program, ctx);
  registerDeadLetters(program, ctx);
  registerAudit(program, ctx);
  registerBackup(program, ctx);
  registerIdentity(program, ctx);
  registerUsers(program, ctx);
  registerDirectory(program, ctx);
  registerErase(program, ctx);
  try {
    refusePasswordArgument(argv);
    await program.parseAsync([...argv], { from: 'user' });
    return ctx.exitCode;
  } catch (err) {
    if (err instanceof CommanderError)
      return err.code === 'commander.helpDisplayed' || err.code === 'commander.version'
        ? ExitCode.Ok
        : ExitCode.Usage;
    return errorExit(io, err);
  }
}
