import type { SearchHit } from '../../retrieval/hybrid-search.ts';

let nextId = 1;

/** A retrieved passage as the answerers see it; only the text usually matters. */
export function buildHit(text: string, overrides: Partial<SearchHit> = {}): SearchHit {
  const id = nextId++;
  return {
    id,
    documentId: id,
    path: `doc-${id}.md`,
    root: '/knowledge',
    title: `Document ${id}`,
    section: 'Section',
    position: 0,
    text,
    score: 1,
    coverage: 1,
    similarity: 0,
    positions: [0],
    ...overrides,
  };
}
