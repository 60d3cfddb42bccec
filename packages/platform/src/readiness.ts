export interface ReadinessReport {
  ready: boolean;
  /** Per dependency: `ok`, or why it is not. */
  checks: Record<string, string>;
}

/**
 * Readiness: whether this process should get traffic. It checks its dependencies (the store, NATS)
 * on every probe, and turns off for good when shutdown begins. Liveness is only "the process runs".
 */
export class Readiness {
  readonly #checks = new Map<string, () => Promise<void>>();
  readonly #timeoutMs: number;
  #stopped = false;

  constructor(timeoutMs = 2000) {
    this.#timeoutMs = timeoutMs;
  }

  add(name: string, check: () => Promise<void>): void {
    this.#checks.set(name, check);
  }

  /** Called first in shutdown, so load balancers stop sending work. */
  stop(): void {
    this.#stopped = true;
  }

  get stopped(): boolean {
    return this.#stopped;
  }

  async probe(): Promise<ReadinessReport> {
    const checks: Record<string, string> = {};
    if (this.#stopped) return { ready: false, checks: { lifecycle: 'shutting down' } };
    await Promise.all(
      [...this.#checks].map(async ([name, check]) => {
        let timer: NodeJS.Timeout | undefined;
        try {
          await Promise.race([
            check(),
            new Promise((_, reject) => {
              timer = setTimeout(() => reject(new Error('timed out')), this.#timeoutMs);
            }),
          ]);
          checks[name] = 'ok';
        } catch (err) {
          checks[name] = err instanceof Error ? err.message : 'failed';
        } finally {
          clearTimeout(timer);
        }
      }),
    );
    return { ready: Object.values(checks).every((c) => c === 'ok'), checks };
  }
}
