import type { operator } from '@pcn/contracts';
import { systemClock } from '@pcn/platform';
import { Option, type Command } from 'commander';
import { busNames } from '../admin-config.js';
import { createAuditedUserChange, type UserAuditAction } from '../app/user-audit.js';
import { CliError, ExitCode } from '../exit-codes.js';
import { connectAdminBus } from '../infra/admin-bus.js';
import { jetStreamAuditTrail } from '../infra/jetstream-dead-letters.js';
import { operatorApi } from '../infra/operator-client.js';
import { readNewPassword } from '../infra/password-input.js';
import { emit, formatTable } from '../output.js';
import { countOption, type CommandContext } from './command-context.js';
import { operatorName } from './dead-letters.command.js';

type UserRef = NonNullable<operator.DisableUserRequest['user']>;

/** `<id|email>`: an email has an "@", an id never does. */
export function userRef(value: string): UserRef {
  return value.includes('@') ? { $case: 'email', value } : { $case: 'userId', value };
}

/** An account for output: the email is shown to the operator (never logged). */
function accountView(u: operator.UserAccount | undefined) {
  if (!u) throw new CliError('The gateway answered without the account', ExitCode.Failed);
  return {
    id: u.id,
    email: u.email,
    displayName: u.displayName,
    roles: u.roles,
    organizationId: u.organizationId === '' ? null : u.organizationId,
    unitIds: u.unitIds,
    disabled: u.disabled,
    createdAt: u.createdAt?.toISOString(),
    updatedAt: u.updatedAt?.toISOString(),
    demo: u.demo,
  };
}
type AccountView = ReturnType<typeof accountView>;

function accountsTable(accounts: readonly AccountView[]): string {
  return formatTable(
    ['ID', 'EMAIL', 'NAME', 'ROLES', 'ORGANIZATION', 'UNITS', 'DISABLED'],
    accounts.map((a) => [
      a.id,
      a.email,
      a.displayName,
      a.roles.join(','),
      a.organizationId,
      a.unitIds.length > 0 ? a.unitIds.join(',') : undefined,
      a.disabled ? 'yes' : 'no',
    ]),
  );
}

const scope = (a: Pick<AccountView, 'roles' | 'organizationId' | 'unitIds'>) =>
  `${a.roles.join(',')}${a.organizationId ? ` in ${a.organizationId}` : ''}${a.unitIds.length > 0 ? ` for units ${a.unitIds.join(',')}` : ''}`;

/** Page size of `users list`: each page is one call to the gateway. */
const LIST_PAGE_SIZE = 200;

/**
 * `users`: the directory's accounts, through the gateway's operator API. Every change is
 * recorded in the audit stream (`pcn-admin audit`), by account id, never by email.
 */
