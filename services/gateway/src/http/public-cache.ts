import { createHash } from 'node:crypto';

export interface CachedResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

interface Entry extends CachedResponse {
  at: number;
}

/**
 * Answers to anonymous GraphQL queries, kept until the next draft event (or `ttlMs`, as a safety
 * net). Public reads are the same for every anonymous caller, so the bulk of portal and app
 * traffic is served from memory without running Yoga's pipeline (~250 µs a request) or calling
 * the draft service. Signed-in callers are never served from here.
 */
export class PublicResponseCache {
  readonly #entries = new Map<string, Entry>();
  readonly #maxEntries: number;
  readonly #ttlMs: number;
  readonly #now: () => number;
  #hits = 0;
  #misses = 0;
  #generation = 0;

  constructor(options: { maxEntries?: number; ttlMs?: number; now?: () => number } = {}) {
    this.#maxEntries = options.maxEntries ?? 2000;
    this.#ttlMs = options.ttlMs ?? 30_000;
    this.#now = options.now ?? Date.now;
  }

  /** Changes at every invalidation, so an answer computed across one is not stored. */
  get generation(): number {
    return this.#generation;
  }

  get stats() {
    return { entries: this.#entries.size, hits: this.#hits, misses: this.#misses };
  }

  /** The request as a key: method, URL, body, and the headers that change the answer. */
  key(method: string, url: string, body: Buffer, acceptLanguage: string, accept: string): string {
    return createHash('sha256')
      .update(`${method}\n${url}\n${acceptLanguage}\n${accept}\n`)
      .update(body)
      .digest('base64url');
  }

  get(key: string): CachedResponse | undefined {
    const entry = this.#entries.get(key);
    if (entry && this.#now() - entry.at <= this.#ttlMs) {
      this.#hits += 1;
      return entry;
    }
    if (entry) this.#entries.delete(key);
    this.#misses += 1;
    return undefined;
  }

  set(key: string, response: CachedResponse): void {
    // Oldest first out: a Map iterates in insertion order.
    if (this.#entries.size >= this.#maxEntries) {
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#entries.delete(oldest);
    }
    this.#entries.set(key, { ...response, at: this.#now() });
  }

  /** Something changed: every stored answer may be stale. */
  invalidate(): void {
    this.#generation += 1;
    this.#entries.clear();
  }
}
