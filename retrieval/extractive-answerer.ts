import { askedKind, carriesKind, kindFactor, type AskedKind } from './asked-kind.ts';
import type { SearchHit } from './hybrid-search.ts';
import { networksIn } from './networks.ts';
import { normaliseQuery } from './normalise-query.ts';
import { splitSentences } from './sentences.ts';
import { contentStems } from './text-tokens.ts';
import { isSafeSentence } from './unsafe-sentence.ts';

export interface DraftAnswer {
  /** Answer text citing passages as [n], n being the 1-based index into `passages`. */
  text: string;
  /** Indexes (0-based) into the passages that the text cites. */
  cited: number[];
}

export interface ExtractiveOptions {
  /**
   * Every candidate sentence passes through here before it can be quoted (one place, so a safety
   * check can reject sentences that give orders or promise returns). Default: every sentence.
   */
  acceptSentence?: (sentence: string) => boolean;
  /** At most this many sentences in one window (1–3). */
  windowSentences?: number;
  /** At most this many sentences in all. */
  maxSentences?: number;
  /**
   * The words the user typed in this turn, when `question` also carries a subject borrowed from
   * earlier turns ("who voted on that" + "helium cbrs radios"): they weigh more, so the answer
   * speaks to what is asked now rather than retelling the earlier answer.
   */
  focus?: string;
}

interface Sentence {
  passage: number;
  order: number;
  text: string;
  stems: Set<string>;
}

interface Window {
  passage: number;
  sentences: Sentence[];
  covered: Set<string>;
  score: number;
}

/**
 * Offline answerer. The answer starts with the answer: a short contiguous window (1–3 sentences, in
 * document order) of the best passage that covers the question's words, preferring sentences that
 * carry what was asked (a figure, a date, a definition). A second source is added only for the part
 * of the question the first leaves uncovered. A question about two networks (a comparison) is
 * answered per side, one cited line each; one about one network from that network's passages.
 */
export function answerExtractively(
  question: string,
  passages: SearchHit[],
  options: ExtractiveOptions = {},
): DraftAnswer {
  const asked = [...new Set(contentStems(normaliseQuery(question)))];
  if (asked.length === 0 || passages.length === 0) return { text: '', cited: [] };
  // Documents are untrusted: a sentence giving orders, trading advice or promising returns is never quoted.
  const accept = (text: string) => isSafeSentence(text) && (options.acceptSentence?.(text) ?? true);
  const sentences = passages.flatMap((passage, index) =>
    splitSentences(passage.text)
      .map((text, order) => ({ passage: index, order, text, stems: new Set(contentStems(text)) }))
      .filter((sentence) => accept(sentence.text)),
  );
  const weights = focusWeights(localWeights(asked, sentences), options.focus);
  const composer = {
    weights,
    kind: askedKind(options.focus ?? question),
    maxSentences: options.windowSentences ?? 3,
  };
  const networks = [...networksIn(question)];
  if (networks.length >= 2) {
    const sides = compareSides(networks, passages, sentences, composer);
    if (sides) return sides;
  }
  const pool = networks.length === 1 ? aboutNetwork(networks[0]!, passages, sentences) : sentences;
  // Within one network's passages its name tells little: "how does pricing work on akash" is
  // answered by the sentence on pricing more than by one that says "Akash" (dropping the name
  // entirely cost dev-chat four leads, halving it two, with follow-up answers up 0.028).
  const single = pool !== sentences ? withoutNames(composer, networks, NAME_SHARE) : undefined;
  const ranked = rankSentences(pool, single ?? composer);
  const lead = ranked[0];
  if (!lead) return { text: '', cited: [] };
  // The best sentence opens the answer, with the sentences after it that add to it.
  const windows = [leadWindow(lead.sentence, pool, single ?? composer)];
  // Other passages that say more on it follow, one sentence each, so the answer draws on (and
  // cites) more than one source when they agree; never a repeat of what is already said.
  const said = () => windows.flatMap((window) => window.sentences);
  for (const { sentence, score } of ranked.slice(1)) {
    if (said().length >= (options.maxSentences ?? 4) || score < lead.score * SUPPORT_SHARE) break;
    if (windows.some((window) => window.passage === sentence.passage)) continue;
    if (said().some((other) => nearlySame(sentence.stems, other.stems))) continue;
    windows.push({ passage: sentence.passage, sentences: [sentence], covered: new Set(), score });
  }
  return render(windows, ' ');
}

/**
 * A supporting sentence from another passage scores at least this share of the lead's (0.33 ->
 * 0.25: cited dev-chat 0.789 -> 0.8, dev 0.914 -> 0.931, dev answer_hit 0.793 -> 0.81; the
 * conversations unchanged; 0.45 lost stand-alone answers).
 */
const SUPPORT_SHARE = 0.25;

