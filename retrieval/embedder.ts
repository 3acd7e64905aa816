import pgvector from 'pgvector';

/** Turns texts into vectors. Every vector of one embedder has `dimension` entries. */
export interface Embedder {
  /** Identifies the vector space: chunks embedded by another model are re-embedded, never mixed. */
  readonly model: string;
  readonly dimension: number;
  embed(texts: string[], signal?: AbortSignal): Promise<number[][]>;
}

/**
 * pgvector's text input format (by pgvector's own toSql), passed as a parameter and cast with
 * ::vector. Full precision: Postgres rounds each value to the float4 it stores.
 */
export function toVectorLiteral(vector: readonly number[]): string {
  for (const value of vector) {
    if (!Number.isFinite(value)) throw new Error(`cannot store a vector holding ${value}`);
  }
  return pgvector.toSql(vector) as string;
}
