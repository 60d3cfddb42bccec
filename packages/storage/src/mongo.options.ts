import {
  ReadPreference,
  WriteConcern,
  type MongoClientOptions,
  type MongoOptions,
  type TransactionOptions,
} from 'mongodb';

/**
 * How long `ping()` waits for a primary. During an election there is none for a few seconds; the
 * driver's default server selection wait is 30 s, far longer than a readiness probe's timeout.
 */
export const PING_TIMEOUT_MS = 2000;

/**
 * What the store needs from every write and read, whatever the connection string says: writes
 * acknowledged by a majority (and journaled), so a failover never loses an acknowledged commit,
 * and reads from the primary, so a read after a write sees it.
 *
 * Object options win over the URL's: `parseOptions` (mongodb `src/connection_string.ts`) puts the
 * object's value first for each key, and the `writeConcern` transform, applied after `w` and
 * `journal`, spreads our settings over the URL's. `j` is set as well as `journal` because
 * `WriteConcern.fromOptions` (`src/write_concern.ts`) reads `j ?? journal`, so a URL's
 * `journal=false` (stored as `j`) would otherwise survive. `assertPinnedOptions` checks the outcome.
 */
export function mongoClientOptions(extra: MongoClientOptions = {}): MongoClientOptions {
  return {
    ignoreUndefined: true,
    ...extra,
    writeConcern: { w: 'majority', j: true, journal: true },
    readPreference: ReadPreference.PRIMARY,
  };
}

/**
 * Options of every transaction, passed to `withTransaction` (which hands them to
 * `startTransaction`, where they win over the session's and the client's: `src/sessions.ts`
 * `ClientSession.startTransaction`). Snapshot reads: the work reads one consistent point in time.
 */
export const TRANSACTION_OPTIONS: Readonly<TransactionOptions> = Object.freeze({
  readConcern: { level: 'snapshot' as const },
  writeConcern: new WriteConcern('majority', undefined, true),
  readPreference: ReadPreference.primary,
});

/**
 * Throws unless the client resolved to majority writes and primary reads. Guards against a driver
 * upgrade changing how URL and object options merge.
 */
export function assertPinnedOptions(
  options: Pick<MongoOptions, 'writeConcern' | 'readPreference'>,
) {
  const w = options.writeConcern?.w;
  const mode = options.readPreference?.mode;
  if (w !== 'majority' || mode !== ReadPreference.PRIMARY) {
    throw new Error(
      `MongoDB client resolved to writeConcern w=${String(w)} and readPreference ${String(mode)}; ` +
        'the store needs w=majority and primary',
    );
  }
}

/**
 * Options of the `ping` command, bounded by `PING_TIMEOUT_MS` whatever the topology's state.
 * `timeoutMS` makes the driver bound server selection by what remains of it on a connected client
 * (`src/timeout.ts`, `CSOTTimeoutContext.serverSelectionTimeout`); the signal also bounds a
 * client that is still connecting, whose selection waits the full `serverSelectionTimeoutMS`
 * otherwise (`src/operations/execute_operation.ts`: `abortable(autoConnect(client), options)`,
 * and the signal passed on to `selectServer`). A new signal per call.
 */
export function pingOptions(): {
  timeoutMS: number;
  readPreference: ReadPreference;
  signal: AbortSignal;
} {
  return {
    timeoutMS: PING_TIMEOUT_MS,
    readPreference: ReadPreference.primary,
    signal: AbortSignal.timeout(PING_TIMEOUT_MS),
  };
}
