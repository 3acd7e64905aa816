import type { Source } from '../../chat/reply.ts';
import type { MetricDefinition } from './catalogue.ts';
import { formatTime } from '../../lib/format-time.ts';
import { formatAge, formatChange, formatValue, percentChange } from './format.ts';
import type { SeriesStore } from './series-store.ts';
import { REPLAY_SOURCE } from './sources/replay.ts';
import type { Clock } from './types.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** The latest value of one metric with its context: changes, age, staleness, provenance. */
export interface MetricReading {
  metric: MetricDefinition;
  value: number;
  observedAt: Date;
  source: string;
  change24h?: number;
  change7d?: number;
  /** Older than three poll intervals of its source (never set for bundled sample data). */
  stale: boolean;
  /** From the bundled replay snapshot, not a live API. */
  sample: boolean;
  /** Set when stale and the source is currently failing. */
  degradedReason?: string;
}

export interface ReadingDeps {
  store: SeriesStore;
  clock: Clock;
  /** How long a value of this source stays current: three poll intervals. */
  staleAfterMs(source: string): number;
  /** Why a source is degraded, when it is (shown next to stale values). */
  degradedReason?(source: string): Promise<string | undefined>;
}

export async function readMetric(
  metric: MetricDefinition,
  deps: ReadingDeps,
): Promise<MetricReading | undefined> {
  const latest = await deps.store.latest(metric.id);
  if (!latest) return undefined;
  const at = latest.observedAt.getTime();
  // Compare against the series itself, so replay data gets changes relative to its own dates.
  const [day, week] = await Promise.all([
    deps.store.valueAt(metric.id, new Date(at - DAY), 3 * HOUR),
    deps.store.valueAt(metric.id, new Date(at - 7 * DAY), 12 * HOUR),
  ]);
  const sample = latest.source === REPLAY_SOURCE;
  const age = deps.clock.now().getTime() - at;
  const stale = !sample && age > deps.staleAfterMs(latest.source);
  const degradedReason = stale ? await deps.degradedReason?.(latest.source) : undefined;
  return {
    metric,
    value: latest.value,
    observedAt: latest.observedAt,
    source: latest.source,
    change24h: percentChange(latest.value, day?.value),
    change7d: percentChange(latest.value, week?.value),
    stale,
    sample,
    ...(degradedReason ? { degradedReason } : {}),
  };
}

/** One line: "AKT price: $1.23 (24 h −2.5 %, 7 d +4.0 %), observed 2026-04-22 12:00 UTC [1]". */
export function describeReading(reading: MetricReading, n: number, now: Date): string {
  const changes = `24 h ${formatChange(reading.change24h)}, 7 d ${formatChange(reading.change7d)}`;
  const when = reading.stale
    ? `STALE: last observed ${formatTime(reading.observedAt)} (${formatAge(now.getTime() - reading.observedAt.getTime())} ago), not current` +
      (reading.degradedReason ? `; the source is failing (${reading.degradedReason})` : '')
    : `observed ${formatTime(reading.observedAt)}`;
  return `${reading.metric.label}: ${formatValue(reading.value, reading.metric.unit)} (${changes}), ${when} [${n}]`;
}

export function readingSource(reading: MetricReading, n: number): Source {
  return {
    n,
    kind: 'metric',
    title: `${reading.metric.label} = ${formatValue(reading.value, reading.metric.unit)}`,
    path: reading.sample ? 'bundled sample data (replay)' : sourceTitle(reading.source),
    date: reading.observedAt.toISOString(),
    // The metric's public page: where a reader checks the figure, also for bundled sample figures.
    url: reading.metric.page,
  };
}

/** The notice every reply built on bundled data carries. */
export function sampleNotice(readings: readonly MetricReading[]): string | undefined {
  const samples = readings.filter((reading) => reading.sample);
  if (samples.length === 0) return undefined;
  const newest = new Date(Math.max(...samples.map((reading) => reading.observedAt.getTime())));
  return `Sample data: these figures come from the bundled offline snapshot of ${formatTime(newest)}, not from live APIs (set METRICS_MODE=live for live data).`;
}

function sourceTitle(source: string): string {
  return (
    { 'akash-console': 'Akash Console API', coingecko: 'CoinGecko', defillama: 'DefiLlama' }[source] ?? source
  );
}
