import type { ChatAdapter, Platform } from '../chat/chat-adapter.ts';
import type { Config } from './config.ts';
import type { MetricsServices } from '../metrics/metrics-services.ts';
import { documentsUpdatedSince } from '../knowledge/document-store.ts';
import { createAnswerLog } from './answer-log.ts';
import type { Database } from '../db/database.ts';
import type { Logger } from 'pino';
import { createAlertDelivery } from '../metrics/alerts/alert-delivery.ts';
import { createAlertEngine } from '../metrics/alerts/alert-engine.ts';
import { createAlertStore } from '../metrics/alerts/alert-store.ts';
import { createDeliveryLedger } from '../delivery/delivery-ledger.ts';
import { createDigestComposer } from '../metrics/digests/digest-data.ts';
import { createDigestJobs, type DigestSendData, type FanOutData } from '../metrics/digests/digest-jobs.ts';
import { createJobQueue, QUEUES } from '../delivery/jobs.ts';
import { answerFromMetrics, type MetricAnswer } from '../metrics/series/metric-answer.ts';
import { createPoller } from '../metrics/series/poller.ts';
import type { ReadingDeps } from '../metrics/series/readings.ts';
import { createSendWorker, createThrottle, type SendWorker } from '../delivery/send-worker.ts';
import { createSeriesStore } from '../metrics/series/series-store.ts';
import { createSourceHealthStore } from '../metrics/series/source-health.ts';
import { createAkashConsoleSource } from '../metrics/series/sources/akash-console.ts';
import { createCoinGeckoSource } from '../metrics/series/sources/coingecko.ts';
import { createDefiLlamaSource } from '../metrics/series/sources/defillama.ts';
import { createReplaySource } from '../metrics/series/sources/replay.ts';
import { createSubscriptionStore } from '../metrics/digests/subscription-store.ts';
import { systemClock, type Clock, type Fetch, type MetricSource } from '../metrics/series/types.ts';

export interface StartMetricsOptions {
  db: Database;
  config: Pick<Config, 'metrics'>;
  logger: Logger;
  fetch?: Fetch;
  clock?: Clock;
  /** Poll, plan and evaluate in this process (default). Workers only: false. */
  poll?: boolean;
  tickMs?: number;
  /** Chart images in alerts and digests (default on; benchmarks turn them off). */
  chart?: boolean;
  jobs?: { sendExpireSeconds?: number; maintenanceIntervalSeconds?: number; retryDelaySeconds?: number };
}

export interface MetricsHandle {
  answerFromMetrics(question: string): Promise<MetricAnswer | undefined>;
  services: MetricsServices;
  /**
   * Starts sending alerts and digests through the running chat adapters, and the planner loop. Called
   * once the adapters are up, so no job is fetched before there is a platform to send it to.
   */
  startDelivery(adapters: readonly ChatAdapter[]): Promise<void>;
  /** Runs the planner and stale checks once now (tests, catch-up). */
  tick(): Promise<void>;
  stop(): Promise<void>;
}

const SAMPLE_ROLLUP_MS = 6 * 3_600_000;
/** Far beyond pg-boss's retry window (20 retries with back-off) and a day's catch-up. */
const LEDGER_RETENTION_MS = 90 * 86_400_000;

