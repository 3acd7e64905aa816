export interface BatcherOptions {
  maxBatch?: number;
  /** How long the first item waits for company before its batch goes (0: until the current tick ends). */
  lingerMs?: number;
}

/**
 * Turns a batch operation into a one-item call (group commit): items asked for while a batch is on
 * its way to the database wait and go together in the next one, and items asked for within
 * `lingerMs` (or the same tick: the sends of one fetched batch of jobs) start out together. Each
 * caller gets its own result only once its batch is done, so "written before the send slot frees"
 * keeps holding.
 */
export function createBatcher<In, Out>(
  run: (items: In[]) => Promise<Out[]>,
  options: BatcherOptions = {},
): (item: In) => Promise<Out> {
  const maxBatch = options.maxBatch ?? 500;
  const lingerMs = options.lingerMs ?? 0;
  let waiting: { item: In; resolve(value: Out): void; reject(error: unknown): void }[] = [];
  let busy = false;

  async function drain(): Promise<void> {
    while (waiting.length > 0) {
      const batch = waiting.slice(0, maxBatch);
      waiting = waiting.slice(maxBatch);
      try {
        const results = await run(batch.map((entry) => entry.item));
        batch.forEach((entry, index) => entry.resolve(results[index] as Out));
      } catch (error) {
        for (const entry of batch) entry.reject(error);
      }
    }
    busy = false;
  }

  return (item) =>
    new Promise<Out>((resolve, reject) => {
      waiting.push({ item, resolve, reject });
      if (busy) return;
      busy = true;
      if (lingerMs > 0) setTimeout(() => void drain(), lingerMs);
      else queueMicrotask(() => void drain());
    });
}
