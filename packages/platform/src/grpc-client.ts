import {
  credentials,
  type CallOptions,
  type ChannelOptions,
  type Client,
  type ClientUnaryCall,
  type Metadata,
  type ServiceError,
} from '@grpc/grpc-js';
import { currentContext } from './context.js';
import { fromGrpcError } from './grpc-errors.js';
import { contextToMetadata } from './grpc-metadata.js';
import { DEFAULT_MAX_MESSAGE_BYTES } from './grpc-server.js';
import { uuidv7 } from './ids.js';

/** Every call has a deadline; a slow service must not hold the caller's request forever. */
export const DEFAULT_DEADLINE_MS = 5000;

type ClientConstructor<C extends Client> = new (
  address: string,
  creds: ReturnType<typeof credentials.createInsecure>,
  options?: Partial<ChannelOptions>,
) => C;

/** A ts-proto grpc-js client with this network's message size limits. */
export function createGrpcClient<C extends Client>(
  Ctor: ClientConstructor<C>,
  address: string,
  maxMessageBytes = DEFAULT_MAX_MESSAGE_BYTES,
): C {
  return new Ctor(address, credentials.createInsecure(), {
    'grpc.max_receive_message_length': maxMessageBytes,
    'grpc.max_send_message_length': maxMessageBytes,
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
