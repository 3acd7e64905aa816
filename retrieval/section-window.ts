import type { Queryable } from '../db/database.ts';
import { loadChunkTexts } from './chunk-store.ts';
import type { SearchHit } from './hybrid-search.ts';

/**
 * Small chunks find the passage, but the answer often sits in the sentences around it. Each hit is
 * widened by the chunk before and the chunk after it in the same section, up to `maxChars`, in
 * document order with the splitter's overlap removed.
 */
export async function widenToSection(
  db: Queryable,
  hits: SearchHit[],
  maxChars = 2400,
): Promise<SearchHit[]> {
  const edges = (hit: SearchHit) => ({
    first: hit.positions[0] ?? hit.position,
    last: hit.positions.at(-1) ?? hit.position,
  });
  const texts = await loadChunkTexts(
    db,
    hits.map((hit) => {
      const { first, last } = edges(hit);
      return {
        documentId: hit.documentId,
        positions: [first - 1, last + 1].filter((position) => position >= 0),
      };
    }),
  );
  const neighbour = (hit: SearchHit, position: number) => {
    const chunk = texts.get(`${hit.documentId}:${position}`);
    return chunk && chunk.section === hit.section ? chunk.text : undefined;
  };
  return hits.map((hit) => {
    const { first, last } = edges(hit);
    let text = hit.text;
    const after = neighbour(hit, last + 1);
    if (after && text.length + after.length <= maxChars) text = joinOverlapping(text, after);
    const before = neighbour(hit, first - 1);
    if (before && text.length + before.length <= maxChars) text = joinOverlapping(before, text);
    return { ...hit, text };
  });
}

/** Joins two consecutive chunks, dropping the text the splitter repeated at the start of the second. */
export function joinOverlapping(first: string, second: string, maxOverlap = 400): string {
  for (let length = Math.min(maxOverlap, first.length, second.length); length >= 20; length--) {
    if (first.endsWith(second.slice(0, length))) return `${first}${second.slice(length)}`;
  }
  return `${first}\n\n${second}`;
}
