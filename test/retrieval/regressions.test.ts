import { describe, expect, it } from 'vitest';
import { parseDocument } from '../../knowledge/parse-document.ts';
import { isAdviceRequest } from '../../retrieval/intent.ts';

describe('regressions found in review: dates and advice detection', () => {
  it('keeps the calendar date of a non-ISO front matter date in a time zone east of UTC', () => {
    const saved = process.env.TZ;
    process.env.TZ = 'Europe/Berlin';
    try {
      const result = parseDocument('a.md', '---\ndate: June 1, 2025\n---\n# A\n\ntext');
      expect(result.ok && result.value.date).toBe('2025-06-01');
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });

  it.each([
    'How do I buy compute on Akash?',
    'How can I buy GPU time on Akash?',
    'Will the AKT token supply increase?',
    'Will Helium token emissions decrease next halving?',
  ])('answers "%s" as a factual question, not an advice request', (question) => {
    expect(isAdviceRequest(question)).toBe(false);
  });
});