/**
 * How much a sentence loses per rank of its passage. Weak, since the second-stage ranking has
 * already ordered the passages by their best sentences: 0.2 -> 0.05 raised lead_hit on dev-chat
 * 0.484 -> 0.516, follow-up turns 0.306 -> 0.333 and stand-alone turns 0.294 -> 0.324, and dev
 * answer_hit 0.776 -> 0.793 (dev lead_hit unchanged); 0 cost a dev lead.
 */
const PASSAGE_PRIOR = 0.05;

/**
 * Each sentence scores by the share of the question's weight it holds, times a prior for
 * better-ranked passages, times a bonus when it carries what was asked (a figure, a date, a definition).
 */
function rankSentences(sentences: Sentence[], composer: Composer): { sentence: Sentence; score: number }[] {
  const total = weightOf(composer.weights.keys(), composer.weights) || 1;
  return sentences
    .map((sentence) => {
      const matched = weightOf(
        [...sentence.stems].filter((stem) => composer.weights.has(stem)),
        composer.weights,
      );
      const carries = kindFactor(sentence.text, composer.kind);
      const lead = sentence.order === 0 ? 1.1 : 1;
      const prior = 1 / (1 + PASSAGE_PRIOR * sentence.passage);
      return { sentence, score: (matched / total) * prior * carries * lead };
    })
    .filter((entry) => entry.score > 0)
    .sort((a, b) => b.score - a.score);
}

/**
 * The lead sentence grows into a window of up to three sentences in document order: the next
 * sentence joins when it adds words of the question or carries what was asked, or when the lead is
 * too short to explain itself.
 */
function leadWindow(lead: Sentence, sentences: Sentence[], composer: Composer): Window {
  const total = weightOf(composer.weights.keys(), composer.weights) || 1;
  const window = [lead];
  const covered = new Set([...lead.stems].filter((stem) => composer.weights.get(stem)));
  const next = (order: number) => sentences.find((s) => s.passage === lead.passage && s.order === order);
  for (let order = lead.order + 1; window.length < composer.maxSentences; order++) {
    const sentence = next(order);
    if (!sentence) break;
    const added = weightOf(
      [...sentence.stems].filter((stem) => composer.weights.get(stem) && !covered.has(stem)),
      composer.weights,
    );
    const adds = added / total >= GROWTH_SHARE;
    const short = window.reduce((sum, s) => sum + s.text.length, 0) < SHORT_ANSWER_CHARS;
    const carries =
      carriesKind(sentence.text, composer.kind) && !window.some((s) => carriesKind(s.text, composer.kind));
    if (!adds && !short && !carries) break;
    window.push(sentence);
    for (const stem of sentence.stems) if (composer.weights.get(stem)) covered.add(stem);
    if (!adds) break;
  }
  return { passage: lead.passage, sentences: window, covered, score: 0 };
}

/** The next sentence joins the lead when it adds at least this share of the question's weight. */
const GROWTH_SHARE = 0.2;

/** Answers shorter than this get the sentence that follows their best one. */
const SHORT_ANSWER_CHARS = 120;

type Composer = { weights: Map<string, number>; kind: AskedKind; maxSentences: number };

/** Words that appear in few candidate sentences tell more (a local IDF). */
function localWeights(asked: string[], sentences: Sentence[]): Map<string, number> {
  return new Map(
    asked.map((stem) => {
      const frequency = sentences.filter((sentence) => sentence.stems.has(stem)).length;
      return [stem, frequency === 0 ? 0 : Math.log(1 + sentences.length / frequency)];
    }),
  );
}

/** How much more a word of the turn itself counts than a word of the borrowed subject. */
const FOCUS_WEIGHT = 2;

function focusWeights(weights: Map<string, number>, focus: string | undefined): Map<string, number> {
  if (focus === undefined) return weights;
  const own = new Set(contentStems(normaliseQuery(focus)));
  return new Map(
    [...weights].map(([stem, weight]) => [stem, own.has(stem) ? weight * FOCUS_WEIGHT : weight]),
  );
}

function weightOf(stems: Iterable<string>, weights: Map<string, number>): number {
  let sum = 0;
  for (const stem of stems) sum += weights.get(stem) ?? 0;
  return sum;
}

/**
 * The best window over all passages: coverage of the question's words, a bonus when a sentence
 * carries what was asked, a prior for better-ranked passages, and a small cost per extra sentence
 * so a window grows only when the next sentence adds words of the question.
 */
