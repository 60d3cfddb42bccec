import { systemClock } from '@pcn/platform';
import type { Command } from 'commander';
import { backendAddress, busNames, SERVICES, type Backend } from '../admin-config.js';
import { createCollectStatus } from '../app/collect-status.usecase.js';
import type { StatusReport } from '../app/status.ports.js';
import { CliError, ExitCode } from '../exit-codes.js';
import { gatewayProbe, grpcServiceProbe } from '../infra/grpc-service-probe.js';
import { jetStreamInspector } from '../infra/jetstream-inspector.js';
import { countReplicas } from '../infra/nats-monitor.js';
import { emit, formatTable } from '../output.js';
import { countOption, type CommandContext } from './command-context.js';

interface StatusOptions {
  timeout: number;
  services: string[];
  maxLag?: number;
  maxOutbox?: number;
  failOnDeadLetters?: boolean;
}

function human(report: StatusReport): string {
  const services = formatTable(
    [
      'SERVICE',
      'HEALTH',
      'VERSION',
      'REPLICAS',
      'ANSWERED',
      'OUTBOX PENDING',
      'OLDEST PENDING',
      'ADDRESS',
    ],
    report.services.map((s) => [
      s.service,
      s.health,
      s.version,
      s.replicas,
      s.replicaId,
      s.outbox?.pending,
      s.outbox?.oldestPendingAt,
      s.address,
    ]),
  );
  const streams = report.bus.reachable
    ? formatTable(
        ['STREAM', 'MESSAGES', 'BYTES', 'FIRST SEQ', 'LAST SEQ'],
        report.bus.streams.map((s) => [s.name, s.messages, s.bytes, s.firstSeq, s.lastSeq]),
      )
    : `NATS unreachable: ${report.bus.error ?? ''}\n`;
  const consumers = formatTable(
    ['CONSUMER', 'STREAM', 'PENDING', 'ACK PENDING', 'REDELIVERED', 'WAITING PULLS'],
    report.bus.streams
      .flatMap((s) => s.consumers)
      .map((c) => [c.name, c.stream, c.pending, c.ackPending, c.redelivered, c.waiting]),
  );
  const verdict = report.healthy
    ? 'Healthy.\n'
    : `Unhealthy:\n${report.problems.map((p) => `  - ${p}`).join('\n')}\n`;
  return [
    services,
    streams,
    consumers,
    `Dead letters waiting: ${report.bus.deadLetters}\n`,
    verdict,
  ].join('\n');
}

export function registerStatus(program: Command, ctx: CommandContext): void {
  program
    .command('status')
    .description(
      "each service's (the gateway's and the backends') health, version and replicas, its outbox backlog, and every stream and consumer with its lag; exit 3 when something is unhealthy",
    )
    .addOption(countOption('--timeout <ms>', 'deadline of each question, in ms', 100).default(3000))
    .option(
      '--services <names>',
      `only these services, comma-separated (default all: ${SERVICES.join(',')})`,
      (value: string) => {
        const names = value.split(',').map((n) => n.trim());
        const unknown = names.filter((n) => !(SERVICES as readonly string[]).includes(n));
        if (unknown.length > 0 || names.length === 0)
          throw new CliError(
            `--services: unknown service ${unknown.join(', ')}; one of ${SERVICES.join(', ')}`,
            ExitCode.Usage,
          );
        return names;
      },
      [...SERVICES],
    )
    .addOption(
      countOption('--max-lag <n>', 'unhealthy when a consumer has more pending + ack-pending'),
    )
    .addOption(
      countOption('--max-outbox <n>', 'unhealthy when a service has more unpublished events'),
    )
    .option('--fail-on-dead-letters', 'unhealthy when any dead letter waits')
    .action(async (options: StatusOptions) => {
      const { config } = ctx;
      const backends = grpcServiceProbe(
        (s) => backendAddress(config, s as Backend),
        options.timeout,
      );
      const gateway = gatewayProbe(
        config.GATEWAY_URL,
        config.GATEWAY_ADMIN_GRPC_ADDRESS,
        options.timeout,
      );
      const collect = createCollectStatus({
        services: options.services,
        probe: { probe: (s) => (s === 'gateway' ? gateway : backends).probe(s) },
        bus: jetStreamInspector(config.NATS_URL, busNames(config)),
        replicas: config.NATS_MONITOR_URL
          ? {
              count: (services) =>
                countReplicas(config.NATS_MONITOR_URL ?? [], services, options.timeout),
            }
          : undefined,
        clock: systemClock,
      });
      const report = await collect({
        maxLag: options.maxLag,
        maxOutbox: options.maxOutbox,
        failOnDeadLetters: options.failOnDeadLetters,
      });
      emit(ctx.io, ctx.json, report, () => human(report));
      ctx.exitCode = report.healthy ? ExitCode.Ok : ExitCode.Unhealthy;
    });
}
