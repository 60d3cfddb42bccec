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
  readNewSecret,
  SecretInputError,
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

async function readPassword(): Promise<string> {
  try {
    return await readNewSecret(process.stdin, (text) => process.stderr.write(text));
  } catch (err) {
    if (err instanceof SecretInputError) throw new UsageError(err.message);
    throw err;
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
