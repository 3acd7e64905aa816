/** Turns texts into vectors. Every vector of one embedder has `dimension` entries. */
export interface Embedder {
  /** Identifies the vector space: chunks embedded by another model are re-embedded, never mixed. */
  readonly model: string;
  readonly dimension: number;
  embed(texts: string[], signal?: AbortSignal): Promise<number[][]>;
}
