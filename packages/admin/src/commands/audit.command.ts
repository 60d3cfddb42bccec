import type { Command } from 'commander';
import { busNames } from '../admin-config.js';
import { connectAdminBus } from '../infra/admin-bus.js';
import { readAuditLog } from '../infra/jetstream-audit-log.js';
import { emit, formatTable } from '../output.js';
import type { AuditRecord } from '../infra/jetstream-audit-log.js';
import type { AuditedAccount } from '../app/user-audit.js';
import { countOption, type CommandContext } from './command-context.js';

/** What an audit record is about, and its gist, whatever its kind. */
function subjectAndDetail(r: AuditRecord): [string, string] {
  if ('deadLetterId' in r)
    return [`dead letter ${r.deadLetterId}`, `${r.consumer}${r.reason ? `: ${r.reason}` : ''}`];
  if ('erasureId' in r)
    return [`erasure ${r.erasureId}`, `${r.subjectKind} ${r.subjectHash.slice(0, 16)}…`];
  const roles = (a: AuditedAccount) =>
    `${a.roles.join(',')}${a.organizationId ? ` @${a.organizationId}` : ''}${a.unitIds.length > 0 ? ` [${a.unitIds.join(',')}]` : ''}`;
  return [
    `user ${r.userId}`,
    r.action === 'user-roles-set'
      ? `${roles(r.before)} → ${roles(r.after)}`
      : r.signInUnblocked === true
        ? 'sign-in lockout lifted'
        : '',
  ];
}

export function registerAudit(program: Command, ctx: CommandContext): void {
  program
    .command('audit')
    .description(
      'what operators did (dead letters replayed or discarded, erasures, accounts disabled, enabled, given a new password or new roles), newest first',
    )
    .addOption(countOption('--limit <n>', 'at most this many', 1).default(50))
    .action(async (options: { limit: number }) => {
      const bus = await connectAdminBus(ctx.config.NATS_URL);
      try {
        const records = await readAuditLog(bus.jsm, busNames(ctx.config), options.limit);
        emit(ctx.io, ctx.json, { records }, () =>
          formatTable(
            ['SEQ', 'AT', 'ACTION', 'OPERATOR', 'SUBJECT', 'DETAIL'],
            records.map((r) => {
              const [subject, detail] = subjectAndDetail(r);
              return [r.seq, r.at, r.action, r.operator, subject, detail.slice(0, 100)];
            }),
          ),
        );
      } finally {
        await bus.close();
      }
    });
}
