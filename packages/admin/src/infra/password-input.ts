import { CliError, ExitCode } from '../exit-codes.js';
import type { CliIo } from '../io.js';

/** Reads all of a piped standard input: one line, its line ending dropped. */
async function readPiped(stdin: CliIo['stdin']): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(Buffer.from(chunk));
  const text = Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
  if (/[\r\n]/.test(text))
    throw new CliError('Standard input must hold the password alone, on one line', ExitCode.Usage);
  if (text === '')
    throw new CliError(
      'No password on standard input; pipe it, or run on a terminal to type it',
      ExitCode.Usage,
    );
  return text;
}

/**
 * Reads a line from a terminal already in raw mode (no echo): raw mode is set before the prompt is
 * shown, so nothing typed in answer to it is echoed.
 */
function promptHidden(io: CliIo, question: string): Promise<string> {
  const input = io.stdin;
  return new Promise((resolve, reject) => {
    let value = '';
    const finish = (error?: Error) => {
      input.off('data', onData);
      input.pause();
      io.stderr('\n');
      if (error) reject(error);
      else resolve(value);
    };
    const onData = (chunk: Buffer | string) => {
      for (const ch of chunk.toString()) {
        if (ch === '\r' || ch === '\n') return finish();
        // Ctrl-C and Ctrl-D: nothing is created.
        if (ch === '\u0003' || ch === '\u0004')
          return finish(new CliError('Cancelled', ExitCode.Usage));
        if (ch === '\u007f' || ch === '\b') value = [...value].slice(0, -1).join('');
        else value += ch;
      }
    };
    input.on('data', onData);
    io.stderr(question);
    input.resume();
  });
}

/**
 * The new admin's password: from standard input when piped, else typed twice at a prompt that
 * does not echo it. Never from the command line or the environment, where other users of the
 * host (ps, /proc, shell history) could read it.
 */
export async function readNewPassword(io: CliIo): Promise<string> {
  if (!io.stdin.isTTY || !io.stdin.setRawMode) return readPiped(io.stdin);
  io.stdin.setRawMode(true);
  try {
    const first = await promptHidden(io, 'Password for the new network admin: ');
    const second = await promptHidden(io, 'The same password again: ');
    if (first !== second)
      throw new CliError('The two passwords differ; nothing was created', ExitCode.Usage);
    return first;
  } finally {
    io.stdin.setRawMode(false);
  }
}
