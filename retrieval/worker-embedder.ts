import { Worker } from 'node:worker_threads';
import type { Embedder } from './embedder.ts';
import { localEmbedderOptions } from './local-embedder.ts';

export interface WorkerEmbedder extends Embedder {
  /** Ends the worker thread; embeddings still pending are refused. */
  close(): Promise<void>;
}

/**
 * The local embedder of `embedder` moved to a worker thread, for a bulk load: while the worker
 * embeds the next batch, this thread writes the last one (PGlite's WASM runs on this thread, and
 * the pg driver's encoding too), so the two cores both work. The same options give the same
 * vectors, bit for bit. Undefined for any other embedder (an API's embedder waits on the network,
 * not the CPU).
 */
export function startWorkerEmbedder(embedder: Embedder): WorkerEmbedder | undefined {
  const options = localEmbedderOptions(embedder);
  if (!options) return undefined;
  // The worker loads TypeScript, as this process does, through tsx's loader (a dependency: npm
  // start runs on it); resolved here, so the worker finds it wherever it runs.
  const tsx = import.meta.resolve('tsx/esm/api');
  const entry = new URL('./embedder-worker.ts', import.meta.url).href;
  const boot = `import(${JSON.stringify(tsx)}).then((api) => { api.register(); return import(${JSON.stringify(entry)}); })`;
  const worker = new Worker(boot, { eval: true, workerData: options });
  const pending = new Map<
    number,
    { resolve: (flat: Float64Array) => void; reject: (error: Error) => void }
  >();
  let nextId = 0;
  let failure: Error | undefined;
  const failAll = (error: Error) => {
    failure ??= error;
    for (const request of pending.values()) request.reject(error);
    pending.clear();
  };
  worker.on('message', (message: { id: number; flat?: Float64Array; error?: string }) => {
    const request = pending.get(message.id);
    pending.delete(message.id);
    if (message.flat) request?.resolve(message.flat);
    else request?.reject(new Error(message.error ?? 'the embedding worker sent nothing'));
  });
  worker.on('error', failAll);
  worker.on('exit', (code) => failAll(new Error(`the embedding worker exited (code ${code})`)));
  const { dimension } = embedder;
  return {
    model: embedder.model,
    dimension,
    async embed(texts) {
      if (texts.length === 0) return [];
      if (failure) throw failure;
      const id = nextId++;
      const flat = await new Promise<Float64Array>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        worker.postMessage({ id, texts });
      });
      const vectors: number[][] = [];
      for (let row = 0; row < texts.length; row++) {
        vectors.push(Array.from(flat.subarray(row * dimension, (row + 1) * dimension)));
      }
      return vectors;
    },
    async close() {
      await worker.terminate();
    },
  };
}
