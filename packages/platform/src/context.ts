import { AsyncLocalStorage } from 'node:async_hooks';
import { uuidv7 } from './ids.js';

/** Who is calling: set by the gateway after authentication and carried in gRPC metadata. */
export interface CallerIdentity {
  kind: 'user' | 'api-client' | 'anonymous' | 'service';
  /** User id, API client id, or service name. Never a person's name or contact. */
  id: string;
  roles: readonly string[];
  /** Organisation the caller acts for, if any. */
  organizationId?: string;
  /** Administrative units the caller may act in (each includes its subtree). */
  unitIds?: readonly string[];
}

export interface WorkContext {
  /** Shared by every log line, call and event of one piece of work. */
  correlationId: string;
  /** The event that caused this work, when it runs in a consumer. */
  causationId?: string;
  caller?: CallerIdentity;
}

const storage = new AsyncLocalStorage<WorkContext>();

/** Runs `fn` with `context` visible to logs, outgoing gRPC calls and published events. */
export function runInContext<R>(context: WorkContext, fn: () => R): R {
  return storage.run(context, fn);
}

export function currentContext(): WorkContext | undefined {
  return storage.getStore();
}

/** The current correlation id, or a fresh one for work that starts here. */
export function correlationId(): string {
  return storage.getStore()?.correlationId ?? uuidv7();
}

const CORRELATION_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * A correlation id from outside (an HTTP header, gRPC metadata) if it is well-formed, else a fresh
 * one: a caller cannot inject log-breaking text through it.
 */
export function acceptCorrelationId(incoming: unknown): string {
  return typeof incoming === 'string' && CORRELATION_ID.test(incoming) ? incoming : uuidv7();
}
