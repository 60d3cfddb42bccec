export * from './nats-server.js';
export * from './graphql-sse.js';
export * from './read-stream.js';
export * from './free-port.js';
export * from './fixture-process.js';
export * from './temp-dir.js';
export * from './unique-prefix.js';
export * from './wait-for.js';
export type {} from './provided-context.js';
