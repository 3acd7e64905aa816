import { textReply, type Reply } from '../../chat/reply.ts';
import type { Network } from '../../retrieval/networks.ts';
import { CATALOGUE, metricsForNetwork, type MetricDefinition } from './catalogue.ts';
import { buildChartSvg, renderPng, type ChartPanel } from './chart.ts';
import { formatTime } from '../../lib/format-time.ts';
import { capitalise, formatAge, formatChange, formatValue } from './format.ts';
import { readingSource, readMetric, sampleNotice, type MetricReading, type ReadingDeps } from './readings.ts';

const WEEK = 7 * 86_400_000;
const MAX_CHART_PANELS = 6;

export interface MetricsOverview {
  /** Sent first; never held back by the chart. */
  text: Reply;
  /** A separate message with the 7-day chart, when there is data to draw. */
  chart?: Reply;
}

/** `/metrics [network]`: the latest values as a compact table, then a 7-day chart. */
export async function buildMetricsOverview(
  network: Network | undefined,
  deps: ReadingDeps,
  /** Told when the chart cannot be drawn; the table is sent without it. */
  onChartError?: (error: unknown) => void,
): Promise<MetricsOverview> {
  const metrics = network ? metricsForNetwork(network) : CATALOGUE.filter((metric) => metric.key);
  const readings = (await Promise.all(metrics.map((metric) => readMetric(metric, deps)))).filter(
    (reading): reading is MetricReading => reading !== undefined,
  );
  const title = network ? `${capitalise(network)}: latest metrics` : 'DePIN GPU networks: key metrics';
  if (readings.length === 0) {
    return {
      text: textReply(`${title}\nNo data yet: the first poll has not finished.`),
    };
  }
  const now = deps.clock.now();
  const lines = readings.map((reading, index) => tableLine(reading, index + 1, now));
  const blocks = [`${title}\n${lines.join('\n')}`, '24 h and 7 d are changes against our own stored series.'];
  const notice = sampleNotice(readings);
  if (notice) blocks.push(notice);
  const text: Reply = {
    blocks,
    sources: readings.map((reading, index) => readingSource(reading, index + 1)),
    buttons: [],
  };
  const chart = await buildOverviewChart(title, readings, deps, notice !== undefined).catch(
    (error: unknown) => {
      onChartError?.(error);
      return undefined;
    },
  );
  return chart ? { text, chart } : { text };
}

async function buildOverviewChart(
  title: string,
  readings: MetricReading[],
  deps: ReadingDeps,
  sample: boolean,
): Promise<Reply | undefined> {
  const chosen = [
    ...readings.filter((reading) => reading.metric.key),
    ...readings.filter((r) => !r.metric.key),
  ].slice(0, MAX_CHART_PANELS);
  const panels: ChartPanel[] = [];
  for (const reading of chosen) {
    const to = reading.observedAt;
    const points = await deps.store.series(reading.metric.id, new Date(to.getTime() - WEEK), to);
    if (points.length >= 2) panels.push(panelFor(reading.metric, points));
  }
  if (panels.length === 0) return undefined;
  const end = new Date(Math.max(...chosen.map((reading) => reading.observedAt.getTime())));
  const subtitle = `7 days to ${formatTime(end)}${sample ? ' · bundled sample data, not live' : ''}`;
  const png = renderPng(buildChartSvg({ title, subtitle, panels }));
  return {
    blocks: [],
    sources: [],
    buttons: [],
    image: { png, alt: `${title}, 7-day chart of ${panels.map((panel) => panel.title).join(', ')}` },
  };
}

export function panelFor(metric: MetricDefinition, points: ChartPanel['points']): ChartPanel {
  return { title: metric.label, points, format: (value) => formatValue(value, metric.unit) };
}

function tableLine(reading: MetricReading, n: number, now: Date): string {
  const value = formatValue(reading.value, reading.metric.unit);
  const stale = reading.stale
    ? ` · STALE (${formatAge(now.getTime() - reading.observedAt.getTime())} old)`
    : '';
  return `• ${reading.metric.label}: ${value} · 24 h ${formatChange(reading.change24h)} · 7 d ${formatChange(reading.change7d)}${stale} [${n}]`;
}
