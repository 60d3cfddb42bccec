import { UnauthenticatedError, type CallerIdentity } from '@pcn/platform';
import { Repeater } from 'graphql-yoga';
import type { GatewayContext } from './context.js';

export function sameRights(a: CallerIdentity, b: CallerIdentity): boolean {
  return (
    a.kind === b.kind &&
    a.id === b.id &&
    a.organizationId === b.organizationId &&
    [...a.roles].sort().join() === [...b.roles].sort().join() &&
    [...(a.unitIds ?? [])].sort().join() === [...(b.unitIds ?? [])].sort().join()
  );
}

const STOPPED = Symbol('stopped');
const RECHECK = Symbol('recheck');

/** A promise that may lose a race: its late rejection is not left unhandled. */
function settled<T>(value: T | Promise<T>): Promise<T> {
  const promise = Promise.resolve(value);
  promise.catch(() => undefined);
  return promise;
}

/**
 * A live subscription's stream: what `toPayloads` makes of each value of `source` (a value may give
 * none), with the caller's credentials checked again every `subscriptionRecheckMs` between them.
 * It ends when its token expires, its API key is revoked or its caller's rights change, and as
 * soon as its client leaves (the request's signal aborts, or the stream is returned), even while
 * it waits for a value that may never come. An async generator cannot do that: its `return()`
 * waits for the `await` it is suspended on, and it is never returned at all when the client leaves
 * before it is handed over. The source is returned however the stream ends, exactly once.
 */
export function liveStream<T, P>(
  ctx: GatewayContext,
  source: AsyncIterator<T>,
  toPayloads: (value: T) => readonly P[] | Promise<readonly P[]>,
): AsyncIterableIterator<P> {
  let released = false;
  const release = () => {
    ctx.signal.removeEventListener('abort', leave);
    if (released) return;
    released = true;
    // The feed's return only unregisters; it cannot fail in a way a caller could act on.
    void settled(source.return?.());
  };
  const repeater = new Repeater<P>(async (push, stop) => {
    const stopped = settled(stop.then((): typeof STOPPED => STOPPED));
    let timer: NodeJS.Timeout | undefined;
    try {
      // A released source ends its pending `next()`, so the loop ends without a race for it.
      let pending = settled(source.next());
      for (;;) {
        const tick = new Promise<typeof RECHECK>((resolve) => {
          timer = setTimeout(() => resolve(RECHECK), ctx.subscriptionRecheckMs);
        });
        const result = await Promise.race([pending, tick, stopped]);
        clearTimeout(timer);
        if (result === STOPPED) return;
        if (result === RECHECK) {
          const now = await Promise.race([settled(ctx.reauthenticate()), stopped]);
          if (now === STOPPED) return;
          if (!sameRights(now, ctx.caller))
            throw new UnauthenticatedError(
              'Your rights changed; subscribe again',
              'CALLER_CHANGED',
            );
          continue;
        }
        if (result.done) return;
        const payloads = await Promise.race([settled(toPayloads(result.value)), stopped]);
        if (payloads === STOPPED) return;
        // Resolves once the payload is taken, or at once when the stream stops.
        for (const payload of payloads) await push(payload);
        pending = settled(source.next());
      }
    } finally {
      clearTimeout(timer);
      release();
    }
  });
  const stream: AsyncIterableIterator<P> = {
    [Symbol.asyncIterator]: () => stream,
    next: () => repeater.next(),
    return: () => {
      release();
      return repeater.return();
    },
    throw: (err?: unknown) => {
      release();
      return repeater.throw(err);
    },
  };
  function leave() {
    release();
    void settled(repeater.return());
  }
  // The client may have left while the subscription was being set up.
  if (ctx.signal.aborted) leave();
  else ctx.signal.addEventListener('abort', leave, { once: true });
  return stream;
}
