import { UnauthenticatedError, type CallerIdentity } from '@pcn/platform';
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

/**
 * The values of a live source, with the caller's credentials checked again between them every
 * `subscriptionRecheckMs`: the stream ends when its token expires, its API key is revoked, or its
 * caller's rights change. The source is closed however the stream ends.
 */
export async function* recheckingCredentials<T>(
  ctx: GatewayContext,
  source: AsyncIterator<T>,
): AsyncGenerator<T> {
  try {
    let pending = source.next();
    for (;;) {
      let timer: NodeJS.Timeout | undefined;
      const tick = new Promise<'recheck'>((resolve) => {
        timer = setTimeout(() => resolve('recheck'), ctx.subscriptionRecheckMs);
      });
      const result = await Promise.race([pending, tick]);
      clearTimeout(timer);
      if (result === 'recheck') {
        const now = await ctx.reauthenticate();
        if (!sameRights(now, ctx.caller))
          throw new UnauthenticatedError('Your rights changed; subscribe again', 'CALLER_CHANGED');
        continue;
      }
      if (result.done) return;
      yield result.value;
      pending = source.next();
    }
  } finally {
    await source.return?.();
  }
}
