export type * from './store.contract.js';
export type { StoreLogger } from './store-logger.js';
export { openSqliteStore, type SqliteStoreOptions } from './sqlite.store.js';
export { openMongoStore, type MongoStoreOptions } from './mongo.store.js';
export { openStore, type StoreConfig } from './open-store.js';
export { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './find-plan.js';
export { MAX_MULTI_VALUES } from './collection-spec.js';
export { MAX_IN_VALUES } from './filter.js';
