import { parseInput } from '@pcn/platform';
import { z } from 'zod';

/** Bumped when the folder's layout changes; restore refuses a format it does not know. */
export const BACKUP_FORMAT = 1;

const safeName = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be a plain name');

const rewindSchema = z.array(
  z.object({
    stream: safeName,
    consumer: safeName,
    startSeq: z.number().int().positive(),
  }),
);

/**
 * `consumer-floors.json`: the ack floors taken before a database backup made with other tools
 * (mongodump), which the stream backup into the same folder then uses.
 */
export const FLOORS_FILE = 'consumer-floors.json';

export const consumerFloorsSchema = z.object({
  format: z.literal(BACKUP_FORMAT),
  createdAt: z.iso.datetime(),
  busPrefix: z.string().regex(/^[A-Za-z0-9]{0,32}$/),
  rewind: rewindSchema,
});

export type ConsumerFloors = z.infer<typeof consumerFloorsSchema>;

export const backupManifestSchema = z.object({
  format: z.literal(BACKUP_FORMAT),
  createdAt: z.iso.datetime(),
  busPrefix: z.string().regex(/^[A-Za-z0-9]{0,32}$/),
  /**
   * Each event consumer's ack floor, read before the SQLite copies began. On restore a consumer
   * starts again after it, so a message acknowledged while the copies were made is handled again
   * (consumers are idempotent) instead of having its effect missing from the restored store.
   */
  rewind: rewindSchema,
  sqlite: z.array(
    z.object({
      name: safeName,
      /** Relative to the backup folder. */
      file: z.string().regex(/^sqlite\/[A-Za-z0-9_-]{1,64}\.db$/),
      bytes: z.number().int().nonnegative(),
    }),
  ),
  streams: z.array(
    z.object({
      name: safeName,
      file: z.string().regex(/^jetstream\/[A-Za-z0-9_-]{1,64}\.tar\.s2$/),
      meta: z.string().regex(/^jetstream\/[A-Za-z0-9_-]{1,64}\.json$/),
      bytes: z.number().int().nonnegative(),
      messages: z.number().int().nonnegative(),
    }),
  ),
});

export type BackupManifest = z.infer<typeof backupManifestSchema>;

/** A manifest read from disk: anything else than what `backup` writes is refused, named. */
export function parseManifest(value: unknown): BackupManifest {
  return parseInput(backupManifestSchema, value, 'manifest');
}

/** `draft=/path/draft.db`: the embedded databases an operator names on the command line. */
export function parseSqliteTarget(value: string): { name: string; path: string } | undefined {
  const match = /^([A-Za-z0-9_-]{1,64})=(.+)$/.exec(value);
  return match ? { name: match[1] as string, path: match[2] as string } : undefined;
}

/** The services whose SQLite files `npm start` keeps as `<data dir>/<name>.db`. */
export const SQLITE_DATABASES = [
  'draft',
  'outreach',
  'feedback',
  'notification',
  'gateway',
] as const;
