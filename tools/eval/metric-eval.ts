import { readFileSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import type { Config } from '../../bot/config.ts';
import type { Logger } from '../../bot/logger.ts';
import { createDatabase } from '../../db/database.ts';
import { migrate } from '../../db/migrate.ts';
import { startKnowledge } from '../../bot/start-knowledge.ts';
import { CATALOGUE } from '../../metrics/series/catalogue.ts';
import { startMetrics } from '../../bot/start-metrics.ts';

/** One routing question: the catalogue ids its answer must cite, or none for a question that wants no figure. */
export const metricQuestionSchema = z.object({
  id: z.string(),
  question: z.string().min(1),
  metrics: z.array(z.string()),
  none: z.boolean().default(false),
});
export type MetricQuestion = z.infer<typeof metricQuestionSchema>;

/** Extra figures beyond the asked ones that still count as a right route (context, not noise). */
const EXTRA_ALLOWED = 2;

/**
 * A row passes when the answer cites every listed metric and at most two others; a `none` row passes
 * when the answer carries no metric figure at all.
 */
export function isRoutedRight(row: MetricQuestion, cited: readonly string[]): boolean {
  if (row.none) return cited.length === 0;
  const missing = row.metrics.filter((id) => !cited.includes(id));
  const extra = cited.filter((id) => !row.metrics.includes(id));
  return missing.length === 0 && extra.length <= EXTRA_ALLOWED;
}

const idByLabel = new Map(CATALOGUE.map((metric) => [metric.label, metric.id]));

/** Metric sources are titled "label = value": the label names the catalogue metric. */
export function citedMetricIds(sources: readonly { kind: string; title: string }[]): string[] {
  return sources
    .filter((source) => source.kind === 'metric')
    .map((source) => {
      const label = source.title.slice(0, source.title.lastIndexOf(' = '));
      return idByLabel.get(label) ?? source.title;
    });
}

export function readMetricQuestions(file: string): MetricQuestion[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, index) => {
      const parsed = metricQuestionSchema.safeParse(JSON.parse(line));
      if (!parsed.success)
        throw new Error(`${file}:${index + 1}: expected {id, question, metrics: [catalogue ids], none}`);
      return parsed.data;
    });
}

export interface MetricEvalOptions {
  file: string;
  config: Config;
  logger: Logger;
  json: boolean;
  out?: string;
}

/**
 * Asks every routing question through the bot's own ask path, with the bundled knowledge and the
 * bundled replay metrics running on a throwaway in-memory database, and prints routing accuracy.
 */
export async function runMetricEval({ file, config, logger, json, out }: MetricEvalOptions): Promise<void> {
  const rows = readMetricQuestions(file);
  const db = await createDatabase({ dataDir: 'memory://' });
  await migrate(db);
  const metrics = await startMetrics({
    db,
    config: { metrics: { ...config.metrics, mode: 'replay' } },
    logger,
    adapters: [],
  });
  try {
    await waitForReplay(db);
    const knowledge = await startKnowledge({
      db,
      config,
      logger,
      metrics: { answerFromMetrics: metrics.answerFromMetrics },
    });
    const lines: string[] = [];
    const misses: string[] = [];
    let passed = 0;
    for (const row of rows) {
      const answer = await knowledge.answer(row.question);
      const cited = citedMetricIds(answer.sources);
      const ok = isRoutedRight(row, cited);
      if (ok) passed++;
      else
        misses.push(
          `${row.id}  ${row.question}\n    wanted ${row.none ? 'no figure' : row.metrics.join(', ')}; cited ${cited.join(', ') || 'none'}`,
        );
      lines.push(JSON.stringify({ id: row.id, question: row.question, metrics: cited, answer: answer.text }));
    }
    if (out) writeFileSync(out, `${lines.join('\n')}\n`);
    const accuracy = rows.length === 0 ? 0 : Math.round((passed / rows.length) * 1000) / 1000;
    if (!json || process.stdout.isTTY) for (const miss of misses) console.log(miss);
    console.log(`\nmetric routing: ${passed}/${rows.length} right, accuracy ${accuracy}`);
    if (json) console.log(JSON.stringify({ questions: rows.length, routed_right: passed, accuracy }));
  } finally {
    await metrics.stop();
    await db.close();
  }
}

/** The replay source stores the whole bundled series on its first poll; its health row says when. */
async function waitForReplay(db: Awaited<ReturnType<typeof createDatabase>>): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const rows = await db.query(
      `SELECT 1 FROM metric_source_health WHERE source = 'replay' AND last_success_at IS NOT NULL`,
    );
    if (rows.length > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the bundled replay metrics were not stored within 60 s');
}
