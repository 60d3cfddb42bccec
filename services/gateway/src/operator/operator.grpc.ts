import {
  status,
  type sendUnaryData,
  type handleUnaryCall,
  type ServerUnaryCall,
} from '@grpc/grpc-js';
import { operator as pb, type ops } from '@pcn/contracts';
import {
  erasureSubjectOf,
  type CallerIdentity,
  type GrpcServer,
  type Logger,
  type Role,
} from '@pcn/platform';
import type { createErasePersonalData } from '../identity/erase-personal-data.usecase.js';
import type { createBootstrapNetworkAdmin } from '../identity/bootstrap-network-admin.usecase.js';
import type { ImportCounts } from '../identity/directory-import.js';
import type { createImportDirectory } from '../identity/import-directory.usecase.js';
import type { createRegisterUser } from '../identity/register-user.usecase.js';
import type { createListUsers } from '../identity/list-users.usecase.js';
import type { createResetUserPassword } from '../identity/reset-user-password.usecase.js';
import type { createSetUserDisabled } from '../identity/set-user-disabled.usecase.js';
import type { createSetUserRoles } from '../identity/set-user-roles.usecase.js';
import type { UserAccount } from '../identity/user-account.js';
import type { ApiClientView } from '../identity/identity.contract.js';
import type { IdentityServiceImpl } from '../identity/identity.service.js';
import { carriesOperatorSecret } from './operator-secret.js';

/** Who the operator API acts as: an operator holding the gateway's secret can do what a network admin can. */
export const OPERATOR_CALLER: CallerIdentity = {
  kind: 'service',
  id: 'pcn-admin',
  roles: ['network_admin'],
};

export interface OperatorGrpcDeps {
  identity: Pick<IdentityServiceImpl, 'createApiClient' | 'rotateApiKey' | 'revokeApiClient'>;
  bootstrap: ReturnType<typeof createBootstrapNetworkAdmin>;
  erase: ReturnType<typeof createErasePersonalData>;
  importDirectory: ReturnType<typeof createImportDirectory>;
  registerUser: ReturnType<typeof createRegisterUser>;
  listUsers: ReturnType<typeof createListUsers>;
  setUserDisabled: ReturnType<typeof createSetUserDisabled>;
  resetUserPassword: ReturnType<typeof createResetUserPassword>;
  setUserRoles: ReturnType<typeof createSetUserRoles>;
  /** Called after an import changed the directory: this replica's public answers are stale. */
  directoryChanged?: () => void;
  secret: string;
  logger: Logger;
}

function toApiClient(view: ApiClientView): pb.ApiClient {
  return {
    id: view.id,
    name: view.name,
    organizationId: view.organizationId,
    roles: [...view.roles],
    revoked: view.revoked,
    createdAt: new Date(view.createdAt),
  };
}

function toUserAccount(u: UserAccount): pb.UserAccount {
  return {
    id: u.id,
    email: u.email,
    displayName: u.displayName,
    roles: [...u.roles],
    organizationId: u.organizationId ?? '',
    unitIds: [...u.unitIds],
    disabled: u.disabled,
    createdAt: new Date(u.createdAt),
    updatedAt: new Date(u.updatedAt),
    demo: u.demo,
  };
}

const counts = (c: ImportCounts): pb.DirectoryImportCounts => ({ ...c });

/**
 * `pcn.ops.v1.OperatorService`: each call checks the operator secret before anything else.
 * Returns the implementation, whose handlers other services on the port may share.
 */
