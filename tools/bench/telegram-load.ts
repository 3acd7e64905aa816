import { setTimeout as sleep } from 'node:timers/promises';
import type { TelegramServer } from 'telegram-test-api/lib/telegramServer.js';
import type { SentMessage } from './send-rates.ts';

export interface ChatLoadOptions {
  /** The emulator, in this process: its stored updates carry the receive times we measure. */
  server: TelegramServer;
  token: string;
  bot: { id: number; username: string };
  users: number;
  questionsPerUser: number;
  groups: number;
  /** Share of the users who ask in one of the groups instead of a private chat. */
  groupShare: number;
  /** Users start evenly spread over this span. */
  rampMs: number;
  /** A question without an answer after this long counts as lost. */
  replyTimeoutMs: number;
  questions: readonly string[];
}

export interface ChatLoadResult {
  asked: number;
  answered: number;
  /** Questions that never got an answer. */
  lost: number;
  /** Questions answered more than once. */
  duplicated: number;
  /** Emulator time from a question's arrival to its answer's arrival. */
  replyMs: number[];
  startedAt: number;
  finishedAt: number;
  /** Every message the bot sent, at the emulator's clock. */
  sent: SentMessage[];
  privateChats: number;
  groupQuestions: number;
  /** Each unanswered question: whether the bot ever fetched it from getUpdates, and what it said there. */
  lostDetails: LostQuestion[];
}

export interface LostQuestion {
  chatId: string;
  messageId: number;
  fetched: boolean;
  /** Messages the bot sent to that chat after the question, without replying to it. */
  otherRepliesToChat: number;
  text: string;
}

interface SimulatedUser {
  userId: number;
  chatId: number;
  kind: 'private' | 'group';
  startAfterMs: number;
}

interface Arrival {
  at: number;
  messageId: number;
}

/**
 * Simulated users talking to the bot through the emulator, each the way people do: a command first,
 * then a reply to the bot's answer (a follow-up), then plain text (a DM) or a mention (a group).
 * A user asks the next question only after the previous answer arrived.
 */
export async function runChatLoad(options: ChatLoadOptions): Promise<ChatLoadResult> {
  const { server } = options;
  const arrivals = new Map<string, Arrival[]>();
  const waiters = new Map<string, () => void>();
  const sent: SentMessage[] = [];
  const onBotMessage = () => {
    const stored = server.storage.botMessages.at(-1);
    if (!stored) return;
    const message = stored.message as {
      chat_id: number | string;
      reply_parameters?: { message_id?: number };
    };
    const chatId = String(message.chat_id);
    sent.push({ chatId, at: stored.time });
    const replyTo = message.reply_parameters?.message_id;
    if (replyTo === undefined) return; // the later parts of a split answer
    const key = `${chatId}:${replyTo}`;
    arrivals.set(key, [...(arrivals.get(key) ?? []), { at: stored.time, messageId: stored.messageId }]);
    waiters.get(key)?.();
  };
  server.on('AddedBotMessage', onBotMessage);

  const waitForAnswer = async (key: string): Promise<Arrival | undefined> => {
    const ready = arrivals.get(key)?.[0];
    if (ready) return ready;
    let timer: NodeJS.Timeout | undefined;
    await new Promise<void>((resolve) => {
      waiters.set(key, resolve);
      timer = setTimeout(resolve, options.replyTimeoutMs);
    });
    clearTimeout(timer);
    waiters.delete(key);
    return arrivals.get(key)?.[0];
  };

  const users = planUsers(options);
  const result: ChatLoadResult = {
    asked: 0,
    answered: 0,
    lost: 0,
    duplicated: 0,
    replyMs: [],
    startedAt: Date.now(),
    finishedAt: 0,
    sent,
    privateChats: users.filter((user) => user.kind === 'private').length,
    groupQuestions: users.filter((user) => user.kind === 'group').length * options.questionsPerUser,
    lostDetails: [],
  };
  const questionKeys: string[] = [];
  try {
    await Promise.all(
      users.map(async (user, index) => {
        await sleep(user.startAfterMs);
        const client = server.getClient(options.token, {
          userId: user.userId,
          chatId: user.chatId,
          type: user.kind,
          chatTitle: `Bench group ${-user.chatId}`,
          timeout: options.replyTimeoutMs,
        });
        let lastAnswerId: number | undefined;
        for (let turn = 0; turn < options.questionsPerUser; turn += 1) {
          const question =
            options.questions[(index * 7 + turn) % options.questions.length] ?? 'What is DePIN?';
          const mention = `@${options.bot.username}`;
          if (turn === 0) await client.sendCommand(client.makeCommand(`/ask ${question}`));
          else if (turn === 1 && lastAnswerId !== undefined) {
            await client.sendMessage(
              client.makeMessage(question, {
                reply_to_message: {
                  message_id: lastAnswerId,
                  from: { id: options.bot.id, is_bot: true, first_name: 'Bot' },
                },
              }),
            );
          } else if (user.kind === 'group') {
            await client.sendMessage(
              client.makeMessage(`${mention} ${question}`, {
                entities: [{ type: 'mention', offset: 0, length: mention.length }],
              }),
            );
          } else await client.sendMessage(client.makeMessage(question));
          result.asked += 1;
          const asked = findLatestQuestion(server, user);
          if (!asked) continue;
          const key = `${user.chatId}:${asked.messageId}`;
          questionKeys.push(key);
          const answer = await waitForAnswer(key);
          if (!answer) continue;
          result.replyMs.push(answer.at - asked.at);
          result.finishedAt = Math.max(result.finishedAt, answer.at);
          lastAnswerId = answer.messageId;
        }
      }),
    );
  } finally {
    server.off('AddedBotMessage', onBotMessage);
  }
  for (const key of questionKeys) {
    const count = arrivals.get(key)?.length ?? 0;
    if (count > 0) result.answered += 1;
    if (count > 1) result.duplicated += 1;
    if (count === 0) result.lostDetails.push(describeLost(server, key, sent));
  }
  result.lost = result.asked - result.answered;
  return result;
}

