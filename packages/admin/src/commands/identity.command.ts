import type { operator } from '@pcn/contracts';
import { Option, type Command } from 'commander';
import { CliError, ExitCode } from '../exit-codes.js';
import { operatorApi } from '../infra/operator-client.js';
import { readNewPassword } from '../infra/password-input.js';
import { emit, formatTable } from '../output.js';
import type { CommandContext } from './command-context.js';

/** Checked before parsing, so the refusal says why instead of "unknown option". */
export const PASSWORD_FLAG = /^(--password|--pass|-p)(=|$)/;

export function refusePasswordArgument(argv: readonly string[]): void {
  if (argv.some((a) => PASSWORD_FLAG.test(a)))
    throw new CliError(
      'The password is never taken from the command line (other users of the host can read it there and it stays in shell history); pipe it on standard input or type it at the prompt',
      ExitCode.Usage,
    );
}

function clientView(c: operator.ApiClient | undefined) {
  return c
    ? {
        id: c.id,
        name: c.name,
        organizationId: c.organizationId,
        roles: c.roles,
        revoked: c.revoked,
        createdAt: c.createdAt?.toISOString(),
      }
    : undefined;
}

function clientTable(c: ReturnType<typeof clientView>): string {
  return formatTable(
    ['ID', 'NAME', 'ORGANIZATION', 'ROLES', 'REVOKED'],
    c ? [[c.id, c.name, c.organizationId, c.roles.join(','), c.revoked]] : [],
  );
}

/** `bootstrap` and `keys` (`users` is in users.command.ts): through the gateway's operator API, never its store or code. */
export function registerIdentity(program: Command, ctx: CommandContext): void {
  const api = () => operatorApi(ctx.config.GATEWAY_ADMIN_GRPC_ADDRESS, ctx.config.OPERATOR_SECRET);

  async function using<T>(run: (client: ReturnType<typeof operatorApi>) => Promise<T>): Promise<T> {
    const client = api();
    try {
      return await run(client);
    } finally {
      client.close();
    }
  }

  program
    .command('bootstrap')
    .description(
      'create the first network admin of a network without demo data; the password is read from standard input or a prompt, never from an argument',
    )
    .requiredOption('--email <email>', "the admin's email (signs in with it)")
    .requiredOption('--name <display name>', "the admin's display name")
    .option('--force', 'add a network admin even though one exists (the only one was lost)')
    .action(async (options: { email: string; name: string; force?: boolean }) => {
      // Checked before the prompt, so a missing secret does not waste a typed password.
      const client = api();
      try {
        const password = await readNewPassword(ctx.io);
        const res = await client.bootstrapNetworkAdmin({
          email: options.email,
          displayName: options.name,
          password,
          force: Boolean(options.force),
        });
        ctx.logger.info({ userId: res.userId }, 'network admin created');
        emit(
          ctx.io,
          ctx.json,
          res,
          () => `Network admin created: id ${res.userId}. Sign in with its email.\n`,
        );
      } finally {
        client.close();
      }
    });

  const keys = program
    .command('keys')
    .description('API clients of partner systems: create, rotate, revoke');
  const printKey = (res: { client?: operator.ApiClient; key: string }) => {
    const client = clientView(res.client);
    emit(ctx.io, ctx.json, { client, key: res.key }, () =>
      clientTable(client).concat(`\nAPI key (shown once; it cannot be read again):\n${res.key}\n`),
    );
  };

  keys
    .command('create')
    .description('a new API client; prints its key once')
    .requiredOption('--name <name>', 'what the partner system is called')
    .requiredOption('--organization <id>', 'the organization it acts for')
    .addOption(
      new Option(
        '--role <role...>',
        'its roles (for example partner_system, press_partner)',
      ).makeOptionMandatory(),
    )
    .action(async (options: { name: string; organization: string; role: string[] }) => {
      const res = await using((c) =>
        c.createApiClient({
          name: options.name,
          organizationId: options.organization,
          roles: options.role,
        }),
      );
      ctx.logger.info({ clientId: res.client?.id }, 'API client created');
      printKey(res);
    });

  keys
    .command('rotate')
    .description('a new key for an API client; the old one stops working; prints the new key once')
    .argument('<client-id>', 'the API client')
    .action(async (clientId: string) => {
      const res = await using((c) => c.rotateApiKey({ clientId }));
      ctx.logger.info({ clientId }, 'API key rotated');
      printKey(res);
    });

  keys
    .command('revoke')
    .description('revoke an API client for good (its key stops working)')
    .argument('<client-id>', 'the API client')
    .action(async (clientId: string) => {
      const res = await using((c) => c.revokeApiClient({ clientId }));
      ctx.logger.info({ clientId }, 'API client revoked');
      const client = clientView(res.client);
      emit(ctx.io, ctx.json, { client }, () => clientTable(client));
    });
}
