export * from './backend-config.js';
export * from './backend-host.js';
export * from './erasure.js';
export * from './store-outage.js';
