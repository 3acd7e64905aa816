import type { Source } from '../../chat/reply.ts';
import { CATALOGUE, getMetric, type MetricDefinition, type Network } from './catalogue.ts';
import { normalise } from './metric-names.ts';
import {
  describeReading,
  readingSource,
  readMetric,
  sampleNotice,
  type MetricReading,
  type ReadingDeps,
} from './readings.ts';

export type MetricAnswerDeps = ReadingDeps;

export interface MetricAnswer {
  /** Plain text with [n] citations into `sources`. */
  text: string;
  sources: Source[];
  readings: MetricReading[];
  /** True when any figure is bundled sample data (the text says so). */
  sampleData: boolean;
  /** True when any figure is stale (the text says so). */
  stale: boolean;
}

const NUMERIC_CUE =
  /\b(how (many|much)|number of|count|price|prices|cost|costs|worth|value|current(ly)?|right now|now|today|latest|total|revenue|fees?|tvl|market ?caps?|mcap|utili[sz]ation|compare|comparison|vs|versus|change|spend|spending|available|leased|active)\b/;
const COMPARE_CUE = /\b(compare|comparison|vs|versus|against)\b/;
const NETWORK_WORDS: Record<string, Network> = {
  akash: 'akash',
  akt: 'akash',
  render: 'render',
  rndr: 'render',
  filecoin: 'filecoin',
  fil: 'filecoin',
  helium: 'helium',
  hnt: 'helium',
  hivemapper: 'hivemapper',
  honey: 'hivemapper',
};
/** What "compare X and Y" shows for each network: the figures every network has, then usage. */
const COMPARE_METRICS = ['token.price_usd', 'token.market_cap_usd', 'defi.revenue.usd_24h'];
const COIN_OF: Record<Network, string> = {
  akash: 'akash-network',
  render: 'render-token',
  filecoin: 'filecoin',
  helium: 'helium',
  hivemapper: 'hivemapper',
};

const aliasIndex = CATALOGUE.flatMap((metric) =>
  [metric.label, ...metric.aliases].map((alias) => ({ metric, words: toWords(alias) })),
).sort((a, b) => b.words.length - a.words.length);

/**
 * Routes numeric questions ("how many GPUs are on Akash right now", "AKT price", "compare Render and
 * Akash") to the metrics. Returns undefined when the question is not about a number we track, so
 * the ask path carries on with documents alone.
 */
export async function answerFromMetrics(
  question: string,
  deps: MetricAnswerDeps,
): Promise<MetricAnswer | undefined> {
  const metrics = routeQuestion(question);
  if (metrics.length === 0) return undefined;
  const readings = (await Promise.all(metrics.map((metric) => readMetric(metric, deps)))).filter(
    (reading): reading is MetricReading => reading !== undefined,
  );
  if (readings.length === 0) return undefined;
  return composeMetricAnswer(readings, deps.clock.now());
}

export function composeMetricAnswer(readings: MetricReading[], now: Date): MetricAnswer {
  const lines = readings.map((reading, index) => describeReading(reading, index + 1, now));
  const notice = sampleNotice(readings);
  const stale = readings.some((reading) => reading.stale);
  const blocks = [...lines];
  if (notice) blocks.push(notice);
  if (stale)
    blocks.push('Stale figures are the last values we could fetch; the live source has not answered since.');
  return {
    text: blocks.join('\n'),
    sources: readings.map((reading, index) => readingSource(reading, index + 1)),
    readings,
    sampleData: notice !== undefined,
    stale,
  };
}

/** Which catalogue metrics a question asks about; empty when it is not a numeric question. */
export function routeQuestion(question: string): MetricDefinition[] {
  const words = toWords(question);
  const text = ` ${words.join(' ')} `;
  const hasCue = NUMERIC_CUE.test(text);
  const networks = [...new Set(words.map((word) => NETWORK_WORDS[word]).filter((n): n is Network => !!n))];
  if (COMPARE_CUE.test(text) && networks.length >= 2) return compareMetrics(networks);

  const found: MetricDefinition[] = [];
  let remaining = text;
  for (const { metric, words: aliasWords } of aliasIndex) {
    const phrase = ` ${aliasWords.join(' ')} `;
    if (!remaining.includes(phrase)) continue;
    // A bare one-word alias ("akt", "gpus") counts only in a question that asks for a number.
    if (aliasWords.length < 2 && !hasCue) continue;
    if (!isAbout(metric, networks)) continue;
    remaining = remaining.replace(phrase, ' ');
    if (!found.includes(metric)) found.push(metric);
  }
  return found.slice(0, 6);
}

/** A metric of another network than the ones named is a false match ("render price" ≠ AKT). */
function isAbout(metric: MetricDefinition, networks: Network[]): boolean {
  return networks.length === 0 || networks.includes(metric.network);
}

function compareMetrics(networks: Network[]): MetricDefinition[] {
  const result: MetricDefinition[] = [];
  for (const prefix of COMPARE_METRICS) {
    for (const network of networks) {
      const coin = COIN_OF[network];
      const metric = getMetric(`${prefix}{${coin}}`);
      if (metric && !result.includes(metric)) result.push(metric);
    }
  }
  return result;
}

function toWords(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9%.\s-]+/g, ' ')
    .split(/[\s.-]+/)
    .map((word) => normalise(word))
    .filter(Boolean);
}
