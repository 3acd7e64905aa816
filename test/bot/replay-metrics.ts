import type { MetricsConfig } from '../../bot/config.ts';
import { createLogger } from '../../bot/logger.ts';
import type { Database } from '../../db/database.ts';
import { createMetricsCommands, createMetricsForgetHook } from '../../metrics/metrics-commands.ts';
import type { MetricsServices } from '../../metrics/metrics-services.ts';
import { createMetrics, type MetricsHandle } from '../../bot/start-metrics.ts';
import { loadUserHasher } from '../../bot/user-hash.ts';
import { waitFor } from './wait-for.ts';

/** The bundled offline series; the live URLs point at a closed loopback port, so nothing leaves. */
const REPLAY: MetricsConfig = {
  mode: 'replay',
  akashApiUrl: 'http://127.0.0.1:9',
  coingeckoApiUrl: 'http://127.0.0.1:9',
  defillamaApiUrl: 'http://127.0.0.1:9',
  timeoutMs: 2_000,
  sendRatePerSecond: 50,
  sendConcurrency: 4,
};

/**
 * Metrics on the bundled replay series at a fixed time, once its first poll is stored; delivery
 * starts when the caller's adapter is up (metrics.startDelivery), as in main.ts.
 */
export async function startReplayMetrics(db: Database, now: () => Date): Promise<MetricsHandle> {
  const metrics = await createMetrics({
    db,
    config: { metrics: REPLAY },
    logger: createLogger('silent'),
    clock: { now },
    tickMs: 100,
  });
  await waitFor(
    async () =>
      (
        await db.query(
          `SELECT 1 FROM metric_source_health WHERE source = 'replay' AND last_success_at IS NOT NULL`,
        )
      ).length > 0,
  );
  return metrics;
}

/** What main.ts hands createBotCore when metrics run: their command plugins and /forget hook. */
export async function metricsPlugins(db: Database, services: MetricsServices) {
  const hashUser = await loadUserHasher(db);
  return {
    hashUser,
    commands: createMetricsCommands(services, hashUser),
    forgetHooks: [createMetricsForgetHook(services)],
  };
}
