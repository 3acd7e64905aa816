import type { Source } from '../../chat/reply.ts';
import { routeQuestion } from './metric-router.ts';
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