export function registerOperatorGrpc(
  server: GrpcServer,
  deps: OperatorGrpcDeps,
): pb.OperatorServiceServer {
  const { identity, bootstrap, logger } = deps;
  function guarded<Req, Res>(
    method: string,
    handler: (request: Req) => Promise<Res>,
  ): handleUnaryCall<Req, Res> {
    const inner = server.unary<Req, Res>(method, (request) => handler(request));
    return (call: ServerUnaryCall<Req, Res>, callback: sendUnaryData<Res>) => {
      if (!carriesOperatorSecret(call.metadata, deps.secret)) {
        logger.warn({ method }, 'operator call without the operator secret refused');
        callback({
          code: status.UNAUTHENTICATED,
          details: 'The operator API wants `authorization: Bearer <OPERATOR_SECRET>`',
        });
        return;
      }
      inner(call, callback);
    };
  }

  const implementation: pb.OperatorServiceServer = {
    erasePersonalData: guarded('ErasePersonalData', async (req: ops.ErasePersonalDataRequest) => {
      const subject = erasureSubjectOf(req);
      const report = await deps.erase(subject, req.dryRun);
      // The subject is personal data: only its kind and the counts are logged.
      logger.info(
        { subjectKind: subject.kind, dryRun: req.dryRun, accounts: report.erased[0]?.count },
        'personal data erasure by an operator',
      );
      return {
        service: 'gateway',
        erased: report.erased.map((e) => ({ kind: e.kind, count: String(e.count) })),
        note: report.note,
        streamMessages: [],
      };
    }),
    bootstrapNetworkAdmin: guarded(
      'BootstrapNetworkAdmin',
      async (req: pb.BootstrapNetworkAdminRequest) => {
        const admin = await bootstrap({
          email: req.email,
          displayName: req.displayName,
          password: req.password,
          force: req.force,
        });
        logger.info({ userId: admin.id, force: req.force }, 'network admin created by an operator');
        return { userId: admin.id };
      },
    ),
    importDirectory: guarded('ImportDirectory', async (req: pb.ImportDirectoryRequest) => {
      const report = await deps.importDirectory(
        {
          units: req.units,
          organizations: req.organizations,
          spokespersons: req.spokespersons,
        },
        { dryRun: req.dryRun },
      );
      if (!report.dryRun && report.changes.length > 0) deps.directoryChanged?.();
      // Counts only: spokespersons' names, phones and emails are personal data.
      logger.info(
        { dryRun: report.dryRun, ...report.counts, changes: report.changes.length },
        report.dryRun
          ? 'directory import checked by an operator'
          : 'directory imported by an operator',
      );
      return {
        dryRun: report.dryRun,
        units: counts(report.counts.units),
        organizations: counts(report.counts.organizations),
        spokespersons: counts(report.counts.spokespersons),
        changes: report.changes,
      };
    }),
    createUser: guarded('CreateUser', async (req: pb.CreateUserRequest) => {
      const user = await deps.registerUser({
        email: req.email,
        displayName: req.displayName,
        password: req.password,
        roles: req.roles,
        organizationId: req.organizationId,
        unitIds: req.unitIds,
      });
      logger.info({ userId: user.id, roles: user.roles }, 'user created by an operator');
      return { userId: user.id };
    }),
    // Accounts are logged by id and roles only: emails and names are personal data.
    listUsers: guarded('ListUsers', async (req: pb.ListUsersRequest) => {
      const page = await deps.listUsers({
        role: req.role,
        organizationId: req.organizationId,
        pageSize: req.pageSize,
        pageToken: req.pageToken,
      });
      logger.info(
        { role: req.role || undefined, users: page.users.length, more: page.nextPageToken !== '' },
        'users listed by an operator',
      );
      return { users: page.users.map(toUserAccount), nextPageToken: page.nextPageToken };
    }),
    disableUser: guarded('DisableUser', async (req: pb.DisableUserRequest) => {
      const res = await deps.setUserDisabled(req.user, true);
      logger.info({ userId: res.user.id, changed: res.changed }, 'user disabled by an operator');
      return { user: toUserAccount(res.user), changed: res.changed };
    }),
    enableUser: guarded('EnableUser', async (req: pb.EnableUserRequest) => {
      const res = await deps.setUserDisabled(req.user, false);
      logger.info({ userId: res.user.id, changed: res.changed }, 'user enabled by an operator');
      return { user: toUserAccount(res.user), changed: res.changed };
    }),
    resetUserPassword: guarded('ResetUserPassword', async (req: pb.ResetUserPasswordRequest) => {
      const { user, signInUnblocked } = await deps.resetUserPassword(req.user, req.password);
      logger.info(
        { userId: user.id, signInUnblocked },
        'user password reset by an operator; sessions ended',
      );
      return { user: toUserAccount(user), signInUnblocked };
    }),
    setUserRoles: guarded('SetUserRoles', async (req: pb.SetUserRolesRequest) => {
      const res = await deps.setUserRoles(req.user, {
        roles: req.roles,
        organizationId: req.organizationId,
        unitIds: req.unitIds,
      });
      logger.info(
        {
          userId: res.user.id,
          roles: res.user.roles,
          previousRoles: res.previous.roles,
          changed: res.changed,
        },
        'user roles set by an operator',
      );
      return {
        user: toUserAccount(res.user),
        previous: toUserAccount(res.previous),
        changed: res.changed,
      };
    }),
    createApiClient: guarded('CreateApiClient', async (req: pb.CreateApiClientRequest) => {
      const issued = await identity.createApiClient(OPERATOR_CALLER, {
        name: req.name,
        organizationId: req.organizationId,
        // Unknown roles are refused by the service's own schema, field by field.
        roles: req.roles as Role[],
      });
      logger.info({ clientId: issued.client.id }, 'API client created by an operator');
      return { client: toApiClient(issued.client), key: issued.key };
    }),
    rotateApiKey: guarded('RotateApiKey', async (req: pb.RotateApiKeyRequest) => {
      const issued = await identity.rotateApiKey(OPERATOR_CALLER, req.clientId);
      logger.info({ clientId: issued.client.id }, 'API key rotated by an operator');
      return { client: toApiClient(issued.client), key: issued.key };
    }),
    revokeApiClient: guarded('RevokeApiClient', async (req: pb.RevokeApiClientRequest) => {
      const client = await identity.revokeApiClient(OPERATOR_CALLER, req.clientId);
      logger.info({ clientId: client.id }, 'API client revoked by an operator');
      return { client: toApiClient(client) };
    }),
  };
  server.addService(pb.OperatorServiceService, implementation);
  return implementation;
}