/** Services, sources and the poller, without delivery: see MetricsHandle.startDelivery. */
export async function createMetrics(options: StartMetricsOptions): Promise<MetricsHandle> {
  const { db, logger } = options;
  const settings = options.config.metrics;
  const clock = options.clock ?? systemClock;
  const log = logger.child({ area: 'metrics' });
  const store = createSeriesStore(db);
  const health = createSourceHealthStore(db);
  const alerts = createAlertStore(db);
  const subscriptions = createSubscriptionStore(db);
  const ledger = createDeliveryLedger(db);
  const sources = createSources(options, clock);
  const intervalOverrideMs = settings.pollSeconds ? settings.pollSeconds * 1000 : undefined;
  const intervals = new Map(sources.map((source) => [source.name, intervalOverrideMs ?? source.intervalMs]));
  const readings: ReadingDeps = {
    store,
    clock,
    // Stale = older than three poll intervals of the source it came from.
    staleAfterMs: (source) => 3 * (intervals.get(source) ?? 5 * 60_000),
    degradedReason: async (source) => (await health.get(source))?.reason,
  };
  let adapters: readonly ChatAdapter[] = [];
  const adapterFor = (platform: Platform) => adapters.find((adapter) => adapter.platform === platform);

  const queue = await createJobQueue({ db, logger: log, ...options.jobs });
  const engine = createAlertEngine({ db, rules: alerts, store, queue, clock, logger: log });
  const poller = createPoller({
    sources,
    store,
    health,
    clock,
    logger: log,
    intervalOverrideMs,
    onNewSamples: async (samples) => void (await engine.onNewSamples(samples)),
  });
  const answers = createAnswerLog(db);
  const composeDigest = createDigestComposer({
    ...readings,
    db,
    chart: options.chart !== false,
    documentsSince: (since) => documentsUpdatedSince(db, since),
    topQuestionSince: (since) => answers.mostAskedSince(since),
    onPartFailed: (part, error) =>
      log.warn({ err: error, part }, `digest: ${part} left out, it could not be read`),
  });
  const digests = createDigestJobs({
    db,
    queue,
    subscriptions,
    ledger,
    compose: composeDigest,
    adapterFor,
    clock,
    logger: log,
    fanOutRatePerSecond: settings.sendRatePerSecond,
  });
  const deliverAlert = createAlertDelivery({
    db,
    rules: alerts,
    ledger,
    adapterFor,
    readings,
    logger: log,
    chart: options.chart !== false,
  });

  const workerOptions = {
    boss: queue.boss,
    concurrency: settings.sendConcurrency,
    // Alerts and digests go out through the same bots: one rate limit for both.
    throttle: createThrottle(settings.sendRatePerSecond),
    logger: log,
    heartbeatMs: queue.heartbeatMs,
  };
  const workers: SendWorker[] = [
    createSendWorker<{ eventId: string; changePercent?: number | null }>({
      ...workerOptions,
      queue: QUEUES.alertDeliver,
      touch: (ids) => queue.touch(QUEUES.alertDeliver, ids),
      handle: async (job, beforeSend) =>
        void (await deliverAlert(job.data.eventId, job.data.changePercent, beforeSend)),
    }),
    createSendWorker<DigestSendData>({
      ...workerOptions,
      queue: QUEUES.digestSend,
      touch: (ids) => queue.touch(QUEUES.digestSend, ids),
      handle: async (job, beforeSend) => void (await digests.sendDigest(job.data, beforeSend)),
    }),
  ];
  let lastRollup = 0;
  async function tick(): Promise<void> {
    for (const [name, step] of [
      ['digest planning', () => digests.planDueRuns()],
      ['stale alerts', () => engine.checkStale()],
    ] as const) {
      try {
        await step();
      } catch (error) {
        log.error({ err: error }, `${name} failed`);
      }
    }
    if (Date.now() - lastRollup > SAMPLE_ROLLUP_MS) {
      lastRollup = Date.now();
      await store.rollUp(clock.now()).catch((error: unknown) => log.error({ err: error }, 'roll-up failed'));
      await ledger
        .prune(new Date(clock.now().getTime() - LEDGER_RETENTION_MS))
        .catch((error: unknown) => log.error({ err: error }, 'ledger pruning failed'));
    }
  }

  let timer: NodeJS.Timeout | undefined;
  let backfilling: Promise<void> | undefined;
  let delivering = false;
  if (options.poll !== false) {
    // History first (live mode), so the first answers already have 24 h and 7 d changes.
    backfilling = poller.backfill().then(() => poller.start(options.tickMs ?? 5_000));
  }
  log.info({ mode: settings.mode, sources: sources.map((source) => source.name) }, 'metrics started');

  return {
    answerFromMetrics: (question) => answerFromMetrics(question, readings),
    services: { store, readings, alerts, subscriptions, composeDigest },
    tick,
    async startDelivery(running) {
      if (delivering) throw new Error('metrics delivery is already running');
      delivering = true;
      adapters = running;
      await queue.boss.work<FanOutData>(QUEUES.digestFanout, async ([job]) => {
        if (job) await digests.fanOut(job.data);
      });
      for (const worker of workers) worker.start();
      if (options.poll !== false) {
        // A schedule missed while no process was up is caught up now, not at the next cron minute.
        await tick();
        const loop = () => {
          timer = setTimeout(() => void tick().finally(() => timer && loop()), options.tickMs ?? 30_000);
        };
        loop();
      }
    },
    async stop() {
      const pending = timer;
      timer = undefined;
      if (pending) clearTimeout(pending);
      await backfilling;
      await poller.stop();
      await Promise.all(workers.map((worker) => worker.stop()));
      await queue.stop();
    },
  };
}

/** createMetrics, then delivery through these adapters at once (tests and tools). */
export async function startMetrics(
  options: StartMetricsOptions & { adapters: readonly ChatAdapter[] },
): Promise<MetricsHandle> {
  const metrics = await createMetrics(options);
  await metrics.startDelivery(options.adapters);
  return metrics;
}

function createSources(options: StartMetricsOptions, clock: Clock): MetricSource[] {
  const settings = options.config.metrics;
  if (settings.mode === 'replay') return [createReplaySource()];
  const http = { fetch: options.fetch ?? fetch, timeoutMs: settings.timeoutMs };
  const now = () => clock.now();
  return [
    createAkashConsoleSource({ ...http, baseUrl: settings.akashApiUrl, now }),
    createCoinGeckoSource({ ...http, baseUrl: settings.coingeckoApiUrl, apiKey: settings.coingeckoApiKey }),
    createDefiLlamaSource({ ...http, baseUrl: settings.defillamaApiUrl, now }),
  ];
}
