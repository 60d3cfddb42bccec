export { runCli, EXIT_CODES_HELP } from './cli.js';
export { ExitCode, CliError } from './exit-codes.js';
export type { CliIo } from './io.js';
