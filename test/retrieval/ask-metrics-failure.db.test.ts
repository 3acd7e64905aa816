import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../bot/config.ts';
import { createLogger } from '../../bot/logger.ts';
import { startKnowledge } from '../../bot/start-knowledge.ts';
import { testEngines } from '../fakes/test-db.ts';
import { FIXTURE_DIR } from '../knowledge/knowledge-folder.ts';

describe.each(testEngines())('live metrics failing for a question on $name', (engine) => {
  it('answers from the documents and logs why the live figures are missing', async () => {
    const db = await engine.open();
    const logged: Array<{ level: number; msg: string }> = [];
    try {
      const config = loadConfig({ KNOWLEDGE_DIR: FIXTURE_DIR });
      if (!config.ok) throw new Error(config.reason);
      const knowledge = await startKnowledge({
        db,
        config: config.value,
        logger: createLogger('warn', { write: (line: string) => void logged.push(JSON.parse(line)) }),
        metrics: { answerFromMetrics: () => Promise.reject(new Error('series store unreachable')) },
      });
      const answer = await knowledge.ask('How does pricing work on Akash?');
      expect(answer.abstained).toBe(false);
      expect(answer.sources.length).toBeGreaterThan(0);
      expect(logged.map((line) => line.msg)).toContain(
        'live metrics failed for a question; answering from the documents alone',
      );
    } finally {
      await db.close();
    }
  });
});
