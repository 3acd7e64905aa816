import { createHash } from 'node:crypto';
import type { Embedder } from './embedder.ts';
import { contentWords, stem } from './text-tokens.ts';

/**
 * Offline, deterministic embedder: feature hashing of stemmed words, word bigrams and character
 * trigrams (which survive typos), sublinear term weights, L2-normalised. No model, no network,
 * identical vectors on every machine. The model name carries the parameters, so changing them
 * re-embeds the store.
 */
export function createLocalEmbedder(dimension = 512): Embedder {
  const cache = new Map<string, number[]>();
  return {
    model: `local-hash-v1-${dimension}`,
    dimension,
    async embed(texts) {
      return texts.map((text) => embedOne(text, dimension, cache));
    },
  };
}

const WORD_WEIGHT = 1;
const BIGRAM_WEIGHT = 0.5;
const TRIGRAM_WEIGHT = 0.25;

function embedOne(text: string, dimension: number, cache: Map<string, number[]>): number[] {
  const counts = new Map<string, number>();
  const add = (feature: string, weight: number) => counts.set(feature, (counts.get(feature) ?? 0) + weight);
  const stems = contentWords(text).map(stem);
  stems.forEach((word, index) => {
    add(`w:${word}`, WORD_WEIGHT);
    const next = stems[index + 1];
    if (next) add(`b:${word} ${next}`, BIGRAM_WEIGHT);
    const padded = `<${word}>`;
    for (let i = 0; i + 3 <= padded.length; i++) add(`c:${padded.slice(i, i + 3)}`, TRIGRAM_WEIGHT);
  });
  const vector = new Array<number>(dimension).fill(0);
  for (const [feature, weight] of counts) {
    const [index, sign] = hashFeature(feature, dimension, cache);
    vector[index] =
      (vector[index] ?? 0) + sign * (1 + Math.log(weight / TRIGRAM_WEIGHT)) * baseWeight(feature);
  }
  const norm = Math.hypot(...vector) || 1;
  return vector.map((value) => value / norm);
}

function baseWeight(feature: string): number {
  if (feature.startsWith('w:')) return WORD_WEIGHT;
  if (feature.startsWith('b:')) return BIGRAM_WEIGHT;
  return TRIGRAM_WEIGHT;
}

function hashFeature(feature: string, dimension: number, cache: Map<string, number[]>): [number, number] {
  let entry = cache.get(feature);
  if (!entry) {
    const digest = createHash('md5').update(feature).digest();
    entry = [digest.readUInt32LE(0) % dimension, digest[4]! & 1 ? 1 : -1];
    if (cache.size < 500_000) cache.set(feature, entry);
  }
  return [entry[0]!, entry[1]!];
}
