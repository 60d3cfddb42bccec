import type { handleUnaryCall } from '@grpc/grpc-js';
import { ops } from '@pcn/contracts';
import type { GrpcServer } from '@pcn/platform';
import type { Store } from '@pcn/storage';

export interface GatewayOpsDeps {
  version: string;
  replicaId: string;
  startedAt: Date;
  store: Pick<Store, 'outbox'>;
  /** OperatorService.ErasePersonalData's handler (it checks the operator secret itself). */
  erasePersonalData: handleUnaryCall<ops.ErasePersonalDataRequest, ops.ErasePersonalDataResponse>;
}

/**
 * `pcn.ops.v1.OpsService` beside the operator API, as every backend serves it: build, replica and
 * outbox backlog for `pcn-admin status`. These reads need no secret (the port is loopback unless
 * ADMIN_GRPC_HOST says otherwise, and they disclose no personal data); erasure stays guarded.
 */
export function registerGatewayOps(server: GrpcServer, deps: GatewayOpsDeps): void {
  const implementation: ops.OpsServiceServer = {
    getOutboxStatus: server.unary('GetOutboxStatus', async () => {
      const stats = await deps.store.outbox.stats();
      return {
        service: 'gateway',
        pending: String(stats.pending),
        published: String(stats.published),
        oldestPendingTime: stats.oldestPendingAt ? new Date(stats.oldestPendingAt) : undefined,
      };
    }),
    getServiceInfo: server.unary('GetServiceInfo', () =>
      Promise.resolve({
        service: 'gateway',
        version: deps.version,
        replicaId: deps.replicaId,
        startedAt: deps.startedAt,
      }),
    ),
    erasePersonalData: deps.erasePersonalData,
  };
  server.addService(ops.OpsServiceService, implementation);
}
