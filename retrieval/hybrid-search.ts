import type { Database } from '../db/database.ts';
import type { ScoredChunk } from './chunk-store.ts';
import type { Embedder } from './embedder.ts';
import { dedupeBy, fuseByRank } from './fuse.ts';
import { normaliseAsked, normaliseQuery } from './normalise-query.ts';
import { DEFAULT_LABEL_WEIGHTS, searchLexical, searchVector, type LexicalHit } from './search-legs.ts';

export interface SearchHit extends ScoredChunk {
  /** Share of the question's IDF mass found in this chunk (0 when only the vector leg found it). */
  coverage: number;
  /** Cosine similarity from the vector leg (0 when only the lexical leg found it). */
  similarity: number;
  /** Positions of the chunks whose text this hit carries (several after merging a section). */
  positions: number[];
}

export interface HybridSearchOptions {
  db: Database;
  embedder: Embedder;
  spaceId: number;
  /** Candidates fetched from each leg before fusion. */
  depth?: number;
  weights?: Partial<RankWeights>;
}

/** How the final rank mixes the evidence; fitted on the dev set as a whole, never per question. */
export interface RankWeights {
  labels: number[];
  fused: number;
  lexical: number;
  similarity: number;
  vectorLeg: number;
}

export const DEFAULT_RANK_WEIGHTS: RankWeights = {
  labels: [...DEFAULT_LABEL_WEIGHTS],
  fused: 0.5,
  lexical: 1,
  similarity: 1,
  vectorLeg: 0.7,
};

/** Full-text (BM25-style) and vector legs fused by reciprocal rank, one hit per document section. */
export async function hybridSearch(
  question: string,
  limit: number,
  options: HybridSearchOptions,
): Promise<SearchHit[]> {
  const [hits = []] = await hybridSearchMany([question], limit, options);
  return hits;
}

/** `hybridSearch` for several questions at once (a question and its parts): each leg is one query. */
export async function hybridSearchMany(
  questions: readonly string[],
  limit: number,
  options: HybridSearchOptions,
): Promise<SearchHit[][]> {
  const { db, embedder, spaceId, depth = 40 } = options;
  const weights = { ...DEFAULT_RANK_WEIGHTS, ...options.weights };
  const searchTexts = questions.map(normaliseQuery);
  const vectors = await embedder.embed(searchTexts);
  const [lexicalLists, semanticLists] = await Promise.all([
    searchLexical(
      db,
      questions.map((question, index) => ({ text: searchTexts[index]!, asked: normaliseAsked(question) })),
      { limit: depth, labelWeights: weights.labels },
    ),
    searchVector(db, vectors, spaceId, depth),
  ]);
  return questions.map((_, index) =>
    fuseLegs(lexicalLists[index] ?? [], semanticLists[index] ?? [], weights).slice(0, limit),
  );
}

function fuseLegs(lexical: LexicalHit[], semantic: ScoredChunk[], weights: RankWeights): SearchHit[] {
  const lexicalById = new Map(lexical.map((hit) => [hit.id, hit]));
  const similarity = new Map(semantic.map((hit) => [hit.id, hit.score]));
  const fused = fuseByRank<ScoredChunk>(
    [
      { items: lexical, weight: 1 },
      { items: semantic, weight: weights.vectorLeg },
    ],
    (hit) => hit.id,
  );
  const topFused = fused[0]?.score || 1;
  const topLexical = lexical[0]?.score || 1;
  const hits = fused.map(({ item, score }) => {
    const lexicalHit = lexicalById.get(item.id);
    const hit = {
      ...item,
      coverage: lexicalHit?.coverage ?? 0,
      similarity: similarity.get(item.id) ?? 0,
      positions: [item.position],
    };
    const rank =
      weights.fused * (score / topFused) +
      weights.lexical * ((lexicalHit?.score ?? 0) / topLexical) +
      weights.similarity * hit.similarity;
    return { ...hit, score: rank };
  });
  hits.sort((a, b) => b.score - a.score);
  return mergeSections(hits);
}

/** Identifies a document section: the chunks of one section share it. */
export function sectionKey(hit: { documentId: number; section: string }): string {
  return `${hit.documentId}\u0000${hit.section}`;
}

/**
 * One hit per document section: the best-ranked chunk keeps its place and takes the text of the
 * section's other retrieved chunks (in document order), so a long section is not split across results.
 */
export function mergeSections(hits: SearchHit[], maxChunks = 3): SearchHit[] {
  const members = new Map<string, SearchHit[]>();
  for (const hit of hits) {
    const group = members.get(sectionKey(hit)) ?? [];
    if (group.length < maxChunks) group.push(hit);
    members.set(sectionKey(hit), group);
  }
  return dedupeBy(hits, sectionKey).map((best) => {
    const group = members.get(sectionKey(best)) ?? [best];
    if (group.length === 1) return best;
    const text = [...group]
      .sort((a, b) => a.position - b.position)
      .map((hit) => hit.text)
      .join('\n\n');
    return {
      ...best,
      text,
      positions: group.map((hit) => hit.position).sort((a, b) => a - b),
      coverage: Math.max(...group.map((hit) => hit.coverage)),
      similarity: Math.max(...group.map((hit) => hit.similarity)),
    };
  });
}
