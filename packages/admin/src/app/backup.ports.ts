import type { SnapshotMeta } from '../infra/jetstream-snapshot.js';

export interface SqliteCopier {
  /** An online backup, consistent while the service writes; resolves with the copy's size. */
  backup(source: string, target: string): Promise<{ bytes: number }>;
  /** Throws unless the file is a sound SQLite database (integrity check). */
  verify(file: string): Promise<void>;
  /** Replaces `target` (and any WAL left beside it) with the copy. */
  restore(copy: string, target: string): Promise<void>;
}

export interface StreamArchive {
  /** This network's streams. */
  streams(): Promise<string[]>;
  exists(stream: string): Promise<boolean>;
  snapshot(stream: string, file: string): Promise<SnapshotMeta & { bytes: number }>;
  restore(meta: SnapshotMeta, file: string): Promise<{ messages: number }>;
  remove(stream: string): Promise<void>;
  /** The durable consumers of `streams` with the first sequence after their ack floor. */
  ackFloors(
    streams: readonly string[],
  ): Promise<{ stream: string; consumer: string; startSeq: number }[]>;
  /** Recreates a durable consumer (same config) to deliver again from `startSeq` on. */
  rewindConsumer(stream: string, consumer: string, startSeq: number): Promise<void>;
}

/** The services that answer: a restore refuses to run under them. */
export interface RunningServices {
  running(): Promise<string[]>;
}
