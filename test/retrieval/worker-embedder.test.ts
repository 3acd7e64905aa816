import { afterAll, describe, expect, it } from 'vitest';
import type { Embedder } from '../../retrieval/embedder.ts';
import { createLocalEmbedder } from '../../retrieval/local-embedder.ts';
import { startWorkerEmbedder, type WorkerEmbedder } from '../../retrieval/worker-embedder.ts';
import { fixtureChunkTexts } from './fixture-texts.ts';

describe('the worker embedder', () => {
  const local = createLocalEmbedder({ dimension: 256 });
  const worker = startWorkerEmbedder(local)!;
  afterAll(() => worker.close());

  it('gives bit for bit the vectors of the embedder it runs', async () => {
    const texts = [...fixtureChunkTexts(), '', 'naïve café 中文 GPUs'];
    expect(worker.model).toBe(local.model);
    expect(worker.dimension).toBe(256);
    const [inWorker, here] = await Promise.all([worker.embed(texts), local.embed(texts)]);
    expect(inWorker).toEqual(here);
    expect(inWorker[0]).toHaveLength(256);
  });

  it('answers requests in flight together, each with its own vectors', async () => {
    const [first, second, none] = await Promise.all([
      worker.embed(['akash gpu']),
      worker.embed(['filecoin']),
      worker.embed([]),
    ]);
    expect(first).toEqual(await local.embed(['akash gpu']));
    expect(second).toEqual(await local.embed(['filecoin']));
    expect(none).toEqual([]);
  });

  it('is only for the local embedder', () => {
    const remote: Embedder = { model: 'text-embedding-3-small', dimension: 3, embed: async () => [] };
    expect(startWorkerEmbedder(remote)).toBeUndefined();
  });

  it('refuses to embed once closed', async () => {
    const closing: WorkerEmbedder = startWorkerEmbedder(createLocalEmbedder())!;
    await closing.embed(['warm']);
    await closing.close();
    await expect(closing.embed(['late'])).rejects.toThrow(/exited/);
  });
});
