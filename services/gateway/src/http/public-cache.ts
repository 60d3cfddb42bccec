import { createHash } from 'node:crypto';

export interface CachedResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  /**
   * Whether callers of the public visibility class other than the anonymous public (partner
   * systems, for example) may be served this answer: true only when every field it reads is one
   * whose answer depends on the visibility class alone (see public-view.ts).
   */
  shared: boolean;
}

interface Entry extends CachedResponse {
  expiresAt: number;
  bytes: number;
}

interface Alias {
  target: string;
  expiresAt: number;
  bytes: number;
}

/** Default byte budget: 64 MiB. */
export const DEFAULT_PUBLIC_CACHE_BYTES = 64 * 1024 * 1024;
/** An answer larger than this share of the budget is served but not kept. */
const LARGEST_SHARE = 1 / 16;
/** What a stored item costs beyond its bytes: map slots, objects, header strings. */
const OVERHEAD_BYTES = 256;

export interface PublicCacheOptions {
  /** Most bytes kept, answers, headers and keys together (default 64 MiB). */
  maxBytes?: number;
  /** Longest time an answer is served (default 30 s); draft events end it sooner. */
  ttlMs?: number;
  now?: () => number;
}

/**
 * Answers to public GraphQL queries, kept until the next draft event (or `ttlMs`, as a safety
 * net). Public reads are the same for every caller of the public visibility class, so the bulk of
 * portal, app and partner traffic is served from memory without running Yoga's pipeline (~250 µs
 * a request) or calling the draft service.
 *
 * - Bounded by bytes (`maxBytes`), not by entry count: an answer larger than 1/16 of the budget is
 *   not kept, and the oldest answers make room for new ones.
 * - Keyed on the normalised document (comments and whitespace out, see `normalisedKey`), so
 *   `# 1`, `# 2`, ... spell the same entry. The raw request is keyed first, as an alias of the
 *   normalised key, so that a hit costs one hash and no parse.
 * - Expired answers are dropped as time passes (oldest first, on every use and by a timer), not
 *   kept until evicted.
 */
export class PublicResponseCache {
  /** Normalised key → answer, oldest first (insertion order is expiry order: one TTL for all). */
  readonly #answers = new Map<string, Entry>();
  /** Raw request key → normalised key, oldest first. */
  readonly #aliases = new Map<string, Alias>();
  readonly #maxBytes: number;
  readonly #largest: number;
  readonly #ttlMs: number;
  readonly #now: () => number;
  #bytes = 0;
  #hits = 0;
  #misses = 0;
  #generation = 0;
  #timer: NodeJS.Timeout | undefined;

  constructor(options: PublicCacheOptions = {}) {
    this.#maxBytes = options.maxBytes ?? DEFAULT_PUBLIC_CACHE_BYTES;
    this.#largest = Math.floor(this.#maxBytes * LARGEST_SHARE);
    this.#ttlMs = options.ttlMs ?? 30_000;
    this.#now = options.now ?? Date.now;
  }

  /** Changes at every invalidation, so an answer computed across one is not stored. */
  get generation(): number {
    return this.#generation;
  }

  get stats() {
    return {
      entries: this.#answers.size,
      aliases: this.#aliases.size,
      bytes: this.#bytes,
      hits: this.#hits,
      misses: this.#misses,
    };
  }

  /** The request as it came: method, URL, body, and the headers that change the answer. */
  key(
    viewClass: string,
    method: string,
    url: string,
    body: Buffer,
    acceptLanguage: string,
    accept: string,
  ): string {
    return createHash('sha256')
      .update(`${viewClass}\n${method}\n${url}\n${acceptLanguage}\n${accept}\n`)
      .update(body)
      .digest('base64url');
  }

  /**
   * The request as GraphQL sees it: the normalised document (see graphql's
   * `stripIgnoredCharacters`), its variables, operation name and extensions.
   */
  normalisedKey(
    viewClass: string,
    method: string,
    request: { document: string; variables: string; operationName: string; extensions: string },
    acceptLanguage: string,
    accept: string,
  ): string {
    const { document, variables, operationName, extensions } = request;
    return createHash('sha256')
      .update(
        JSON.stringify([
          viewClass,
          method,
          document,
          variables,
          operationName,
          extensions,
          acceptLanguage,
          accept,
        ]),
      )
      .digest('base64url');
  }

