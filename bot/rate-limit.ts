const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;

export type RateDecision =
  | { allowed: true }
  /** notify is true once per limited period: the first refused question gets a notice, later ones silence. */
  | { allowed: false; notify: boolean; retryAfterMs: number; window: 'minute' | 'day' };

/** The limit a question passes before it is answered; shared by every process when Postgres keeps it. */
export interface RateLimiter {
  take(key: string): Promise<RateDecision>;
}

/** The in-memory limiter of one process. */
export interface LocalRateLimiter {
  take(key: string): RateDecision;
  /** Gives back the last allowed take (the shared limit refused it after all). */
  refund(key: string): void;
}

export interface RateLimitOptions {
  perMinute: number;
  perDay: number;
  now?: () => number;
}

interface Bucket {
  /** Times of accepted questions within the last day, oldest first. */
  times: number[];
  silentUntil: number;
}

/**
 * Sliding-window limits per user, in memory. Alone it limits one process; with several processes it
 * stands in front of the shared limit (shared-rate-limit.ts), refusing a flood without a round trip.
 */
export function createRateLimiter(options: RateLimitOptions): LocalRateLimiter {
  const now = options.now ?? Date.now;
  const buckets = new Map<string, Bucket>();

  function sweep(at: number): void {
    if (buckets.size < 10_000) return;
    for (const [key, bucket] of buckets) {
      const last = bucket.times[bucket.times.length - 1] ?? 0;
      if (at - last > DAY_MS && at > bucket.silentUntil) buckets.delete(key);
    }
  }

  return {
    take(key) {
      const at = now();
      sweep(at);
      const bucket = buckets.get(key) ?? { times: [], silentUntil: 0 };
      buckets.set(key, bucket);
      while (bucket.times.length > 0 && at - (bucket.times[0] ?? 0) >= DAY_MS) bucket.times.shift();
      const inMinute = bucket.times.filter((time) => at - time < MINUTE_MS);
      let refusal: { retryAfterMs: number; window: 'minute' | 'day' } | undefined;
      if (bucket.times.length >= options.perDay) {
        refusal = { retryAfterMs: (bucket.times[0] ?? at) + DAY_MS - at, window: 'day' };
      } else if (inMinute.length >= options.perMinute) {
        refusal = { retryAfterMs: (inMinute[0] ?? at) + MINUTE_MS - at, window: 'minute' };
      }
      if (!refusal) {
        bucket.times.push(at);
        return { allowed: true };
      }
      const notify = at >= bucket.silentUntil;
      if (notify) bucket.silentUntil = at + refusal.retryAfterMs;
      return { allowed: false, notify, ...refusal };
    },
    refund(key) {
      buckets.get(key)?.times.pop();
    },
  };
}
