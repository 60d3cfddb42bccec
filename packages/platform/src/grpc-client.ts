import {
  InterceptingCall,
  type CallOptions,
  type ClientOptions,
  type Client,
  type ClientUnaryCall,
  type ChannelCredentials,
  type Interceptor,
  type Metadata,
  type ServiceError,
} from '@grpc/grpc-js';
import { currentContext } from './context.js';
import { fromGrpcError } from './grpc-errors.js';
import { contextToMetadata, signCallerMetadata } from './grpc-metadata.js';
import { DEFAULT_MAX_MESSAGE_BYTES } from './grpc-server.js';
import { grpcChannelCredentials } from './grpc-tls.js';
import { uuidv7 } from './ids.js';

/** Every call has a deadline; a slow service must not hold the caller's request forever. */
export const DEFAULT_DEADLINE_MS = 5000;

type ClientConstructor<C extends Client> = new (
  address: string,
  creds: ChannelCredentials,
  options?: Partial<ClientOptions>,
) => C;

export interface GrpcClientOptions {
  /**
   * The service the client talks to, as it names itself (`draft`, `notification`, ...): caller
   * identities are signed for it, and that service alone accepts them.
   */
  audience: string;
  maxMessageBytes?: number;
  /** Extra interceptors, run after the one that signs the caller (tests record with them). */
  interceptors?: Interceptor[];
}

/** Signs the caller identity in each call's metadata for its method and the client's audience. */
function callerSigner(audience: string): Interceptor {
  return (options, nextCall) =>
    new InterceptingCall(nextCall(options), {
      start(metadata, listener, next) {
        signCallerMetadata(metadata, { method: options.method_definition.path, audience });
        next(metadata, listener);
      },
    });
}

/**
 * A ts-proto grpc-js client with this network's message size limits, TLS when `useGrpcTls` set it
 * up, and caller identities signed for `audience`.
 */
export function createGrpcClient<C extends Client>(
  Ctor: ClientConstructor<C>,
  address: string,
  options: GrpcClientOptions,
): C {
  const max = options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
  return new Ctor(address, grpcChannelCredentials(), {
    'grpc.max_receive_message_length': max,
    'grpc.max_send_message_length': max,
    // Channelz (per-call bookkeeping for a debug service PCN does not serve) costs every call.
    'grpc.enable_channelz': 0,
    interceptors: [callerSigner(options.audience), ...(options.interceptors ?? [])],
  });
}

type UnaryMethod<Req, Res> = (
  request: Req,
  metadata: Metadata,
  options: Partial<CallOptions>,
  callback: (error: ServiceError | null, response: Res) => void,
) => ClientUnaryCall;

/**
 * Calls a unary method with a deadline and the current work context (correlation id, caller) in
 * metadata. Pass the method bound to its client: `callUnary(client.check.bind(client), req)`.
 * Domain statuses come back as the matching domain error class.
 */
export function callUnary<Req, Res>(
  method: UnaryMethod<Req, Res>,
  request: Req,
  options: { deadlineMs?: number } = {},
): Promise<Res> {
  const context = currentContext() ?? { correlationId: uuidv7() };
  const deadline = new Date(Date.now() + (options.deadlineMs ?? DEFAULT_DEADLINE_MS));
  return new Promise<Res>((resolve, reject) => {
    method(request, contextToMetadata(context), { deadline }, (error, response) => {
      if (error) reject(fromGrpcError(error));
      else resolve(response);
    });
  });
}
