export interface WaitForOptions {
  /** Give up after this long; default 10 s. */
  timeoutMs?: number;
  /** Poll interval; default 25 ms. */
  intervalMs?: number;
  /** Named in the timeout error, so that a failing test says what it waited for. */
  description?: string | (() => string);
  /** Errors from the probe that end the wait at once instead of counting as "not yet". */
  failFast?: (err: unknown) => boolean;
}

/**
 * Polls `probe` until it returns a value other than `undefined`, `null` or `false`, and returns that
 * value. A probe that throws counts as "not yet"; its last error is reported on timeout.
 * Tests wait on conditions like this, never on sleeps.
 */
export async function waitFor<T>(
  probe: () => T | Promise<T>,
  options: WaitForOptions = {},
): Promise<Exclude<T, undefined | null | false>> {
  const { timeoutMs = 10_000, intervalMs = 25, description = 'condition' } = options;
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== null && value !== false) {
        return value as Exclude<T, undefined | null | false>;
      }
    } catch (err) {
      if (options.failFast?.(err)) throw err;
      lastError = err;
    }
    if (Date.now() >= deadline) {
      const cause = lastError instanceof Error ? `: last error: ${lastError.message}` : '';
      const what = typeof description === 'function' ? description() : description;
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}${cause}`, {
        cause: lastError,
      });
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
