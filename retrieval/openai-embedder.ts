import type OpenAI from 'openai';
import type { Embedder } from './embedder.ts';

export interface OpenAIEmbedderOptions {
  client: OpenAI;
  model: string;
  batchSize?: number;
  timeoutMs?: number;
}

/**
 * Embeddings from any OpenAI-compatible API. Requests are batched; 429 and 5xx answers are retried
 * with exponential backoff (honouring Retry-After) by the SDK's own retry loop. The dimension is
 * learned from one probe call, so a model swap is detected before anything is stored.
 */
export async function createOpenAIEmbedder(options: OpenAIEmbedderOptions): Promise<Embedder> {
  const { client, model, batchSize = 64, timeoutMs = 30_000 } = options;
  const request = async (input: string[], signal?: AbortSignal): Promise<number[][]> => {
    const timeout = AbortSignal.timeout(timeoutMs * 3);
    const response = await client.embeddings.create(
      { model, input },
      { signal: signal ? AbortSignal.any([signal, timeout]) : timeout, maxRetries: 4, timeout: timeoutMs },
    );
    const vectors = [...response.data].sort((a, b) => a.index - b.index).map((item) => item.embedding);
    if (
      vectors.length !== input.length ||
      vectors.some((vector) => !Array.isArray(vector) || vector.length === 0)
    ) {
      throw new Error(`the embeddings API returned ${vectors.length} vectors for ${input.length} texts`);
    }
    return vectors;
  };
  const [probe] = await request(['dimension probe']);
  const dimension = probe!.length;
  return {
    model: `openai:${model}`,
    dimension,
    async embed(texts, signal) {
      const vectors: number[][] = [];
      for (let start = 0; start < texts.length; start += batchSize) {
        const batch = await request(texts.slice(start, start + batchSize), signal);
        if (batch.some((vector) => vector.length !== dimension)) {
          throw new Error(
            `the embeddings API changed dimension from ${dimension}; set a new EMBEDDING_MODEL name`,
          );
        }
        vectors.push(...batch);
      }
      return vectors;
    },
  };
}
