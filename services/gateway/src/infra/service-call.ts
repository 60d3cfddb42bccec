import {
  callUnary,
  currentContext,
  runInContext,
  uuidv7,
  type CallerIdentity,
} from '@pcn/platform';

export type Method<Req, Res> = Parameters<typeof callUnary<Req, Res>>[0];
export type CallAs = <Req, Res>(method: Method<Req, Res>, request: Req) => Promise<Res>;

/**
 * Unary calls made as one caller (its identity goes signed in metadata), in the current request's
 * correlation, or a new one.
 */
export function callAs(caller: CallerIdentity): CallAs {
  return (method, request) =>
    runInContext({ correlationId: currentContext()?.correlationId ?? uuidv7(), caller }, () =>
      callUnary(method, request),
    );
}
