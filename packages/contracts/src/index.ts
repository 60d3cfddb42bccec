// Generated code lives in ./gen (ts-proto, from proto/); regenerate with `pnpm proto:generate`.
export * as health from './gen/grpc/health/v1/health.js';
export * as draft from './gen/pcn/draft/v1/draft.js';
export * as feedback from './gen/pcn/feedback/v1/feedback.js';
export * as notification from './gen/pcn/notification/v1/notification.js';
export * as ops from './gen/pcn/ops/v1/ops.js';
export * as operator from './gen/pcn/ops/v1/operator.js';
export * as rpcStatus from './gen/google/rpc/status.js';
export * as rpcDetails from './gen/google/rpc/error_details.js';
export { Any } from './gen/google/protobuf/any.js';
export { protoDir, protoFiles } from './proto-files.js';
