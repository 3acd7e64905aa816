import type { Database } from '../db/database.ts';
import { loadFaqChunks } from './chunk-store.ts';
import type { Embedder } from './embedder.ts';
import { buildFaqEntries, matchFaq, type FaqEntry, type FaqMatch } from './faq-matcher.ts';
import { hybridSearch, type RankWeights, type SearchHit } from './hybrid-search.ts';
import { splitQuestion } from './split-question.ts';

export interface Retrieval {
  hits: SearchHit[];
  /** Set when a known FAQ question matched; its entry is hits[0]. */
  faq?: FaqMatch;
  /** The questions searched (more than one when the user asked several at once). */
  parts: string[];
}

export interface RetrieverOptions {
  db: Database;
  embedder: Embedder;
  spaceId: number;
  weights?: Partial<RankWeights>;
  /** At most this many hits of one document among the first results, so other documents get a say. */
  perDocument?: number;
}

export interface Retriever {
  retrieve(question: string, limit: number): Promise<Retrieval>;
  /** Re-reads the FAQ entries after an ingestion. */
  reload(): Promise<void>;
}

export function createRetriever(options: RetrieverOptions): Retriever {
  const { db, perDocument = 2 } = options;
  let faqEntries: FaqEntry[] = [];
  return {
    async reload() {
      faqEntries = buildFaqEntries(await loadFaqChunks(db));
    },
    async retrieve(question, limit) {
      const parts = splitQuestion(question);
      const searches = parts.length > 1 ? [question, ...parts] : [question];
      const lists: SearchHit[][] = [];
      for (const text of searches) lists.push(await hybridSearch(text, limit, options));
      let hits = interleave(lists, sectionKey);
      const faq = bestFaq(parts, faqEntries);
      if (faq)
        hits = [
          toFaqHit(faq, hits),
          ...hits.filter((hit) => sectionKey(hit) !== sectionKey(faq.entry.chunk)),
        ];
      return { hits: diversify(hits, perDocument, limit).slice(0, limit), faq, parts };
    },
  };
}

function sectionKey(hit: { documentId: number; section: string }): string {
  return `${hit.documentId}\u0000${hit.section}`;
}

function bestFaq(parts: string[], entries: FaqEntry[]): FaqMatch | undefined {
  if (entries.length === 0) return undefined;
  // Only a question asked on its own can be answered by one FAQ entry.
  return parts.length === 1 ? matchFaq(parts[0]!, entries) : undefined;
}

function toFaqHit(faq: FaqMatch, hits: SearchHit[]): SearchHit {
  const found = hits.find((hit) => sectionKey(hit) === sectionKey(faq.entry.chunk));
  return (
    found ?? { ...faq.entry.chunk, score: faq.score, coverage: faq.score, similarity: 0, headingCoverage: 1 }
  );
}

/** Round-robin over several ranked lists, keeping the first occurrence of each key. */
export function interleave<T>(lists: T[][], keyOf: (item: T) => string): T[] {
  const seen = new Set<string>();
  const merged: T[] = [];
  const longest = Math.max(0, ...lists.map((list) => list.length));
  for (let rank = 0; rank < longest; rank++) {
    for (const list of lists) {
      const item = list[rank];
      if (item === undefined || seen.has(keyOf(item))) continue;
      seen.add(keyOf(item));
      merged.push(item);
    }
  }
  return merged;
}

/** Moves a document's hits beyond its first `perDocument` behind the others within the first `window`. */
export function diversify<T extends { documentId: number }>(
  hits: T[],
  perDocument: number,
  window: number,
): T[] {
  const counts = new Map<number, number>();
  const front: T[] = [];
  const deferred: T[] = [];
  for (const hit of hits) {
    const count = counts.get(hit.documentId) ?? 0;
    counts.set(hit.documentId, count + 1);
    (count < perDocument || front.length >= window ? front : deferred).push(hit);
  }
  return [...front.slice(0, window), ...deferred, ...front.slice(window)];
}
