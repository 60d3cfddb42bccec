// Creates the first network admin of a network that runs without demo data:
//   npm run admin:bootstrap -- --email admin@province.gov.vn --name "Quản trị mạng lưới"
// The password is read from standard input when it is piped (`... < password-file`), or typed at a
// prompt that does not echo it; never from the command line or the environment, where other users
// of the host (ps, shell history, /proc) could read it. The store is the gateway's (STORE,
// SQLITE_FILE, MONGO_URL, MONGO_DATABASE, as for the gateway).
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import {
  ConfigError,
  isDomainError,
  InvalidArgumentError,
  loadConfig,
  storeConfig,
  storeEnv,
  systemClock,
} from '@pcn/platform';
import { openStore } from '@pcn/storage';
import { createBootstrapNetworkAdmin } from '../identity/bootstrap-network-admin.usecase.js';
import { identityCollections, signInCollections } from '../identity/identity.collections.js';
import { createIdentityService } from '../identity/identity.service.js';

const USAGE = `Usage: npm run admin:bootstrap -- --email <email> --name <display name> [--force]

Creates a network admin in the gateway's store (STORE, SQLITE_FILE, MONGO_URL, MONGO_DATABASE).
The password is read from standard input when piped, or typed at a prompt that does not show it.
It must be 12+ characters and hard to guess. --force adds an admin even if one exists.
`;

/** Exit 2: the command was used wrongly; exit 1: it was refused or failed. */
class UsageError extends Error {}

function fail(message: string, code: number): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

/** Reads all of a piped standard input: one line, its line ending dropped. */
async function readPipedPassword(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
  if (/[\r\n]/.test(text))
    throw new UsageError('Standard input must hold the password alone, on one line');
  return text;
}

/**
 * Reads a line from the terminal, which must be in raw mode (no echo) already: raw mode is set
 * before the prompt is shown, so nothing typed in answer to it can be echoed.
 */
function promptHidden(question: string): Promise<string> {
  const input = process.stdin;
  return new Promise((resolve, reject) => {
    let value = '';
    const finish = (error?: Error) => {
      input.off('data', onData);
      input.pause();
      process.stderr.write('\n');
      if (error) reject(error);
      else resolve(value);
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') return finish();
        // Ctrl-C and Ctrl-D: nothing is created.
        if (ch === '\u0003' || ch === '\u0004') return finish(new UsageError('Cancelled'));
        if (ch === '\u007f' || ch === '\b') value = [...value].slice(0, -1).join('');
        else value += ch;
      }
    };
    input.on('data', onData);
    process.stderr.write(question);
    input.resume();
  });
}

async function readPassword(): Promise<string> {
  if (!process.stdin.isTTY) return readPipedPassword();
  process.stdin.setEncoding('utf8');
  process.stdin.setRawMode(true);
  try {
    const first = await promptHidden('Password for the new network admin: ');
    const second = await promptHidden('The same password again: ');
    if (first !== second) throw new UsageError('The two passwords differ; nothing was created');
    return first;
  } finally {
    process.stdin.setRawMode(false);
  }
}

function parseCommandLine(argv: string[]) {
  // Named first, so the refusal says why instead of "unknown option".
  if (argv.some((a) => /^(--password|--pass|-p)(=|$)/.test(a)))
    throw new UsageError(
      'The password is never taken from the command line (other users of the host can read it ' +
        'there and it stays in shell history); pipe it on standard input or type it at the prompt',
    );
  const { values } = parseArgs({
    args: argv,
    options: {
      email: { type: 'string' },
      name: { type: 'string' },
      force: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) {
    process.stdout.write(USAGE);
    process.exit(0);
  }
  if (!values.email || !values.name)
    throw new UsageError(`--email and --name are required\n\n${USAGE}`);
  return { email: values.email, displayName: values.name, force: values.force };
}

async function main(): Promise<void> {
  let args: ReturnType<typeof parseCommandLine>;
  try {
    args = parseCommandLine(process.argv.slice(2));
  } catch (err) {
    fail(err instanceof Error ? err.message : String(err), 2);
  }
  const config = loadConfig(storeEnv);
  const password = await readPassword();
  const store = await openStore(storeConfig(config, 'pcn_gateway'));
  try {
    await store.migrate([...identityCollections, ...signInCollections]);
    const identity = createIdentityService({
      store,
      // This command issues no tokens; the key only satisfies the service's constructor.
      jwtSecret: randomBytes(32),
      tokenTtlSeconds: 900,
      clock: systemClock,
    });
    const bootstrap = createBootstrapNetworkAdmin({ store, identity });
    const admin = await bootstrap({ ...args, password });
    process.stdout.write(`Network admin created: id ${admin.id}. Sign in with its email.\n`);
  } finally {
    await store.close();
  }
}

main().catch((err: unknown) => {
  if (err instanceof UsageError) fail(err.message, 2);
  if (err instanceof ConfigError) fail(err.message, 1);
  if (err instanceof InvalidArgumentError)
    fail(`Refused: ${err.violations.map((v) => `${v.field} ${v.description}`).join('; ')}`, 1);
  if (isDomainError(err)) fail(`Refused: ${err.message}`, 1);
  fail(`Failed: ${err instanceof Error ? err.message : String(err)}`, 1);
});
