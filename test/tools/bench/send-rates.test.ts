import { describe, expect, it } from 'vitest';
import { measureSendRates, peakInWindow, percentile } from '../../../tools/bench/send-rates.ts';

describe('the chat bench send-rate measures', () => {
  it('counts the most messages in any sliding window, not per fixed second', () => {
    // Two fixed seconds with 2 each, but 4 within one sliding second around the boundary.
    expect(peakInWindow([100, 900, 1_000, 1_050, 2_500], 1_000)).toBe(4);
    expect(peakInWindow([], 1_000)).toBe(0);
  });

  it('splits private chats from groups by the sign of the chat id', () => {
    const rates = measureSendRates([
      { chatId: '7', at: 0 },
      { chatId: '7', at: 980 },
      { chatId: '8', at: 0 },
      // 21 messages 3 s apart: any sliding minute holds 20.
      ...Array.from({ length: 21 }, (_, index) => ({ chatId: '-100', at: index * 3_000 })),
    ]);
    expect(rates).toEqual({
      overallPerSecond: 4,
      privatePerSecond: 2,
      privateMinGapMs: 980,
      groupPerMinute: 20,
    });
  });

  it('takes nearest-rank percentiles', () => {
    expect(percentile([5, 1, 3, 2, 4], 0.5)).toBe(3);
    expect(percentile([5, 1, 3, 2, 4], 0.95)).toBe(5);
    expect(percentile([], 0.5)).toBeNull();
  });
});
