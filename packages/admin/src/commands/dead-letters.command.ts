import { userInfo } from 'node:os';
import { systemClock } from '@pcn/platform';
import type { Command } from 'commander';
import { busNames } from '../admin-config.js';
import { createDiscardDeadLetter } from '../app/discard-dead-letter.usecase.js';
import type { DeadLetterRecord } from '../app/dead-letters.ports.js';
import { createReplayDeadLetter } from '../app/replay-dead-letter.usecase.js';
import { CliError, ExitCode } from '../exit-codes.js';
import { connectAdminBus, type AdminBus } from '../infra/admin-bus.js';
import {
  jetStreamAuditTrail,
  jetStreamDeadLetters,
  jetStreamRepublisher,
} from '../infra/jetstream-dead-letters.js';
import { emit, formatTable } from '../output.js';
import { countOption, type CommandContext } from './command-context.js';

function parseId(value: string): number {
  if (!/^\d{1,15}$/.test(value) || Number(value) < 1)
    throw new CliError(
      `A dead letter id is a whole number ≥ 1 (its sequence), got "${value.slice(0, 40)}"`,
      ExitCode.Usage,
    );
  return Number(value);
}

/** The payload as text when it is UTF-8 (events are JSON), else base64. */
function payload(data: Uint8Array): { encoding: 'utf8' | 'base64'; text: string } {
  try {
    return { encoding: 'utf8', text: new TextDecoder('utf-8', { fatal: true }).decode(data) };
  } catch {
    return { encoding: 'base64', text: Buffer.from(data).toString('base64') };
  }
}

function summary(l: DeadLetterRecord) {
  return {
    id: l.id,
    consumer: l.consumer,
    originalSubject: l.originalSubject,
    originalStream: l.originalStream,
    originalSequence: l.originalSequence,
    deliveries: l.deliveries,
    deadLetteredAt: l.deadLetteredAt,
    reason: l.reason,
    bytes: l.data.length,
  };
}

/** Who runs the command, for audit records: PCN_OPERATOR, else the OS account. */
export function operatorName(env: NodeJS.ProcessEnv): string {
  const given = env['PCN_OPERATOR']?.trim();
  if (given) return given.slice(0, 100);
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}

export function registerDeadLetters(program: Command, ctx: CommandContext): void {
  const group = program
    .command('dead-letters')
    .description(
      'messages a consumer gave up on: list, show, replay to the original subject, discard',
    );

  async function withBus<T>(run: (bus: AdminBus) => Promise<T>): Promise<T> {
    const bus = await connectAdminBus(ctx.config.NATS_URL);
    try {
      return await run(bus);
    } finally {
      await bus.close();
    }
  }

  function useCaseDeps(bus: AdminBus) {
    const names = busNames(ctx.config);
    return {
      names,
      letters: jetStreamDeadLetters(bus.jsm, names),
      republisher: jetStreamRepublisher(bus.js),
      audit: jetStreamAuditTrail(bus.js, bus.jsm, names, ctx.logger),
      logger: ctx.logger,
      clock: systemClock,
      operator: operatorName(ctx.io.env),
    };
  }

  group
    .command('list')
    .description('dead letters, oldest first')
    .addOption(countOption('--limit <n>', 'at most this many', 1).default(50))
    .addOption(countOption('--from <id>', 'start at this id', 1))
    .action(async (options: { limit: number; from?: number }) => {
      const page = await withBus((bus) =>
        jetStreamDeadLetters(bus.jsm, busNames(ctx.config)).list(options.limit, options.from),
      );
      const letters = page.letters.map(summary);
      emit(ctx.io, ctx.json, { total: page.total, letters }, () =>
        formatTable(
          ['ID', 'CONSUMER', 'ORIGINAL SUBJECT', 'DELIVERIES', 'DEAD-LETTERED AT', 'REASON'],
          letters.map((l) => [
            l.id,
            l.consumer,
            l.originalSubject,
            l.deliveries,
            l.deadLetteredAt,
            l.reason.slice(0, 80),
          ]),
        ).concat(`${page.total} dead letter(s) in all\n`),
      );
    });

  group
    .command('show')
    .description('one dead letter: where it came from, why it failed, and its payload')
    .argument('<id>', 'the dead letter id (from list)', parseId)
    .action(async (id: number) => {
      const letter = await withBus((bus) =>
        jetStreamDeadLetters(bus.jsm, busNames(ctx.config)).get(id),
      );
      if (!letter)
        throw new CliError(`No dead letter ${id} (run dead-letters list)`, ExitCode.Failed);
      const body = payload(letter.data);
      // The trace it belongs to, to find its spans (tracing on); a replay keeps it.
      const shown = { ...summary(letter), traceparent: letter.traceparent ?? null };
      emit(ctx.io, ctx.json, { ...shown, payload: body }, () =>
        formatTable(
          ['FIELD', 'VALUE'],
          Object.entries(shown).map(([k, v]) => [
            k,
            v === undefined || v === null ? undefined : String(v),
          ]),
        ).concat(`\nPayload (${body.encoding}):\n${body.text}\n`),
      );
    });

  group
    .command('replay')
    .description(
      'republish the original message to its original subject, then remove the dead letter (recorded in the audit stream)',
    )
    .argument('<id>', 'the dead letter id', parseId)
    .action(async (id: number) => {
      const result = await withBus((bus) => createReplayDeadLetter(useCaseDeps(bus))(id));
      emit(ctx.io, ctx.json, result, () => {
        const r = result.entry.republished;
        return `Dead letter ${id} replayed to ${result.entry.originalSubject}${r ? ` (stream ${r.stream}, sequence ${r.seq}${r.duplicate ? ', already there' : ''})` : ''}; audit record ${result.auditSeq}.\n`;
      });
    });

  group
    .command('discard')
    .description('remove a dead letter for good, with a reason (recorded in the audit stream)')
    .argument('<id>', 'the dead letter id', parseId)
    .requiredOption('--reason <text>', 'why it is discarded (kept in the audit record)')
    .action(async (id: number, options: { reason: string }) => {
      const result = await withBus((bus) =>
        createDiscardDeadLetter(useCaseDeps(bus))(id, options.reason),
      );
      emit(
        ctx.io,
        ctx.json,
        result,
        () => `Dead letter ${id} discarded; audit record ${result.auditSeq}.\n`,
      );
    });
}
