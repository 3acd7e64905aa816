import type { RecordedCall } from '../../test/fakes/recording-bot-api.ts';
import { SAMPLE_QUESTIONS } from './sample-questions.ts';
import { measureSendRates, peakInWindow, type SendRates } from './send-rates.ts';

/** One question a simulated user sends, as a webhook update, `atMs` after the load starts. */
export interface PlannedQuestion {
  updateId: number;
  chatId: number;
  userId: number;
  messageId: number;
  text: string;
  atMs: number;
  group: boolean;
  flood: boolean;
}

export interface LoadPlan {
  users: number;
  /** Users who ask in a group rather than in a private chat. */
  groupShare: number;
  groups: number;
  questionsPerUser: number;
  rampMs: number;
  /** Questions the flooding user sends at once (they reach every process through the front). */
  floodQuestions: number;
  floodAtMs: number;
}

const FLOODER_ID = 999_999;

/** Several hundred users in private chats and groups, each question at a random time of the ramp. */
export function planLoad(plan: LoadPlan, random = mulberry32(7)): PlannedQuestion[] {
  const questions: PlannedQuestion[] = [];
  let updateId = 1;
  const add = (question: Omit<PlannedQuestion, 'updateId' | 'messageId' | 'text'>) => {
    const id = updateId++;
    questions.push({
      ...question,
      updateId: id,
      messageId: id,
      text: SAMPLE_QUESTIONS[id % SAMPLE_QUESTIONS.length]!,
    });
  };
  const groupUsers = Math.round(plan.users * plan.groupShare);
  for (let index = 0; index < plan.users; index += 1) {
    const userId = 10_000 + index;
    const group = index < groupUsers && plan.groups > 0;
    const chatId = group ? -1_000_000_000_000 - (index % plan.groups) : userId;
    // Each user's questions in their own slice of the ramp: at most one a slice, far below the limit.
    const slice = plan.rampMs / plan.questionsPerUser;
    for (let turn = 0; turn < plan.questionsPerUser; turn += 1) {
      add({ chatId, userId, atMs: Math.round(slice * (turn + random())), group, flood: false });
    }
  }
  for (let index = 0; index < plan.floodQuestions; index += 1) {
    add({
      chatId: FLOODER_ID,
      userId: FLOODER_ID,
      atMs: plan.floodAtMs + index * 20,
      group: false,
      flood: true,
    });
  }
  return questions.sort((a, b) => a.atMs - b.atMs);
}

/** The update Telegram would post to the webhook for this question. */
export function toUpdate(question: PlannedQuestion, at: number): object {
  const text = question.group ? `/ask ${question.text}` : question.text;
  return {
    update_id: question.updateId,
    message: {
      message_id: question.messageId,
      date: Math.floor(at / 1000),
      chat: question.group
        ? { id: question.chatId, type: 'supergroup', title: `Group ${question.chatId}` }
        : { id: question.chatId, type: 'private', first_name: `User ${question.userId}` },
      from: { id: question.userId, is_bot: false, first_name: `User ${question.userId}` },
      text,
      ...(question.group ? { entities: [{ type: 'bot_command', offset: 0, length: 4 }] } : {}),
    },
  };
}

/** Replies that are not answers: the rate-limit notice, errors, the busy notice. */
const NOTICE = /asking faster|question limit|went wrong|took too long|busy right now/i;
const DIGEST = /^Daily DePIN digest/;

export interface Tally {
  rates: SendRates;
  answered: number;
  lost: number;
  duplicated: number;
  userLimitViolations: number;
  floodAnswered: number;
  digestsDelivered: number;
  digestsLost: number;
  digestsDuplicated: number;
  notices: number;
  /** Answered question update ids (for answers per process). */
  answeredUpdates: number[];
  /** From posting a question to its first answer, ms. */
  replyMs: number[];
  /** Questions the limit allowed that got no answer. */
  lostQuestions: PlannedQuestion[];
}

/**
 * Counts from the Bot API's record only: an answer is the first message replying to its question,
 * a digest the message that starts with the digest's title. A question the limit allows must be
 * answered exactly once; the flooder is allowed `perMinute`.
 */
export function tally(
  calls: readonly RecordedCall[],
  questions: readonly PlannedQuestion[],
  postedAt: ReadonlyMap<number, number>,
  subscriberChats: readonly string[],
  perMinute: number,
): Tally {
  const sends = calls.filter(
    (call) => /^(send|copy|forward)/.test(call.method) && call.method !== 'sendChatAction',
  );
  const answers = new Map<string, number>();
  const firstAnswerAt = new Map<string, number>();
  let notices = 0;
  const digests = new Map<string, number>();
  for (const call of sends) {
    if (call.text && DIGEST.test(call.text)) digests.set(call.chatId!, (digests.get(call.chatId!) ?? 0) + 1);
    if (call.replyTo === undefined) continue;
    if (call.text && NOTICE.test(call.text)) notices += 1;
    else {
      const key = `${call.chatId}:${call.replyTo}`;
      answers.set(key, (answers.get(key) ?? 0) + 1);
      if (!firstAnswerAt.has(key)) firstAnswerAt.set(key, call.at);
    }
  }
  let lost = 0;
  let duplicated = 0;
  let floodAnswered = 0;
  const answeredUpdates: number[] = [];
  const answeredTimes = new Map<number, number[]>();
  const lostQuestions: PlannedQuestion[] = [];
  const replyMs: number[] = [];
  for (const question of questions) {
    const count = answers.get(`${question.chatId}:${question.messageId}`) ?? 0;
    if (count > 0) {
      answeredUpdates.push(question.updateId);
      const at = firstAnswerAt.get(`${question.chatId}:${question.messageId}`) ?? 0;
      replyMs.push(at - (postedAt.get(question.updateId) ?? at));
      const times = answeredTimes.get(question.userId) ?? [];
      times.push(postedAt.get(question.updateId) ?? 0);
      answeredTimes.set(question.userId, times);
    }
    if (question.flood) floodAnswered += Math.min(count, 1);
    else if (count === 0) {
      lost += 1;
      lostQuestions.push(question);
    }
    duplicated += Math.max(0, count - 1);
  }
  const floodAsked = questions.filter((question) => question.flood).length;
  lost += Math.max(0, Math.min(perMinute, floodAsked) - floodAnswered);
  let userLimitViolations = 0;
  for (const times of answeredTimes.values())
    userLimitViolations += Math.max(0, peakInWindow(times, 60_000) - perMinute);
  const digestCounts = subscriberChats.map((chat) => digests.get(chat) ?? 0);
  return {
    rates: measureSendRates(
      sends
        .filter((call) => call.chatId !== undefined)
        .map((call) => ({ chatId: call.chatId!, at: call.at })),
    ),
    answered: answeredUpdates.length,
    lost,
    duplicated,
    userLimitViolations,
    floodAnswered,
    digestsDelivered: digestCounts.filter((count) => count > 0).length,
    digestsLost: digestCounts.filter((count) => count === 0).length,
    digestsDuplicated: digestCounts.reduce((sum, count) => sum + Math.max(0, count - 1), 0),
    notices,
    answeredUpdates,
    replyMs,
    lostQuestions,
  };
}

/** A small seeded generator: the same plan every run. */
function mulberry32(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let value = Math.imul(state ^ (state >>> 15), 1 | state);
    value = (value + Math.imul(value ^ (value >>> 7), 61 | value)) ^ value;
    return ((value ^ (value >>> 14)) >>> 0) / 4_294_967_296;
  };
}
