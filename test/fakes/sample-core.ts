import { createBotCore, type BotCore, type BotCoreOptions } from '../../bot/core.ts';
import { createLogger } from '../../bot/logger.ts';
import { testLimits } from '../bot/terminal-driver.ts';
import { sampleAnswer } from './fake-ask.ts';

/** A core that answers every question with the sample answer, under the test limits, logging nothing. */
export function createSampleCore(
  db: BotCoreOptions['db'],
  extra: Partial<BotCoreOptions> = {},
): Promise<BotCore> {
  return createBotCore({
    db,
    ask: async (question) => sampleAnswer(question),
    limits: testLimits,
    logger: createLogger('silent'),
    ...extra,
  });
}