  /** The answer stored under a raw request key, if still fresh. */
  get(rawKey: string): CachedResponse | undefined {
    const now = this.#now();
    this.#dropExpired(now);
    const alias = this.#aliases.get(rawKey);
    const entry = alias && this.#answers.get(alias.target);
    if (entry) {
      this.#hits += 1;
      return entry;
    }
    this.#misses += 1;
    return undefined;
  }

  /**
   * The answer stored under a normalised key, if still fresh; found, the raw key becomes its
   * alias, so that the next identical request is a plain hit.
   */
  getNormalised(normalisedKey: string, rawKey: string): CachedResponse | undefined {
    const now = this.#now();
    this.#dropExpired(now);
    const entry = this.#answers.get(normalisedKey);
    if (!entry) return undefined;
    this.#addAlias(rawKey, normalisedKey, now);
    return entry;
  }

  /** Keeps an answer under its normalised key, with the raw request key as an alias. */
  set(normalisedKey: string, rawKey: string, response: CachedResponse): void {
    if (this.#ttlMs <= 0) return;
    const now = this.#now();
    this.#dropExpired(now);
    let bytes = response.body.length + normalisedKey.length * 2 + OVERHEAD_BYTES;
    for (const [name, value] of Object.entries(response.headers))
      bytes += (name.length + value.length) * 2;
    if (bytes > this.#largest) return;
    this.#deleteAnswer(normalisedKey);
    this.#makeRoom(bytes);
    const expiresAt = now + this.#ttlMs;
    this.#answers.set(normalisedKey, { ...response, expiresAt, bytes });
    this.#bytes += bytes;
    this.#addAlias(rawKey, normalisedKey, now);
    this.#armTimer();
  }

  /** Something changed: every stored answer may be stale. */
  invalidate(): void {
    this.#generation += 1;
    this.#answers.clear();
    this.#aliases.clear();
    this.#bytes = 0;
  }

  /** Stops the expiry timer (the process keeps no handle open for it either way). */
  close(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  /** An alias lives a TTL from now, so that aliases too are in expiry order. */
  #addAlias(rawKey: string, target: string, now: number): void {
    if (rawKey === target || this.#aliases.has(rawKey)) return;
    const bytes = (rawKey.length + target.length) * 2 + OVERHEAD_BYTES;
    this.#makeRoom(bytes);
    this.#aliases.set(rawKey, { target, expiresAt: now + this.#ttlMs, bytes });
    this.#bytes += bytes;
  }

  #deleteAnswer(key: string): void {
    const entry = this.#answers.get(key);
    if (!entry) return;
    this.#answers.delete(key);
    this.#bytes -= entry.bytes;
  }

  /** Oldest first out, answers and aliases alike, until `bytes` more fit. */
  #makeRoom(bytes: number): void {
    while (this.#bytes + bytes > this.#maxBytes) {
      const answer = this.#answers.entries().next().value;
      const alias = this.#aliases.entries().next().value;
      if (!answer && !alias) return;
      if (answer && (!alias || answer[1].expiresAt <= alias[1].expiresAt))
        this.#deleteAnswer(answer[0]);
      else if (alias) {
        this.#aliases.delete(alias[0]);
        this.#bytes -= alias[1].bytes;
      }
    }
  }

  /** Both maps are in expiry order, so expired items are at their fronts. */
  #dropExpired(now: number): void {
    for (const [key, entry] of this.#answers) {
      if (entry.expiresAt > now) break;
      this.#deleteAnswer(key);
    }
    for (const [key, alias] of this.#aliases) {
      if (alias.expiresAt > now) break;
      this.#aliases.delete(key);
      this.#bytes -= alias.bytes;
    }
  }

  /** Frees expired items when no request comes to do it. */
  #armTimer(): void {
    if (this.#timer) return;
    const next = Math.min(
      this.#answers.values().next().value?.expiresAt ?? Infinity,
      this.#aliases.values().next().value?.expiresAt ?? Infinity,
    );
    if (next === Infinity) return;
    this.#timer = setTimeout(
      () => {
        this.#timer = undefined;
        this.#dropExpired(this.#now());
        this.#armTimer();
      },
      Math.max(next - this.#now(), 0) + 10,
    );
    this.#timer.unref();
  }
}
