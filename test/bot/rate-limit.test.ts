import { describe, expect, it } from 'vitest';
import { createRateLimiter } from '../../bot/rate-limit.ts';

describe('createRateLimiter', () => {
  it('allows the per-minute quota, notifies once, then stays silent until the window slides', () => {
    let now = 0;
    const limiter = createRateLimiter({ perMinute: 2, perDay: 100, now: () => now });
    expect(limiter.take('u')).toEqual({ allowed: true });
    now = 10_000;
    expect(limiter.take('u')).toEqual({ allowed: true });
    now = 20_000;
    expect(limiter.take('u')).toEqual({
      allowed: false,
      notify: true,
      retryAfterMs: 40_000,
      window: 'minute',
    });
    now = 30_000;
    expect(limiter.take('u')).toMatchObject({ allowed: false, notify: false });
    expect(limiter.take('other')).toEqual({ allowed: true });
    now = 60_000;
    expect(limiter.take('u')).toEqual({ allowed: true });
  });

  it('enforces the daily quota across minutes', () => {
    let now = 0;
    const limiter = createRateLimiter({ perMinute: 10, perDay: 3, now: () => now });
    for (let minute = 0; minute < 3; minute += 1) {
      now = minute * 60_000;
      expect(limiter.take('u').allowed).toBe(true);
    }
    now = 5 * 60_000;
    expect(limiter.take('u')).toMatchObject({ allowed: false, notify: true, window: 'day' });
    now = 24 * 3_600_000;
    expect(limiter.take('u').allowed).toBe(true);
  });
});
