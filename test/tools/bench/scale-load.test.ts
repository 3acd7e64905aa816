import { describe, expect, it } from 'vitest';
import type { RecordedCall } from '../../fakes/recording-bot-api.ts';
import { planLoad, tally } from '../../../tools/bench/scale-load.ts';

const plan = {
  users: 10,
  groupShare: 0.2,
  groups: 1,
  questionsPerUser: 2,
  rampMs: 10_000,
  floodQuestions: 8,
  floodAtMs: 2_000,
};

describe('the scale benchmark tally', () => {
  const questions = planLoad(plan);
  const posted = new Map(questions.map((question) => [question.updateId, 1_000 + question.atMs]));
  const answer = (chatId: number, replyTo: number, at = 20_000): RecordedCall => ({
    method: 'sendMessage',
    at,
    chatId: String(chatId),
    replyTo,
    text: 'Akash runs a reverse auction [1]',
  });

  it('plans every user their questions, groups by command, and the flood at its time', () => {
    expect(questions).toHaveLength(10 * 2 + 8);
    expect(questions.filter((question) => question.group)).toHaveLength(4);
    expect(new Set(questions.map((question) => question.updateId)).size).toBe(questions.length);
    expect(questions.filter((question) => question.flood).every((question) => question.atMs >= 2_000)).toBe(
      true,
    );
  });

  it('counts a missing answer as lost, a second one as duplicated, and answers past the limit', () => {
    const normal = questions.filter((question) => !question.flood);
    const flood = questions.filter((question) => question.flood);
    const calls = [
      ...normal.slice(1).map((question) => answer(question.chatId, question.messageId)),
      answer(normal[1]!.chatId, normal[1]!.messageId),
      // Seven flood answers where the limit allows six, and one notice that is not an answer.
      ...flood.slice(0, 7).map((question) => answer(question.chatId, question.messageId)),
      {
        ...answer(flood[7]!.chatId, flood[7]!.messageId),
        text: "You're asking faster than I can answer well.",
      },
      {
        method: 'sendMessage',
        at: 6_000,
        chatId: '5000000',
        text: 'Daily DePIN digest for 2026-12-01 (UTC): all',
      },
      {
        method: 'sendMessage',
        at: 7_000,
        chatId: '5000000',
        text: 'Daily DePIN digest for 2026-12-01 (UTC): all',
      },
    ];
    const result = tally(calls, questions, posted, ['5000000', '5000001'], 6);
    expect(result.lost).toBe(1);
    expect(result.lostQuestions[0]?.updateId).toBe(normal[0]!.updateId);
    expect(result.duplicated).toBe(1);
    expect(result.floodAnswered).toBe(7);
    expect(result.userLimitViolations).toBe(1);
    expect(result.notices).toBe(1);
    expect(Math.min(...result.replyMs)).toBeGreaterThanOrEqual(0);
    expect([result.digestsDelivered, result.digestsLost, result.digestsDuplicated]).toEqual([1, 1, 1]);
  });
});
