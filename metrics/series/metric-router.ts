import { NETWORK_TABLE, networkEntry, tickersOf, type Network } from '../../retrieval/networks.ts';
import { CATALOGUE, getMetric, type MetricDefinition, type Unit } from './catalogue.ts';
import {
  COUNTABLE_HEADS,
  DEFAULT_QUALIFIERS,
  HEAD_CONCEPTS,
  readConcepts,
  toWords,
} from './metric-concepts.ts';

/**
 * Routes a question to the catalogue metrics it asks for, by scoring it against every metric: the
 * concepts of the metric's label, aliases and unit against the question's concepts, weighted by how
 * rare each concept is in the catalogue, for the networks and tokens the question names. A question
 * about the past or about how something works is not a live-number question and gets none.
 */
export function routeQuestion(question: string): MetricDefinition[] {
  const words = toWords(question);
  const text = words.join(' ');
  if (!isLiveQuestion(text)) return [];
  const { mentions, skip, denominations } = findMentions(words);
  const read = readConcepts(words, skip);
  const groups = groupMentions(mentions);
  const concepts = new Set([...read.concepts, ...denominations]);
  let hasHead = [...concepts].some((concept) => HEAD_CONCEPTS.has(concept));
  // "how much is HNT", "hnt usd?", "whats fil at": a token's amount, its figure in dollars or
  // where it stands is its price.
  const askedPrice =
    /\bhow much (is|are)\b|\b(whats|what is|where is|wheres)\b.* at( (rn|now|today|atm|right now))?$/.test(
      text,
    );
  if (!hasHead && groups.length > 0 && (askedPrice || concepts.has('usd'))) {
    concepts.add('price');
    read.concepts.push('price');
    hasHead = true;
  }

  if (COMPARE.test(text) && groups.length >= 2 && !hasHead) {
    // "compare Render and Akash" asks for the figures; "… for AI inference" asks about something else.
    return read.leftover.length === 0 ? compareMetrics(groups.map((group) => group.network)) : [];
  }
  if (!hasHead) return [];
  const counting = QUANTITY.test(text) || RECENT.test(text);
  const inQuestionOrder = (metrics: MetricDefinition[]) => byFirstMention(metrics, read.concepts);
  if (groups.length === 0) return inQuestionOrder(routeUnnamed(concepts, counting));
  return groups
    .flatMap((group) => inQuestionOrder(pick(candidatesFor(group), concepts, counting)))
    .slice(0, 6);
}

/** "price and market cap" answers the price first: metrics in the order the question names them. */
function byFirstMention(metrics: MetricDefinition[], order: readonly string[]): MetricDefinition[] {
  const first = (metric: MetricDefinition) => {
    const described = describe(metric);
    const index = order.findIndex((concept) => HEAD_CONCEPTS.has(concept) && described.has(concept));
    return index < 0 ? order.length : index;
  };
  return [...metrics].sort((a, b) => first(a) - first(b));
}

/** Recent time: the question asks for a current figure even in the past tense ("did … go up this week"). */
const RECENT =
  /\b(now|rn|today|currently|current|atm|at the moment|these days|lately|recently|latest|live|this (week|month)|(last|past) (day|week|month|\d+ (hours|days))|yesterday|24h|7d|30d)\b/;
/** The past, or a time before the network's present: no live figure answers it. */
const PAST =
  /\b(genesis|testnet|launch|launched|originally|initially|at (the )?start|back (in|then)|ago|ever|all time|ath|history|historical|historically|used to|previously|formerly|(in|during|since) (19|20)\d\d|last year)\b/;
const PAST_TENSE = /\b(did|was|were|had)\b/;
/** How something works: a mechanism, answered from the documents. */
const MECHANISM =
  /^(how (do|does|did|is|are|was|were|can|could|should|would|will)|why|explain|describe|(what|who) (determines|decides|sets|affects|controls))\b|^(can|could|do|does|should)\b.*\b(choose|pick|set|decide|change|adjust)\b|\bhow\b.*\b(work|works|calculated|determined|decided|computed|measured|set)\b|\b(mean|means|meaning|stand for|stands for|define|definition)\b/;
const QUANTITY = /\b(how (many|much)|number of|count|total|amount|stats|figures?|numbers?|size)\b/;
const COMPARE = /\b(compare|compared|comparison|vs|versus|against)\b/;