export function registerUsers(program: Command, ctx: CommandContext): void {
  const api = () => operatorApi(ctx.config.GATEWAY_ADMIN_GRPC_ADDRESS, ctx.config.OPERATOR_SECRET);
  const users = program
    .command('users')
    .description(
      'accounts of the directory: create, list, disable, enable, reset-password, set-roles',
    );

  /**
   * Runs one audited change: the operator secret is checked and NATS connected before anything
   * changes, so a change that could not be recorded is not made.
   */
  async function audited(
    action: UserAuditAction,
    run: (client: ReturnType<typeof operatorApi>) => Promise<{
      user?: operator.UserAccount | undefined;
      previous?: operator.UserAccount | undefined;
      changed: boolean;
      signInUnblocked?: boolean;
    }>,
  ) {
    const client = api();
    try {
      const bus = await connectAdminBus(ctx.config.NATS_URL);
      try {
        const change = createAuditedUserChange({
          audit: jetStreamAuditTrail(bus.js, bus.jsm, busNames(ctx.config), ctx.logger),
          clock: systemClock,
          operator: operatorName(ctx.io.env),
          logger: ctx.logger,
        });
        return await change(action, async () => {
          const res = await run(client);
          const user = accountView(res.user);
          return {
            user,
            previous: accountView(res.previous ?? res.user),
            changed: res.changed,
            ...(res.signInUnblocked !== undefined ? { signInUnblocked: res.signInUnblocked } : {}),
          };
        });
      } finally {
        await bus.close();
      }
    } finally {
      client.close();
    }
  }

  users
    .command('create')
    .description(
      'an account (an agency editor, a unit officer, a press partner) in an organization or units of the directory; the password is read from standard input or a prompt, never from an argument',
    )
    .requiredOption('--email <email>', 'signs in with it')
    .requiredOption('--name <display name>', 'its display name')
    .addOption(
      new Option(
        '--role <role...>',
        'its roles (agency_editor, unit_officer, press_partner, network_admin)',
      ).makeOptionMandatory(),
    )
    .option('--organization <id>', 'the organization it acts for (editors and press partners)')
    .option('--unit <id...>', 'the units it acts for (unit officers)')
    .action(
      async (options: {
        email: string;
        name: string;
        role: string[];
        organization?: string;
        unit?: string[];
      }) => {
        const client = api();
        try {
          const password = await readNewPassword(ctx.io, 'the new account');
          const res = await client.createUser({
            email: options.email,
            displayName: options.name,
            password,
            roles: options.role,
            organizationId: options.organization ?? '',
            unitIds: options.unit ?? [],
          });
          ctx.logger.info({ userId: res.userId }, 'user created');
          emit(
            ctx.io,
            ctx.json,
            res,
            () => `Account created: id ${res.userId}. It signs in with its email.\n`,
          );
        } finally {
          client.close();
        }
      },
    );

  users
    .command('list')
    .description(
      'accounts, oldest first, with their roles, organization, units and whether they are disabled (never a password hash); the emails are personal data: do not paste them around',
    )
    .option('--role <role>', 'only accounts holding this role')
    .option('--organization <id>', 'only accounts of this organization')
    .addOption(
      countOption('--page-size <n>', 'accounts asked of the gateway per call (1 to 500)', 1)
        .default(LIST_PAGE_SIZE)
        .hideHelp(),
    )
    .action(async (options: { role?: string; organization?: string; pageSize: number }) => {
      const client = api();
      const accounts: AccountView[] = [];
      let pages = 0;
      try {
        let pageToken = '';
        do {
          const res = await client.listUsers({
            role: options.role ?? '',
            organizationId: options.organization ?? '',
            pageSize: options.pageSize,
            pageToken,
          });
          accounts.push(...res.users.map(accountView));
          pageToken = res.nextPageToken;
          pages += 1;
        } while (pageToken !== '');
      } finally {
        client.close();
      }
      emit(ctx.io, ctx.json, { users: accounts, pages }, () =>
        accountsTable(accounts).concat(`${accounts.length} account(s)\n`),
      );
    });

  users
    .command('disable')
    .description(
      'an account that must no longer be used (an officer who left): it cannot sign in, and its sessions end at once; the last enabled network admin cannot be disabled',
    )
    .argument('<user>', "the account's id or email")
    .action(async (user: string) => {
      const res = await audited('user-disabled', async (c) => {
        const r = await c.disableUser({ user: userRef(user) });
        return { ...r, previous: r.user ? { ...r.user, disabled: !r.changed } : undefined };
      });
      emit(
        ctx.io,
        ctx.json,
        { user: res.user, changed: res.changed, auditSeq: res.auditSeq },
        () =>
          res.changed
            ? `User ${res.user.id} disabled: it cannot sign in, and its sessions have ended (audit record ${res.auditSeq}).\n`
            : `User ${res.user.id} was disabled already; nothing changed.\n`,
      );
    });

  users
    .command('enable')
    .description(
      'a disabled account can sign in again (sessions ended when it was disabled stay ended)',
    )
    .argument('<user>', "the account's id or email")
    .action(async (user: string) => {
      const res = await audited('user-enabled', async (c) => {
        const r = await c.enableUser({ user: userRef(user) });
        return { ...r, previous: r.user ? { ...r.user, disabled: r.changed } : undefined };
      });
      emit(
        ctx.io,
        ctx.json,
        { user: res.user, changed: res.changed, auditSeq: res.auditSeq },
        () =>
          res.changed
            ? `User ${res.user.id} enabled: it can sign in again (audit record ${res.auditSeq}).\n`
            : `User ${res.user.id} was enabled already; nothing changed.\n`,
      );
    });

  users
    .command('reset-password')
    .description(
      "a new password for an account whose owner forgot theirs, read from standard input or a prompt, never from an argument; the password policy applies, and the account's sessions end",
    )
    .argument('<user>', "the account's id or email")
    .action(async (user: string) => {
      const res = await audited('user-password-reset', async (c) => {
        const password = await readNewPassword(ctx.io, 'the account');
        const r = await c.resetUserPassword({ user: userRef(user), password });
        return { ...r, previous: r.user, changed: true };
      });
      emit(
        ctx.io,
        ctx.json,
        { user: res.user, signInUnblocked: res.signInUnblocked === true, auditSeq: res.auditSeq },
        () =>
          `Password of user ${res.user.id} reset; its sessions have ended${res.signInUnblocked === true ? ', and its sign-in lockout (failed attempts) is lifted' : ''} (audit record ${res.auditSeq}). Give the new password to its owner by a channel other than email.\n`,
      );
    });

  users
    .command('set-roles')
    .description(
      "replace an account's roles, organization and units with those given (an option left out means none); each role must fit its organization's kind (agency_editor: a drafting_agency, press_partner: a press_agency, partner_system: a partner_system, unit_officer: units, and a unit_office if any); the last enabled network admin keeps that role",
    )
    .argument('<user>', "the account's id or email")
    .addOption(
      new Option(
        '--role <role...>',
        'its roles (agency_editor, unit_officer, press_partner, partner_system, network_admin)',
      ).makeOptionMandatory(),
    )
    .option('--organization <id>', 'the organization it acts for')
    .option('--unit <id...>', 'the units it acts for (unit officers)')
    .action(
      async (user: string, options: { role: string[]; organization?: string; unit?: string[] }) => {
        const res = await audited('user-roles-set', (c) =>
          c.setUserRoles({
            user: userRef(user),
            roles: options.role,
            organizationId: options.organization ?? '',
            unitIds: options.unit ?? [],
          }),
        );
        emit(
          ctx.io,
          ctx.json,
          { user: res.user, previous: res.previous, changed: res.changed, auditSeq: res.auditSeq },
          () =>
            res.changed
              ? `User ${res.user.id}: ${scope(res.previous)} → ${scope(res.user)} (audit record ${res.auditSeq}). It applies to the account's next request.\n`
              : `User ${res.user.id} has these roles already (${scope(res.user)}); nothing changed.\n`,
        );
      },
    );
}
