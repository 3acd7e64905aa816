import { describe, expect, it } from 'vitest';
import { createDigestComposer } from '../../../metrics/digests/digest-data.ts';
import { createSeriesStore } from '../../../metrics/series/series-store.ts';
import { testEngines } from '../../fakes/test-db.ts';

describe.each(testEngines())("a digest's parts from other areas on $name", (engine) => {
  const now = new Date('2026-05-02T06:00:00Z');

  it('lists new documents and the most asked question through their ports, and logs a part that fails', async () => {
    const db = await engine.open();
    try {
      const failed: string[] = [];
      const base = {
        db,
        store: createSeriesStore(db),
        clock: { now: () => now },
        staleAfterMs: () => 900_000,
      };
      const compose = createDigestComposer({
        ...base,
        chart: false,
        documentsSince: async () => [
          { title: 'Akash pricing', path: 'akash.md', updatedAt: now, isNew: true },
        ],
        topQuestionSince: async () => ({ question: 'what is depin', count: 3 }),
        onPartFailed: (part) => failed.push(part),
      });
      const text = (await compose(['akash'], '2026-05-02', 'UTC')).blocks.join('\n');
      expect(text).toContain('• New: Akash pricing [1]');
      expect(text).toContain('Most asked this week (3 times): "what is depin"');
      expect(failed).toEqual([]);

      const broken = createDigestComposer({
        ...base,
        chart: false,
        documentsSince: () => Promise.reject(new Error('documents table missing')),
        onPartFailed: (part) => failed.push(part),
      });
      const without = (await broken(['render'], '2026-05-02', 'UTC')).blocks.join('\n');
      expect(without).not.toContain('Knowledge base');
      expect(without).toContain('Not financial advice');
      expect(failed).toEqual(['recent documents']);
    } finally {
      await db.close();
    }
  });
});
