import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BusNames } from '@pcn/events';
import { FailedPreconditionError, type Clock, type Logger } from '@pcn/platform';
import { BACKUP_FORMAT, type BackupManifest } from './backup-manifest.js';
import type { SqliteCopier, StreamArchive } from './backup.ports.js';

export interface BackUpNetworkDeps {
  names: BusNames;
  sqlite: SqliteCopier;
  /** Undefined with --no-jetstream. */
  streams: StreamArchive | undefined;
  clock: Clock;
  logger: Logger;
}

async function emptyOrMissing(dir: string): Promise<boolean> {
  try {
    return (await readdir(dir)).length === 0;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return true;
    throw err;
  }
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
    if (!(await emptyOrMissing(dir)))
      throw new FailedPreconditionError(
        `${dir} exists and is not empty; back up into a new folder`,
        'BACKUP_DIR_NOT_EMPTY',
      );
    if (databases.length === 0 && !deps.streams)
      throw new FailedPreconditionError(
        'Nothing to back up: no SQLite database and no streams',
        'BACKUP_REFUSED',
      );
    await mkdir(join(dir, 'sqlite'), { recursive: true });
    const createdAt = deps.clock.now().toISOString();
    const domainStreams = deps.names.domains.map((d) => deps.names.stream(d));
    const streamNames = deps.streams ? await deps.streams.streams() : [];
    const rewind = deps.streams
      ? await deps.streams.ackFloors(domainStreams.filter((s) => streamNames.includes(s)))
      : [];

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
