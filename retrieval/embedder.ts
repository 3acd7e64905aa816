import pgvector from 'pgvector';
/** Turns texts into vectors. Every vector of one embedder has `dimension` entries. */
export interface Embedder {
  /** Identifies the vector space: chunks embedded by another model are re-embedded, never mixed. */
  readonly model: string;
  readonly dimension: number;
  embed(texts: string[], signal?: AbortSignal): Promise<number[][]>;
}

/** pgvector's text input format, passed as a parameter and cast with ::vector. */
export function toVectorLiteral(vector: readonly number[]): string {
  // Six decimals keep the literal short; pgvector's toSql writes the format the extension parses.
  return pgvector.toSql(vector.map((value) => (Number.isFinite(value) ? Number(value.toFixed(6)) : 0)));
}
