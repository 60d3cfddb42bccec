import { openMongoStore } from './mongo.store.js';
import { openSqliteStore } from './sqlite.store.js';
import type { StoreLogger } from './store-logger.js';
import type { Store } from './store.contract.js';

/** Which store a service uses, usually read from its configuration. */
export type StoreConfig =
  { kind: 'sqlite'; path: string } | { kind: 'mongodb'; url: string; database: string };

/** Opens the store the configuration names. */
export function openStore(
  config: StoreConfig,
  options: { logger?: StoreLogger } = {},
): Promise<Store> {
  switch (config.kind) {
    case 'sqlite':
      return openSqliteStore({ path: config.path, logger: options.logger });
    case 'mongodb':
      return openMongoStore({ url: config.url, database: config.database, logger: options.logger });
  }
}
