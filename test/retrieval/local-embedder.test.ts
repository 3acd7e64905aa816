import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  createLocalEmbedder,
  DEFAULT_LOCAL_EMBEDDER,
  type LocalEmbedderOptions,
} from '../../retrieval/local-embedder.ts';
import { contentWords, stemV1 } from '../../retrieval/text-tokens.ts';
import { fixtureChunkTexts } from './fixture-texts.ts';

/** The embedder's plain definition (as first written): one string key and one md5 per feature use. */
function referenceEmbed(text: string, options: LocalEmbedderOptions): number[] {
  const counts = new Map<string, { count: number; weight: number }>();
  const add = (feature: string, weight: number) => {
    if (weight <= 0) return;
    const entry = counts.get(feature) ?? { count: 0, weight };
    entry.count++;
    counts.set(feature, entry);
  };
  const stems = contentWords(text).map(stemV1);
  stems.forEach((word, index) => {
    add(`w:${word}`, 1);
    const next = stems[index + 1];
    if (next) add(`b:${word} ${next}`, options.bigramWeight);
    const padded = `<${word}>`;
    for (let i = 0; i + 3 <= padded.length; i++) add(`c:${padded.slice(i, i + 3)}`, options.trigramWeight);
  });
  const vector = new Array<number>(options.dimension).fill(0);
  for (const [feature, { count, weight }] of counts) {
    const digest = createHash('md5').update(feature).digest();
    const index = digest.readUInt32LE(0) % options.dimension;
    const sign = digest[4]! & 1 ? 1 : -1;
    vector[index] = (vector[index] ?? 0) + sign * weight * (1 + Math.log(count));
  }
  let norm = 0;
  for (const value of vector) norm += value * value;
  norm = Math.sqrt(norm) || 1;
  return vector.map((value) => value / norm);
}

const fixtureTexts = fixtureChunkTexts();
const edgeCases = [
  '',
  '   ',
  'providers providers providers providers',
  'Akahs pricng for GPUs (H100, A100) in 2025?',
  'naïve café — Ünïcode wörds and 中文 text',
  'the and of', // stop words only
];

describe('the local embedder', () => {
  it.each([
    ['default', DEFAULT_LOCAL_EMBEDDER],
    ['256 dimensions', { ...DEFAULT_LOCAL_EMBEDDER, dimension: 256 }],
    ['no bigrams or trigrams', { ...DEFAULT_LOCAL_EMBEDDER, bigramWeight: 0, trigramWeight: 0 }],
  ])('gives bit-for-bit the vectors of its plain definition (%s)', async (_name, options) => {
    const embedder = createLocalEmbedder(options);
    const texts = [...fixtureTexts, ...edgeCases];
    // Twice: the second pass runs on interned features only.
    for (let pass = 0; pass < 2; pass++) {
      const vectors = await embedder.embed(texts);
      vectors.forEach((vector, index) => {
        expect(vector).toHaveLength(options.dimension);
        expect(vector).toEqual(referenceEmbed(texts[index]!, options));
      });
    }
  });

  it('names its model after its parameters, so a change of them re-embeds the store', () => {
    expect(createLocalEmbedder().model).toBe('local-hash-v1-1024-b0.7-c0.05');
    expect(createLocalEmbedder({ dimension: 256 }).model).toBe('local-hash-v1-256-b0.7-c0.05');
  });
});

describe('the local embedder buffers', () => {
  it('leave nothing of one text in the next one’s vector', async () => {
    const long = fixtureTexts.join('\n');
    const short = 'Akash GPU leases';
    const [alone] = await createLocalEmbedder().embed([short]);
    const reused = createLocalEmbedder();
    const [, afterLong, again] = await reused.embed([long, short, short]);
    expect(afterLong).toEqual(alone);
    expect(again).toEqual(alone);
    // And each call hands out its own array.
    expect(afterLong).not.toBe(again);
  });
});
