import { editDistance } from '../../lib/edit-distance.ts';

/**
 * The vocabulary metric routing reads questions and catalogue names with: general synonyms folded
 * into one concept each, so "free GPUs", "GPUs available" and "idle GPUs" all say `available`. The
 * lists are general English and chat usage, not phrasings of any particular question set.
 */

/** Multi-word phrases, matched before single words (longest first). */
const PHRASES: Record<string, string> = {
  'market cap': 'marketcap',
  'market caps': 'marketcap',
  'market capitalisation': 'marketcap',
  'market capitalization': 'marketcap',
  'total value locked': 'tvl',
  'value locked': 'tvl',
  'in use': 'leased',
  'being used': 'leased',
  'per day': '24h',
  'a day': '24h',
  'each day': '24h',
  'last day': '24h',
  'past day': '24h',
  '24 hours': '24h',
  '24 h': '24h',
  'last 24 hours': '24h',
  'past 24 hours': '24h',
  'per month': '30d',
  'a month': '30d',
  'this month': '30d',
  'last month': '30d',
  'past month': '30d',
  '30 days': '30d',
  '30 day': '30d',
  '30 d': '30d',
  'per hour': 'hour',
  'an hour': 'hour',
  'graphics cards': 'gpu',
  'graphics card': 'gpu',
  'going rate': 'price',
  'going for': 'price',
  'how expensive': 'price',
  'how cheap': 'price',
  'how busy': 'utilization',
  'mkt cap': 'marketcap',
  'can i rent': 'available',
  'can rent': 'available',
  'to rent': 'available',
  'for rent': 'available',
};

/** Single words (after folding plurals) and the concept they stand for. */
const WORDS: Record<string, string> = {
  available: 'available',
  availability: 'available',
  free: 'available',
  idle: 'available',
  unused: 'available',
  unleased: 'available',
  unrented: 'available',
  spare: 'available',
  leased: 'leased',
  rented: 'leased',
  occupied: 'leased',
  busy: 'leased',
  utilized: 'leased',
  utilised: 'leased',
  lease: 'lease',
  deployment: 'lease',
  workload: 'lease',
  rental: 'lease',
  new: 'new',
  created: 'new',
  opened: 'new',
  gpu: 'gpu',
  cpu: 'cpu',
  vcpu: 'cpu',
  provider: 'provider',
  host: 'provider',
  supplier: 'provider',
  utilization: 'utilization',
  utilisation: 'utilization',
  util: 'utilization',
  occupancy: 'utilization',
  price: 'price',
  pricing: 'price',
  priced: 'price',
  expensive: 'price',
  cheap: 'price',
  costly: 'price',
  mktcap: 'marketcap',
  cost: 'price',
  worth: 'price',
  trading: 'price',
  quote: 'price',
  marketcap: 'marketcap',
  mcap: 'marketcap',
  valuation: 'marketcap',
  revenue: 'revenue',
  earning: 'revenue',
  income: 'revenue',
  fee: 'fees',
  spend: 'spend',
  spending: 'spend',
  spent: 'spend',
  tvl: 'tvl',
  daily: '24h',
  '24h': '24h',
  yesterday: '24h',
  monthly: '30d',
  '30d': '30d',
  hour: 'hour',
  hourly: 'hour',
  hr: 'hour',
  total: 'total',
  supply: 'total',
  capacity: 'total',
  overall: 'total',
  altogether: 'total',
  active: 'active',
  running: 'active',
  ongoing: 'active',
  avg: 'avg',
  average: 'avg',
  mean: 'avg',
  typical: 'avg',
  usd: 'usd',
  dollar: 'usd',
  $: 'usd',
  '%': 'percent',
  percent: 'percent',
  percentage: 'percent',
  pct: 'percent',
  share: 'percent',
};

/**
 * A concept word typed one letter wrong ("availble", "provder"). Only words of six letters or more:
 * shorter ones are too often another real word ("least" is one letter from "lease").
 */
