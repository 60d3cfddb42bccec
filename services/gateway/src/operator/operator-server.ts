import { GrpcServer, systemClock, type Lifecycle, type Logger } from '@pcn/platform';
import type { Store } from '@pcn/storage';
import { createErasePersonalData } from '../identity/erase-personal-data.usecase.js';
import { createBootstrapNetworkAdmin } from '../identity/bootstrap-network-admin.usecase.js';
import type { DirectoryEvents } from '../identity/directory-events.js';
import { createImportDirectory } from '../identity/import-directory.usecase.js';
import { createRegisterUser } from '../identity/register-user.usecase.js';
import { createListUsers } from '../identity/list-users.usecase.js';
import { createResetUserPassword } from '../identity/reset-user-password.usecase.js';
import { createSetUserDisabled } from '../identity/set-user-disabled.usecase.js';
import { createSetUserRoles } from '../identity/set-user-roles.usecase.js';
import type { IdentityServiceImpl } from '../identity/identity.service.js';
import { registerGatewayOps } from './ops.grpc.js';
import { registerOperatorGrpc } from './operator.grpc.js';

export interface OperatorServerConfig {
  OPERATOR_SECRET?: string | undefined;
  ADMIN_GRPC_HOST: string;
  ADMIN_GRPC_PORT: number;
  SHUTDOWN_TIMEOUT_MS: number;
}

/**
 * The operator API on a port of its own, for pcn-admin (bootstrap, the directory and its users,
 * API keys, erasure; and the
 * ops reads of `status`). Off unless
 * OPERATOR_SECRET is set; loopback unless ADMIN_GRPC_HOST says otherwise. Resolves with the bound
 * port, or undefined when off.
 */
export async function startOperatorServer(
  config: OperatorServerConfig,
  deps: {
    store: Store;
    identity: IdentityServiceImpl;
    /** Where a directory import writes its `UnitsChanged` events, in its transaction. */
    directoryEvents: Pick<DirectoryEvents, 'unitsChanged'>;
    /**
     * After an import changed the directory; the gateway drops its cached public answers (other
     * replicas' expire within the cache's TTL).
     */
    directoryChanged?: () => void;
    logger: Logger;
    lifecycle: Lifecycle;
    /** This replica, as `OpsService.GetServiceInfo` reports it. */
    info: { version: string; replicaId: string; startedAt: Date };
  },
): Promise<number | undefined> {
  if (!config.OPERATOR_SECRET) {
    deps.logger.info('operator API off (set OPERATOR_SECRET to serve it for pcn-admin)');
    return undefined;
  }
  const logger = deps.logger.child({ component: 'operator-api' });
  const server = new GrpcServer({ logger });
  const operatorApi = registerOperatorGrpc(server, {
    identity: deps.identity,
    bootstrap: createBootstrapNetworkAdmin({ identity: deps.identity }),
    erase: createErasePersonalData({ store: deps.store, clock: systemClock }),
    importDirectory: createImportDirectory({
      store: deps.store,
      directoryEvents: deps.directoryEvents,
    }),
    registerUser: createRegisterUser({ identity: deps.identity }),
    listUsers: createListUsers({ store: deps.store }),
    setUserDisabled: createSetUserDisabled({ store: deps.store, identity: deps.identity }),
    resetUserPassword: createResetUserPassword({ store: deps.store, identity: deps.identity }),
    setUserRoles: createSetUserRoles({ store: deps.store, identity: deps.identity }),
    ...(deps.directoryChanged ? { directoryChanged: deps.directoryChanged } : {}),
    secret: config.OPERATOR_SECRET,
    logger,
  });
  registerGatewayOps(server, {
    ...deps.info,
    store: deps.store,
    erasePersonalData: operatorApi.erasePersonalData,
  });
  const port = await server.listen(config.ADMIN_GRPC_HOST, config.ADMIN_GRPC_PORT);
  deps.lifecycle.defer('stop operator API', () =>
    server.shutdown(config.SHUTDOWN_TIMEOUT_MS - 1000),
  );
  logger.info({ listen: `${config.ADMIN_GRPC_HOST}:${port}`, port }, 'operator API serving');
  return port;
}
