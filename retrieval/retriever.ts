import type { Database } from '../db/database.ts';
import { loadFaqChunks, loadVocabulary } from './chunk-store.ts';
import type { Embedder } from './embedder.ts';
import { buildFaqEntries, matchAllFaqs, matchFaq, type FaqEntry, type FaqMatch } from './faq-matcher.ts';
import { dedupeBy } from './fuse.ts';
import { hybridSearchMany, sectionKey, type RankWeights, type SearchHit } from './hybrid-search.ts';
import { RERANK_DEPTH, rerankByBestWindow } from './rerank.ts';
import { widenToSection } from './section-window.ts';
import { expandChatShorthand } from './chat-shorthand.ts';
import { normaliseText } from './normalise-query.ts';
import { networksIn, type Network } from './networks.ts';
import { comparisonSides, splitQuestion } from './split-question.ts';
import { createTypoCorrector } from './typo-corrector.ts';

export interface Retrieval {
  hits: SearchHit[];
  /** Set when a known FAQ question matched; its entry is hits[0]. */
  faq?: FaqMatch;
  /** How many FAQ entries (the same question in several documents) lead the hits. */
  faqCount: number;
  /** The questions searched (more than one when the user asked several at once). */
  parts: string[];
  /** The question as searched: shorthand written out and typos corrected ("demmand" -> "demand"). */
  searched: string;
}

export interface RetrieverOptions {
  db: Database;
  embedder: Embedder;
  spaceId: number;
  weights?: Partial<RankWeights>;
  /** At most this many hits of one document among the first results, so other documents get a say. */
  perDocument?: number;
  /** Weight of the best-sentence-window score in the second-stage ranking (0: off). */
  rerankWeight?: number;
  /** Widen each hit with its neighbouring chunks up to this many characters (0: off). */
  widen?: number;
}

export interface Retriever {
  retrieve(question: string, limit: number): Promise<Retrieval>;
  /** `retrieve` for several questions at once, in the round trips of one. */
  retrieveMany(questions: readonly string[], limit: number): Promise<Retrieval[]>;
  /** Re-reads the FAQ entries after an ingestion. */
  reload(): Promise<void>;
}

export function createRetriever(options: RetrieverOptions): Retriever {
  const { db, perDocument = 2, widen = 2400, rerankWeight = 1 } = options;
  let faqEntries: FaqEntry[] = [];
  let corrector = createTypoCorrector(new Map());
  /**
   * Several questions (the readings of one turn) in one pass: every search of every question goes
   * to each leg in one statement, and the hits are widened in one more, so a follow-up read two ways
   * costs the round trips of one question.
   */
  async function retrieveMany(asked: readonly string[], limit: number): Promise<Retrieval[]> {
    const prepared = asked.map((text) => {
      // The vocabulary holds normalised words, so correct the normalised question; chat shorthand
      // ("ppl", "abt") is written out first so the corrector does not turn it into another word.
      const question = corrector.correct(expandChatShorthand(normaliseText(text)));
      const parts = splitQuestion(question);
      const split = parts.length > 1 ? parts : [];
      const sides = comparisonSides(question);
      return {
        question,
        parts,
        sides: sides.map((side) => side.network),
        searches: [question, ...split, ...sides.map((side) => side.question)],
      };
    });
    // The second stage sees all the candidates it can rank, not only the first `limit`: the answer
    // to a chat question often sits just below them (dev-chat MRR 0.505 -> 0.532).
    const depth = Math.max(limit, RERANK_DEPTH);
    const searches = prepared.flatMap((entry) => entry.searches);
    const found = await hybridSearchMany(searches, depth, options);
    const ranked = found.map((hits, index) => rerankByBestWindow(searches[index]!, hits, rerankWeight));
    const perQuestion = regroup(
      ranked,
      prepared.map((entry) => entry.searches.length),
    );
    const results = prepared.map(({ question, parts, sides }, index) => {
      // The searches were the whole question, its parts, then its sides.
      const [whole = [], ...rest] = perQuestion[index]!;
      const split = rest.length - sides.length;
      let hits = combine(whole, rest.slice(0, split), onSides(rest.slice(split), sides));
      const faqMatches = matchingFaqs(parts, faqEntries, hits);
      if (faqMatches.length > 0) {
        const faqHits = faqMatches.map((match) => toFaqHit(match, hits));
        const keys = new Set(faqHits.map(sectionKey));
        hits = [...faqHits, ...hits.filter((hit) => !keys.has(sectionKey(hit)))];
      }
      const top = diversify(hits, perDocument, limit).slice(0, limit);
      return { hits: top, faq: faqMatches[0], faqCount: faqMatches.length, parts, searched: question };
    });
    if (!widen) return results;
    const widened = await widenToSection(
      db,
      results.flatMap((result) => result.hits),
      widen,
    );
    const widenedPerQuestion = regroup(
      widened,
      results.map((result) => result.hits.length),
    );
    return results.map((result, index) => ({ ...result, hits: widenedPerQuestion[index]! }));
  }

  return {
    async reload() {
      faqEntries = buildFaqEntries(await loadFaqChunks(db));
      corrector = createTypoCorrector(await loadVocabulary(db));
    },
    retrieve: async (asked, limit) => (await retrieveMany([asked], limit))[0]!,
    retrieveMany,
  };
}

