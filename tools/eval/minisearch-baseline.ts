import MiniSearch from 'minisearch';

export interface BaselineChunk {
  id: number;
  file: string;
  title: string;
  section: string;
  text: string;
}

/** The peer baseline: MiniSearch with its default BM25 options over the very same chunks. */
export function createMiniSearchBaseline(chunks: BaselineChunk[]) {
  const index = new MiniSearch<BaselineChunk>({ fields: ['title', 'section', 'text'], storeFields: ['id'] });
  index.addAll(chunks);
  const byId = new Map(chunks.map((chunk) => [chunk.id, chunk]));
  return {
    name: 'minisearch-bm25-default',
    search(question: string, limit: number): BaselineChunk[] {
      return index
        .search(question)
        .slice(0, limit)
        .map((result) => byId.get(result.id as number))
        .filter((chunk): chunk is BaselineChunk => chunk !== undefined);
    },
  };
}
