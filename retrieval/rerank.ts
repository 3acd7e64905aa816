import type { SearchHit } from './hybrid-search.ts';
import { askedKind, CARRIES_KIND_BONUS, carriesKind } from './asked-kind.ts';
import { networksIn } from './networks.ts';
import { normaliseQuery } from './normalise-query.ts';
import { splitSentences } from './sentences.ts';
import { contentStems } from './text-tokens.ts';

/**
 * Second-stage ranking of the first candidates: the answer to a question usually sits in one or two
 * sentences that hold most of its distinctive words, so each candidate also scores by its best
 * two-sentence window, counted higher when it carries what was asked (a figure, a date, a
 * definition). Word weights come from the candidates themselves (a word every candidate shares
 * tells nothing).
 */
const OTHER_NETWORK_FACTOR = 0.7;

/** How many of the first candidates the second stage ranks. */
export const RERANK_DEPTH = 15;

export function rerankByBestWindow(
  question: string,
  hits: SearchHit[],
  weight: number,
  depth = RERANK_DEPTH,
): SearchHit[] {
  if (weight <= 0 || hits.length < 2) return hits;
  const asked = [...new Set(contentStems(normaliseQuery(question)))];
  if (asked.length === 0) return hits;
  const head = hits.slice(0, depth);
  const windows = head.map((hit) => sentenceWindows(`${hit.section}. ${hit.text}`));
  const frequency = new Map<string, number>();
  for (const stemSets of windows) {
    const inHit = new Set<string>();
    for (const { stems } of stemSets) for (const stem of stems) inHit.add(stem);
    for (const stem of asked) if (inHit.has(stem)) frequency.set(stem, (frequency.get(stem) ?? 0) + 1);
  }
  const idf = new Map(
    asked.map((stem) => [stem, Math.log(1 + head.length / (1 + (frequency.get(stem) ?? 0)))]),
  );
  const total = [...idf.values()].reduce((sum, value) => sum + value, 0) || 1;
  const top = head[0]!.score || 1;
  // A passage about another network than the one asked about is rarely the answer.
  const asking = networksIn(question);
  // The answer to "how many" or "when" is a window holding a figure or a date, not one that only
  // repeats the question's words.
  const kind = askedKind(question);
  const rescored = head.map((hit, index) => {
    const aboutAsked =
      asking.size === 0 ||
      [...networksIn(`${hit.root} ${hit.path} ${hit.title} ${hit.section} ${hit.text}`)].some((n) =>
        asking.has(n),
      );
    const best = Math.max(
      0,
      ...windows[index]!.map(
        ({ stems, text }) =>
          asked.reduce((sum, stem) => sum + (stems.has(stem) ? idf.get(stem)! : 0), 0) *
          (carriesKind(text, kind) ? CARRIES_KIND_BONUS : 1),
      ),
    );
    return {
      ...hit,
      score: (hit.score / top + weight * (best / total)) * (aboutAsked ? 1 : OTHER_NETWORK_FACTOR),
    };
  });
  rescored.sort((a, b) => b.score - a.score);
  return [...rescored, ...hits.slice(depth)];
}

function sentenceWindows(text: string): { stems: Set<string>; text: string }[] {
  const sentences = splitSentences(text);
  if (sentences.length === 0) return [{ stems: new Set(contentStems(text)), text }];
  const stems = sentences.map((sentence) => contentStems(sentence));
  return sentences.map((sentence, index) => ({
    stems: new Set([...stems[index]!, ...(stems[index + 1] ?? [])]),
    text: `${sentence} ${sentences[index + 1] ?? ''}`,
  }));
}