const FUZZY_FROM = 6;
const fuzzyWords = Object.keys(WORDS).filter((word) => word.length >= FUZZY_FROM);

function misspeltConcept(word: string): string | undefined {
  if (word.length < FUZZY_FROM || FILLER.has(word)) return undefined;
  const match = fuzzyWords.find((known) => known[0] === word[0] && editDistance(word, known, 1) <= 1);
  return match === undefined ? undefined : WORDS[match];
}

/** Words that carry no topic: grammar, chat filler, question words. Left over, they mean nothing. */
const FILLER = new Set(
  (
    'a an the and or but of on in at to for from by with about per is are was were be been being do does did ' +
    'has have had i me my we our you your u ur it its this that these those there here what whats which who ' +
    'how hows when where why can could would should will shall may might much many any some all more most ' +
    'than then so just also please pls plz thx thanks hey hi yo lol rn atm now right today currently current ' +
    'latest live days day week this tell show give get got know want need like look looking number count ' +
    'compare comparison vs versus against between both each other right up down go going went doing ' +
    'stats figure figures numbers value last past'
  ).split(' '),
);

/** The concepts a metric is named after (what is measured); the rest only qualify it. */
export const HEAD_CONCEPTS = new Set([
  'gpu',
  'cpu',
  'lease',
  'provider',
  'price',
  'marketcap',
  'revenue',
  'fees',
  'spend',
  'tvl',
  'utilization',
]);

/** Heads that name things, not amounts: "akash providers" may ask who they are, not how many. */
export const COUNTABLE_HEADS = new Set(['gpu', 'cpu', 'lease', 'provider']);

/** Qualifiers that hold when nobody says them: "GPUs" means all of them, a price is in USD. */
export const DEFAULT_QUALIFIERS = new Set(['total', 'active', 'usd', 'avg', '24h']);

const phraseList = Object.entries(PHRASES)
  .map(([phrase, concept]) => ({ words: phrase.split(' '), concept }))
  .sort((a, b) => b.words.length - a.words.length);

/** Lower-case words of a text: possessives dropped, "$" and "%" kept, hyphens and slashes split. */
export function toWords(text: string): string[] {
  return (
    text
      .toLowerCase()
      .replace(/['’]s\b/g, '')
      .replace(/(\d)\s*(h|d)\b/g, '$1$2')
      .match(/[a-z0-9]+|\$|%/g) ?? []
  );
}

/** "gpus" → "gpu", "leases" → "lease", "fees" → "fee"; short words and "-ss" words stay. */
export function singular(word: string): string {
  if (word.length <= 3 || word.endsWith('ss') || !word.endsWith('s')) return word;
  if (word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  return word.slice(0, -1);
}

export interface ReadConcepts {
  /** Concepts found, in order. */
  concepts: string[];
  /** Words that are neither a concept nor filler: what else the text is about. */
  leftover: string[];
}

/** Reads words into concepts; `skip` marks word positions already read as something else (names). */
export function readConcepts(words: readonly string[], skip: ReadonlySet<number> = new Set()): ReadConcepts {
  const concepts: string[] = [];
  const leftover: string[] = [];
  let index = 0;
  outer: while (index < words.length) {
    if (skip.has(index)) {
      index++;
      continue;
    }
    for (const phrase of phraseList) {
      const slice = words.slice(index, index + phrase.words.length);
      if (slice.length === phrase.words.length && slice.every((word, k) => word === phrase.words[k])) {
        concepts.push(phrase.concept);
        index += phrase.words.length;
        continue outer;
      }
    }
    const word = words[index]!;
    const concept = WORDS[word] ?? WORDS[singular(word)] ?? misspeltConcept(word);
    if (concept) concepts.push(concept);
    else if (!FILLER.has(word) && !/^\d+$/.test(word)) leftover.push(singular(word));
    index++;
  }
  return { concepts, leftover };
}