/** What the emulator knows about an unanswered question, to tell a lost update from a lost reply. */
function describeLost(server: TelegramServer, key: string, sent: readonly SentMessage[]): LostQuestion {
  const [chatId = '', messageId = ''] = key.split(':');
  const update = server.storage.userMessages.find((stored) => String(stored.messageId) === messageId);
  const message = (update && 'message' in update ? update.message : {}) as { text?: string };
  return {
    chatId,
    messageId: Number(messageId),
    fetched: update?.isRead ?? false,
    otherRepliesToChat: sent.filter((entry) => entry.chatId === chatId && entry.at >= (update?.time ?? 0))
      .length,
    text: message.text ?? '',
  };
}

/** Users spread evenly over the start ramp; group users spread round-robin over the groups. */
function planUsers(options: ChatLoadOptions): SimulatedUser[] {
  const groupUsers = options.groups > 0 ? Math.round(options.users * options.groupShare) : 0;
  const step = groupUsers > 0 ? options.users / groupUsers : Number.POSITIVE_INFINITY;
  let placed = 0;
  return Array.from({ length: options.users }, (_, index) => {
    const userId = 100_000 + index;
    const startAfterMs = Math.round((index / options.users) * options.rampMs);
    if (placed < groupUsers && index >= placed * step) {
      const group = placed % options.groups;
      placed += 1;
      return { userId, chatId: -(1_000_000 + group), kind: 'group', startAfterMs };
    }
    return { userId, chatId: userId, kind: 'private', startAfterMs };
  });
}

/** The user's newest message in the emulator: each simulated user has one question outstanding. */
function findLatestQuestion(server: TelegramServer, user: SimulatedUser): Arrival | undefined {
  const updates = server.storage.userMessages;
  for (let index = updates.length - 1; index >= 0; index -= 1) {
    const update = updates[index];
    if (!update || !('message' in update)) continue;
    const message = update.message as { chat?: { id?: number }; from?: { id?: number } };
    if (message.chat?.id === user.chatId && message.from?.id === user.userId) {
      return { at: update.time, messageId: update.messageId };
    }
  }
  return undefined;
}
