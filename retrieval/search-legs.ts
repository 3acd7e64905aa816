import type { Database, Queryable } from '../db/database.ts';
import { CHUNK_COLUMNS, toChunk, type ChunkRow, type ScoredChunk } from './chunk-store.ts';
import { toVectorLiteral } from './vector-literal.ts';

/**
 * The two search legs in SQL. Each takes several queries at once (a question and its parts) and
 * answers them in one statement, so a question that asks three things reads the postings and walks
 * the vector graph in one round trip rather than three.
 */

export interface LexicalQuery {
  /** The normalised search text (synonyms and spellings expanded). */
  text: string;
  /** The words coverage is measured against (the question as typed); defaults to `text`. */
  asked?: string;
}

/** The label weights (see LexicalOptions) of searchLexical's default and of DEFAULT_RANK_WEIGHTS. */
export const DEFAULT_LABEL_WEIGHTS: readonly number[] = [0.3, 0.3, 0.5, 1];

export interface LexicalOptions {
  limit: number;
  /** ts_rank weights for text (D), unused (C), title (B) and headings (A); each at most 1. */
  labelWeights?: readonly number[];
  /** Postings read per query term, strongest first. */
  postingsPerTerm?: number;
  /** Candidates per query (best by their postings' impacts) scored exactly. */
  candidateLimit?: number;
}

export interface LexicalHit extends ScoredChunk {
  /** Share of the question's IDF mass that this chunk contains (0..1). */
  coverage: number;
}

/**
 * BM25-style ranking. Candidates come from the head of each query term's impact-ordered postings
 * (`chunk_terms`), so the cost is bounded however common a word is; each candidate is then scored
 * exactly: every query lexeme contributes IDF × saturated ts_rank (weighted A for headings, B for
 * the title, D for text), normalised by length. One list per query, in the order given.
 */
export async function searchLexical(
  db: Queryable,
  queries: readonly LexicalQuery[],
  {
    limit,
    labelWeights = DEFAULT_LABEL_WEIGHTS,
    postingsPerTerm = 1000,
    candidateLimit = 100,
  }: LexicalOptions,
): Promise<LexicalHit[][]> {
  if (queries.length === 0) return [];
  // CTEs of a row or a few are materialised: the planner would otherwise recompute them per candidate.
  const rows = await db.query<ChunkRow & { query: number; coverage: number | string }>(
    `WITH queries AS MATERIALIZED (
       SELECT q.i::int AS i, q.search, q.asked FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS q(search, asked, i)
     ),
     query_terms AS MATERIALIZED (
       SELECT q.i, t.lexeme, t.idf, quote_literal(t.lexeme)::tsquery AS query FROM queries q
        CROSS JOIN LATERAL (
          SELECT s.lexeme, s.idf
            FROM (SELECT DISTINCT unnest(tsvector_to_array(to_tsvector('english', q.search))) AS lexeme) w
            JOIN lexeme_stats s ON s.lexeme = w.lexeme
           ORDER BY s.idf DESC LIMIT 24
        ) t
     ),
     terms AS MATERIALIZED (SELECT DISTINCT lexeme FROM query_terms),
     -- Coverage counts the words the user typed (not synonyms we added); a word the corpus has never
     -- seen counts as the rarest word, because no passage can speak to it, unless it is a short
     -- word without digits: chat slang ("sats", "lmao") more often than a name.
     asked AS MATERIALIZED (
       SELECT DISTINCT q.i, w.lexeme
         FROM queries q CROSS JOIN LATERAL unnest(tsvector_to_array(to_tsvector('english', q.asked))) AS w(lexeme)
     ),
     total AS MATERIALIZED (
       SELECT q.i, greatest(sum(CASE WHEN a.lexeme IS NOT NULL
                                     THEN coalesce(s.idf, CASE WHEN length(a.lexeme) >= 5 OR a.lexeme ~ '[0-9]'
                                                               THEN (SELECT max(idf) FROM lexeme_stats) ELSE 0 END) END),
                      1e-6) AS idf
         FROM queries q LEFT JOIN asked a ON a.i = q.i LEFT JOIN lexeme_stats s ON s.lexeme = a.lexeme
        GROUP BY q.i
     ),
     stats AS MATERIALIZED (SELECT greatest(avg_token_count, 1) AS avg_len FROM corpus_stats),
     postings AS MATERIALIZED (
       SELECT t.lexeme, p.chunk_id, p.impact FROM terms t
        CROSS JOIN LATERAL (
          SELECT ct.chunk_id, ct.impact FROM chunk_terms ct
           WHERE ct.lexeme = t.lexeme ORDER BY ct.impact DESC LIMIT $5
        ) p
     ),
     candidates AS MATERIALIZED (
       SELECT q.i, best.chunk_id FROM queries q
        CROSS JOIN LATERAL (
          SELECT p.chunk_id FROM query_terms qt JOIN postings p ON p.lexeme = qt.lexeme
           WHERE qt.i = q.i
           GROUP BY p.chunk_id ORDER BY sum(qt.idf * p.impact) DESC LIMIT $6
        ) best
     ),
     scored AS MATERIALIZED (
       SELECT k.i, k.chunk_id AS id,
              sum(qt.idf * r.tf * 2.2 / (r.tf + 1.2 * (0.25 + 0.75 * c.token_count / stats.avg_len))) AS score,
              least(sum(qt.idf) FILTER (WHERE EXISTS (SELECT 1 FROM asked a WHERE a.i = k.i AND a.lexeme = qt.lexeme))
                    / max(total.idf), 1) AS coverage
         FROM candidates k
         JOIN chunks c ON c.id = k.chunk_id
         JOIN query_terms qt ON qt.i = k.i AND c.tsv @@ qt.query
         JOIN total ON total.i = k.i
        CROSS JOIN stats
        CROSS JOIN LATERAL (SELECT ts_rank($3::float4[], c.tsv, qt.query) / ($3::float4[])[1] / 0.6079 AS tf) r
        GROUP BY k.i, k.chunk_id
     ),
     best AS (
       SELECT top.* FROM queries q
        CROSS JOIN LATERAL (SELECT * FROM scored s WHERE s.i = q.i ORDER BY s.score DESC LIMIT $4) top
     )
     SELECT b.i AS query, ${CHUNK_COLUMNS}, b.score, b.coverage
       FROM best b JOIN chunks c ON c.id = b.id JOIN documents d ON d.id = c.document_id
      ORDER BY b.i, b.score DESC`,
    [
      queries.map((query) => query.text),
      queries.map((query) => query.asked ?? query.text),
      labelWeights,
      limit,
      postingsPerTerm,
      candidateLimit,
    ],
  );
  const lists: LexicalHit[][] = queries.map(() => []);
  for (const row of rows) {
    lists[Number(row.query) - 1]?.push({ ...toChunk(row), coverage: Number(row.coverage ?? 0) });
  }
  return lists;
}

