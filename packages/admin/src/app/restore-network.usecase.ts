import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { FailedPreconditionError, InvalidArgumentError, type Logger } from '@pcn/platform';
import { parseManifest, type BackupManifest } from './backup-manifest.js';
import type { RunningServices, SqliteCopier, StreamArchive } from './backup.ports.js';
import type { SnapshotMeta } from '../infra/jetstream-snapshot.js';

export interface RestoreNetworkDeps {
  sqlite: SqliteCopier;
  streams: StreamArchive | undefined;
  services: RunningServices;
  logger: Logger;
}

export interface RestoreOptions {
  /** Where each database goes, by name; a database of the backup without a target is refused. */
  targets: ReadonlyMap<string, string>;
  /** Restore the streams alone (a network on MongoDB, restored with mongorestore). */
  skipSqlite: boolean;
  /** Delete streams that exist already (a network whose services started once since). */
  replaceStreams: boolean;
  busPrefix: string;
}

async function readManifest(dir: string): Promise<BackupManifest> {
  let text: string;
  try {
    text = await readFile(join(dir, 'manifest.json'), 'utf8');
  } catch {
    throw new FailedPreconditionError(
      `${dir} holds no manifest.json: not a pcn-admin backup, or an unfinished one`,
      'RESTORE_REFUSED',
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new FailedPreconditionError(
      `${dir}/manifest.json is not JSON; the backup is damaged`,
      'RESTORE_REFUSED',
    );
  }
  try {
    return parseManifest(json);
  } catch (err) {
    // A damaged or forged backup, not a misuse of the command: refused (exit 1), each fault named.
    if (err instanceof InvalidArgumentError)
      throw new FailedPreconditionError(
        `${dir}/manifest.json is not one backup writes: ${err.violations.map((v) => `${v.field} ${v.description}`).join('; ')}`,
        'BACKUP_DAMAGED',
      );
    throw err;
  }
}

async function sizeOf(file: string): Promise<number | undefined> {
  try {
    return (await stat(file)).size;
  } catch {
    return undefined;
  }
}

/**
 * Restores a backup into a stopped network: every check first (services stopped, files whole,
 * targets known, streams absent), then the SQLite databases, then the streams, then the consumers
 * rewound to their ack floors of backup time.
 */
export function createRestoreNetwork(deps: RestoreNetworkDeps) {
  return async function restoreNetwork(
    dir: string,
    options: RestoreOptions,
  ): Promise<BackupManifest> {
    const read = await readManifest(dir);
    const manifest = options.skipSqlite ? { ...read, sqlite: [] } : read;
    if (manifest.busPrefix !== options.busPrefix)
      throw new FailedPreconditionError(
        `The backup is of the network with BUS_PREFIX "${manifest.busPrefix}", not "${options.busPrefix}"`,
        'RESTORE_REFUSED',
      );
    const running = await deps.services.running();
    if (running.length > 0)
      throw new FailedPreconditionError(
        `Stop the network first: ${running.join(', ')} answer(s); restore writes under stopped services only`,
        'NETWORK_RUNNING',
      );
    for (const entry of [...manifest.sqlite, ...manifest.streams]) {
      const size = await sizeOf(join(dir, entry.file));
      if (size !== entry.bytes)
        throw new FailedPreconditionError(
          `${entry.file} is ${size === undefined ? 'missing' : `${size} bytes, not ${entry.bytes}`}; the backup is damaged`,
          'BACKUP_DAMAGED',
        );
    }
    const missing = manifest.sqlite.filter((d) => !options.targets.has(d.name)).map((d) => d.name);
    if (missing.length > 0)
      throw new FailedPreconditionError(
        `No target for ${missing.join(', ')}: give --data-dir or --sqlite <name>=<path>`,
        'RESTORE_REFUSED',
      );
    if (manifest.streams.length > 0 && !deps.streams)
      deps.logger.warn('streams in the backup are left alone (--no-jetstream)');
    const streams = deps.streams;
    if (streams && !options.replaceStreams) {
      const present = [];
      for (const s of manifest.streams) if (await streams.exists(s.name)) present.push(s.name);
      if (present.length > 0)
        throw new FailedPreconditionError(
          `Streams exist already: ${present.join(', ')}; restore into a fresh JetStream store, or pass --replace-streams to delete them`,
          'STREAMS_EXIST',
        );
    }

    for (const d of manifest.sqlite) {
      await deps.sqlite.verify(join(dir, d.file));
      await deps.sqlite.restore(join(dir, d.file), options.targets.get(d.name) as string);
      deps.logger.info({ database: d.name }, 'SQLite database restored');
    }
    if (streams) {
      for (const s of manifest.streams) {
        const meta = JSON.parse(await readFile(join(dir, s.meta), 'utf8')) as SnapshotMeta;
        if (meta.config?.name !== s.name)
          throw new FailedPreconditionError(
            `${s.meta} does not describe stream ${s.name}`,
            'RESTORE_REFUSED',
          );
        if (options.replaceStreams && (await streams.exists(s.name))) await streams.remove(s.name);
        const { messages } = await streams.restore(meta, join(dir, s.file));
        deps.logger.info({ stream: s.name, messages }, 'stream restored');
      }
      for (const r of manifest.rewind) {
        await streams.rewindConsumer(r.stream, r.consumer, r.startSeq);
        deps.logger.info(r, 'consumer rewound to its ack floor at backup time');
      }
    }
    return manifest;
  };
}
