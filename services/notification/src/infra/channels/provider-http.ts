import type { SendResult } from './channel.js';

/** Longest wait a provider's Retry-After may impose; beyond it the delivery's own backoff rules. */
export const DEFAULT_MAX_RETRY_AFTER_MS = 10 * 60_000;

/** Provider answers are small JSON objects; anything bigger is not worth holding in memory. */
const MAX_RESPONSE_BYTES = 64 * 1024;

/**
 * `Retry-After` as milliseconds from now: delta-seconds or an HTTP date, capped. Undefined when
 * absent or unreadable, so the caller falls back to its own backoff.
 */
export function parseRetryAfter(
  value: string | null,
  capMs: number = DEFAULT_MAX_RETRY_AFTER_MS,
  nowMs: number = Date.now(),
): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  let ms: number;
  if (/^\d{1,10}$/.test(trimmed)) ms = Number(trimmed) * 1000;
  else {
    // Only an HTTP date (it names a weekday or month); Date.parse also takes bare numbers.
    const at = /[A-Za-z]/.test(trimmed) ? Date.parse(trimmed) : Number.NaN;
    if (Number.isNaN(at)) return undefined;
    ms = at - nowMs;
  }
  return Math.min(Math.max(0, ms), capMs);
}

/** Timeouts and every network failure are transient; the reason names the error code only. */
export function fetchFailure(err: unknown): SendResult {
  if (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError')) {
    return { status: 'retry', reason: 'timeout' };
  }
  // undici wraps socket errors: `TypeError: fetch failed` with the errno error as its cause.
  const cause = err instanceof Error ? (err.cause as { code?: unknown } | undefined) : undefined;
  const code = typeof cause?.code === 'string' ? cause.code : undefined;
  return { status: 'retry', reason: code ? `network ${code}` : 'network error' };
}

/** The transient HTTP answers: request timeout, too many requests, and any server error. */
export function isTransientStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/** Frees the connection without reading a body nobody needs. */
export async function discardBody(response: Response): Promise<void> {
  try {
    await response.body?.cancel();
  } catch {
    // Already consumed or errored: nothing left to release.
  }
}

/**
 * Reads a JSON body of at most 64 KiB. Undefined for anything else (too big, not JSON), which the
 * caller reports as an unreadable answer without quoting it: provider texts may echo recipients.
 */
export async function readJsonBody(response: Response): Promise<unknown> {
  const reader = (response.body as ReadableStream<Uint8Array> | null)?.getReader();
  if (!reader) return undefined;
  const chunks: Uint8Array[] = [];
  let size = 0;
  // A read error (the timeout firing mid-body) propagates: it is transient, not a bad answer.
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_RESPONSE_BYTES) {
      await reader.cancel();
      return undefined;
    }
    chunks.push(value);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

export interface PostJsonOptions {
  headers?: Record<string, string>;
  timeoutMs: number;
  fetch?: typeof fetch;
  maxRetryAfterMs?: number;
}

/**
 * POSTs JSON to a provider API and returns its parsed 2xx answer, or the SendResult for a transport
 * failure or an error status. Redirects are not followed: a provider API never needs them.
 */
export async function postJson(
  url: string,
  body: unknown,
  options: PostJsonOptions,
): Promise<{ ok: true; json: unknown } | { ok: false; result: SendResult }> {
  const doFetch = options.fetch ?? fetch;
  let response: Response;
  try {
    response = await doFetch(url, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        Accept: 'application/json',
        ...options.headers,
      },
      body: JSON.stringify(body),
      redirect: 'manual',
      signal: AbortSignal.timeout(options.timeoutMs),
    });
  } catch (err) {
    return { ok: false, result: fetchFailure(err) };
  }
  const { status } = response;
  if (status < 200 || status >= 300) {
    await discardBody(response);
    if (isTransientStatus(status)) {
      const retryAfterMs = parseRetryAfter(
        response.headers.get('retry-after'),
        options.maxRetryAfterMs,
      );
      return {
        ok: false,
        result: {
          status: 'retry',
          reason: `http ${status}`,
          ...(retryAfterMs !== undefined && { retryAfterMs }),
        },
      };
    }
    return { ok: false, result: { status: 'rejected', reason: `http ${status}` } };
  }
  // The body can still time out mid-read; that is the same transient failure.
  try {
    return { ok: true, json: await readJsonBody(response) };
  } catch (err) {
    return { ok: false, result: fetchFailure(err) };
  }
}

/** `+84912345678` → `84912345678`, the form Vietnamese providers take; null for anything else. */
export function vietnameseMsisdn(e164: string): string | null {
  return /^\+84\d{9,10}$/.test(e164) ? e164.slice(1) : null;
}
