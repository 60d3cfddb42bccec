import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { systemClock } from '@pcn/platform';
import type { Command } from 'commander';
import { BACKENDS, backendAddress, busNames, type Backend } from '../admin-config.js';
import { createBackUpNetwork, createMarkConsumerFloors } from '../app/back-up-network.usecase.js';
import { parseSqliteTarget, SQLITE_DATABASES } from '../app/backup-manifest.js';
import type { RunningServices } from '../app/backup.ports.js';
import { createRestoreNetwork } from '../app/restore-network.usecase.js';
import { CliError, ExitCode } from '../exit-codes.js';
import { connectAdminBus, type AdminBus } from '../infra/admin-bus.js';
import { grpcServiceProbe } from '../infra/grpc-service-probe.js';
import { jetStreamArchive } from '../infra/jetstream-archive.js';
import { sqliteCopier } from '../infra/sqlite-copier.js';
import { emit, formatTable } from '../output.js';
import type { CommandContext } from './command-context.js';

interface StoreOptions {
  dataDir?: string;
  sqlite: string[];
  jetstream: boolean;
  streamsOnly?: boolean;
}

function collect(value: string, previous: string[]): string[] {
  if (!parseSqliteTarget(value))
    throw new CliError(
      `--sqlite wants <name>=<path> (name: letters, digits, _ or -), got "${value.slice(0, 80)}"`,
      ExitCode.Usage,
    );
  return [...previous, value];
}

function storeOptions(command: Command): Command {
  return command
    .option(
      '--data-dir <dir>',
      'folder of <service>.db files, as npm start keeps them (default PCN_DATA_DIR, else .pcn/data)',
    )
    .option(
      '--sqlite <name=path>',
      'one database by name and path (repeatable); replaces --data-dir',
      collect,
      [],
    )
    .option('--no-jetstream', 'leave the JetStream streams out')
    .option(
      '--streams-only',
      'JetStream streams only (databases on MongoDB: see infra/deploy/mongo/backup-runbook.md)',
    );
}

export function registerBackup(program: Command, ctx: CommandContext): void {
  const dataDir = (options: StoreOptions) =>
    resolve(ctx.io.cwd, options.dataDir ?? ctx.io.env['PCN_DATA_DIR'] ?? join('.pcn', 'data'));
  const named = (options: StoreOptions) =>
    options.sqlite.map((v) => {
      const t = parseSqliteTarget(v) as { name: string; path: string };
      return { name: t.name, path: resolve(ctx.io.cwd, t.path) };
    });

  async function maybeBus<T>(
    options: StoreOptions,
    run: (bus: AdminBus | undefined) => Promise<T>,
  ): Promise<T> {
    const bus = options.jetstream ? await connectAdminBus(ctx.config.NATS_URL) : undefined;
    try {
      return await run(bus);
    } finally {
      await bus?.close();
    }
  }

  storeOptions(
    program
      .command('backup')
      .description(
        'online backup of every SQLite database and JetStream stream into a new folder, while the network runs',
      )
      .argument('<dir>', 'a new or empty folder'),
  )
    .option(
      '--floors-only',
      "record the consumers' ack floors only, before another tool copies the databases (mongodump); then run backup --streams-only into the same folder",
    )
    .action(async (dir: string, options: StoreOptions & { floorsOnly?: boolean }) => {
      if (options.floorsOnly) {
        const bus = await connectAdminBus(ctx.config.NATS_URL);
        try {
          const names = busNames(ctx.config);
          const floors = await createMarkConsumerFloors({
            names,
            streams: jetStreamArchive(bus, names),
            clock: systemClock,
            logger: ctx.logger,
          })(resolve(ctx.io.cwd, dir));
          emit(
            ctx.io,
            ctx.json,
            floors,
            () =>
              `Ack floors of ${floors.rewind.length} consumer(s) recorded; copy the databases now, then run backup --streams-only into ${resolve(ctx.io.cwd, dir)}\n`,
          );
        } finally {
          await bus.close();
        }
        return;
      }
      if (options.streamsOnly && !options.jetstream)
        throw new CliError(
          '--streams-only and --no-jetstream leave nothing to back up',
          ExitCode.Usage,
        );
      const databases = options.streamsOnly
        ? []
        : options.sqlite.length > 0
          ? named(options)
          : SQLITE_DATABASES.map((name) => ({
              name,
              path: join(dataDir(options), `${name}.db`),
            })).filter((d) => existsSync(d.path));
      for (const d of databases)
        if (!existsSync(d.path))
          throw new CliError(`No database at ${d.path} (${d.name})`, ExitCode.Failed);
      const manifest = await maybeBus(options, (bus) => {
        const names = busNames(ctx.config);
        return createBackUpNetwork({
          names,
          sqlite: sqliteCopier,
          streams: bus ? jetStreamArchive(bus, names) : undefined,
          clock: systemClock,
          logger: ctx.logger,
        })(resolve(ctx.io.cwd, dir), databases);
      });
      emit(ctx.io, ctx.json, manifest, () =>
        formatTable(
          ['KIND', 'NAME', 'BYTES', 'MESSAGES'],
          [
            ...manifest.sqlite.map((d) => ['sqlite', d.name, d.bytes, undefined]),
            ...manifest.streams.map((s) => ['stream', s.name, s.bytes, s.messages]),
          ],
        ).concat(`Backup written to ${resolve(ctx.io.cwd, dir)}\n`),
      );
    });

  storeOptions(
    program
      .command('restore')
      .description(
        'restore a backup into a stopped network (services stopped, nats-server running)',
      )
      .argument('<dir>', 'a folder written by backup'),
  )
    .option(
      '--replace-streams',
      'delete streams that exist already (services that started once since)',
    )
    .action(async (dir: string, options: StoreOptions & { replaceStreams?: boolean }) => {
      const targets = new Map<string, string>(
        SQLITE_DATABASES.map((name) => [name, join(dataDir(options), `${name}.db`)]),
      );
      if (options.sqlite.length > 0) {
        targets.clear();
        for (const t of named(options)) targets.set(t.name, t.path);
      }
      const probe = grpcServiceProbe((s) => backendAddress(ctx.config, s as Backend), 1500);
      const services: RunningServices = {
        async running() {
          const reports = await Promise.all(BACKENDS.map((s) => probe.probe(s)));
          return reports.filter((r) => r.health !== 'UNREACHABLE').map((r) => r.service);
        },
      };
      const manifest = await maybeBus(options, (bus) => {
        const names = busNames(ctx.config);
        return createRestoreNetwork({
          sqlite: sqliteCopier,
          streams: bus ? jetStreamArchive(bus, names) : undefined,
          services,
          logger: ctx.logger,
        })(resolve(ctx.io.cwd, dir), {
          targets,
          skipSqlite: Boolean(options.streamsOnly),
          replaceStreams: Boolean(options.replaceStreams),
          busPrefix: names.prefix,
        });
      });
      emit(
        ctx.io,
        ctx.json,
        manifest,
        () =>
          `Restored ${manifest.sqlite.length} database(s)${options.jetstream ? ` and ${manifest.streams.length} stream(s)` : ''} from the backup of ${manifest.createdAt}. Start the services.\n`,
      );
    });
}
