import { loadConfig } from '../../bot/config.ts';
import { createLogger } from '../../bot/logger.ts';
import { runMetricEval } from './metric-eval.ts';

/** `--metric-questions <file>`: needs no corpus, the bundled knowledge and replay metrics serve. */
export async function runMetricQuestions(file: string, options: { json?: boolean; out?: string }) {
  const config = loadConfig({ LOG_LEVEL: 'warn' });
  if (!config.ok) throw new Error(config.reason);
  await runMetricEval({
    file,
    config: config.value,
    logger: createLogger('warn', process.stderr),
    json: options.json ?? false,
    out: options.out,
  });
}
