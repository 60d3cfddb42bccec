import type { Clock } from '@pcn/platform';
import type { Store } from '@pcn/storage';
import { createAuthentication, type SignInLockouts } from './authentication.service.js';
import { demoPasswordFrom, seedDemoData } from './demo-data.js';
import type { DirectoryEvents } from './directory-events.js';
import { createDirectory, type IdentityAdmin } from './directory.service.js';
import type { IdentityService } from './identity.contract.js';
import { normaliseEmail } from './identity-input.js';
import type { SignInThrottlePolicy } from './sign-in-throttle.js';
import { DEFAULT_AUTH_CACHE_TTL_MS, VerifiedCredentials } from './verified-credentials.js';

export interface IdentityServiceDeps {
  store: Store;
  /** HS256 key for session tokens: at least 32 random bytes, shared by every gateway replica. */
  jwtSecret: Uint8Array;
  /** Lifetime of a session token (900 = 15 minutes is a good default). */
  tokenTtlSeconds: number;
  clock: Clock;
  /** `iss` of the tokens; defaults to `pcn-gateway`. */
  issuer?: string;
  /** Password of the demo accounts `seedDemo` writes; defaults to `demoPasswordFrom(process.env)`. */
  demoPassword?: string;
  /** Per-account sign-in throttle; `DEFAULT_SIGN_IN_THROTTLE` for what is not given. */
  signInThrottle?: Partial<SignInThrottlePolicy>;
  /**
   * How long a verified token or API key is trusted without checking it again (default 5 s; 0
   * checks every request). Changes made through this service apply at once; changes made by
   * another process (a second replica, an admin tool) within this time. See VerifiedCredentials.
   */
  authCacheTtlMs?: number;
  /** Sends directory changes out as events, through the outbox (the gateway always gives it). */
  directoryEvents?: DirectoryEvents;
}

export type IdentityServiceImpl = IdentityService & IdentityAdmin & SignInLockouts;

/**
 * The identity module as the gateway holds it: authentication and the directory on one store,
 * sharing the cache of verified callers, so that a user changed in the directory is checked
 * afresh on the next request.
 */
export function createIdentityService(deps: IdentityServiceDeps): IdentityServiceImpl {
  const { store, clock } = deps;
  const verified = new VerifiedCredentials(deps.authCacheTtlMs ?? DEFAULT_AUTH_CACHE_TTL_MS);
  const authentication = createAuthentication({
    store,
    clock,
    jwtSecret: deps.jwtSecret,
    tokenTtlSeconds: deps.tokenTtlSeconds,
    issuer: deps.issuer,
    signInThrottle: deps.signInThrottle,
    verified,
  });
  const directory = createDirectory({ store, clock, verified });
  return {
    ...authentication,
    ...directory,
    seedDemo: async () =>
      seedDemoData({
        store,
        clock,
        password: deps.demoPassword ?? demoPasswordFrom(process.env),
        normaliseEmail,
        directoryEvents: deps.directoryEvents,
      }),
  };
}