/** A flat list cut back into consecutive groups of the given sizes. */
function regroup<T>(items: T[], sizes: number[]): T[][] {
  let offset = 0;
  return sizes.map((size) => items.slice(offset, (offset += size)));
}

/**
 * FAQ entries answering the question, best first. The same question often stands in several documents
 * (docs and website); of equally good matches the one search ranks higher comes first, at most two.
 */
function matchingFaqs(parts: string[], entries: FaqEntry[], hits: SearchHit[]): FaqMatch[] {
  // Only a question asked on its own can be answered by one FAQ entry.
  if (entries.length === 0 || parts.length !== 1) return [];
  const best = matchFaq(parts[0]!, entries);
  if (!best) return [];
  const rankOf = (match: FaqMatch) => {
    const index = hits.findIndex((hit) => sectionKey(hit) === sectionKey(match.entry.chunk));
    return index < 0 ? hits.length : index;
  };
  return matchAllFaqs(parts[0]!, entries, best.score - 0.05)
    .sort((a, b) => rankOf(a) - rankOf(b) || b.score - a.score)
    .slice(0, 2);
}

/**
 * The whole question's ranking leads; each side of a comparison, then each part of a multi-part
 * question, gets its best hit into the first results, so no side or part goes unanswered; the rest
 * of each list follows.
 */
function combine(whole: SearchHit[], parts: SearchHit[][], sides: SearchHit[][]): SearchHit[] {
  const lists = [...sides, ...parts];
  if (lists.length === 0) return whole;
  const ordered = [
    ...whole.slice(0, 3),
    ...lists.map((list) => list.slice(0, 1)).flat(),
    ...whole.slice(3),
    ...lists.map((list) => list.slice(1)).flat(),
  ];
  return dedupeBy(ordered, sectionKey);
}

/** Each side's hits that are about its network (by path or title): another network's passage that
 * happens to use the side's words answers nothing about that side. */
function onSides(lists: SearchHit[][], sides: Network[]): SearchHit[][] {
  if (sides.length === 0) return [];
  return lists.map((hits, index) =>
    hits.filter((hit) => networksIn(`${hit.path} ${hit.title}`).has(sides[index]!)),
  );
}

function toFaqHit(faq: FaqMatch, hits: SearchHit[]): SearchHit {
  const found = hits.find((hit) => sectionKey(hit) === sectionKey(faq.entry.chunk));
  return (
    found ?? {
      ...faq.entry.chunk,
      score: faq.score,
      coverage: faq.score,
      similarity: 0,
      positions: [faq.entry.chunk.position],
    }
  );
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
