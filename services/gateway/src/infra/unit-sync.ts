import { DomainError, type Logger } from '@pcn/platform';
import type { IdentityService } from '../identity/identity.contract.js';
import type { NotificationClient } from './notification-client.js';

export interface UnitSyncOptions {
  identity: Pick<IdentityService, 'units'>;
  notifications: NotificationClient;
  logger: Logger;
  /** Waits between attempts while the service is not up: doubled each time up to the last. */
  initialDelayMs?: number;
  maxDelayMs?: number;
}

/** What a failure logs: its kind and code, never payloads (the unit tree is public, but still). */
function describe(err: unknown): Record<string, unknown> {
  if (err instanceof DomainError) return { code: err.code, reason: err.reason };
  if (typeof err === 'object' && err !== null && 'code' in err) return { grpcCode: err.code };
  return { error: err instanceof Error ? err.name : 'unknown' };
}

/**
 * Pushes the directory's unit tree (every unit with its path) to the notification service, which
 * matches subscribers to the subtrees of the units they follow. Runs in the background: boot never
 * waits for the notification service, and a push that fails is retried with backoff until it
 * succeeds. `push()` again after the directory's units change.
 */
export function createUnitSync(options: UnitSyncOptions) {
  const { identity, notifications, logger } = options;
  const initial = options.initialDelayMs ?? 500;
  const max = options.maxDelayMs ?? 60_000;
  let stopped = false;
  let wanted = false;
  let running: Promise<void> | undefined;
  let timer: NodeJS.Timeout | undefined;
  let wakeSleep: (() => void) | undefined;
  // Settles when a push asked for has landed; a new one is made for each round of requests.
  let landed: { promise: Promise<void>; resolve: () => void } | undefined;

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      wakeSleep = resolve;
      timer = setTimeout(resolve, ms);
    });

  async function pushOnce(): Promise<number> {
    const units = await identity.units({ includeInactive: true });
    const api = notifications.asGateway();
    const { stored } = await api.call(api.client.putUnits.bind(api.client), {
      units: units.map((u) => ({ id: u.id, path: [...u.path] })),
    });
    return stored;
  }

  async function loop(): Promise<void> {
    let delay = initial;
    let attempt = 0;
    while (wanted && !stopped) {
      wanted = false;
      attempt += 1;
      try {
        const stored = await pushOnce();
        logger.info({ units: stored }, 'unit tree pushed to the notification service');
        delay = initial;
        attempt = 0;
        if (!wanted) {
          landed?.resolve();
          landed = undefined;
        }
      } catch (err) {
        if (stopped) return;
        wanted = true;
        const level = attempt <= 3 ? 'info' : 'warn';
        logger[level](
          { ...describe(err), attempt, retryInMs: delay },
          'could not push the unit tree to the notification service; retrying',
        );
        await sleep(delay);
        delay = Math.min(delay * 2, max);
      }
    }
  }

  /** Schedules a push (now, or after the one in flight). Never throws, never blocks. */
  function push(): void {
    if (stopped) return;
    wanted = true;
    if (!landed) {
      let resolve: () => void = () => undefined;
      const promise = new Promise<void>((r) => (resolve = r));
      landed = { promise, resolve };
    }
    running ??= loop().finally(() => {
      running = undefined;
      // A push asked for while the last attempt was finishing.
      if (wanted && !stopped) push();
    });
  }

  return {
    push,
    /** Resolves once the latest push asked for has landed (at once if none is pending). */
    synced(): Promise<void> {
      return landed?.promise ?? Promise.resolve();
    },
    async stop(): Promise<void> {
      stopped = true;
      clearTimeout(timer);
      wakeSleep?.();
      await running;
    },
  };
}

export type UnitSync = ReturnType<typeof createUnitSync>;
