import { describe, expect, it } from 'vitest';
import { citedMetricIds, isRoutedRight, type MetricQuestion } from '../../../tools/eval/metric-eval.ts';

const row = (metrics: string[], none = false): MetricQuestion => ({ id: 'r', question: 'q', metrics, none });

describe('metric routing score', () => {
  it('passes when every listed metric is cited and at most two others are', () => {
    expect(isRoutedRight(row(['a']), ['a'])).toBe(true);
    expect(isRoutedRight(row(['a']), ['b', 'a', 'c'])).toBe(true);
    expect(isRoutedRight(row(['a']), ['a', 'b', 'c', 'd'])).toBe(false);
    expect(isRoutedRight(row(['a', 'b']), ['a'])).toBe(false);
  });

  it('passes a none row only when the answer carries no metric figure', () => {
    expect(isRoutedRight(row([], true), [])).toBe(true);
    expect(isRoutedRight(row([], true), ['a'])).toBe(false);
  });

  it('names cited metrics by catalogue id from their "label = value" source titles, documents ignored', () => {
    expect(
      citedMetricIds([
        { kind: 'metric', title: 'Akash GPUs available = 116 GPUs' },
        { kind: 'document', title: 'Akash Network' },
        { kind: 'metric', title: 'RENDER price = $3.45' },
      ]),
    ).toEqual(['akash.gpu.available', 'token.price_usd{render-token}']);
  });
});