export function isLiveQuestion(text: string): boolean {
  if (PAST.test(text)) return false;
  if (RECENT.test(text)) return true;
  return !PAST_TENSE.test(text) && !MECHANISM.test(text);
}

interface Mention {
  network: Network;
  /** CoinGecko id of a token named explicitly (ticker or token name). */
  coin?: string;
}

interface NamePhrase extends Mention {
  words: string[];
  ticker: boolean;
}

const namePhrases: NamePhrase[] = NETWORK_TABLE.flatMap((entry) => [
  ...entry.names.map((name) => ({ network: entry.id, words: name.split(' '), ticker: false })),
  ...entry.tokens.flatMap((token) => [
    ...tickersOf(token).map((ticker) => ({
      network: entry.id,
      coin: token.coingeckoId ?? `${entry.id}:${token.ticker}`,
      words: [ticker],
      ticker: true,
    })),
    ...(entry.names.includes(token.name.toLowerCase())
      ? []
      : [
          {
            network: entry.id,
            coin: token.coingeckoId ?? `${entry.id}:${token.ticker}`,
            words: token.name.toLowerCase().split(' '),
            ticker: false,
          },
        ]),
  ]),
]).sort((a, b) => b.words.length - a.words.length);

/**
 * Networks and tokens a question names, longest name first ("helium mobile" before "helium"), and the
 * word positions they take. A ticker after "in" is also a denomination ("spend in AKT").
 */
function findMentions(words: readonly string[]) {
  const mentions: Mention[] = [];
  const skip = new Set<number>();
  const denominations: string[] = [];
  for (let index = 0; index < words.length; index++) {
    const phrase = namePhrases.find((candidate) =>
      candidate.words.every((word, k) => words[index + k] === word),
    );
    if (!phrase) continue;
    mentions.push({ network: phrase.network, coin: phrase.coin });
    // "spend in AKT", "AKT spent": the ticker is the unit of the spend.
    const spendNext = /^spen[dt]/.test(words[index + phrase.words.length] ?? '');
    if (phrase.ticker && (words[index - 1] === 'in' || spendNext)) denominations.push(phrase.words[0]!);
    for (let k = 0; k < phrase.words.length; k++) skip.add(index + k);
    index += phrase.words.length - 1;
  }
  return { mentions, skip, denominations };
}

interface Group {
  network: Network;
  /** Tokens named explicitly; none means the network's own token. */
  coins: Set<string>;
}

function groupMentions(mentions: readonly Mention[]): Group[] {
  const groups: Group[] = [];
  for (const mention of mentions) {
    let group = groups.find((candidate) => candidate.network === mention.network);
    if (!group) groups.push((group = { network: mention.network, coins: new Set() }));
    if (mention.coin) group.coins.add(mention.coin);
  }
  return groups;
}

function candidatesFor(group: Group): MetricDefinition[] {
  const own = networkEntry(group.network).tokens[0]?.coingeckoId;
  const coins = group.coins.size > 0 ? group.coins : new Set(own ? [own] : []);
  return CATALOGUE.filter((metric) => {
    if (metric.network !== group.network) return false;
    const coin = coinOf(metric);
    return coin === undefined || coins.has(coin);
  });
}

/** No network named: answer only when one network alone has the best-matching metric ("free GPUs"). */
function routeUnnamed(concepts: Set<string>, counting: boolean): MetricDefinition[] {
  const bestByNetwork = new Map<Network, number>();
  for (const metric of CATALOGUE) {
    const score = scoreMetric(metric, concepts, counting);
    if (score === undefined) continue;
    bestByNetwork.set(metric.network, Math.max(score, bestByNetwork.get(metric.network) ?? -Infinity));
  }
  const ranked = [...bestByNetwork.entries()].sort((a, b) => b[1] - a[1]);
  const [first, second] = ranked;
  if (!first || (second && second[1] >= first[1] - 1e-9)) return [];
  return pick(candidatesFor({ network: first[0], coins: new Set() }), concepts, counting);
}

