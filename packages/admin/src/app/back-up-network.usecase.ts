import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BusNames } from '@pcn/events';
import { FailedPreconditionError, parseInput, type Clock, type Logger } from '@pcn/platform';
import {
  BACKUP_FORMAT,
  consumerFloorsSchema,
  FLOORS_FILE,
  type BackupManifest,
  type ConsumerFloors,
} from './backup-manifest.js';
import type { SqliteCopier, StreamArchive } from './backup.ports.js';

export interface BackUpNetworkDeps {
  names: BusNames;
  sqlite: SqliteCopier;
  /** Undefined with --no-jetstream. */
  streams: StreamArchive | undefined;
  clock: Clock;
  logger: Logger;
}

async function entries(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
}

/** Refuses a folder holding anything but, at most, the floors a `--floors-only` run left. */
async function floorsLeftIn(dir: string, prefix: string): Promise<ConsumerFloors | undefined> {
  const found = await entries(dir);
  if (found.length === 0) return undefined;
  if (found.length !== 1 || found[0] !== FLOORS_FILE)
    throw new FailedPreconditionError(
      `${dir} exists and is not empty; back up into a new folder`,
      'BACKUP_DIR_NOT_EMPTY',
    );
  const floors = parseInput(
    consumerFloorsSchema,
    JSON.parse(await readFile(join(dir, FLOORS_FILE), 'utf8')),
    FLOORS_FILE,
  );
  if (floors.busPrefix !== prefix)
    throw new FailedPreconditionError(
      `${FLOORS_FILE} is of the network with BUS_PREFIX "${floors.busPrefix}"`,
      'BACKUP_REFUSED',
    );
  return floors;
}

async function domainStreamsPresent(deps: { names: BusNames }, archive: StreamArchive) {
  const present = await archive.streams();
  return deps.names.domains.map((d) => deps.names.stream(d)).filter((s) => present.includes(s));
}

/**
 * Writes only the consumers' ack floors into a new folder: the first step of a backup whose
 * databases another tool copies (mongodump), before that tool runs.
 */
export function createMarkConsumerFloors(
  deps: Omit<BackUpNetworkDeps, 'sqlite'> & { streams: StreamArchive },
) {
  return async function markConsumerFloors(dir: string): Promise<ConsumerFloors> {
    if ((await entries(dir)).length > 0)
      throw new FailedPreconditionError(
        `${dir} exists and is not empty; back up into a new folder`,
        'BACKUP_DIR_NOT_EMPTY',
      );
    const floors: ConsumerFloors = {
      format: BACKUP_FORMAT,
      createdAt: deps.clock.now().toISOString(),
      busPrefix: deps.names.prefix,
      rewind: await deps.streams.ackFloors(await domainStreamsPresent(deps, deps.streams)),
    };
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, FLOORS_FILE), JSON.stringify(floors, null, 2));
    return floors;
  };
}

/**
 * Backs up a running network into `dir`: the consumers' ack floors first, then an online copy of
 * each SQLite database, then JetStream's snapshot of each stream, then `manifest.json` (written
 * last: a folder without one is an unfinished backup).
 */
export function createBackUpNetwork(deps: BackUpNetworkDeps) {
  return async function backUpNetwork(
    dir: string,
    databases: readonly { name: string; path: string }[],
  ): Promise<BackupManifest> {
    const marked = await floorsLeftIn(dir, deps.names.prefix);
    if (databases.length === 0 && !deps.streams)
      throw new FailedPreconditionError(
        'Nothing to back up: no SQLite database and no streams',
        'BACKUP_REFUSED',
      );
    await mkdir(join(dir, 'sqlite'), { recursive: true });
    const createdAt = deps.clock.now().toISOString();
    const streamNames = deps.streams ? await deps.streams.streams() : [];
    // Floors taken before the databases were copied: by this run, or by an earlier --floors-only.
    const rewind =
      marked?.rewind ??
      (deps.streams
        ? await deps.streams.ackFloors(await domainStreamsPresent(deps, deps.streams))
        : []);

    const sqlite: BackupManifest['sqlite'] = [];
    for (const db of databases) {
      const file = `sqlite/${db.name}.db`;
      const { bytes } = await deps.sqlite.backup(db.path, join(dir, file));
      await deps.sqlite.verify(join(dir, file));
      sqlite.push({ name: db.name, file, bytes });
      deps.logger.info({ database: db.name, bytes }, 'SQLite database backed up');
    }

    const streams: BackupManifest['streams'] = [];
    if (deps.streams) {
      await mkdir(join(dir, 'jetstream'));
      for (const name of streamNames) {
        const file = `jetstream/${name}.tar.s2`;
        const meta = `jetstream/${name}.json`;
        const snap = await deps.streams.snapshot(name, join(dir, file));
        await writeFile(
          join(dir, meta),
          JSON.stringify({ config: snap.config, state: snap.state }, null, 2),
        );
        streams.push({ name, file, meta, bytes: snap.bytes, messages: snap.state.messages });
        deps.logger.info({ stream: name, bytes: snap.bytes }, 'stream snapshot taken');
      }
    }
    const manifest: BackupManifest = {
      format: BACKUP_FORMAT,
      createdAt,
      busPrefix: deps.names.prefix,
      rewind,
      sqlite,
      streams,
    };
    await writeFile(join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2));
    return manifest;
  };
}
