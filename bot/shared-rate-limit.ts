import { AppError } from './errors.ts';
import type { LocalRateLimiter, RateLimiter } from './rate-limit.ts';
import type { SharedLimits } from './shared-limits.ts';

export interface QuestionLimiterOptions {
  local: LocalRateLimiter;
  /** Without it, the process limits on its own (PGlite, or LIMITS_SHARED=off). */
  shared?: SharedLimits;
  perMinute: number;
  perDay: number;
}

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/**
 * The per-user question limit. The local limiter goes first: what it refuses the shared one would
 * refuse too (it counts only this process's share), so a flood costs no round trip. What it allows
 * is taken from the shared limit in Postgres, which counts every process's questions; a refusal
 * there gives the local take back. The shared notice flag makes a user flooding several processes
 * hear "slow down" once per limited period; the local one, once per process.
 */
export function createQuestionLimiter(options: QuestionLimiterOptions): RateLimiter {
  const { local, shared } = options;
  return {
    async take(key) {
      const decision = local.take(key);
      if (!decision.allowed || !shared) return decision;
      const rules = [
        { key: `ask:${key}`, max: options.perMinute, windowMs: MINUTE_MS },
        { key: `ask:${key}`, max: options.perDay, windowMs: DAY_MS },
      ];
      let taken;
      try {
        taken = await shared.take(rules);
      } catch (error) {
        local.refund(key);
        // Fail closed: a question the shared limit cannot count is not answered.
        throw new AppError('limits.unavailable', 'shared limits unreachable', { cause: error });
      }
      if (taken.granted) return { allowed: true };
      local.refund(key);
      // A wait longer than a minute can only come from the day window.
      const window = taken.waitMs > MINUTE_MS ? 'day' : 'minute';
      return { allowed: false, notify: taken.notify, retryAfterMs: taken.waitMs, window };
    },
  };
}
