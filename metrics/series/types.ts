/** One observation of one metric, as a source reported it. */
export interface Sample {
  metric: string;
  value: number;
  observedAt: Date;
  source: string;
}

/** Why one endpoint of a source produced no samples this time. */
export interface SourceFailure {
  endpoint: string;
  reason: string;
  /** The server asked us to wait this long (429 Retry-After). */
  retryAfterMs?: number;
}

export interface PollResult {
  samples: Sample[];
  failures: SourceFailure[];
}

/** The port every metric API implements: one poll returns validated samples or reasons, never garbage. */
export interface MetricSource {
  readonly name: string;
  /** Default poll interval, within the API's published rate limits. */
  readonly intervalMs: number;
  poll(signal?: AbortSignal): Promise<PollResult>;
  /** History for the last week, fetched once at start in live mode so changes are known at once. */
  backfill?(signal?: AbortSignal): Promise<PollResult>;
}

export type Fetch = typeof fetch;

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
