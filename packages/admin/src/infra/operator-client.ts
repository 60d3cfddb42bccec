import { InterceptingCall, status, type Interceptor } from '@grpc/grpc-js';
import { operator } from '@pcn/contracts';
import { callUnary, createGrpcClient, InvalidArgumentError } from '@pcn/platform';
import { CliError, ExitCode } from '../exit-codes.js';

/** Adds `authorization: Bearer <secret>` to every call. */
export function bearer(secret: string): Interceptor {
  return (options, nextCall) =>
    new InterceptingCall(nextCall(options), {
      start(metadata, listener, next) {
        metadata.set('authorization', `Bearer ${secret}`);
        next(metadata, listener);
      },
    });
}

/**
 * The gateway's operator API (`pcn.ops.v1.OperatorService`). Its refusals come back as exit 1
 * with the gateway's words; a gateway that does not answer as exit 4.
 */
export function operatorApi(address: string, secret: string | undefined) {
  if (!secret)
    throw new CliError(
      "OPERATOR_SECRET is not set: give the gateway's OPERATOR_SECRET in the environment (never on the command line)",
      ExitCode.Usage,
    );
  const client = createGrpcClient(operator.OperatorServiceClient, address, {
    audience: 'gateway',
    interceptors: [bearer(secret)],
  });

  /** `passInvalid`: the caller lists the field violations itself. */
  async function call<Req, Res>(
    method: Parameters<typeof callUnary<Req, Res>>[0],
    request: Req,
    passInvalid = false,
  ): Promise<Res> {
    try {
      return await callUnary(method, request, { deadlineMs: 15_000 });
    } catch (err) {
      const code = (err as { code?: unknown }).code;
      if (code === status.UNAVAILABLE || code === status.DEADLINE_EXCEEDED)
        throw new CliError(
          `Could not reach the gateway's operator API at ${address} (${(err as Error).message}); is the gateway running with OPERATOR_SECRET set? (GATEWAY_ADMIN_GRPC_ADDRESS)`,
          ExitCode.Unreachable,
        );
      if (err instanceof InvalidArgumentError && passInvalid) throw err;
      if (err instanceof InvalidArgumentError)
        throw new CliError(
          `Refused: ${err.violations.map((v) => `${v.field} ${v.description}`).join('; ') || err.message}`,
          ExitCode.Failed,
        );
      throw err;
    }
  }

  return {
    bootstrapNetworkAdmin: (req: operator.BootstrapNetworkAdminRequest) =>
      call(client.bootstrapNetworkAdmin.bind(client), req),
    /** Refusals keep their field violations (InvalidArgumentError), one per bad field of the file. */
    importDirectory: (req: operator.ImportDirectoryRequest) =>
      call(client.importDirectory.bind(client), req, true),
    createUser: (req: operator.CreateUserRequest) => call(client.createUser.bind(client), req),
    listUsers: (req: operator.ListUsersRequest) => call(client.listUsers.bind(client), req),
    disableUser: (req: operator.DisableUserRequest) => call(client.disableUser.bind(client), req),
    enableUser: (req: operator.EnableUserRequest) => call(client.enableUser.bind(client), req),
    resetUserPassword: (req: operator.ResetUserPasswordRequest) =>
      call(client.resetUserPassword.bind(client), req),
    setUserRoles: (req: operator.SetUserRolesRequest) =>
      call(client.setUserRoles.bind(client), req),
    createApiClient: (req: operator.CreateApiClientRequest) =>
      call(client.createApiClient.bind(client), req),
    rotateApiKey: (req: operator.RotateApiKeyRequest) =>
      call(client.rotateApiKey.bind(client), req),
    revokeApiClient: (req: operator.RevokeApiClientRequest) =>
      call(client.revokeApiClient.bind(client), req),
    close: () => client.close(),
  };
}
