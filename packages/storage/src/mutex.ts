/**
 * A fair async mutex. `locked` stays true from the first acquire until the last holder releases,
 * including while the lock is being handed to the next waiter, so a caller that sees it unlocked
 * knows nobody holds or awaits it.
 */
export class Mutex {
  #locked = false;
  readonly #waiters: (() => void)[] = [];

  get locked(): boolean {
    return this.#locked;
  }

  /** Takes the lock now if it is free; returns its release function, or null. */
  tryAcquire(): (() => void) | null {
    if (this.#locked) return null;
    this.#locked = true;
    return this.#releaser();
  }

  /** Waits for the lock (first come, first served) and returns its release function. */
  acquire(): Promise<() => void> {
    const release = this.tryAcquire();
    if (release) return Promise.resolve(release);
    return new Promise((resolve) => {
      this.#waiters.push(() => resolve(this.#releaser()));
    });
  }

  /** Runs `fn` holding the lock. */
  async run<R>(fn: () => R | Promise<R>): Promise<R> {
    const release = await this.acquire();
    try {
      return await fn();
    } finally {
      release();
    }
  }

  #releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.#waiters.shift();
      if (next) next();
      else this.#locked = false;
    };
  }
}
