import type { Logger } from 'pino';
import type { SeriesStore } from './series-store.ts';
import type { SourceHealthStore } from './source-health.ts';
import type { Clock, MetricSource, Sample, SourceFailure } from './types.ts';

export interface PollerOptions {
  sources: readonly MetricSource[];
  store: SeriesStore;
  health: SourceHealthStore;
  clock: Clock;
  logger: Logger;
  /** METRICS_POLL_SECONDS: replaces every source's own interval (tests, demos). */
  intervalOverrideMs?: number;
  /** Upper bound of the exponential back-off after consecutive failures. */
  maxBackoffMs?: number;
  /** Called with the samples that were new, e.g. to evaluate alert rules. */
  onNewSamples?: (samples: Sample[]) => Promise<void>;
}

export interface PollOutcome {
  source: string;
  inserted: number;
  failures: SourceFailure[];
  nextPollAt: Date;
}

export interface Poller {
  /** Polls one source now (no claim), stores what is new and records health. */
  pollSource(source: MetricSource): Promise<PollOutcome>;
  /**
   * Stores each source's recent history (live mode, at start). History is not evaluated against
   * alert rules: only observations from now on can fire them.
   */
  backfill(): Promise<number>;
  /** Polls every source that is due and that this process managed to claim. */
  tick(): Promise<PollOutcome[]>;
  start(tickMs?: number): void;
  stop(): Promise<void>;
  intervalOf(source: MetricSource): number;
}

const CLAIM_LEASE_MS = 60_000;

export function createPoller(options: PollerOptions): Poller {
  const { store, health, clock, logger } = options;
  const maxBackoffMs = options.maxBackoffMs ?? 60 * 60_000;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | undefined;
  const intervalOf = (source: MetricSource) => options.intervalOverrideMs ?? source.intervalMs;

  async function pollSource(source: MetricSource): Promise<PollOutcome> {
    const log = logger.child({ source: source.name });
    const result = await source.poll();
    const now = clock.now();
    const inserted = result.samples.length > 0 ? await store.insertSamples(result.samples, now) : [];
    const interval = intervalOf(source);
    let nextPollAt: Date;
    if (result.failures.length === 0) {
      nextPollAt = new Date(now.getTime() + interval);
      await health.recordSuccess(source.name, now, nextPollAt);
    } else {
      const previous = (await health.get(source.name))?.failures ?? 0;
      // Back off only when nothing came through; a partly working source keeps its cadence.
      const backoff =
        result.samples.length === 0 ? Math.min(interval * 2 ** (previous + 1), maxBackoffMs) : interval;
      const retryAfter = Math.max(0, ...result.failures.map((failure) => failure.retryAfterMs ?? 0));
      nextPollAt = new Date(now.getTime() + Math.max(backoff, retryAfter));
      const reason = result.failures.map((failure) => `${failure.endpoint}: ${failure.reason}`).join('; ');
      await health.recordFailure(source.name, now, reason, nextPollAt);
      log.warn({ reason, nextPollAt }, 'metric source degraded');
    }
    if (inserted.length > 0 && options.onNewSamples) {
      try {
        await options.onNewSamples(inserted);
      } catch (error) {
        log.error({ err: error }, 'handling new samples failed');
      }
    }
    log.debug({ inserted: inserted.length, failures: result.failures.length }, 'polled');
    return { source: source.name, inserted: inserted.length, failures: result.failures, nextPollAt };
  }

  async function tick(): Promise<PollOutcome[]> {
    const outcomes: PollOutcome[] = [];
    for (const source of options.sources) {
      try {
        if (!(await health.claim(source.name, clock.now(), CLAIM_LEASE_MS))) continue;
        outcomes.push(await pollSource(source));
      } catch (error) {
        logger.error({ err: error, source: source.name }, 'poll failed');
      }
    }
    return outcomes;
  }

  async function backfill(): Promise<number> {
    let stored = 0;
    for (const source of options.sources) {
      if (!source.backfill) continue;
      try {
        const result = await source.backfill();
        stored += (await store.insertSamples(result.samples, clock.now())).length;
        if (result.failures.length > 0) {
          logger.warn({ source: source.name, failures: result.failures }, 'backfill incomplete');
        }
      } catch (error) {
        logger.error({ err: error, source: source.name }, 'backfill failed');
      }
    }
    return stored;
  }

  return {
    pollSource,
    tick,
    backfill,
    intervalOf,
    start(tickMs = 5_000) {
      const loop = () => {
        running = tick().finally(() => {
          if (timer !== undefined) timer = setTimeout(loop, tickMs);
        });
      };
      timer = setTimeout(loop, 0);
    },
    async stop() {
      const pending = timer;
      timer = undefined;
      if (pending) clearTimeout(pending);
      await running;
    },
  };
}
