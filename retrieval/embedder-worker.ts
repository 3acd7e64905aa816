import { parentPort, workerData } from 'node:worker_threads';
import { createLocalEmbedder, type LocalEmbedderOptions } from './local-embedder.ts';

/**
 * The worker side of worker-embedder.ts: the local embedder on its own thread. Each request's
 * vectors go back as one Float64Array (moved, not copied), row by row.
 */
const embedder = createLocalEmbedder(workerData as LocalEmbedderOptions);

parentPort!.on('message', async (request: { id: number; texts: string[] }) => {
  try {
    const vectors = await embedder.embed(request.texts);
    const flat = new Float64Array(vectors.length * embedder.dimension);
    vectors.forEach((vector, row) => flat.set(vector, row * embedder.dimension));
    parentPort!.postMessage({ id: request.id, flat }, [flat.buffer]);
  } catch (error) {
    parentPort!.postMessage({
      id: request.id,
      error: error instanceof Error ? error.message : String(error),
    });
  }
});
