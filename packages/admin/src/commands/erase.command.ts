import { systemClock } from '@pcn/platform';
import type { Command } from 'commander';
import { BACKENDS, busNames, type Backend } from '../admin-config.js';
import { createErasePersonalData } from '../app/erase-personal-data.usecase.js';
import { erasureExitCode, erasureSubjectFrom } from '../app/erasure-request.js';
import { CliError, ExitCode } from '../exit-codes.js';
import { connectAdminBus } from '../infra/admin-bus.js';
import { backendErasure, gatewayErasure } from '../infra/grpc-erasure.js';
import { jetStreamAuditTrail } from '../infra/jetstream-dead-letters.js';
import { emit, formatTable } from '../output.js';
import type { CommandContext } from './command-context.js';
import { operatorName } from './dead-letters.command.js';

const ADDRESS_VARIABLE: Readonly<Record<Backend, string>> = {
  draft: 'DRAFT_GRPC_ADDRESS',
  outreach: 'OUTREACH_GRPC_ADDRESS',
  feedback: 'FEEDBACK_GRPC_ADDRESS',
  notification: 'NOTIFICATION_GRPC_ADDRESS',
};

/** `erase`: a person's personal data across services (Law 91/2025), and what went where. */
export function registerErase(program: Command, ctx: CommandContext): void {
  program
    .command('erase')
    .description(
      "erase a person's personal data in every service (Law 91/2025) and report what was erased where; recorded in the audit stream under a keyed hash of the subject",
    )
    .option('--email <email>', 'the email address they used')
    .option('--phone <phone>', 'the phone number they used (0912345678 or +84912345678)')
    .option('--zalo <id>', 'their Zalo user id')
    .option('--user <id>', 'their network user id')
    .option(
      '--partner <clientId>',
      "a partner system's user: the partner's API client id (with --external-ref)",
    )
    .option(
      '--external-ref <ref>',
      "the partner's own reference for its user, as it sent it with their comments",
    )
    .option('--dry-run', 'count what would be erased; change nothing, record nothing')
    .action(async (options: Record<string, unknown>) => {
      const subject = erasureSubjectFrom(options);
      const dryRun = options['dryRun'] === true;
      const { config } = ctx;
      const secret = config.OPERATOR_SECRET;
      if (!secret)
        throw new CliError(
          'OPERATOR_SECRET is not set: give the operators\u2019 secret in the environment (never on the command line)',
          ExitCode.Usage,
        );
      // Connected first: an erasure that could not be audited must not start.
      const bus = await connectAdminBus(config.NATS_URL);
      try {
        const erase = createErasePersonalData({
          gateway: gatewayErasure(config.GATEWAY_ADMIN_GRPC_ADDRESS, secret),
          targets: BACKENDS.map((b) =>
            backendErasure(
              b,
              config[ADDRESS_VARIABLE[b] as `${Uppercase<Backend>}_GRPC_ADDRESS`],
              secret,
            ),
          ),
          audit: jetStreamAuditTrail(bus.js, bus.jsm, busNames(config), ctx.logger),
          clock: systemClock,
          operator: operatorName(ctx.io.env),
          hashKey: secret,
          logger: ctx.logger,
        });
        const result = await erase(subject, dryRun);
        ctx.exitCode = erasureExitCode(result.services);
        emit(ctx.io, ctx.json, { dryRun, subjectKind: subject.kind, ...result }, () => {
          const rows = result.services.flatMap((s) =>
            s.erased.length === 0
              ? [[s.service, s.outcome, '-', 0, s.note]]
              : s.erased.map((e, i) => [
                  s.service,
                  s.outcome,
                  e.kind,
                  e.count,
                  i === 0 ? s.note : '',
                ]),
          );
          const messages = result.services.flatMap((s) =>
            s.streamMessages.map((m) => [s.service, m.stream, m.seq, m.subject]),
          );
          const head = result.refused
            ? `Refused by the gateway: nothing was erased in any service. ${result.services.find((s) => s.outcome === 'refused')?.note ?? ''}\n`
            : dryRun
              ? 'Dry run: nothing was changed. Would erase:\n'
              : `Erased (audit record ${result.auditSeq ?? '-'}, subject hash ${result.subjectHash.slice(0, 16)}…):\n`;
          const table = formatTable(['SERVICE', 'OUTCOME', 'KIND', 'COUNT', 'NOTE'], rows);
          if (messages.length === 0) return head + table;
          return (
            head +
            table +
            `\n\nStream messages ${dryRun ? 'that would be erased' : 'erased (bytes overwritten)'}:\n` +
            formatTable(['SERVICE', 'STREAM', 'SEQUENCE', 'EVENT'], messages)
          );
        });
      } finally {
        await bus.close();
      }
    });
}
