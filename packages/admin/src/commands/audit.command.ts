import type { Command } from 'commander';
import { busNames } from '../admin-config.js';
import { connectAdminBus } from '../infra/admin-bus.js';
import { readAuditLog } from '../infra/jetstream-audit-log.js';
import { emit, formatTable } from '../output.js';
import { countOption, type CommandContext } from './command-context.js';

export function registerAudit(program: Command, ctx: CommandContext): void {
  program
    .command('audit')
    .description('what operators did (dead letters replayed or discarded), newest first')
    .addOption(countOption('--limit <n>', 'at most this many', 1).default(50))
    .action(async (options: { limit: number }) => {
      const bus = await connectAdminBus(ctx.config.NATS_URL);
      try {
        const records = await readAuditLog(bus.jsm, busNames(ctx.config), options.limit);
        emit(ctx.io, ctx.json, { records }, () =>
          formatTable(
            ['SEQ', 'AT', 'ACTION', 'OPERATOR', 'DEAD LETTER', 'CONSUMER', 'REASON'],
            records.map((r) => [
              r.seq,
              r.at,
              r.action,
              r.operator,
              r.deadLetterId,
              r.consumer,
              r.reason?.slice(0, 80),
            ]),
          ),
        );
      } finally {
        await bus.close();
      }
    });
}
