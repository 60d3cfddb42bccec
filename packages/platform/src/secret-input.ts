// A new password for a command-line tool: piped on standard input, or typed twice at a prompt that
// does not echo it. Never from the command line or the environment, where other users of the host
// (ps, /proc, shell history) could read it.

/** Standard input as the tools see it; tests pass their own stream. */
export type SecretInput = NodeJS.ReadableStream & {
  isTTY?: boolean;
  setRawMode?: (raw: boolean) => unknown;
};

/** Why no secret was read: the caller turns it into its own usage error. */
export class SecretInputError extends Error {
  override readonly name = 'SecretInputError';
}

/** Reads all of a piped standard input: one line, its line ending dropped. */
async function readPiped(stdin: SecretInput): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(Buffer.from(chunk));
  const text = Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
  if (/[\r\n]/.test(text))
    throw new SecretInputError('Standard input must hold the password alone, on one line');
  return text;
}

/**
 * Reads a line from a terminal already in raw mode (no echo): raw mode is set before the prompt is
 * shown, so nothing typed in answer to it is echoed.
 */
function promptHidden(
  input: SecretInput,
  writePrompt: (text: string) => void,
  question: string,
): Promise<string> {
  return new Promise((resolve, reject) => {
    let value = '';
    const finish = (error?: Error) => {
      input.off('data', onData);
      input.pause();
      writePrompt('\n');
      if (error) reject(error);
      else resolve(value);
    };
    const onData = (chunk: Buffer | string) => {
      for (const ch of chunk.toString()) {
        if (ch === '\r' || ch === '\n') return finish();
        // Ctrl-C and Ctrl-D: nothing is created.
        if (ch === '\u0003' || ch === '\u0004') return finish(new SecretInputError('Cancelled'));
        if (ch === '\u007f' || ch === '\b') value = [...value].slice(0, -1).join('');
        else value += ch;
      }
    };
    input.on('data', onData);
    writePrompt(question);
    input.resume();
  });
}

/**
 * A new password: from standard input when piped (possibly empty: the caller's policy decides),
 * else typed twice at a hidden prompt written with `writePrompt` (standard error).
 */
export async function readNewSecret(
  stdin: SecretInput,
  writePrompt: (text: string) => void,
  what = 'the new network admin',
): Promise<string> {
  if (!stdin.isTTY || !stdin.setRawMode) return readPiped(stdin);
  stdin.setRawMode(true);
  try {
    const first = await promptHidden(stdin, writePrompt, `Password for ${what}: `);
    const second = await promptHidden(stdin, writePrompt, 'The same password again: ');
    if (first !== second)
      throw new SecretInputError('The two passwords differ; nothing was created');
    return first;
  } finally {
    stdin.setRawMode(false);
  }
}
