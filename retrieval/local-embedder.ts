import { createHash } from 'node:crypto';
import type { Embedder } from './embedder.ts';
import { contentWords, stem } from './text-tokens.ts';

/**
 * Offline, deterministic embedder: feature hashing of stemmed words, word bigrams and character
 * trigrams (which survive typos), sublinear term weights, L2-normalised. No model, no network,
 * identical vectors on every machine. The model name carries the parameters, so changing them
 * re-embeds the store.
 */
export interface LocalEmbedderOptions {
  dimension: number;
  /** Weights of the feature kinds relative to whole words. */
  bigramWeight: number;
  trigramWeight: number;
}

export const DEFAULT_LOCAL_EMBEDDER: LocalEmbedderOptions = {
  dimension: 1024,
  bigramWeight: 0.7,
  trigramWeight: 0.05,
};

export function createLocalEmbedder(overrides: Partial<LocalEmbedderOptions> = {}): Embedder {
  const options = { ...DEFAULT_LOCAL_EMBEDDER, ...overrides };
  const cache = new Map<string, [number, number]>();
  return {
    model: `local-hash-v1-${options.dimension}-b${options.bigramWeight}-c${options.trigramWeight}`,
    dimension: options.dimension,
    async embed(texts) {
      return texts.map((text) => embedOne(text, options, cache));
    },
  };
}

function embedOne(
  text: string,
  options: LocalEmbedderOptions,
  cache: Map<string, [number, number]>,
): number[] {
  const counts = new Map<string, { count: number; weight: number }>();
  const add = (feature: string, weight: number) => {
    if (weight <= 0) return;
    const entry = counts.get(feature) ?? { count: 0, weight };
    entry.count++;
    counts.set(feature, entry);
  };
  const stems = contentWords(text).map(stem);
  stems.forEach((word, index) => {
    add(`w:${word}`, 1);
    const next = stems[index + 1];
    if (next) add(`b:${word} ${next}`, options.bigramWeight);
    const padded = `<${word}>`;
    for (let i = 0; i + 3 <= padded.length; i++) add(`c:${padded.slice(i, i + 3)}`, options.trigramWeight);
  });
  const vector = new Array<number>(options.dimension).fill(0);
  for (const [feature, { count, weight }] of counts) {
    const [index, sign] = hashFeature(feature, options.dimension, cache);
    // Sublinear term frequency: the tenth mention of a word adds little.
    vector[index] = (vector[index] ?? 0) + sign * weight * (1 + Math.log(count));
  }
  let norm = 0;
  for (const value of vector) norm += value * value;
  norm = Math.sqrt(norm) || 1;
  return vector.map((value) => value / norm);
}

function hashFeature(
  feature: string,
  dimension: number,
  cache: Map<string, [number, number]>,
): [number, number] {
  let entry = cache.get(feature);
  if (!entry) {
    const digest = createHash('md5').update(feature).digest();
    entry = [digest.readUInt32LE(0) % dimension, digest[4]! & 1 ? 1 : -1];
    if (cache.size < 500_000) cache.set(feature, entry);
  }
  return entry;
}