/** Best metric first; then more only for concepts the picked ones left unanswered ("price and mcap"). */
function pick(candidates: MetricDefinition[], concepts: Set<string>, counting: boolean): MetricDefinition[] {
  const remaining = new Set(concepts);
  const picked: MetricDefinition[] = [];
  while (picked.length < 3 && [...remaining].some((concept) => HEAD_CONCEPTS.has(concept))) {
    let best: { metric: MetricDefinition; score: number } | undefined;
    for (const metric of candidates) {
      if (picked.includes(metric)) continue;
      const score = scoreMetric(metric, remaining, counting);
      if (score !== undefined && score > 0 && (!best || score > best.score)) best = { metric, score };
    }
    if (!best) break;
    picked.push(best.metric);
    for (const concept of describe(best.metric)) remaining.delete(concept);
  }
  return picked;
}

/** Unmatched qualifiers cost this share of their weight; ones that hold by default cost less. */
const MISSING_COST = 0.3;
const MISSING_DEFAULT_COST = 0.1;

/**
 * Σ weight of the metric's concepts the question has, minus a share of those it lacks; undefined when
 * the question names none of the metric's heads, or only countable ones without asking for a count.
 */
export function scoreMetric(
  metric: MetricDefinition,
  concepts: ReadonlySet<string>,
  counting: boolean,
): number | undefined {
  const described = describe(metric);
  const heads = [...described].filter((concept) => HEAD_CONCEPTS.has(concept) && concepts.has(concept));
  if (heads.length === 0) return undefined;
  const qualified = [...described].some((concept) => !HEAD_CONCEPTS.has(concept) && concepts.has(concept));
  if (!counting && !qualified && heads.every((head) => COUNTABLE_HEADS.has(head))) return undefined;
  let score = 0;
  for (const concept of described) {
    const weight = weights.get(concept) ?? 0;
    if (concepts.has(concept)) score += weight;
    else score -= weight * (DEFAULT_QUALIFIERS.has(concept) ? MISSING_DEFAULT_COST : MISSING_COST);
  }
  return score;
}

const UNIT_CONCEPTS: Record<Unit, string[]> = {
  count: [],
  gpus: ['gpu'],
  vcpu: ['cpu'],
  percent: ['percent'],
  usd: ['usd'],
  usd_per_day: ['usd', '24h'],
  usd_per_30d: ['usd', '30d'],
  akt_per_day: ['akt', '24h'],
  usd_per_gpu_hour: ['usd', 'gpu', 'hour'],
};

/** A metric's concepts: its label's, its aliases' and its unit's, without its own network's names. */
const descriptions = new Map<string, Set<string>>(
  CATALOGUE.map((metric) => {
    const concepts = new Set(UNIT_CONCEPTS[metric.unit]);
    for (const name of [metric.label, ...metric.aliases]) {
      const words = toWords(name);
      const { skip } = findMentions(words);
      for (const concept of readConcepts(words, skip).concepts) concepts.add(concept);
    }
    return [metric.id, concepts];
  }),
);

function describe(metric: MetricDefinition): Set<string> {
  return descriptions.get(metric.id) ?? new Set();
}

/** Inverse document frequency of each concept over the catalogue: rare concepts tell metrics apart. */
const weights = new Map<string, number>();
{
  const counts = new Map<string, number>();
  for (const concepts of descriptions.values())
    for (const concept of concepts) counts.set(concept, (counts.get(concept) ?? 0) + 1);
  for (const [concept, count] of counts) weights.set(concept, Math.log(1 + CATALOGUE.length / count));
}

function coinOf(metric: MetricDefinition): string | undefined {
  return /^token\.[^{]+\{(.+)\}$/.exec(metric.id)?.[1];
}

/** What "compare X and Y" shows for each network: the figures every network has, then usage. */
const COMPARE_METRICS = ['token.price_usd', 'token.market_cap_usd', 'defi.revenue.usd_24h'];

function compareMetrics(networks: Network[]): MetricDefinition[] {
  const result: MetricDefinition[] = [];
  for (const prefix of COMPARE_METRICS) {
    for (const network of networks) {
      const entry = networkEntry(network);
      const id = prefix.startsWith('token.')
        ? `${prefix}{${entry.tokens[0]?.coingeckoId}}`
        : `${prefix}{${entry.defillamaSlug}}`;
      const metric = getMetric(id);
      if (metric && !result.includes(metric)) result.push(metric);
    }
  }
  return result;
}
