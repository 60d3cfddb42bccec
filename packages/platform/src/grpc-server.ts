import {
  Server,
  status,
  type sendUnaryData,
  type ServerUnaryCall,
  type ServiceDefinition,
  type UntypedServiceImplementation,
} from '@grpc/grpc-js';
import { runInContext, type WorkContext } from './context.js';
import { toGrpcError } from './grpc-errors.js';
import { addReflection } from './grpc-reflection.js';
import { contextFromMetadata } from './grpc-metadata.js';
import { grpcServerCredentials } from './grpc-tls.js';
import { systemClock, type Clock } from './ids.js';
import type { Logger } from './logger.js';
import { GrpcServerMetrics, type Registry } from './metrics.js';

/** Default cap on a message in either direction: generous for drafts with attachments metadata. */
export const DEFAULT_MAX_MESSAGE_BYTES = 4 * 1024 * 1024;

export interface GrpcServerOptions {
  logger: Logger;
  maxMessageBytes?: number;
  /**
   * This service's name (`draft`, ...): signed caller identities are accepted only when signed for
   * it. Without one, every signed caller is dropped while the internal secret is in use.
   */
  audience?: string;
  /** Checks the validity window of signed callers; the system clock by default. */
  clock?: Clock;
  /** Where each call's count and latency are recorded (see GrpcServerMetrics); none by default. */
  metrics?: Registry;
}

export type UnaryHandler<Req, Res> = (request: Req, context: WorkContext) => Promise<Res>;

/**
 * A gRPC server that tracks in-flight calls, runs each handler inside its work context (so logs and
 * events carry the correlation id), maps domain errors to statuses, and refuses new calls once
 * shutdown has begun.
 */
export class GrpcServer {
  readonly #server: Server;
  readonly #logger: Logger;
  readonly #audience: string | undefined;
  readonly #clock: Clock;
  readonly #metrics: GrpcServerMetrics | undefined;
  #accepting = true;
  #inFlight = 0;
  #port: number | undefined;
  /** Fully qualified names of the services added, for reflection. */
  readonly #services = new Set<string>();

  constructor(options: GrpcServerOptions) {
    const max = options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
    this.#server = new Server({
      'grpc.max_receive_message_length': max,
      'grpc.max_send_message_length': max,
      // Channelz (per-call bookkeeping for a debug service PCN does not serve) costs every call.
      'grpc.enable_channelz': 0,
    });
    this.#logger = options.logger;
    this.#audience = options.audience;
    this.#clock = options.clock ?? systemClock;
    this.#metrics = options.metrics && new GrpcServerMetrics(options.metrics);
  }

  get inFlight(): number {
    return this.#inFlight;
  }

  get port(): number {
    if (this.#port === undefined) throw new Error('gRPC server is not listening');
    return this.#port;
  }

  /** Wraps a handler: context, error mapping, in-flight accounting and metrics. */
  unary<Req, Res>(method: string, handler: UnaryHandler<Req, Res>) {
    return (call: ServerUnaryCall<Req, Res>, callback: sendUnaryData<Res>): void => {
      const started = performance.now();
      const observe = (code: number) =>
        this.#metrics?.observe(call.getPath(), code, (performance.now() - started) / 1000);
      if (!this.#accepting) {
        callback({ code: status.UNAVAILABLE, details: 'Server is shutting down; retry elsewhere' });
        observe(status.UNAVAILABLE);
        return;
      }
      const context = contextFromMetadata(
        call.metadata,
        this.#audience === undefined
          ? undefined
          : { method: call.getPath(), audience: this.#audience, now: this.#clock.now() },
      );
      this.#inFlight += 1;
      runInContext(context, () => {
        // Through a promise, so that a handler throwing synchronously is mapped like a rejection.
        new Promise<Res>((resolve) => resolve(handler(call.request, context)))
          .then(
            (response) => {
              callback(null, response);
              observe(status.OK);
            },
            (err: unknown) => {
              const mapped = toGrpcError(err);
              if (mapped.code === status.INTERNAL)
                this.#logger.error({ err, method }, 'call failed');
              else this.#logger.debug({ method, code: mapped.code }, 'call rejected');
              callback(mapped);
              observe(mapped.code ?? status.UNKNOWN);
            },
          )
          .finally(() => {
            this.#inFlight -= 1;
          });
      });
    };
  }

  addService(definition: ServiceDefinition, implementation: UntypedServiceImplementation): void {
    this.#server.addService(definition, implementation);
    // A method path is `/<package>.<Service>/<Method>`.
    const path = Object.values(definition)[0]?.path;
    const name = path?.split('/')[1];
    if (name) this.#services.add(name);
  }

  /** Served services' fully qualified names (`pcn.ops.v1.OpsService`), in the order added. */
  get services(): string[] {
    return [...this.#services];
  }

  /** Listens; server reflection then describes every service added so far. */
  async listen(host: string, port: number): Promise<number> {
    addReflection(this.#server, this.services);
    this.#port = await new Promise<number>((resolve, reject) => {
      this.#server.bindAsync(`${host}:${port}`, grpcServerCredentials(), (err, bound) =>
        err ? reject(err) : resolve(bound),
      );
    });
    return this.#port;
  }

  /**
   * Stops taking calls and waits for in-flight ones to finish. Calls still running after
   * `timeoutMs` are cancelled.
   */
  async shutdown(timeoutMs: number): Promise<void> {
    this.#accepting = false;
    this.#logger.info(
      { inFlight: this.#inFlight },
      'gRPC server refuses new calls; finishing in-flight',
    );
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        this.#logger.warn({ inFlight: this.#inFlight }, 'gRPC calls still running; cancelling');
        this.#server.forceShutdown();
        resolve();
      }, timeoutMs);
      this.#server.tryShutdown(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}
