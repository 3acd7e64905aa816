import type { Answer, Ask } from '../../retrieval/answer-types.ts';
import { cleanQuestion } from '../../retrieval/clean-question.ts';
import type { ChatEvent } from '../../chat/chat-adapter.ts';
import type { AnswerLog, AnswerOutcome } from '../answer-log.ts';
import { buildAnswerReply } from '../answer-reply.ts';
import type { ConversationStore } from '../conversation-store.ts';
import { AppError, newErrorRef, toUserMessage } from '../errors.ts';
import type { Logger } from '../logger.ts';
import type { RateDecision, RateLimiter } from '../rate-limit.ts';
import type { Semaphore } from '../../lib/semaphore.ts';
import type { UserHasher } from '../user-hash.ts';
import { say, type Command, type Outgoing } from '../../chat/command.ts';

export interface AskCommandDeps {
  ask: Ask;
  answers: AnswerLog;
  conversations: ConversationStore;
  hashUser: UserHasher;
  rateLimiter: RateLimiter;
  semaphore: Semaphore;
  limits: { questionMaxChars: number; askTimeoutMs: number };
}

export function createAskCommand(deps: AskCommandDeps): Command {
  return {
    spec: {
      name: 'ask',
      description: 'Ask a question about DePIN networks (Akash, Render, Filecoin, Helium, Hivemapper)',
      option: { name: 'question', description: 'Your question', required: true },
      permission: 'everyone',
      privateReply: false,
    },
    async run(event, log) {
      if (event.text.trim() === '') {
        return say(
          'Ask me something about DePIN networks, for example: /ask How does Akash price GPU leases?',
        );
      }
      // Bad input is answered before it costs the user a question of their rate limit.
      const cleaned = cleanQuestion(event.text, deps.limits.questionMaxChars);
      if (!cleaned.ok) return say(cleaned.reason);
      const question = cleaned.value;
      // Keyed by the user's hash: the shared limit stores its keys in Postgres.
      const decision = await deps.rateLimiter.take(deps.hashUser(event.platform, event.userId));
      if (!decision.allowed) return decision.notify ? say(rateNotice(decision)) : undefined;
      return answer(deps, event, question, log);
    },
  };
}

async function answer(
  deps: AskCommandDeps,
  event: ChatEvent,
  question: string,
  log: Logger,
): Promise<Outgoing> {
  const userHash = deps.hashUser(event.platform, event.userId);
  const conversation = await deps.conversations.find({
    platform: event.platform,
    chatId: event.channel.chatId,
    threadId: event.channel.threadId,
    userHash,
    isPrivate: event.chatKind === 'private',
    replyToMessageId: event.replyToMessageId,
  });
  const base = {
    platform: event.platform,
    communityId: event.communityId ?? event.channel.chatId,
    chatId: event.channel.chatId,
    threadId: event.channel.threadId,
    userHash,
    parentId: conversation?.parentId,
    question,
  };
  log.debug({ question, followUp: conversation !== undefined }, 'asking');
  let result: Answer;
  try {
    result = await askWithin(deps, question, conversation?.history);
  } catch (error) {
    const ref = newErrorRef();
    log.error({ err: error, ref }, 'answering failed');
    await deps.answers.record({ ...base, answer: '', sources: [], outcome: 'failed' });
    return say(toUserMessage(error, ref));
  }
  const answerId = await deps.answers.record({
    ...base,
    answer: result.text,
    sources: result.sources,
    outcome: toOutcome(result),
  });
  log.info({ answerId, abstained: result.abstained, usedLlm: result.usedLlm }, 'answered');
  return {
    reply: buildAnswerReply(result, answerId),
    afterSend: (messageIds) => deps.conversations.remember(answerId, event.channel, messageIds),
  };
}

/** The budget covers waiting for a slot too; an answerer that ignores the signal is raced. */
async function askWithin(
  deps: AskCommandDeps,
  question: string,
  history?: { question: string; answer: string }[],
) {
  const signal = AbortSignal.timeout(deps.limits.askTimeoutMs);
  const timedOut = new Promise<never>((_, reject) => {
    const fail = () => reject(new AppError('ask.timeout', 'answer timed out', { cause: signal.reason }));
    if (signal.aborted) fail();
    signal.addEventListener('abort', fail, { once: true });
  });
  timedOut.catch(() => {});
  try {
    return await Promise.race([
      deps.semaphore.run(() => deps.ask(question, { history, signal }), signal),
      timedOut,
    ]);
  } catch (error) {
    if (error instanceof AppError) throw error;
    if (signal.aborted) throw new AppError('ask.timeout', 'answer timed out', { cause: error });
    throw new AppError('ask.failed', 'answerer failed', { cause: error });
  }
}

function toOutcome(answer: Answer): AnswerOutcome {
  if (answer.redirected) return 'redirected';
  return answer.abstained ? 'abstained' : 'answered';
}

function rateNotice(decision: Extract<RateDecision, { allowed: false }>): string {
  if (decision.window === 'day') {
    const hours = Math.max(1, Math.ceil(decision.retryAfterMs / 3_600_000));
    return `You have reached today's question limit. It resets in about ${hours} hour${hours === 1 ? '' : 's'}.`;
  }
  const seconds = Math.max(1, Math.ceil(decision.retryAfterMs / 1000));
  return `You're asking faster than I can answer well. Please wait about ${seconds} seconds, then ask again.`;
}
