import { readNewSecret, SecretInputError } from '@pcn/platform';
import { CliError, ExitCode } from '../exit-codes.js';
import type { CliIo } from '../io.js';

/**
 * The new admin's password: from standard input when piped, else typed twice at a prompt that
 * does not echo it (`readNewSecret`). Never from the command line or the environment.
 */
export async function readNewPassword(io: CliIo, what = 'the new network admin'): Promise<string> {
  let password: string;
  try {
    password = await readNewSecret(io.stdin, (text) => io.stderr(text), what);
  } catch (err) {
    if (err instanceof SecretInputError) throw new CliError(err.message, ExitCode.Usage);
    throw err;
  }
  if (password === '' && (!io.stdin.isTTY || !io.stdin.setRawMode))
    throw new CliError(
      'No password on standard input; pipe it, or run on a terminal to type it',
      ExitCode.Usage,
    );
  return password;
}
