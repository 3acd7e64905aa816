import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createOpenAIEmbedder } from '../../retrieval/openai-embedder.ts';
import {
  FAKE_EMBEDDING_DIMENSION,
  fakeEmbedding,
  startFakeOpenAI,
  type FakeOpenAI,
} from '../fakes/openai-fake.ts';

describe('the OpenAI-compatible embedder against a loopback API', () => {
  let fake: FakeOpenAI;
  let client: OpenAI;
  beforeAll(async () => {
    fake = await startFakeOpenAI();
    client = new OpenAI({ apiKey: 'sk-test', baseURL: fake.url, maxRetries: 0 });
  });
  afterAll(() => fake.close());
  beforeEach(() => fake.reset());

  it('learns the dimension from one probe and names its space after the model', async () => {
    const embedder = await createOpenAIEmbedder({ client, model: 'fake-embed' });
    expect(embedder.dimension).toBe(FAKE_EMBEDDING_DIMENSION);
    expect(embedder.model).toBe('openai:fake-embed');
    expect(fake.embeddingRequests).toEqual([
      { model: 'fake-embed', input: ['dimension probe'], encodingFormat: 'base64' },
    ]);
  });

  it('embeds 150 texts in three requests of at most 64, keeping their order', async () => {
    const embedder = await createOpenAIEmbedder({ client, model: 'fake-embed' });
    fake.reset();
    const texts = Array.from({ length: 150 }, (_, index) => `passage number ${index}`);
    const vectors = await embedder.embed(texts);
    expect(fake.embeddingRequests.map((request) => request.input.length)).toEqual([64, 64, 22]);
    expect(fake.embeddingRequests.flatMap((request) => request.input)).toEqual(texts);
    expect(vectors).toHaveLength(150);
    for (const index of [0, 63, 64, 149]) {
      const expected = fakeEmbedding(texts[index]!);
      vectors[index]!.forEach((value, dim) => expect(value).toBeCloseTo(expected[dim]!, 6));
    }
  });

  it('retries a 429 and a 500 and then succeeds', async () => {
    const embedder = await createOpenAIEmbedder({ client, model: 'fake-embed' });
    fake.reset();
    fake.failEmbeddings(1, 429);
    expect(await embedder.embed(['after a rate limit'])).toHaveLength(1);
    expect(fake.embeddingRequests.map((request) => request.input)).toEqual([
      ['after a rate limit'],
      ['after a rate limit'],
    ]);
    fake.reset();
    fake.failEmbeddings(2, 500);
    expect(await embedder.embed(['after two errors'])).toHaveLength(1);
    expect(fake.embeddingRequests).toHaveLength(3);
  });

  it('gives up after its retries when the API keeps failing', async () => {
    const embedder = await createOpenAIEmbedder({ client, model: 'fake-embed' });
    fake.reset();
    fake.failEmbeddings(100, 429);
    await expect(embedder.embed(['never'])).rejects.toThrow(/429/);
    expect(fake.embeddingRequests).toHaveLength(5);
  });
});
