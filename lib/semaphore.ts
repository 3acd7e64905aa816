/** A counting semaphore: at most `limit` holders at once, the rest wait in arrival order. */
export interface Semaphore {
  /** Waits for a permit; a signal that aborts while waiting takes the waiter out of the queue. */
  acquire(signal?: AbortSignal): Promise<void>;
  /** Hands the permit to the next waiter, if any. Call once per acquire. */
  release(): void;
  /** acquire, run the task, release. */
  run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T>;
}

export function createSemaphore(limit: number): Semaphore {
  let active = 0;
  const waiting: Array<() => void> = [];

  function release(): void {
    active -= 1;
    waiting.shift()?.();
  }

  async function acquire(signal?: AbortSignal): Promise<void> {
    if (active < limit) {
      active += 1;
      return;
    }
    await new Promise<void>((resolve, reject) => {
      const grant = () => {
        signal?.removeEventListener('abort', onAbort);
        active += 1;
        resolve();
      };
      const onAbort = () => {
        const index = waiting.indexOf(grant);
        if (index >= 0) waiting.splice(index, 1);
        reject(signal?.reason ?? new Error('aborted'));
      };
      if (signal?.aborted) return onAbort();
      signal?.addEventListener('abort', onAbort, { once: true });
      waiting.push(grant);
    });
  }

  return {
    acquire,
    release,
    async run(task, signal) {
      await acquire(signal);
      try {
        return await task();
      } finally {
        release();
      }
    },
  };
}
