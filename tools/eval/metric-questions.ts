import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../../bot/config.ts';
import { createLogger } from '../../bot/logger.ts';

/** The metric-routing evaluation lives in its own module (metric-eval.ts), added with the routing work. */
const METRIC_EVAL = new URL('./metric-eval.ts', import.meta.url);

export const METRIC_QUESTIONS_MISSING =
  'this set needs --metric-questions support (tools/eval/metric-eval.ts is not in this checkout)';

export function hasMetricQuestions(): boolean {
  return existsSync(fileURLToPath(METRIC_EVAL));
}

interface MetricEvalModule {
  runMetricEval(options: {
    file: string;
    config: unknown;
    logger: unknown;
    json: boolean;
    out?: string;
  }): Promise<void>;
}

/** Runs `--metric-questions <file>` when the routing evaluation is present, or says that it is not. */
export async function runMetricQuestions(file: string, options: { json?: boolean; out?: string }) {
  if (!hasMetricQuestions()) {
    console.error(METRIC_QUESTIONS_MISSING);
    process.exitCode = 2;
    return;
  }
  const config = loadConfig({ LOG_LEVEL: 'warn' });
  if (!config.ok) throw new Error(config.reason);
  // A computed specifier: this checkout type-checks with or without the module.
  const module = (await import(METRIC_EVAL.href)) as MetricEvalModule;
  await module.runMetricEval({
    file,
    config: config.value,
    logger: createLogger('warn', process.stderr),
    json: options.json ?? false,
    out: options.out,
  });
}
