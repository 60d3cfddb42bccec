import { createHash } from 'node:crypto';
import type { CallerIdentity } from '@pcn/platform';

interface Verified {
  caller: CallerIdentity;
  expiresAt: number;
}

/** Default: how long a verified credential is trusted without checking the store again. */
export const DEFAULT_AUTH_CACHE_TTL_MS = 5_000;
/** Default: how many verified credentials are remembered at once (about 3 MB). */
export const DEFAULT_AUTH_CACHE_ENTRIES = 10_000;

/**
 * Credentials verified recently, so that a signed-in caller's requests do not each pay for a JWT
 * signature check (WebCrypto key import and HMAC) and a store read, or for an API key's hash and
 * store read. Keyed on a SHA-256 of the credential, never the credential itself; bounded by count
 * (oldest out first); each entry lives at most `ttlMs` and never past its token's expiry.
 *
 * Only successes are kept: a junk credential costs its own verification every time and leaves
 * nothing behind. Whatever changes a caller's rights in this process (revoking or rotating a key;
 * changing, disabling or deleting a user; ending their sessions) forgets that caller's entries at
 * once; a change made by another process (another replica, an admin tool) is seen within `ttlMs`.
 */
export class VerifiedCredentials {
  readonly #entries = new Map<string, Verified>();
  readonly #ttlMs: number;
  readonly #maxEntries: number;
  #generation = 0;

  constructor(ttlMs = DEFAULT_AUTH_CACHE_TTL_MS, maxEntries = DEFAULT_AUTH_CACHE_ENTRIES) {
    this.#ttlMs = ttlMs;
    this.#maxEntries = maxEntries;
  }

  get size(): number {
    return this.#entries.size;
  }

  /** Changes whenever entries are forgotten, so a verification that raced one is not kept. */
  get generation(): number {
    return this.#generation;
  }

  /** The key of a credential: which header it came in, and a hash of its value. */
  key(kind: 'bearer' | 'api-key', credential: string): string {
    return createHash('sha256').update(kind).update('\n').update(credential).digest('base64url');
  }

  get(key: string, now: number): CallerIdentity | undefined {
    const hit = this.#entries.get(key);
    if (!hit) return undefined;
    if (hit.expiresAt <= now) {
      this.#entries.delete(key);
      return undefined;
    }
    return hit.caller;
  }

  /**
   * Remembers a verified caller until `now + ttl`, or `notAfter` if sooner, unless something was
   * forgotten since the verification began (`generation` was read before it).
   */
  set(key: string, caller: CallerIdentity, now: number, generation: number, notAfter = Infinity) {
    if (this.#ttlMs <= 0 || generation !== this.#generation) return;
    const expiresAt = Math.min(now + this.#ttlMs, notAfter);
    if (expiresAt <= now) return;
    this.#entries.delete(key);
    while (this.#entries.size >= this.#maxEntries) {
      const oldest = this.#entries.keys().next().value;
      if (oldest === undefined) break;
      this.#entries.delete(oldest);
    }
    this.#entries.set(key, { caller: freeze(caller), expiresAt });
  }

  /** Forgets every entry of one caller (a user or an API client). */
  forget(kind: CallerIdentity['kind'], id: string): void {
    this.#generation += 1;
    for (const [key, { caller }] of this.#entries)
      if (caller.kind === kind && caller.id === id) this.#entries.delete(key);
  }
}

/** Callers are shared between requests: nobody may change one in place. */
function freeze(caller: CallerIdentity): CallerIdentity {
  Object.freeze(caller.roles);
  if (caller.unitIds) Object.freeze(caller.unitIds);
  return Object.freeze(caller);
}