function bestWindow(sentences: Sentence[], composer: Composer, exclude = new Set<string>()) {
  const total = weightOf(composer.weights.keys(), composer.weights) - weightOf(exclude, composer.weights);
  if (total <= 0) return undefined;
  let best: Window | undefined;
  const byPassage = groupBy(sentences, (sentence) => sentence.passage);
  for (const [passage, list] of byPassage) {
    list.sort((a, b) => a.order - b.order);
    for (let start = 0; start < list.length; start++) {
      const first = list[start]!;
      // A window opens with a sentence that speaks to the question.
      if (gain(first.stems, new Set(exclude), composer.weights) === 0) continue;
      const covered = new Set<string>();
      const window: Sentence[] = [];
      for (let end = start; end < list.length && window.length < composer.maxSentences; end++) {
        const sentence = list[end]!;
        if (window.length > 0 && sentence.order !== window.at(-1)!.order + 1) break;
        window.push(sentence);
        for (const stem of sentence.stems)
          if (composer.weights.has(stem) && !exclude.has(stem)) covered.add(stem);
        const carries = window.some((s) => carriesKind(s.text, composer.kind));
        const leadCarries = carriesKind(window[0]!.text, composer.kind);
        const score =
          (weightOf(covered, composer.weights) / total) *
          (1 / (1 + 0.15 * passage)) *
          (carries ? (leadCarries ? 1.35 : 1.2) : 1) *
          (1 - 0.12 * (window.length - 1));
        if (!best || score > best.score)
          best = { passage, sentences: [...window], covered: new Set(covered), score };
      }
    }
  }
  return trimTail(best, composer);
}

/** A window's last sentences stay only when they add words of the question or carry the answer. */
function trimTail(window: Window | undefined, composer: Composer): Window | undefined {
  if (!window) return undefined;
  while (window.sentences.length > 1) {
    const last = window.sentences.at(-1)!;
    const before = new Set(window.sentences.slice(0, -1).flatMap((s) => [...s.stems]));
    const adds = [...last.stems].some((stem) => composer.weights.get(stem) && !before.has(stem));
    if (adds || carriesKind(last.text, composer.kind)) break;
    window.sentences.pop();
  }
  return window;
}

function gain(stems: Set<string>, exclude: Set<string>, weights: Map<string, number>): number {
  let sum = 0;
  for (const stem of stems) if (!exclude.has(stem)) sum += weights.get(stem) ?? 0;
  return sum;
}

/** One short cited line per network, from that network's own passages. */
function compareSides(
  networks: string[],
  passages: SearchHit[],
  sentences: Sentence[],
  composer: Composer,
): DraftAnswer | undefined {
  const unnamed = withoutNames(composer, networks, 0);
  if (!unnamed) return undefined;
  const windows: { network: string; window: Window }[] = [];
  for (const network of networks) {
    const own = aboutNetwork(network, passages, sentences, true);
    const window = bestWindow(own, { ...unnamed, maxSentences: 2 });
    if (window) windows.push({ network, window });
  }
  if (windows.length < 2) return undefined;
  const lines = windows.map(({ network, window }) => {
    const label = network.charAt(0).toUpperCase() + network.slice(1);
    return `${label}: ${window.sentences.map((s) => ensureStop(s.text)).join(' ')} [${window.passage + 1}]`;
  });
  return { text: lines.join('\n'), cited: [...new Set(windows.map(({ window }) => window.passage))] };
}

/** The weight a network's name keeps among the words of a question about that network alone. */
const NAME_SHARE = 0.5;

/**
 * The composer with the networks' names weighing `kept` of their weight (0: left out); undefined
 * when no word of the question is left.
 */
function withoutNames(composer: Composer, networks: string[], kept: number): Composer | undefined {
  const names = new Set(networks.flatMap((network) => contentStems(network)));
  const weights = new Map<string, number>();
  for (const [stem, weight] of composer.weights) {
    if (!names.has(stem)) weights.set(stem, weight);
    else if (kept > 0) weights.set(stem, weight * kept);
  }
  return [...weights.values()].some((weight) => weight > 0) ? { ...composer, weights } : undefined;
}

/** Sentences of the passages about one network (by path or title first, else by text). */
function aboutNetwork(network: string, passages: SearchHit[], sentences: Sentence[], strict = false) {
  const byPlace = new Set(
    passages.flatMap((passage, index) =>
      networksIn(`${passage.path} ${passage.title}`).has(network) ? [index] : [],
    ),
  );
  const byText = new Set(
    passages.flatMap((passage, index) =>
      networksIn(`${passage.section} ${passage.text}`).has(network) ? [index] : [],
    ),
  );
  const chosen = byPlace.size > 0 ? byPlace : byText;
  if (chosen.size === 0) return strict ? [] : sentences;
  return sentences.filter((sentence) => chosen.has(sentence.passage));
}

function render(windows: Window[], separator: string): DraftAnswer {
  const text = windows
    .map((window) => `${window.sentences.map((s) => ensureStop(s.text)).join(' ')} [${window.passage + 1}]`)
    .join(separator);
  return { text, cited: [...new Set(windows.map((window) => window.passage))] };
}

function groupBy<T, K>(items: T[], key: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const group = groups.get(key(item)) ?? [];
    group.push(item);
    groups.set(key(item), group);
  }
  return groups;
}

/** Most of the shorter sentence's words are in the other one. */
function nearlySame(a: Set<string>, b: Set<string>): boolean {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  if (small.size === 0) return false;
  let shared = 0;
  for (const stem of small) if (large.has(stem)) shared++;
  return shared / small.size >= 0.8;
}

function ensureStop(sentence: string): string {
  return /[.!?:]$/.test(sentence) ? sentence : `${sentence}.`;
}
