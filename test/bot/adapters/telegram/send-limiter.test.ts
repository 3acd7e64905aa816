import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSendLimiter } from '../../../../bot/send-limiter.ts';
import { telegramSendLimits } from '../../../../bot/adapters/telegram/telegram-send-limits.ts';
import { peakInWindow } from '../../../../tools/bench/send-rates.ts';

/** Sends that take `durationMs`; Telegram may stamp each at its start or at its end. */
function recordSends(durationMs: number) {
  const starts: number[] = [];
  const ends: number[] = [];
  const send = async () => {
    starts.push(Date.now());
    await new Promise((resolve) => setTimeout(resolve, durationMs));
    ends.push(Date.now());
  };
  return { starts, ends, send };
}

describe('the Telegram send limiter', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('holds a group to 20 messages in any sliding minute, not per fixed minute (past bug)', async () => {
    const limiter = createSendLimiter(telegramSendLimits);
    const { starts, ends, send } = recordSends(300);
    // Late in one minute: the old reservoir refreshed at the minute mark and let 20 more through.
    await vi.advanceTimersByTimeAsync(50_000);
    const all = Promise.all(Array.from({ length: 45 }, () => limiter.run('-100123', send)));
    await vi.advanceTimersByTimeAsync(300_000);
    await all;
    expect(starts).toHaveLength(45);
    for (const times of [starts, ends]) {
      expect(peakInWindow(times, 60_000)).toBe(20);
      expect(peakInWindow(times, 1_000)).toBe(1);
    }
  });

  it('holds every chat together to 30 in any sliding second, at the start or the end of each send', async () => {
    const limiter = createSendLimiter(telegramSendLimits);
    const { starts, ends, send } = recordSends(250);
    await vi.advanceTimersByTimeAsync(600);
    const all = Promise.all(Array.from({ length: 200 }, (_, index) => limiter.run(String(index + 1), send)));
    await vi.advanceTimersByTimeAsync(30_000);
    await all;
    expect(peakInWindow(starts, 1_000)).toBe(30);
    expect(peakInWindow(ends, 1_000)).toBe(30);
    expect(peakInWindow([...starts.slice(0, 30), ...ends.slice(30)], 1_000)).toBeLessThanOrEqual(30);
  });

  it('spaces one private chat by a second and a jitter margin after each send ends, and counts a failed send too', async () => {
    const limiter = createSendLimiter(telegramSendLimits);
    const starts: number[] = [];
    const failing = async () => {
      starts.push(Date.now());
      await new Promise((resolve) => setTimeout(resolve, 400));
      throw new Error('network');
    };
    const first = limiter.run('42', failing).catch(() => 'failed');
    const second = limiter.run('42', async () => void starts.push(Date.now()));
    await vi.advanceTimersByTimeAsync(5_000);
    expect(await first).toBe('failed');
    await second;
    expect(starts).toEqual([starts[0], (starts[0] ?? 0) + 1_450]);
  });

  it('gives up waiting when the call is aborted, and frees nothing it did not take', async () => {
    const limiter = createSendLimiter({ overall: { max: 1, windowMs: 1_000 }, perChat: () => [] });
    const controller = new AbortController();
    await limiter.run('1', async () => {});
    const waiting = limiter.run('2', async () => 'sent', controller.signal);
    controller.abort();
    await expect(waiting).rejects.toThrow(/aborted/);
    const next = limiter.run('3', async () => 'sent');
    await vi.advanceTimersByTimeAsync(1_000);
    await expect(next).resolves.toBe('sent');
  });

  it('keeps a share of the overall budget for answers while a digest fan-out is queued', async () => {
    const limiter = createSendLimiter(telegramSendLimits);
    const digests: number[] = [];
    const answers: number[] = [];
    const fanOut = Promise.all(
      Array.from({ length: 200 }, (_, index) =>
        limiter.run(String(10_000 + index), async () => void digests.push(Date.now()), undefined, true),
      ),
    );
    await vi.advanceTimersByTimeAsync(10);
    const asked = Promise.all(
      Array.from({ length: 10 }, (_, index) =>
        limiter.run(String(index + 1), async () => void answers.push(Date.now())),
      ),
    );
    await vi.advanceTimersByTimeAsync(100);
    // The answers went at once, not behind 200 digests (about 7 s at 30/s).
    expect(answers).toHaveLength(10);
    await vi.advanceTimersByTimeAsync(20_000);
    await Promise.all([fanOut, asked]);
    expect(peakInWindow(digests, 1_000)).toBe(20);
    expect(peakInWindow([...digests, ...answers], 1_000)).toBeLessThanOrEqual(30);
  });
});
