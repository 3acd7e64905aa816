import type { Queryable } from '../../db/database.ts';
import { NETWORKS, type Network } from '../../retrieval/networks.ts';
import { metricsForNetwork } from '../series/catalogue.ts';
import { buildChartSvg, renderPng } from '../series/chart.ts';
import { buildDigest, type DigestDocument } from './digest-builder.ts';
import { panelFor } from '../series/metrics-overview.ts';
import { readMetric, type MetricReading, type ReadingDeps } from '../series/readings.ts';
import type { Reply } from '../../chat/reply.ts';

const DAY = 86_400_000;
const CACHE_MS = 10 * 60_000;
const MAX_PANELS = 4;

export interface DigestComposerDeps extends ReadingDeps {
  db: Queryable;
  /** Off in benchmarks: rendering is the slow part, and it is cached per digest anyway. */
  chart?: boolean;
  /** Documents added or changed since then (the knowledge area's port); none without it. */
  documentsSince?: (since: Date) => Promise<DigestDocument[]>;
  /** The question several people asked most since then (the bot's answer log); none without it. */
  topQuestionSince?: (since: Date) => Promise<{ question: string; count: number } | undefined>;
  /** A part of the digest that could not be read; the digest goes out without it. */
  onPartFailed?: (part: string, error: unknown) => void;
}

export type ComposeDigest = (
  networks: readonly Network[],
  localDate: string,
  timeZone: string,
) => Promise<Reply>;

/**
 * Gathers a digest's content from the database. Every subscriber with the same networks on the
 * same day gets the same digest, so it is built once and cached for a few minutes per process.
 */
export function createDigestComposer(deps: DigestComposerDeps): ComposeDigest {
  const cache = new Map<string, { at: number; reply: Promise<Reply> }>();
  return (networks, localDate, timeZone) => {
    const chosen = networks.length > 0 ? networks : NETWORKS;
    const key = `${[...chosen].sort().join(',')}|${localDate}|${timeZone}`;
    const now = Date.now();
    const hit = cache.get(key);
    if (hit && now - hit.at < CACHE_MS) return hit.reply;
    const reply = compose(chosen, localDate, timeZone);
    cache.set(key, { at: now, reply });
    reply.catch(() => cache.delete(key));
    return reply;
  };

  async function compose(networks: readonly Network[], localDate: string, timeZone: string): Promise<Reply> {
    const metrics = networks.flatMap((network) => metricsForNetwork(network).filter((metric) => metric.key));
    const readings = (await Promise.all(metrics.map((metric) => readMetric(metric, deps)))).filter(
      (reading): reading is MetricReading => reading !== undefined,
    );
    const since = new Date(deps.clock.now().getTime() - DAY);
    const [alerts, documents, topQuestion] = await Promise.all([
      recentAlerts(
        metrics.map((metric) => metric.id),
        since,
      ),
      recentDocuments(since),
      mostAskedQuestion(new Date(deps.clock.now().getTime() - 7 * DAY)),
    ]);
    const chartPng = deps.chart === false ? undefined : await chartFor(readings);
    return buildDigest({ localDate, timeZone, networks, readings, alerts, documents, topQuestion, chartPng });
  }

  async function recentAlerts(metrics: string[], since: Date) {
    const rows = await deps.db.query<{ summary: string; fired_at: Date | string }>(
      `SELECT summary, min(created_at) AS fired_at FROM alert_events
        WHERE created_at >= $1 AND metric = ANY($2::text[]) GROUP BY summary ORDER BY fired_at DESC LIMIT 20`,
      [since.toISOString(), metrics],
    );
    return rows.map((row) => ({ summary: row.summary, firedAt: new Date(row.fired_at) }));
  }

  async function recentDocuments(since: Date): Promise<DigestDocument[]> {
    return (
      (await optional('recent documents', deps.onPartFailed, async () => deps.documentsSince?.(since))) ?? []
    );
  }

  /** Only a question several people asked: one person's question is never broadcast. */
  async function mostAskedQuestion(since: Date) {
    const top = await optional('most asked question', deps.onPartFailed, async () =>
      deps.topQuestionSince?.(since),
    );
    return top ? { question: top.question.slice(0, 200), count: top.count } : undefined;
  }

  async function chartFor(readings: MetricReading[]): Promise<Uint8Array | undefined> {
    const panels = [];
    for (const reading of readings.slice(0, MAX_PANELS)) {
      const to = reading.observedAt;
      const points = await deps.store.series(reading.metric.id, new Date(to.getTime() - 7 * DAY), to);
      if (points.length >= 2) panels.push(panelFor(reading.metric, points));
    }
    if (panels.length === 0) return undefined;
    return renderPng(buildChartSvg({ title: 'Last 7 days', panels }));
  }
}

/** Other areas' parts of the digest are extras: one that fails is logged and left out. */
async function optional<T>(
  part: string,
  onFailed: DigestComposerDeps['onPartFailed'],
  read: () => Promise<T | undefined>,
): Promise<T | undefined> {
  try {
    return await read();
  } catch (error) {
    onFailed?.(part, error);
    return undefined;
  }
}