/** Nearest chunks by cosine similarity in one embedding space; one list per query vector. */
export async function searchVector(
  db: Database,
  vectors: readonly (readonly number[])[],
  spaceId: number,
  limit: number,
): Promise<ScoredChunk[][]> {
  if (vectors.length === 0) return [];
  const dimension = vectors[0]!.length;
  // All three are inlined into the SQL (the partial index predicate and cast must appear literally
  // for the planner to match the HNSW index); all are integers checked here.
  if (!Number.isInteger(dimension) || dimension <= 0) throw new Error('empty query vector');
  if (vectors.some((vector) => vector.length !== dimension))
    throw new Error('query vectors differ in length');
  if (!Number.isInteger(spaceId)) throw new Error('invalid embedding space');
  if (!Number.isInteger(limit) || limit <= 0) throw new Error('limit must be a positive integer');
  const distance = `c.embedding::vector(${dimension}) <=> q.vector`;
  const rows = await db.transaction(async (tx) => {
    // Postgres' cost model prefers an exact scan on small tables; in WASM (PGlite) that costs ~30 ms
    // at 1,024 dimensions against ~2 ms through the HNSW index, so the index is asked for outright.
    // pgvector's default search list (40) is no wider than the hits we ask for, so near-ties moved
    // with each build's random graph (dev MRR 0.787 to 0.803); 100 ranks like an exact scan.
    await tx.exec(`SET LOCAL enable_seqscan = off; SET LOCAL hnsw.ef_search = ${Math.max(100, limit)}`);
    return tx.query<ChunkRow & { query: number }>(
      // Each query vector is parsed once here, not at every distance the graph walk computes.
      `WITH queries AS MATERIALIZED (
         SELECT q.i, q.vector::vector(${dimension}) AS vector
           FROM unnest($1::text[]) WITH ORDINALITY AS q(vector, i)
       ),
       nearest AS (
         SELECT q.i, n.id, n.distance
           FROM queries q
          CROSS JOIN LATERAL (
            SELECT c.id, ${distance} AS distance FROM chunks c
             WHERE c.embedding_space = ${spaceId} ORDER BY ${distance} LIMIT $2
          ) n
       )
       SELECT n.i AS query, ${CHUNK_COLUMNS}, 1 - n.distance AS score
         FROM nearest n JOIN chunks c ON c.id = n.id JOIN documents d ON d.id = c.document_id
        ORDER BY n.i, n.distance`,
      [vectors.map(toVectorLiteral), limit],
    );
  });
  const lists: ScoredChunk[][] = vectors.map(() => []);
  for (const row of rows) lists[Number(row.query) - 1]?.push(toChunk(row));
  return lists;
}
