import { afterEach, describe, expect, it, vi } from 'vitest';
import { createThrottle } from '../../delivery/send-worker.ts';

describe('send throttle', () => {
  afterEach(() => void vi.useRealTimers());

  function releases(throttle: () => Promise<void>, count: number, into: number[]): void {
    for (let i = 0; i < count; i++) void throttle().then(() => into.push(performance.now()));
  }

  it('lets at most the rate through in any one-second window, never closer than 0.8 of the spacing', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'performance'] });
    const released: number[] = [];
    releases(createThrottle(10), 35, released);
    await vi.runAllTimersAsync();
    expect(released).toHaveLength(35);
    for (let i = 1; i < released.length; i++)
      expect(released[i]! - released[i - 1]!).toBeGreaterThanOrEqual(80);
    // 1,050 ms rather than 1,000: the margin that keeps jittered arrivals within the rate.
    for (let i = 10; i < released.length; i++)
      expect(released[i]! - released[i - 10]!).toBeGreaterThanOrEqual(1050);
  });

  it('lets sends that start late use the rest of the second (evenly spaced slots lost it)', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'performance'] });
    const throttle = createThrottle(10);
    const start = performance.now();
    await throttle();
    await vi.advanceTimersByTimeAsync(500);
    const released: number[] = [];
    releases(throttle, 9, released);
    await vi.runAllTimersAsync();
    // Ten sends within 1,140 ms of the first: 80 ms apart after the pause, not 100.
    expect(released.map((at) => at - start)).toEqual([500, 580, 660, 740, 820, 900, 980, 1060, 1140]);
  });
});
