import { createHash } from 'node:crypto';
import type { Embedder } from './embedder.ts';
import { contentWords, stemV1 } from './text-tokens.ts';

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

/** Interned features kept before the tables are dropped and rebuilt (bounds memory, not output). */
const MAX_FEATURES = 1_000_000;

/** Each local embedder's options, so a worker thread can run the same one (worker-embedder.ts). */
const optionsOf = new WeakMap<Embedder, LocalEmbedderOptions>();

export function localEmbedderOptions(embedder: Embedder): LocalEmbedderOptions | undefined {
  return optionsOf.get(embedder);
}

export function createLocalEmbedder(overrides: Partial<LocalEmbedderOptions> = {}): Embedder {
  const options = { ...DEFAULT_LOCAL_EMBEDDER, ...overrides };
  let features = createFeatureTable(options);
  const embedder: Embedder = {
    model: `local-hash-v1-${options.dimension}-b${options.bigramWeight}-c${options.trigramWeight}`,
    dimension: options.dimension,
    async embed(texts) {
      return texts.map((text) => {
        if (features.size() > MAX_FEATURES) features = createFeatureTable(options);
        return features.embed(text);
      });
    },
  };
  optionsOf.set(embedder, options);
  return embedder;
}

interface WordFeatures {
  stem: string;
  id: number;
  trigrams: number[];
  /** Bigram feature id by the id of the word that follows. */
  bigrams: Map<number, number>;
}

/**
 * Features are interned as integers, and each word's own features (the word and its trigrams) are
 * listed once, so embedding a chunk hashes no strings it has seen before: ingesting 100k chunks was
 * dominated by building and hashing feature strings. Contributions are still summed per feature in
 * order of first occurrence, with the same arithmetic, so the vectors are bit-for-bit those of
 * the plain definition (test/retrieval/local-embedder.test.ts checks it against one).
 */
function createFeatureTable(options: LocalEmbedderOptions) {
  const ids = new Map<string, number>();
  const index: number[] = [];
  const sign: number[] = [];
  const weight: number[] = [];
  const byStem = new Map<string, WordFeatures>();
  const byWord = new Map<string, WordFeatures>();
  let counts = new Int32Array(1024);

  const intern = (feature: string, featureWeight: number): number => {
    let id = ids.get(feature);
    if (id === undefined) {
      id = index.length;
      const digest = createHash('md5').update(feature).digest();
      index.push(digest.readUInt32LE(0) % options.dimension);
      sign.push(digest[4]! & 1 ? 1 : -1);
      weight.push(featureWeight);
      ids.set(feature, id);
    }
    return id;
  };
  const stemFeatures = (word: string): WordFeatures => {
    let entry = byStem.get(word);
    if (!entry) {
      const padded = `<${word}>`;
      const trigrams: number[] = [];
      if (options.trigramWeight > 0) {
        for (let i = 0; i + 3 <= padded.length; i++)
          trigrams.push(intern(`c:${padded.slice(i, i + 3)}`, options.trigramWeight));
      }
      entry = { stem: word, id: intern(`w:${word}`, 1), trigrams, bigrams: new Map() };
      byStem.set(word, entry);
    }
    return entry;
  };
  const wordFeatures = (word: string): WordFeatures => {
    let entry = byWord.get(word);
    if (!entry) {
      entry = stemFeatures(stemV1(word));
      byWord.set(word, entry);
    }
    return entry;
  };
  const bigramOf = (first: WordFeatures, second: WordFeatures): number => {
    let id = first.bigrams.get(second.id);
    if (id === undefined) {
      id = intern(`b:${first.stem} ${second.stem}`, options.bigramWeight);
      first.bigrams.set(second.id, id);
    }
    return id;
  };

  // Reused from text to text (embedding allocated them per text): the dense sum, the order of first
  // use, and the text's word features. The sum is cleared where it was written, the rest by length.
  const vector = new Float64Array(options.dimension);
  const order: number[] = [];
  const own: WordFeatures[] = [];
  const count = (id: number) => {
    if (counts[id] === 0) order.push(id);
    counts[id]! += 1;
  };

  return {
    size: () => index.length + byWord.size,
    embed(text: string): number[] {
      own.length = 0;
      for (const word of contentWords(text)) own.push(wordFeatures(word));
      // Only bigrams are interned from here on: at most one new feature per word.
      if (counts.length < index.length + own.length) {
        const grown = new Int32Array(2 * (index.length + own.length));
        grown.set(counts);
        counts = grown;
      }
      order.length = 0;
      const withBigrams = options.bigramWeight > 0;
      for (let position = 0; position < own.length; position++) {
        const features = own[position]!;
        count(features.id);
        const next = own[position + 1];
        if (next && withBigrams) count(bigramOf(features, next));
        for (const trigram of features.trigrams) count(trigram);
      }
      for (const id of order) {
        // Sublinear term frequency: the tenth mention of a word adds little.
        vector[index[id]!]! += sign[id]! * weight[id]! * (1 + Math.log(counts[id]!));
        counts[id] = 0;
      }
      let norm = 0;
      for (let i = 0; i < vector.length; i++) norm += vector[i]! * vector[i]!;
      norm = Math.sqrt(norm) || 1;
      const result = new Array<number>(vector.length);
      for (let i = 0; i < vector.length; i++) result[i] = vector[i]! / norm;
      for (const id of order) vector[index[id]!] = 0;
      return result;
    },
  };
}
