import type { Router } from '../../bot/router.ts';
import { percentile } from './send-rates.ts';

export interface CoreLoadResult {
  answered: number;
  /** Replies that were not answers (errors, time-outs, rate-limit notices). */
  failed: number;
  seconds: number;
  answersPerSecond: number;
  p50Ms: number | null;
  p95Ms: number | null;
}

/**
 * Questions straight through the router, as an adapter would send them (each from its own private
 * chat, so the per-user rate limit never applies), including storing the answer-message link after
 * the "send". No platform, no network: the bot's own ceiling on this machine.
 */
export async function runCoreLoad(options: {
  router: Router;
  questions: readonly string[];
  total: number;
  /** Questions in flight at once; the core's ask semaphore bounds the answering itself. */
  concurrency: number;
}): Promise<CoreLoadResult> {
  const latencies: number[] = [];
  let next = 0;
  let failed = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < options.total) {
      const index = next;
      next += 1;
      const chatId = String(900_000 + index);
      const begin = performance.now();
      const outgoing = await options.router.handle({
        platform: 'telegram',
        channel: { platform: 'telegram', chatId },
        chatKind: 'private',
        userId: chatId,
        text: options.questions[index % options.questions.length] ?? 'What is DePIN?',
        messageId: '1',
        isModerator: async () => false,
      });
      await outgoing?.afterSend?.([`core-${index}`]);
      if (outgoing && outgoing.reply.buttons.length > 0) latencies.push(performance.now() - begin);
      else failed += 1;
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  return {
    answered: latencies.length,
    failed,
    seconds,
    answersPerSecond: latencies.length / seconds,
    p50Ms: percentile(latencies, 0.5),
    p95Ms: percentile(latencies, 0.95),
  };
}
